/**
 * Writes docs/screens.md: every screen of a walk through the wizard with the
 * defaults on the simulated cluster at 80x24, captured from the headless
 * terminal of the UI tests (tests/ui/fixtures/screens-tour.ts).
 *
 *   npx tsx scripts/generate-screens-doc.ts           write docs/screens.md
 *   npx tsx scripts/generate-screens-doc.ts --check   exit 1 when docs/screens.md is stale
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { screensDocument, tourScreens } from '../tests/ui/fixtures/screens-tour';

async function run(): Promise<void> {
  const target = path.resolve(__dirname, '../docs/screens.md');
  const wanted = screensDocument(await tourScreens(80, 24));
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== wanted) {
      console.error('docs/screens.md is stale: run npx tsx scripts/generate-screens-doc.ts');
      process.exitCode = 1;
    }
    return;
  }
  fs.writeFileSync(target, wanted);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

void run();
