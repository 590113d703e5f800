import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.join(__dirname, '..', '..', '..', 'mocks', 'fixtures', 'real-responses');

export interface RealResponse {
  readonly body: unknown;
  readonly status: number;
  readonly recorded: boolean;
  readonly path: string;
}

/** A response body from mocks/fixtures/real-responses (copied from public test suites by scripts/sync-pve-facts.ts). */
export function realResponse(name: string): RealResponse {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as RealResponse;
}

export function realResponseNames(): string[] {
  return fs.readdirSync(DIR).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));
}
