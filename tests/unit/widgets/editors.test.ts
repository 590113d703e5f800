import { ListEditor, type ListEditRequest } from '../../../src/widgets/list-editor';
import { TagEditor } from '../../../src/widgets/tag-editor';
import { WidgetTestbed } from './testbed';

describe('TagEditor', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 60, rows: 14 })));
  afterEach(() => bed.destroy());

  const editor = (suggestions: readonly string[] = []) =>
    bed.add(
      new TagEditor(bed.ctx, { parent: bed.screen, top: 0, width: 40 }, {
        label: 'Tags',
        suggestions,
        normalise: (tag) => tag.trim().toLowerCase(),
        validateTag: (tag) => (/^[a-z0-9_-]+$/.test(tag) ? undefined : `"${tag}" is not a valid tag`),
      }),
    );

  it('adds typed tags on Enter or a separator, once each', async () => {
    const tags = editor();
    await bed.focus(tags);
    await bed.type('web,DB prod');
    await bed.press('enter');
    await bed.type('web ');
    expect(tags.value).toEqual(['web', 'db', 'prod']);
    expect((await bed.lines())[0]).toMatch(/^\[web\] \[db\] \[prod\]/);
  });

  it("refuses what the caller's validator refuses, keeping the text to fix", async () => {
    const tags = editor();
    await bed.focus(tags);
    await bed.type('bad!');
    await bed.press('enter');
    expect(tags.value).toEqual([]);
    expect(tags.message?.text).toBe('"bad!" is not a valid tag');
    expect(tags.pendingInput).toBe('bad!');
    await bed.press('backspace', 'enter');
    expect(tags.value).toEqual(['bad']);
    expect(tags.message).toBeUndefined();
  });

  it('removes with Backspace twice on an empty input, or Del on a chip chosen with Left', async () => {
    const tags = editor();
    tags.value = ['a', 'b', 'c'];
    await bed.focus(tags);
    await bed.press('backspace');
    expect(tags.value).toEqual(['a', 'b', 'c']);
    await bed.press('backspace');
    expect(tags.value).toEqual(['a', 'b']);
    await bed.press('left', 'left', 'delete');
    expect(tags.value).toEqual(['b']);
  });

  it('offers the existing tags not yet chosen in a filterable popup (2,000 of them)', async () => {
    const existing = Array.from({ length: 2000 }, (_, at) => `tag-${at}`);
    const tags = editor(existing);
    tags.value = ['tag-1999'];
    await bed.focus(tags);
    await bed.type('tag-19');
    expect((await bed.lines())[0]).toContain('(Down: 110 existing)');
    await bed.press('down');
    expect(bed.layers.top?.name).toBe('Tags: existing');
    expect(await bed.text()).toContain('110 of 1999');
    await bed.type('9');
    await bed.press('enter');
    expect(tags.value).toEqual(['tag-1999', 'tag-199']);
    expect(tags.pendingInput).toBe('');
  });

  it('closes the suggestions with one Esc, a typed filter and all, keeping the tags and the typed input', async () => {
    const tags = editor(['web', 'db', 'infra']);
    tags.value = ['db'];
    await bed.focus(tags);
    await bed.type('in');
    await bed.press('down');
    expect(bed.layers.top?.name).toBe('Tags: existing');
    await bed.type('fr');
    await bed.press('escape');
    expect(bed.layers.top).toBeUndefined();
    expect(tags.isOpen).toBe(false);
    expect(tags.pendingInput).toBe('in');
    expect(tags.value).toEqual(['db']);
  });
});

describe('ListEditor', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 60, rows: 10 })));
  afterEach(() => bed.destroy());

  interface Disk {
    sizeGiB: number;
  }

  it('shows the caller\'s row labels (following the position) and asks for add, edit and remove', async () => {
    const requests: string[] = [];
    const editor: ListEditor<Disk> = bed.add(
      new ListEditor<Disk>(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, {
        label: 'Disks',
        noun: 'disk',
        header: 'Device  Size',
        items: [{ sizeGiB: 32 }, { sizeGiB: 100 }],
        renderRow: (disk, index) => `scsi${index}   ${disk.sizeGiB} GiB`,
        canRemove: (_disk, _index): string | undefined => (editor.value.length === 1 ? 'A VM needs at least one disk here.' : undefined),
      }),
    );
    const record = (kind: string) => (request: ListEditRequest<Disk>) => requests.push(`${kind}:${request.index}`);
    editor.onDidRequestAdd(record('add'));
    editor.onDidRequestEdit(record('edit'));
    editor.onDidRequestRemove(record('remove'));
    await bed.focus(editor);
    const lines = await bed.lines();
    expect(lines[0].trim()).toBe('Device  Size');
    expect(lines[1]).toMatch(/^> scsi0 {3}32 GiB/);
    expect(lines[2]).toMatch(/^ {2}scsi1 {3}100 GiB/);
    expect(lines[5]).toMatch(/2 disks +a: add {2}Enter: edit {2}Del: remove$/);
    await bed.press('down', 'enter', 'a', 'delete');
    expect(requests).toEqual(['edit:1', 'add:1', 'remove:1']);
    editor.setItems([{ sizeGiB: 32 }]);
    await bed.press('d');
    expect(requests).toEqual(['edit:1', 'add:1', 'remove:1']);
    expect(editor.message).toEqual({ text: 'A VM needs at least one disk here.', severity: 'warning' });
    expect(editor.highlightedIndex).toBe(0);
  });

  it('offers to add a row when empty', async () => {
    const adds: number[] = [];
    const editor = bed.add(new ListEditor<Disk>(bed.ctx, { parent: bed.screen, top: 0, height: 4 }, { label: 'Disks', noun: 'disk', renderRow: () => '' }));
    editor.onDidRequestAdd((request) => adds.push(request.index));
    await bed.focus(editor);
    expect((await bed.lines())[0]).toContain('No disks yet: press a to add one.');
    await bed.press('enter');
    expect(adds).toEqual([-1]);
  });
});
