/**
 * The program itself (main, in-process) with --demo on a fake terminal:
 * --answers pre-fills the wizard, a bad answers file ends with exit 2
 * before the UI starts, and --save-answers writes what was confirmed.
 */
import * as fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { main } from '../../src/main';
import { useTempDir } from '../helpers/temp-dir';
import { FakeTerminal, keyBytes } from './harness/fake-terminal';

jest.setTimeout(30_000);

describe('main with --answers and --save-answers', () => {
  const temp = useTempDir();

  /** Start main on a fake 80x24 terminal; returns the terminal, the exit code promise and stderr. */
  function start(args: string[]): { terminal: FakeTerminal; exited: Promise<number>; stderr: () => string } {
    const terminal = new FakeTerminal(80, 24);
    const stderr = new PassThrough();
    let errors = '';
    stderr.on('data', (data: Buffer) => (errors += data.toString()));
    const env = { TERM: 'xterm-256color', XDG_CONFIG_HOME: temp.path, HOME: temp.path };
    const exited = main({ argv: args, env, stdin: terminal.input, stdout: terminal.output, stderr });
    return { terminal, exited, stderr: () => errors };
  }

  /** Ctrl-N until `title` shows (a step still loading its data says so and stays, as for a user). */
  async function nextUntil(terminal: FakeTerminal, title: string): Promise<void> {
    for (let round = 0; round < 100; round++) {
      terminal.send(keyBytes('C-n'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      if ((await terminal.screenLines())[0].includes(title)) return;
    }
    throw new Error(`${title} never showed; the screen:\n${(await terminal.screenLines()).join('\n')}`);
  }

  async function waitFor(terminal: FakeTerminal, text: string): Promise<string> {
    for (let round = 0; round < 500; round++) {
      const screen = (await terminal.screenLines()).join('\n');
      if (screen.includes(text)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`"${text}" never showed; the screen:\n${(await terminal.screenLines()).join('\n')}`);
  }

  it('ends with exit 2 and names the problem before the UI starts when the answers file is bad', async () => {
    const file = temp.write('bad.json', JSON.stringify({ version: 1, cpu: { cores: 'four' } }));
    const run = start(['--demo', '--answers', file]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(`answers file ${file}: cpu.cores`);
    expect(run.terminal.bytesWritten).toBe(0);
    run.terminal.dispose();
  });

  it('opens at Login, then shows the answers in the steps; --save-answers writes them when the VM is created', async () => {
    const answers = temp.write('vm.json', JSON.stringify({ version: 1, general: { name: 'db-7', tags: ['db'] }, cpu: { cores: 4 } }));
    const saved = `${temp.path}/saved.json`;
    const run = start(['--demo', '--answers', answers, '--save-answers', saved]);
    await waitFor(run.terminal, 'Realm         pam');
    run.terminal.send(keyBytes('enter'));
    const general = await waitFor(run.terminal, 'Resource pool');
    expect(general).toContain('Name                  db-7');
    expect(general).toContain('[db]');
    for (const title of ['OS 3/9', 'System 4/9', 'Disks 5/9', 'CPU 6/9']) await nextUntil(run.terminal, title);
    expect((await run.terminal.screenLines()).join('\n')).toContain('Cores         4');
    for (const title of ['Memory 7/9', 'Network 8/9', 'Confirm 9/9']) await nextUntil(run.terminal, title);
    run.terminal.send(keyBytes('C-n'));
    await waitFor(run.terminal, '(y/N)');
    run.terminal.send('y');
    await waitFor(run.terminal, 'created on pve1.');
    expect(JSON.parse(fs.readFileSync(saved, 'utf8'))).toMatchObject({ version: 1, general: { name: 'db-7', tags: ['db'] }, cpu: { cores: 4 } });
    run.terminal.send(keyBytes('C-q'));
    expect(await run.exited).toBe(0);
    run.terminal.dispose();
  });
});
