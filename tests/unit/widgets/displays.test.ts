import { SummaryTable } from '../../../src/widgets/summary-table';
import { TaskProgress } from '../../../src/widgets/task-progress';
import { StateView } from '../../../src/widgets/state-view';
import { textBox } from '../../../src/widgets/placement';
import { WidgetTestbed } from './testbed';

describe('SummaryTable', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 50, rows: 8 })));
  afterEach(() => bed.destroy());

  it('lays out sections of label/value rows, wraps long values under themselves, and scrolls', async () => {
    const table = bed.add(
      new SummaryTable(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, {
        label: 'Summary',
        sections: [
          { title: 'General', rows: [{ label: 'Node', value: 'pve2' }, { label: 'VM ID', value: '123' }] },
          { title: 'Command', rows: [{ label: 'qm', value: 'qm create 123 --name web-1 --memory 2048 --cores 2 --net0 virtio,bridge=vmbr9' }] },
          { title: 'Issues', rows: [{ label: 'Bridge', value: 'vmbr9 missing', severity: 'error' }] },
        ],
      }),
    );
    expect(table.plainText().split('\n')).toEqual([
      'General',
      '  Node    pve2',
      '  VM ID   123',
      '',
      'Command',
      '  qm      qm create 123 --name web-1 --memory 2048',
      '          --cores 2 --net0 virtio,bridge=vmbr9',
      '',
      'Issues',
      '  Bridge  vmbr9 missing',
    ]);
    await bed.focus(table);
    let lines = await bed.lines();
    expect(lines[0]).toBe('General');
    expect(lines[5]).toContain('more: Down (5/10)');
    await bed.press('pagedown', 'pagedown');
    lines = await bed.lines();
    expect(lines[3]).toBe('Issues');
    expect(lines[4]).toBe('  Bridge  vmbr9 missing');
    expect(lines[5]).toContain('end');
  });

  it("shows a lines section as the caller laid it out for the width, and scrolls sideways only while a line is wider", async () => {
    const widths: number[] = [];
    const table = bed.add(
      new SummaryTable(bed.ctx, { parent: bed.screen, top: 0, height: 6 }, {
        label: 'Commands',
        sections: [{ title: 'Run', lines: (width) => (widths.push(width), ['qm create 1 \\', `    --x '${'a'.repeat(60)}'`]) }],
      }),
    );
    await bed.focus(table);
    let lines = await bed.lines();
    expect(widths).toEqual([48]);
    expect(lines[1]).toBe('  qm create 1 \\');
    const wide = `      --x '${'a'.repeat(60)}'`;
    // Cut at the edge and marked: more to the right.
    expect(lines[2]).toBe(`${wide.slice(0, 49)}>`);
    await bed.press('right');
    lines = await bed.lines();
    // 8 columns on, marked on the left too.
    expect(lines[1]).toBe('<te 1 \\');
    expect(lines[2]).toBe(`<${wide.slice(9, 57)}>`);
    await bed.press('right', 'right', 'right');
    // Stops where the widest line ends (72 - 50 = 22 columns on).
    expect((await bed.lines())[2]).toBe(`<${wide.slice(23)}`);
    table.setSections([{ title: 'General', rows: [{ label: 'Node', value: 'pve2' }] }]);
    await bed.press('right');
    expect(bed.unhandled).toEqual(['right']);
    expect((await bed.lines())[1]).toBe('  Node  pve2');
  });
});

describe('TaskProgress', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 60, rows: 12 })));
  afterEach(() => bed.destroy());

  it('shows each step with a marker readable without colour, and follows the streaming log', async () => {
    const progress = bed.add(
      new TaskProgress(bed.ctx, { parent: bed.screen, top: 0, height: 10 }, {
        label: 'Progress',
        steps: [
          { id: 'create', label: 'Create VM 123', state: 'running' },
          { id: 'serial', label: 'Set the serial console', state: 'pending' },
        ],
      }),
    );
    progress.appendLog(Array.from({ length: 20 }, (_, at) => `line ${at + 1}`));
    let lines = await bed.lines();
    expect(lines[0]).toBe('[ .. ] Create VM 123');
    expect(lines[1]).toBe('[    ] Set the serial console');
    expect(lines[2]).toBe('');
    expect(lines[3]).toContain('Task log');
    expect(lines[8]).toContain('line 20');
    progress.updateStep('create', 'done');
    progress.updateStep('serial', 'failed', 'HTTP 500');
    await bed.focus(progress);
    await bed.press('up', 'up');
    progress.appendLog(['line 21']);
    lines = await bed.lines();
    expect(lines[0]).toBe('[ OK ] Create VM 123');
    expect(lines[1]).toBe('[FAIL] Set the serial console  HTTP 500');
    expect(lines[8]).toContain('line 18');
    await bed.press('end');
    expect((await bed.lines())[8]).toContain('line 21');
  });

  it('wraps long log lines with a hanging indent, and scrolls by rows', async () => {
    const progress = bed.add(new TaskProgress(bed.ctx, { parent: bed.screen, top: 0, height: 10 }, { label: 'Progress', steps: [{ id: 'create', label: 'Create VM 106', state: 'done' }] }));
    const disk = "scsi0: successfully created disk 'ceph-pool:vm-106-disk-1,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1'";
    progress.appendLog(['line 1', 'line 2', disk, 'TASK OK']);
    let lines = await bed.lines();
    const log = lines.slice(3, 9).map((line) => line.replace(/^│ | *│$/g, ''));
    expect(log).toEqual(['line 1', 'line 2', 'scsi0: successfully created disk', "  'ceph-pool:vm-106-disk-1,aio=io_uring,backup=1,", "  format=raw,iothread=1,ssd=1'", 'TASK OK']);
    expect(lines.join('\n')).not.toContain('~');
    progress.appendLog(['line 5', 'line 6']);
    await bed.focus(progress);
    await bed.press('up', 'up');
    lines = await bed.lines();
    expect(lines[3]).toContain('line 1');
    await bed.press('end');
    lines = await bed.lines();
    expect(lines[8]).toContain('line 6');
    expect(lines.slice(3, 6).map((line) => line.slice(2, 20))).toEqual(['scsi0: successfull', "  'ceph-pool:vm-10", '  format=raw,iothr']);
  });

  it('wraps again on a resize, keeping the top line in view', async () => {
    const progress = bed.add(new TaskProgress(bed.ctx, { parent: bed.screen, top: 0, height: 10 }, { label: 'Progress' }));
    progress.appendLog(Array.from({ length: 12 }, (_, at) => `line ${at + 1} ${'x'.repeat(40)} end`));
    await bed.focus(progress);
    await bed.press('home');
    expect((await bed.lines())[2]).toContain('line 1 ');
    progress.element.width = 40;
    expect((await bed.lines())[2]).toContain('line 1 ');
    // Each line is three rows at this width: 'line 1', then the x's, then the rest, indented.
    expect((await bed.lines())[3]).toMatch(/^│ {3}x{34} │$/);
    await bed.press('down', 'down', 'down');
    expect((await bed.lines())[2]).toMatch(/^│ line 2 /);
  });

  it('keeps at most the configured number of log lines', () => {
    const progress = new TaskProgress(bed.ctx, { parent: bed.screen, top: 0, height: 10 }, { label: 'Progress', maxLogLines: 5 });
    progress.appendLog(['1', '2', '3', '4', '5', '6', '7']);
    expect(progress.logLines).toEqual(['3', '4', '5', '6', '7']);
  });
});

describe('StateView', () => {
  let bed: WidgetTestbed;
  beforeEach(() => (bed = new WidgetTestbed({ cols: 60, rows: 10 })));
  afterEach(() => bed.destroy());

  it('covers the content while loading, empty or failed, and offers Retry on failure', async () => {
    const content = textBox({ parent: bed.screen, top: 0, height: 8 });
    content.setContent('the form');
    const view = bed.add(new StateView(bed.ctx, { parent: bed.screen, top: 0, height: 8 }, { covers: [content] }));
    view.showLoading('ISO images on cephfs');
    expect(await bed.text()).toBe(' | Loading ISO images on cephfs...');
    expect(view.keyHints()).toEqual([]);
    view.showEmpty({ title: 'No ISO images on cephfs.', hint: 'Upload one, or choose another storage.' });
    expect((await bed.lines()).slice(0, 3)).toEqual([' No ISO images on cephfs.', '', ' Upload one, or choose another storage.']);
    let retries = 0;
    view.showError({ message: 'Permission denied (403).', request: 'GET /nodes/pve1/storage/cephfs/content', retry: () => retries++ });
    await bed.focus(view);
    const lines = await bed.lines();
    expect(lines.slice(0, 6)).toEqual([' Permission denied (403).', ' Request: GET /nodes/pve1/storage/cephfs/content', '', ' Your input is kept. Press Enter to try again.', '', ' [ Retry ]']);
    await bed.press('enter', 'r');
    expect(retries).toBe(2);
    view.showReady();
    expect(await bed.text()).toBe('the form');
    expect(view.canFocus()).toBe(false);
  });
});
