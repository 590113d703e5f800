import { FormDialog } from '../../../src/widgets/form-dialog';
import { Modal } from '../../../src/widgets/modal';
import { WidgetTestbed } from './testbed';

describe('Modal', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 80, rows: 24 })));
  afterEach(() => bed.destroy());

  const confirm = () => Modal.confirm(bed.ctx, bed.screen, { title: 'Create?', message: 'Create VM 123 on pve2? (y/N)', yesLabel: 'Create', noLabel: 'Cancel' });

  it('asks y/N: y answers yes', async () => {
    const answer = confirm();
    await bed.idle();
    expect(await bed.text()).toContain('Create VM 123 on pve2? (y/N)');
    await bed.press('y');
    expect(await answer).toBe(true);
    expect(bed.layers.top).toBeUndefined();
  });

  it('defaults to no: Enter on the focused No, Esc and n all answer no', async () => {
    for (const key of ['enter', 'escape', 'n']) {
      const answer = confirm();
      await bed.idle();
      await bed.press(key);
      expect(await answer).toBe(false);
    }
  });

  it('answers yes with Tab to the yes button and Enter', async () => {
    const answer = confirm();
    await bed.idle();
    await bed.press('tab', 'enter');
    expect(await answer).toBe(true);
  });

  it('prompts for a code, typing letters that are shortcuts elsewhere, and validates before closing', async () => {
    const answer = Modal.prompt(bed.ctx, bed.screen, {
      title: 'Second factor',
      message: 'Enter the 6-digit code from your authenticator app.',
      label: 'Code',
      accept: /[0-9]/,
      maxLength: 6,
      validate: (code) => (code.length === 6 ? undefined : 'The code has 6 digits.'),
    });
    await bed.idle();
    await bed.type('12y345');
    await bed.press('enter');
    expect(await bed.text()).toContain('The code has 6 digits.');
    await bed.type('6');
    await bed.press('enter');
    expect(await answer).toBe('123456');
  });

  it('cancels a prompt with Esc', async () => {
    const answer = Modal.prompt(bed.ctx, bed.screen, { title: 'Name', message: 'New name', label: 'Name' });
    await bed.idle();
    await bed.type('x');
    await bed.press('escape');
    expect(await answer).toBeUndefined();
  });

  it('shows a message until OK, wrapped to fit an 80-column screen', async () => {
    const closed = Modal.message(bed.ctx, bed.screen, { title: 'Error', message: 'word '.repeat(40).trim(), tone: 'error' });
    await bed.idle();
    const lines = await bed.lines();
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toContain('[ OK ]');
    await bed.press('enter');
    await closed;
  });
});

describe('FormDialog', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 80, rows: 24 })));
  afterEach(() => bed.destroy());

  it('edits fields in a dialog, stays open while a field is invalid, and resolves true on Enter', async () => {
    let size = '32';
    const accepted = FormDialog.open(bed.ctx, bed.screen, {
      title: 'Disk scsi1',
      build: (form) => {
        form.number('size', { label: 'Size (GiB)', value: size, validate: (value) => (Number(value) > 0 ? undefined : 'Size: more than 0 GiB') }).onDidChange((value) => (size = value));
        form.checkbox('ssd', { label: 'SSD emulation' });
      },
    });
    await bed.idle();
    expect(await bed.text()).toContain('─ Disk scsi1 ─');
    await bed.press('C-u');
    await bed.type('0');
    await bed.press('enter');
    expect(await bed.text()).toContain('! Size: more than 0 GiB');
    expect(bed.layers.top?.name).toBe('Disk scsi1');
    await bed.press('C-u');
    await bed.type('64');
    await bed.press('tab', 'space', 'enter');
    expect(await accepted).toBe(true);
    expect(size).toBe('64');
  });

  it('resolves false on Esc or Cancel', async () => {
    const cancelled = FormDialog.open(bed.ctx, bed.screen, { title: 'Disk', build: (form) => void form.text('name', { label: 'Name' }) });
    await bed.idle();
    await bed.press('escape');
    expect(await cancelled).toBe(false);
    const viaButton = FormDialog.open(bed.ctx, bed.screen, { title: 'Disk', build: (form) => void form.text('name', { label: 'Name' }) });
    await bed.idle();
    await bed.press('tab', 'enter');
    expect(await viaButton).toBe(false);
  });

  it('covers whole rows at 80 columns, so nothing of the screen under it peeks out beside its border', async () => {
    for (let row = 0; row < 24; row++) bed.screen.program.write(`\x1b[${row + 1};1H${'x'.repeat(80)}`);
    const dialog = FormDialog.open(bed.ctx, bed.screen, { title: 'Disk', rows: 4, build: (form) => void form.text('name', { label: 'Name' }) });
    const lines = await bed.lines();
    const top = lines.findIndex((line) => line.includes('─ Disk ─'));
    expect(lines[top]).toMatch(/^┌─ Disk ─+┐$/);
    expect(lines[top + 7]).toMatch(/^└─+┘$/);
    await bed.press('escape');
    await dialog;
  });
});
