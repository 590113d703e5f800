/**
 * docs/reliability.md is generated from the fault matrix and the list of
 * guarantees; it must be current, and every test it cites must exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { provingFiles, reliabilityDocument } from './reliability-doc';

const root = path.resolve(__dirname, '../../..');

it('docs/reliability.md is current (run npx tsx scripts/generate-reliability-doc.ts after changing the matrix)', () => {
  expect(fs.readFileSync(path.join(root, 'docs/reliability.md'), 'utf8')).toBe(reliabilityDocument());
});

it.each(provingFiles())('cites %s, which exists', (file) => {
  expect(fs.existsSync(path.join(root, file))).toBe(true);
});
