import * as fs from 'node:fs';
import * as path from 'node:path';
import { globalKeyData, keysDocument } from '../../src/app/key-docs';
import { STEP_KEYS } from '../../src/screens/step-keys';
import { keysLabel } from '../../src/widgets/keys';

describe('docs/keys.md', () => {
  const file = path.resolve(__dirname, '../../docs/keys.md');

  it('is what scripts/generate-keys-doc.ts generates from the key data (run it after changing keys)', () => {
    expect(fs.readFileSync(file, 'utf8')).toBe(keysDocument(STEP_KEYS));
  });

  it("lists each step's own keys, as the steps bind them", () => {
    const doc = keysDocument(STEP_KEYS);
    expect(doc).toContain('### Confirm');
    expect(doc).toContain('| Ctrl-N/F10 | Create VM |');
    expect(doc).toContain('| r | Retry (only what failed) |');
    expect(doc).toContain('| a/Ins | Add a disk |');
  });

  it('lists every global key of cli.md "Keys"', () => {
    const labels = globalKeyData().map((binding) => keysLabel(binding.keys));
    expect(labels).toEqual(['Tab', 'Shift-Tab', 'Ctrl-N/F10', 'Ctrl-P', 'F1/?', 'Ctrl-Q/Ctrl-C']);
    const doc = keysDocument();
    for (const label of labels) expect(doc).toContain(`| ${label} |`);
  });
});
