/**
 * Confirm's "qm commands" and "pvesh" views: each command broken at argument
 * boundaries into shell continuation lines (never inside a quoted word), and
 * `c` printing them on the terminal's own screen, where selecting and
 * pasting them gives a shell exactly the renderer's command.
 */
import { execFileSync } from 'node:child_process';
import { CONTINUATION_INDENT, commandBlockLines, continuationLines, shellWords } from '../../src/screens/confirm/command-lines';
import { renderPveshCommands, renderQmCommand } from '../../src/workflow/render-commands';
import type { FakeWizard } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';

/** The arguments a POSIX shell passes to the commands of `script` (qm, pvesh, ha-manager print theirs, one per line). */
function shellArguments(script: string): string {
  const echoArgs = ['qm', 'pvesh'].map((name) => `${name}() { printf '%s\\n' ${name} "$@"; echo --; }`).join('\n');
  return execFileSync('sh', ['-c', `${echoArgs}\n${script}`], { encoding: 'utf8' });
}

/** The lines joined back: each ` \` and the indent after it taken out. */
function joined(lines: readonly string[]): string {
  return lines.map((line, at) => (at === 0 ? line : line.slice(CONTINUATION_INDENT.length))).map((line) => line.replace(/ \\$/, '')).join(' ');
}

describe('commands as shell continuation lines', () => {
  const command =
    "qm create 106 --name 'web 1' --ostype l26 --ide2 'cephfs:iso/nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso,media=cdrom' --description 'it'\\''s a test' --scsi0 'ceph-pool:32,aio=io_uring,backup=1' --cores 2";

  it('splits words as a shell does, quotes and escaped quotes kept', () => {
    expect(shellWords("qm set 106 --name 'a b' --description 'it'\\''s' --x \"q \\\" r\"")).toEqual([
      'qm', 'set', '106', '--name', "'a b'", '--description', "'it'\\''s'", '--x', '"q \\" r"',
    ]);
  });

  it.each([30, 50, 80, 200])('at %i columns: breaks only between arguments, ends continued lines with " \\\\", indents them, and joins back to the command', (width) => {
    const lines = continuationLines(command, width);
    expect(joined(lines)).toBe(command);
    lines.slice(0, -1).forEach((line) => expect(line).toMatch(/ \\$/));
    lines.slice(1).forEach((line) => expect(line.startsWith(CONTINUATION_INDENT)).toBe(true));
    for (const line of lines) {
      // Only an option with a quoted value longer than the line may be wider: it is never broken.
      if (line.length > width) expect(shellWords(line.replace(/ \\$/, ''))).toHaveLength(2);
    }
    expect(shellArguments(lines.join('\n'))).toBe(shellArguments(command));
  });

  it('keeps an option with its value where the pair fits, and a value too wide for any line beside its option', () => {
    const lines = continuationLines(command, 60);
    expect(lines).toContain("    --scsi0 'ceph-pool:32,aio=io_uring,backup=1' --cores 2");
    expect(lines).toContain("    --ide2 'cephfs:iso/nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso,media=cdrom' \\");
    // At 46 columns the scsi0 pair does not fit one line, its value alone does: the value starts the next line.
    const narrow = continuationLines(command, 46);
    expect(narrow).toContain("    'ceph-pool:32,aio=io_uring,backup=1' \\");
    expect(narrow.find((line) => line.includes('--scsi0'))).toMatch(/--scsi0 \\$/);
  });
});

describe('Confirm: the command views', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  async function onCommandView(presses: number): Promise<string[]> {
    app = await startSignedInWithFakes();
    await app.ui.goTo('Confirm');
    for (let at = 0; at < presses; at++) await app.ui.press('v');
    return app.ui.lines();
  }

  it('shows the qm commands as continuation lines that run as the renderer\'s commands, and scrolls sideways to a long quoted value', async () => {
    const lines = await onCommandView(2);
    const plan = app.wizard.store!.plan();
    // The table is 76 columns inside the frame; its lines are indented by 2.
    const expected = commandBlockLines(renderQmCommand(plan), 74);
    expect(shellArguments(expected.join('\n'))).toBe(shellArguments(renderQmCommand(plan)));
    const rows = lines.map((line) => line.replace(/^│ {3}|\s*│$/g, ''));
    const start = rows.indexOf(expected[0]);
    expect(start).toBeGreaterThan(0);
    expected.forEach((line, at) => expect(rows[start + at]).toBe(line.length <= 74 ? line : `${line.slice(0, 73)}>`));
    const wide = expected.findIndex((line) => line.length > 74);
    expect(expected[wide]).toMatch(/^ {4}--ide2 'cephfs:iso\/[^ ]+,media=cdrom' \\$/);
    expect(app.ui.shell.currentHints('help').some((hint) => hint.keys.join() === 'left,right' && hint.description === 'Scroll sideways')).toBe(true);
    // Right scrolls 8 columns at a time, and stops where the widest line ends.
    await app.ui.press('right', 'right', 'right', 'right');
    const scrolled = await app.ui.lines();
    expect(scrolled[start + wide]).toMatch(/^│ <.*media=cdrom' \\ │$/);
    await app.ui.press('left', 'left', 'left', 'left');
    expect((await app.ui.lines())[start]).toBe(lines[start]);
    expect(lines.join('\n')).toContain('c prints them without the frame');
  });

  it('c prints the commands without the frame, on the terminal\'s own screen; what a selection copies runs as the renderer\'s commands; any key goes back', async () => {
    await onCommandView(3);
    const plan = app.wizard.store!.plan();
    await app.ui.press('c');
    expect(app.ui.terminal.onAlternateScreen).toBe(false);
    const copied = await app.ui.terminal.copiedLines();
    expect(copied.join('\n')).not.toMatch(/[│┌└]/);
    const first = copied.findIndex((line) => line.startsWith('pvesh create'));
    const last = copied.findIndex((line, at) => at > first && line.startsWith('pvesh set'));
    expect(first).toBeGreaterThan(0);
    expect(copied[first - 1]).toBe('# The same through the API (pvesh)');
    expect(shellArguments(copied.slice(first, last + 1).join('\n'))).toBe(shellArguments(renderPveshCommands(plan)));
    await app.ui.press('enter');
    expect(app.ui.terminal.onAlternateScreen).toBe(true);
    expect(app.ui.shell.currentStep.title).toBe('Confirm');
    expect((await app.ui.lines())[1]).toMatch(/^┌─ Confirm ─+┐$/);
  });

  it('lays the commands out for the width: at 120 columns the long ISO argument stays on its line with its option', async () => {
    app = await startSignedInWithFakes({ cols: 120, rows: 40 });
    await app.ui.goTo('Confirm');
    await app.ui.press('v', 'v');
    const lines = await app.ui.lines();
    const plan = app.wizard.store!.plan();
    expect(commandBlockLines(renderQmCommand(plan), 120 - 8).every((line) => line.length <= 112)).toBe(true);
    expect(lines.some((line) => /--ide2 'cephfs:iso\/[^ ]+,media=cdrom'/.test(line))).toBe(true);
  });
});
