/**
 * Every screen with the defaults on the simulated cluster, as plain text:
 * at 80x24 (nothing overflows, no label or value is cut short) and the main
 * screens at 120x40. docs/screens.md shows the 80x24 tour and must match it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ScreenCapture, screensDocument, tourScreens } from './fixtures/screens-tour';
import { expectWhole } from './fixtures/screen-checks';

jest.setTimeout(30_000);

describe('every screen with the defaults', () => {
  let small: ScreenCapture[];
  const PRINTOUT = "Confirm: c prints the commands on the terminal's own screen, to copy";
  beforeAll(async () => {
    small = await tourScreens(80, 24);
  });

  it('shows each step at 80x24 without overflowing or cutting anything short', () => {
    expect(small.map((capture) => capture.name)).toEqual([
      'Login',
      'General',
      'OS',
      'System',
      'Disks',
      'Disks: editing a disk',
      'CPU',
      'Memory',
      'Network',
      'Confirm',
      'Confirm: Requests',
      'Confirm: qm commands',
      PRINTOUT,
      'Confirm: creating asks y/N',
      'Submit: created',
    ]);
    for (const capture of small) {
      // Submit's task log included: long lines wrap now.
      expectWhole(capture.text, 80);
      expect(capture.text.split('\n')).toHaveLength(24);
    }
  });

  it.each(['Login', 'General', 'OS', 'System', 'Disks', 'Disks: editing a disk', 'CPU', 'Memory', 'Network', 'Confirm', 'Confirm: Requests', 'Confirm: qm commands', PRINTOUT, 'Confirm: creating asks y/N', 'Submit: created'])(
    '%s at 80x24',
    (name) => {
      expect(small.find((capture) => capture.name === name)?.text).toMatchSnapshot();
    },
  );

  it('shows the main screens at 120x40', async () => {
    const large = await tourScreens(120, 40);
    for (const name of ['General', 'OS', 'Disks', 'Network', 'Confirm', 'Submit: created']) {
      const text = large.find((capture) => capture.name === name)?.text ?? '';
      expect(text.split('\n')).toHaveLength(40);
      expect(text).toMatchSnapshot(`${name} at 120x40`);
    }
  });

  it('docs/screens.md is the 80x24 tour (run npx tsx scripts/generate-screens-doc.ts after changing a screen)', () => {
    const file = path.resolve(__dirname, '../../docs/screens.md');
    expect(fs.readFileSync(file, 'utf8')).toBe(screensDocument(small));
  });
});
