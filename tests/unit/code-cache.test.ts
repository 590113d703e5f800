/**
 * The launcher's V8 code cache (src/code-cache.ts): written once start-up is
 * over, read on the next start, never used across builds, and never in the
 * way (turned off, or a cache directory that cannot be written).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runBundle } from '../../src/code-cache';
import { useTempDir } from '../helpers/temp-dir';

/** A stand-in for the bundle: draws a "frame" (a screenful of bytes) or prints a short line when asked. */
const FAKE_BUNDLE = `
const frame = 'x'.repeat(2000);
module.exports = {
  loadedFrom: __dirname,
  drawFrame(out) { out.write(frame); },
  printLine(out) { out.write('0.1.0\\n'); },
};
`;

interface FakeBundle {
  readonly loadedFrom: string;
  drawFrame(out: NodeJS.WritableStream): void;
  printLine(out: NodeJS.WritableStream): void;
}

describe('runBundle with the code cache', () => {
  const temp = useTempDir();
  let bundle: string;
  let cacheHome: string;
  let terminal: PassThrough;

  beforeEach(() => {
    bundle = temp.write('bundle/pve-vm-tui.js', FAKE_BUNDLE, 0o644);
    cacheHome = path.join(temp.path, 'cache');
    terminal = new PassThrough();
    terminal.resume();
  });

  const cacheFiles = (): string[] => {
    const dir = path.join(cacheHome, 'pve-vm-tui');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  const run = (env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: cacheHome }) => {
    const result = runBundle(bundle, { env, output: terminal });
    return { ...result, program: result.exports as FakeBundle };
  };

  it('runs the bundle as a module of its own folder', () => {
    const { program } = run();
    expect(program.loadedFrom).toBe(path.dirname(bundle));
    program.drawFrame(terminal);
  });

  it('writes the cache once the first frame is drawn, not for a short line, and reads it on the next start', () => {
    const first = run();
    expect(first.cache).toBe('written-when-ready');
    first.program.printLine(terminal);
    expect(cacheFiles()).toEqual([]);
    first.program.drawFrame(terminal);
    expect(cacheFiles()).toHaveLength(1);

    const second = run();
    expect(second.cache).toBe('hit');
  });

  it('does not use the cache of an earlier build of the bundle, and replaces it', () => {
    run().program.drawFrame(terminal);
    const [earlier] = cacheFiles();
    fs.writeFileSync(bundle, `${FAKE_BUNDLE}\n// rebuilt\n`);
    fs.utimesSync(bundle, new Date(), new Date(Date.now() + 60_000));

    const rebuilt = run();
    expect(rebuilt.cache).toBe('written-when-ready');
    rebuilt.program.drawFrame(terminal);
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toContain(earlier);
  });

  it('writes nothing with PVE_VM_TUI_COMPILE_CACHE=0', () => {
    const result = run({ XDG_CACHE_HOME: cacheHome, PVE_VM_TUI_COMPILE_CACHE: '0' });
    expect(result.cache).toBe('off');
    result.program.drawFrame(terminal);
    expect(cacheFiles()).toEqual([]);
  });

  it('calls onStarted once, after the first frame, whether the cache was read or written', () => {
    for (const expected of ['written-when-ready', 'hit']) {
      const started = jest.fn();
      const result = runBundle(bundle, { env: { XDG_CACHE_HOME: cacheHome }, output: terminal, onStarted: started });
      expect(result.cache).toBe(expected);
      const program = result.exports as FakeBundle;
      program.printLine(terminal);
      expect(started).not.toHaveBeenCalled();
      program.drawFrame(terminal);
      program.drawFrame(terminal);
      expect(started).toHaveBeenCalledTimes(1);
    }
  });

  it('runs normally when the cache directory cannot be written', () => {
    const notADirectory = temp.write('cache-is-a-file', '');
    const result = runBundle(bundle, { env: { XDG_CACHE_HOME: notADirectory }, output: terminal });
    expect(() => (result.exports as FakeBundle).drawFrame(terminal)).not.toThrow();
    expect(fs.readFileSync(notADirectory, 'utf8')).toBe('');
  });

  it('passes every write through to the terminal unchanged', () => {
    const seen: string[] = [];
    terminal.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    const { program } = run();
    program.printLine(terminal);
    program.drawFrame(terminal);
    program.printLine(terminal);
    expect(seen.join('')).toBe(`0.1.0\n${'x'.repeat(2000)}0.1.0\n`);
  });
});
