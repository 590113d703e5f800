/**
 * The simulated cluster as its own process (`node dist/mocks/simulator/main.js`),
 * for benchmarks where the app must meet an already running server and the
 * benchmark's own event loop must not slow the server down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface SimulatorProcess {
  readonly url: string;
  readonly fingerprint: string;
  stop(): Promise<void>;
}

export function startSimulatorProcess(scenario?: string): Promise<SimulatorProcess> {
  const args = [path.join(ROOT, 'dist/mocks/simulator/main.js'), '--port', '0', ...(scenario ? ['--scenario', scenario] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the simulator ended with ${code} before it listened`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n')[0];
      if (!output.includes('\n')) return;
      const { url, fingerprint } = JSON.parse(line) as { url: string; fingerprint: string };
      resolve({
        url,
        fingerprint,
        stop: () => {
          child.kill('SIGTERM');
          return stopped;
        },
      });
    });
  });
}
