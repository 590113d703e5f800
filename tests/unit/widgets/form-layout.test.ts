import { FormLayout } from '../../../src/widgets/form-layout';
import { WidgetTestbed } from './testbed';

describe('FormLayout', () => {
  let bed: WidgetTestbed;
  afterEach(() => bed.destroy());

  function form(rows = 12, cols = 80): FormLayout {
    bed = new WidgetTestbed({ cols, rows });
    return new FormLayout(bed.ctx, { placement: { parent: bed.screen, top: 0, height: rows }, focus: bed.ring });
  }

  it('puts labels in a column wide enough for the longest, fields after, in Tab order', async () => {
    const layout = form();
    layout.text('name', { label: 'Name', value: 'web-1' });
    layout.number('vmid', { label: 'VM ID', value: '123' });
    layout.checkbox('onboot', { label: 'Start at boot' });
    bed.ring.focusFirst();
    const lines = await bed.lines();
    expect(lines[0]).toBe('> Name           web-1');
    expect(lines[1]).toBe('  VM ID          123');
    expect(lines[2]).toBe('  Start at boot  [ ]');
    expect(lines[0].indexOf('web-1')).toBe(17);
    await bed.press('tab');
    expect(bed.ring.current?.focusName).toBe('VM ID');
    expect((await bed.lines())[1]).toBe('> VM ID          123');
  });

  it('shows a message under its field and moves the rows below down', async () => {
    const layout = form();
    layout.text('name', { label: 'Name', validate: (value) => (value ? undefined : 'Name: required') });
    layout.text('pool', { label: 'Pool' });
    bed.ring.focusFirst();
    await bed.press('tab');
    const lines = await bed.lines();
    expect(lines[1]).toBe(`${' '.repeat(16)}! Name: required`);
    expect(lines[2]).toBe('> Pool');
  });

  it('shows domain issues at their fields, clears fixed ones, and returns those without a field', async () => {
    const layout = form();
    layout.text('name', { label: 'Name' });
    layout.number('vmid', { label: 'VM ID' });
    const unplaced = layout.showIssues([
      { path: 'vmid', message: 'VM ID: 100 is taken' },
      { path: 'cluster', message: 'The cluster has no quorum' },
    ]);
    expect(unplaced.map((issue) => issue.path)).toEqual(['cluster']);
    expect(layout.field('vmid')?.message?.text).toBe('VM ID: 100 is taken');
    layout.showIssues([]);
    expect(layout.field('vmid')?.message).toBeUndefined();
  });

  it('keeps advanced fields out of the way until opened, and opens the group to focus one', async () => {
    const layout = form();
    layout.text('name', { label: 'Name' });
    const group = layout.advanced('Advanced', () => {
      layout.number('mtu', { label: 'MTU' });
    });
    bed.ring.focusFirst();
    await bed.press('tab', 'tab');
    expect(bed.ring.current?.focusName).toBe('Name');
    expect(await bed.text()).not.toContain('MTU');
    expect(layout.focusField('mtu')).toBe(true);
    expect(group.expanded).toBe(true);
    expect(await bed.text()).toContain('> MTU');
    await bed.press('S-tab', 'enter');
    expect(group.expanded).toBe(false);
    expect(bed.ring.current?.focusName).toBe('Advanced');
  });

  it('scrolls to the focused field when the form is taller than the view, and says there is more', async () => {
    const layout = form(5);
    for (let at = 1; at <= 8; at++) layout.text(`field${at}`, { label: `Field ${at}` });
    bed.ring.focusFirst();
    let lines = await bed.lines();
    expect(lines[0]).toContain('> Field 1');
    expect(lines[4]).toContain('more below');
    for (let at = 1; at < 7; at++) await bed.press('tab');
    lines = await bed.lines();
    expect(lines.some((line) => line.includes('> Field 7'))).toBe(true);
    expect(lines.some((line) => line.includes('Field 1 '))).toBe(false);
  });

  it('gives the leftover rows to a fill field', async () => {
    const layout = form(12);
    layout.text('storage', { label: 'Storage' });
    const list = layout.select<string>('iso', { label: 'ISO image', items: [{ value: 'a', label: 'a.iso' }] }, { fill: true });
    layout.checkbox('ok', { label: 'Checked' });
    await bed.idle();
    expect(list.element.height).toBe(10);
    expect((await bed.lines())[11]).toBe('  Checked       [ ]');
  });

  it('refuses two fields with one path', () => {
    const layout = form();
    layout.text('name', { label: 'Name' });
    expect(() => layout.text('name', { label: 'Other' })).toThrow('exists already');
  });
});

describe('FormLayout.loadState', () => {
  let bed: WidgetTestbed;
  afterEach(() => bed.destroy());

  it("shows loading, empty and error in one field's place, Retry before the field in Tab order", async () => {
    bed = new WidgetTestbed({ cols: 80, rows: 10 });
    const layout = new FormLayout(bed.ctx, { placement: { parent: bed.screen, top: 0, height: 10 }, focus: bed.ring });
    layout.text('storage', { label: 'Storage' });
    const iso = layout.dropdown<string>('iso', { label: 'ISO image' });
    layout.checkbox('agent', { label: 'Agent' });
    const state = layout.loadState('iso');
    expect(layout.loadState('iso')).toBe(state);
    state.showLoading('ISO images on cephfs');
    let lines = await bed.lines();
    expect(lines[1]).toBe('  ISO image     | Loading ISO images on cephfs...');
    state.showEmpty({ title: 'No ISO images on cephfs.', hint: 'Choose another storage.' });
    expect((await bed.lines())[1]).toBe('  ISO image     No ISO images on cephfs. Choose another storage.');
    let retried = 0;
    state.showError({ message: 'Timed out after 30 s.', request: 'GET /nodes/pve1/storage/cephfs/content', retry: () => retried++ });
    lines = await bed.lines();
    expect(lines[1]).toBe('  ISO image     Timed out after 30 s. (GET /nodes/pve1/storage/cephfs/content)');
    expect(lines[2]).toBe(`${' '.repeat(16)}[ Retry ]`);
    expect(lines[3]).toBe('  Agent         [ ]');
    bed.ring.focusFirst();
    await bed.press('tab');
    expect(bed.ring.current).toBe(state);
    expect((await bed.lines())[1]).toMatch(/^> ISO image/);
    await bed.press('enter');
    expect(retried).toBe(1);
    state.showReady();
    await bed.idle();
    expect(bed.ring.current).toBe(iso);
    expect((await bed.lines())[2]).toBe('  Agent         [ ]');
  });
});
