import { Dropdown } from '../../../src/widgets/dropdown';
import type { ListItem } from '../../../src/widgets/filter-model';
import { FilterList, labelColumnWidth } from '../../../src/widgets/filter-list';
import { SelectList } from '../../../src/widgets/select-list';
import { WidgetTestbed } from './testbed';

const isos = (count: number): ListItem<string>[] =>
  Array.from({ length: count }, (_, at) => {
    const name = `${at % 7 === 0 ? 'nixos-minimal' : 'debian'}-${String(at).padStart(4, '0')}.iso`;
    return { value: `cephfs:iso/${name}`, label: name, detail: `${(at % 9) + 1}.0 GiB` };
  });

describe('FilterList and SelectList', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 70, rows: 14 })));
  afterEach(() => bed.destroy());

  it('draws only the rows in view, even with 5,000 items', async () => {
    const list = new FilterList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 10 }, { items: isos(5000) });
    await bed.idle();
    expect(list.element.getContent().split('\n')).toHaveLength(10);
    const lines = await bed.lines();
    expect(lines[0]).toMatch(/^Filter: type to filter +5000 items$/);
    expect(lines[1]).toContain('nixos-minimal-0000.iso');
  });

  it('filters as the user types, keeps the choice marked, and says when nothing matches', async () => {
    const select = bed.add(new SelectList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 8 }, { label: 'ISO image', items: isos(5000) }));
    const chosen: (string | undefined)[] = [];
    select.onDidChange((value) => chosen.push(value));
    await bed.focus(select);
    await bed.type('nixos 0700');
    expect(select.matchCount).toBe(1);
    expect(select.value).toBe('cephfs:iso/nixos-minimal-0700.iso');
    expect(chosen[chosen.length - 1]).toBe('cephfs:iso/nixos-minimal-0700.iso');
    let lines = await bed.lines();
    expect(lines[0]).toContain('1 of 5000');
    expect(lines[1]).toMatch(/^\* nixos-minimal-0700\.iso +8\.0 GiB$/);
    await bed.type('x');
    lines = await bed.lines();
    expect(lines[1]).toContain('No match for "nixos 0700x"');
    expect(select.value).toBe('cephfs:iso/nixos-minimal-0700.iso');
    await bed.press('backspace');
    expect(select.matchCount).toBe(1);
    await bed.press('C-u');
    expect(select.matchCount).toBe(5000);
    expect(select.value).toBe('cephfs:iso/nixos-minimal-0700.iso');
  });

  it('never takes Esc, even with a filter typed: Esc closes a popup, Backspace and Ctrl-U edit the filter', async () => {
    const select = bed.add(new SelectList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, { label: 'ISO', items: isos(50) }));
    await bed.focus(select);
    await bed.type('nixos');
    await bed.press('escape');
    expect(bed.unhandled).toEqual(['escape']);
    expect((await bed.lines())[0]).toMatch(/^Filter: nixos .* of 50$/);
  });

  it('shows a disabled list as not in use: muted rows, no highlight, no filter prompt', async () => {
    const select = bed.add(new SelectList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, { label: 'ISO', items: isos(50), value: 'cephfs:iso/nixos-minimal-0001.iso' }));
    select.setDisabled(true);
    await bed.idle();
    const content = select.element.children.map((child) => (child as unknown as { getContent(): string }).getContent()).join('\n');
    expect(content).toContain('not in use');
    // Every row starts in the muted colour (blue in the 8-colour theme) and none has the selection's blue background.
    expect(content.split('\n').every((line) => line.startsWith('\x1b[34m'))).toBe(true);
    expect(content).not.toContain('\x1b[44m');
    expect((await bed.lines())[0]).toMatch(/^Filter: not in use/);
    select.setDisabled(false);
    await bed.idle();
    expect((await bed.lines())[0]).toMatch(/^Filter: type to filter/);
    expect(select.value).toBe('cephfs:iso/nixos-minimal-0001.iso');
  });

  it('moves with arrows and pages, and leaves Enter and Esc to the app', async () => {
    const select = bed.add(new SelectList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, { label: 'ISO', items: isos(50) }));
    await bed.focus(select);
    await bed.press('down', 'down');
    expect(select.value).toBe(isos(50)[2].value);
    await bed.press('end');
    expect(select.value).toBe(isos(50)[49].value);
    await bed.press('pageup');
    expect(select.value).toBe(isos(50)[45].value);
    await bed.press('enter', 'escape');
    expect(bed.unhandled).toEqual(['enter', 'escape']);
  });

  it('puts the details in a column after the longest label, whole when they fit', async () => {
    const items: ListItem<string>[] = [
      { value: 'labnet', label: 'labnet', detail: 'SDN vnet, Lab VLAN 100' },
      { value: 'vmbr0', label: 'vmbr0', detail: 'LAN' },
    ];
    new FilterList<string>(bed.ctx, { parent: bed.screen, top: 0, width: 40, height: 4 }, { items });
    const lines = await bed.lines();
    expect(lines[1]).toBe('  labnet  SDN vnet, Lab VLAN 100');
    expect(lines[2]).toBe('  vmbr0   LAN');
  });

  it('gives long details room by narrowing the label column, down to half the row', () => {
    expect(labelColumnWidth({ label: 10, detail: 20 }, 60)).toBe(10);
    expect(labelColumnWidth({ label: 40, detail: 20 }, 60)).toBe(36);
    expect(labelColumnWidth({ label: 40, detail: 50 }, 60)).toBe(29);
    expect(labelColumnWidth({ label: 40, detail: 0 }, 60)).toBe(58);
  });

  it('wraps a message that does not fit one row instead of cutting it', async () => {
    const list = new FilterList<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30, height: 5 }, { items: isos(3) });
    list.setQuery('zz');
    const lines = await bed.lines();
    expect(lines.slice(1, 4).map((line) => line.trim())).toEqual(['No match for "zz". Backspace', 'edits the filter, Ctrl-U', 'clears it.']);
    expect(lines.join('\n')).not.toContain('~');
  });

  it('says what is missing when there are no items', async () => {
    new FilterList<string>(bed.ctx, { parent: bed.screen, top: 0, height: 4 }, { items: [], emptyText: 'No ISO images on cephfs.' });
    expect((await bed.lines())[1]).toBe('No ISO images on cephfs.');
  });
});

describe('Dropdown', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 70, rows: 16 })));
  afterEach(() => bed.destroy());

  const bridges: ListItem<string>[] = ['vmbr0', 'vmbr1', 'vmbr9', 'vnet-lab'].map((name) => ({ value: name, label: name }));

  it('opens with Enter, filters by typing, picks with Enter', async () => {
    const dropdown = bed.add(new Dropdown<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30 }, { label: 'Bridge', items: bridges, value: 'vmbr0' }));
    const changes: (string | undefined)[] = [];
    dropdown.onDidChange((value) => changes.push(value));
    await bed.focus(dropdown);
    await bed.press('enter');
    expect(bed.layers.top?.name).toBe('Bridge');
    expect((await bed.text())).toContain('─ Bridge ─');
    await bed.type('r9');
    await bed.press('enter');
    expect(bed.layers.top).toBeUndefined();
    expect(dropdown.value).toBe('vmbr9');
    expect(changes).toEqual(['vmbr9']);
    expect((await bed.lines())[0]).toMatch(/^vmbr9 +v$/);
  });

  it('opens on a typed character with it as the filter, and one Esc closes without a change', async () => {
    const dropdown = bed.add(new Dropdown<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30 }, { label: 'Bridge', items: bridges, value: 'vmbr0' }));
    await bed.focus(dropdown);
    await bed.type('n');
    expect(await bed.text()).toMatch(/Filter: n .*1 of 4/);
    await bed.press('escape');
    expect(bed.layers.top).toBeUndefined();
    expect(dropdown.value).toBe('vmbr0');
    expect(dropdown.isOpen).toBe(false);
  });

  it('names Backspace in the popup\'s hints once a filter is typed (Esc does not clear it)', async () => {
    const dropdown = bed.add(new Dropdown<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30 }, { label: 'Bridge', items: bridges, value: 'vmbr0' }));
    await bed.focus(dropdown);
    await bed.press('enter');
    const shown = (): string[] => (bed.layers.top?.keyHints() ?? []).filter((hint) => !hint.helpOnly).map((hint) => hint.keys[0]);
    expect(shown()).toEqual(expect.arrayContaining(['enter', 'escape', 'a-z']));
    expect(shown()).not.toContain('backspace');
    await bed.type('vm');
    expect(shown()).toEqual(expect.arrayContaining(['enter', 'escape', 'backspace']));
    await bed.press('backspace', 'backspace', 'escape');
    expect(bed.layers.top).toBeUndefined();
  });

  it('widens its popup for long details, up to the whole screen, before cutting them', async () => {
    const realms: ListItem<string>[] = [
      { value: 'pam', label: 'pam', detail: 'Linux PAM standard authentication' },
      { value: 'ldap', label: 'ldap', detail: 'Company directory (ldap.example.org, ou=people, dc=example, dc=org)' },
    ];
    const dropdown = bed.add(new Dropdown<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30 }, { label: 'Realm', items: realms, value: 'pam' }));
    await bed.focus(dropdown);
    await bed.press('enter');
    const lines = await bed.lines();
    const top = lines.findIndex((line) => line.includes('─ Realm ─'));
    expect(lines[top]).toMatch(/^┌─ Realm ─+┐$/);
    expect(lines[top]).toHaveLength(70);
    expect(lines[top + 2]).toBe('│ * pam   Linux PAM standard authentication                          │');
    expect(lines[top + 3]).toBe('│   ldap  Company directory (ldap.example.org, ou=people, dc=exampl~ │');
  });

  it('does not pick a disabled item', async () => {
    const nodes: ListItem<string>[] = [
      { value: 'pve1', label: 'pve1' },
      { value: 'pve3', label: 'pve3', detail: 'offline', disabled: true },
    ];
    const dropdown = bed.add(new Dropdown<string>(bed.ctx, { parent: bed.screen, top: 0, width: 30 }, { label: 'Node', items: nodes, value: 'pve1' }));
    await bed.focus(dropdown);
    await bed.press('enter', 'down', 'enter');
    expect(bed.layers.top?.name).toBe('Node');
    expect(dropdown.value).toBe('pve1');
  });
});
