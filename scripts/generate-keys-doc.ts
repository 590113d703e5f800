/**
 * Writes docs/keys.md from the key data the app runs on (src/app/key-docs.ts,
 * and each step's own keys from src/screens/step-keys.ts).
 *
 *   npx tsx scripts/generate-keys-doc.ts           write docs/keys.md
 *   npx tsx scripts/generate-keys-doc.ts --check   exit 1 when docs/keys.md is stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keysDocument } from '../src/app/key-docs';
import { STEP_KEYS } from '../src/screens/step-keys';

const target = path.resolve(__dirname, '../docs/keys.md');
const wanted = keysDocument(STEP_KEYS);

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== wanted) {
    console.error('docs/keys.md is stale: run npx tsx scripts/generate-keys-doc.ts');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, wanted);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
