import { Checkbox } from '../../../src/widgets/checkbox';
import { RadioGroup } from '../../../src/widgets/radio-group';
import { Button } from '../../../src/widgets/button';
import { textBox } from '../../../src/widgets/placement';
import { WidgetTestbed } from './testbed';

describe('Checkbox, RadioGroup, Button', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 60, rows: 8 })));
  afterEach(() => bed.destroy());

  it('toggles a checkbox with Space only', async () => {
    const box = bed.add(new Checkbox(bed.ctx, { parent: bed.screen, top: 0 }, { label: 'HA', text: 'manage with HA' }));
    const changes: boolean[] = [];
    box.onDidChange((checked) => changes.push(checked));
    await bed.focus(box);
    expect((await bed.lines())[0]).toBe('[ ] manage with HA');
    await bed.press('space', 'enter');
    expect(box.value).toBe(true);
    expect(changes).toEqual([true]);
    expect(bed.unhandled).toEqual(['enter']);
    expect((await bed.lines())[0]).toBe('[x] manage with HA');
  });

  it('moves a radio choice with the arrows and wraps options onto more rows when narrow', async () => {
    const radio = bed.add(
      new RadioGroup<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30, height: 3 }, {
        label: 'Guest',
        options: [
          { value: 'linux', label: 'Linux' },
          { value: 'windows', label: 'Windows' },
          { value: 'solaris', label: 'Solaris' },
          { value: 'other', label: 'Other' },
        ],
      }),
    );
    expect(radio.preferredHeight(30)).toBe(2);
    await bed.focus(radio);
    await bed.press('right', 'right');
    expect(radio.value).toBe('solaris');
    await bed.press('end');
    expect(radio.value).toBe('other');
    await bed.press('left');
    expect(radio.value).toBe('solaris');
    const lines = await bed.lines();
    expect(lines[0]).toBe('( ) Linux  ( ) Windows');
    expect(lines[1]).toBe('(*) Solaris  ( ) Other');
  });

  it('is disposed with its parent element: no listener is left on the screen', async () => {
    const before = bed.screen.listeners('prerender').length;
    const parent = textBox({ parent: bed.screen, top: 0, height: 3 });
    const box = new Checkbox(bed.ctx, { parent, top: 0 }, { label: 'HA' });
    expect(bed.screen.listeners('prerender').length).toBe(before + 1);
    parent.destroy();
    expect(bed.screen.listeners('prerender').length).toBe(before);
    expect(box.isVisible()).toBe(false);
  });

  it('presses a button with Enter or Space, never when disabled', async () => {
    const button = bed.add(new Button(bed.ctx, { parent: bed.screen, top: 0 }, { label: 'Retry' }));
    let presses = 0;
    button.onDidPress(() => presses++);
    await bed.focus(button);
    await bed.press('enter', 'space');
    button.setDisabled(true);
    button.press();
    expect(presses).toBe(2);
    expect((await bed.lines())[0]).toBe('[ Retry ]');
    expect(button.canFocus()).toBe(false);
  });
});
