import { TextField } from '../../../src/widgets/text-field';
import { WidgetTestbed } from './testbed';

describe('TextField', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 40, rows: 6 })));
  afterEach(() => bed.destroy());

  const field = (options: Partial<ConstructorParameters<typeof TextField>[2]> = {}, width = 20): TextField =>
    bed.add(new TextField(bed.ctx, { parent: bed.screen, top: 1, left: 2, width }, { label: 'Name', ...options }));

  it('edits like a shell line: typing, cursor keys, Backspace, Del, Ctrl-U, Ctrl-W', async () => {
    const name = field();
    const changes: string[] = [];
    name.onDidChange((value) => changes.push(value));
    await bed.focus(name);
    await bed.type('web-2');
    await bed.press('left', 'backspace');
    await bed.type('1');
    expect(name.value).toBe('web12');
    await bed.press('home', 'delete');
    expect(name.value).toBe('eb12');
    await bed.press('end');
    await bed.type(' two words');
    await bed.press('C-w');
    expect(name.value).toBe('eb12 two ');
    await bed.press('C-u');
    expect(name.value).toBe('');
    expect(changes[0]).toBe('w');
    expect(changes[changes.length - 1]).toBe('');
  });

  it('leaves Tab, Enter, Esc and Ctrl keys to the app', async () => {
    const name = field();
    await bed.focus(name);
    await bed.press('enter', 'escape', 'C-n', 'f10', 'C-p');
    expect(bed.unhandled).toEqual(['enter', 'escape', 'C-n', 'f10', 'C-p']);
  });

  it('types "?" as a character (help is F1 while typing)', async () => {
    const name = field();
    await bed.focus(name);
    await bed.type('a?b');
    expect(name.value).toBe('a?b');
    expect(bed.unhandled).toEqual([]);
  });

  it('keeps what is typed into a number field (no character dropped in silence) and reports the number, if it is one', async () => {
    const vmid = field({ kind: 'number', label: 'VM ID' });
    await bed.focus(vmid);
    await bed.type('1.5');
    expect(vmid.value).toBe('1.5');
    expect(vmid.numberValue).toBe(1.5);
    await bed.type('a');
    expect(vmid.value).toBe('1.5a');
    expect(vmid.numberValue).toBeUndefined();
  });

  it('stops at the maximum length', async () => {
    const name = field({ maxLength: 4 });
    await bed.focus(name);
    await bed.type('abcdef');
    expect(name.value).toBe('abcd');
  });

  it('masks a password and never draws its characters', async () => {
    const password = field({ kind: 'password', label: 'Password' });
    await bed.focus(password);
    await bed.type('s3cret');
    const lines = await bed.lines();
    expect(lines[1]).toContain('******');
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('shows the placeholder while empty and unfocused', async () => {
    field({ placeholder: 'e.g. web-1' });
    expect((await bed.lines())[1]).toContain('e.g. web-1');
  });

  it('scrolls horizontally to keep the cursor in view', async () => {
    const name = field({}, 8);
    await bed.focus(name);
    await bed.type('abcdefghijkl');
    expect((await bed.lines())[1].trim()).toBe('fghijkl');
    await bed.press('home');
    expect((await bed.lines())[1].trim()).toBe('abcdefgh');
  });

  it('validates as the user leaves, and re-checks while the message shows', async () => {
    const name = field({ validate: (value) => (value === '' ? 'Name: required' : undefined) });
    const other = field({ label: 'Other' });
    other.element.top = 3;
    await bed.focus(name);
    expect(name.message).toBeUndefined();
    await bed.press('tab');
    expect(name.message).toEqual({ text: 'Name: required', severity: 'error' });
    await bed.press('S-tab');
    await bed.type('x');
    expect(name.message).toBeUndefined();
  });

  it('drops a message set by the caller once the user edits the field', async () => {
    const name = field();
    name.setMessage('Name: taken on this cluster');
    await bed.focus(name);
    expect(name.validateNow()).toBeUndefined();
    expect(name.message?.text).toBe('Name: taken on this cluster');
    await bed.type('x');
    expect(name.message).toBeUndefined();
  });

  it('draws the cursor as an inverse cell when focused, also without colour', async () => {
    bed.destroy();
    bed = new WidgetTestbed({ cols: 40, rows: 6, monochrome: true });
    const name = field();
    await bed.focus(name);
    await bed.type('ab');
    await bed.idle();
    // Focused field: inverse; the cursor cell after "ab" is not inverse but underlined.
    expect((await bed.terminal.cell(2, 1)).inverse).toBe(true);
    const cursor = await bed.terminal.cell(4, 1);
    expect(cursor.inverse).toBe(false);
    expect(cursor.underline).toBe(true);
  });
});
