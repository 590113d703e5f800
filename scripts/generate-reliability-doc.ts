/**
 * Writes docs/reliability.md: the fault matrix (every endpoint x every fault,
 * what the user sees interactively and with --yes) and the other guarantees
 * of issue 8 with the tests that prove them, from the data the tests run
 * (tests/integration/reliability/fault-matrix.ts and reliability-doc.ts).
 *
 *   npx tsx scripts/generate-reliability-doc.ts           write docs/reliability.md
 *   npx tsx scripts/generate-reliability-doc.ts --check   exit 1 when docs/reliability.md is stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reliabilityDocument } from '../tests/integration/reliability/reliability-doc';

const target = path.resolve(__dirname, '../docs/reliability.md');
const wanted = reliabilityDocument();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== wanted) {
    console.error('docs/reliability.md is stale: run npx tsx scripts/generate-reliability-doc.ts');
    process.exitCode = 1;
  }
} else {
  fs.writeFileSync(target, wanted);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
