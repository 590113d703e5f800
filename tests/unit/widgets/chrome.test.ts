import { Footer, fitHints } from '../../../src/widgets/footer';
import { Header, stepIndicator } from '../../../src/widgets/header';
import { groupHints, HelpOverlay } from '../../../src/widgets/help-overlay';
import type { KeyHint } from '../../../src/widgets/keys';
import { isTooSmall, TooSmallNotice } from '../../../src/widgets/too-small-notice';
import { WidgetTestbed } from './testbed';

const hint = (key: string, description: string, priority = 0, extra: Partial<KeyHint> = {}): KeyHint => ({ keys: [key], description, group: 'G', priority, ...extra });

describe('Footer', () => {
  it('drops the least important hints first and keeps the order of the rest', () => {
    const hints = [hint('tab', 'Next field', 3), hint('C-r', 'Reload', 5), hint('C-n', 'Next step', 9), hint('C-p', 'Back', 4), hint('f1', 'Help', 10)];
    const names = (width: number) => fitHints(hints, width).map((entry) => entry.description);
    expect(names(200)).toEqual(['Next field', 'Reload', 'Next step', 'Back', 'Help']);
    expect(names(55)).toEqual(['Reload', 'Next step', 'Back', 'Help']);
    expect(names(40)).toEqual(['Reload', 'Next step', 'Help']);
    expect(names(25)).toEqual(['Next step', 'Help']);
  });

  it('never shows help-only hints', () => {
    expect(fitHints([hint('left', 'Move', 9, { helpOnly: true })], 80)).toEqual([]);
  });

  it('names only the main key, and shows a flash message until cleared', async () => {
    const bed = new WidgetTestbed({ cols: 60, rows: 3 });
    try {
      const footer = new Footer(bed.ctx, { parent: bed.screen, top: 0 });
      footer.setHints([{ keys: ['C-n', 'f10'], description: 'Next step', group: 'G' }]);
      expect((await bed.lines())[0]).toBe(' Ctrl-N Next step');
      footer.flash('Name: required');
      expect((await bed.lines())[0]).toBe(' Name: required');
      footer.clearFlash();
      expect((await bed.lines())[0]).toBe(' Ctrl-N Next step');
    } finally {
      bed.destroy();
    }
  });
});

describe('Header', () => {
  it('writes the step indicator as "General 2/9", or the bare title for an uncounted step', () => {
    expect(stepIndicator({ title: 'x', step: 'General', stepNumber: 2, stepCount: 9 })).toBe('General 2/9');
    expect(stepIndicator({ title: 'x', step: 'Submit' })).toBe('Submit');
  });

  it('cuts the cluster and user before the step indicator', async () => {
    const bed = new WidgetTestbed({ cols: 40, rows: 2 });
    try {
      new Header(bed.ctx, { parent: bed.screen, top: 0 }, { title: 'pve-vm-tui', cluster: 'a-very-long-cluster-name', user: 'root@pam', step: 'General', stepNumber: 2, stepCount: 9 });
      const line = (await bed.lines())[0];
      expect(line).toMatch(/^ pve-vm-tui \| a-very-long~ +General 2\/9$/);
      expect(line.length).toBeLessThanOrEqual(40);
    } finally {
      bed.destroy();
    }
  });
});

describe('HelpOverlay', () => {
  it('groups hints by their group in first-seen order and drops repeats', () => {
    const groups = groupHints([hint('a', 'A'), { ...hint('b', 'B'), group: 'H' }, hint('a', 'A again'), hint('c', 'C')]);
    expect(groups.map((group) => [group.title, group.hints.map((entry) => entry.description)])).toEqual([
      ['G', ['A', 'C']],
      ['H', ['B']],
    ]);
  });

  it('lists every key with all its equivalents and closes with F1, ? or Esc', async () => {
    const bed = new WidgetTestbed({ cols: 80, rows: 24 });
    try {
      for (const key of ['f1', '?', 'escape']) {
        const closed = HelpOverlay.show(bed.ctx, bed.screen, [{ title: 'Everywhere', hints: [{ keys: ['C-n', 'f10'], description: 'Next step', group: 'Everywhere' }] }], 'Keys: General');
        const text = await bed.text();
        expect(text).toContain('Keys: General');
        expect(text).toMatch(/Ctrl-N\/F10 +Next step/);
        await bed.press(key);
        await closed;
        expect(bed.layers.top).toBeUndefined();
      }
    } finally {
      bed.destroy();
    }
  });
});

describe('TooSmallNotice', () => {
  it('is needed below 80x24 only', () => {
    expect(isTooSmall(79, 24)).toBe(true);
    expect(isTooSmall(80, 23)).toBe(true);
    expect(isTooSmall(80, 24)).toBe(false);
  });

  it('says what size is needed and what the terminal has', async () => {
    const bed = new WidgetTestbed({ cols: 60, rows: 10 });
    try {
      new TooSmallNotice(bed.ctx, { parent: bed.screen }).setVisible(true);
      const text = await bed.text();
      expect(text).toContain('Terminal too small (need 80x24, have 60x10).');
      expect(text).toContain('Ctrl-Q quits.');
    } finally {
      bed.destroy();
    }
  });
});
