/**
 * A terminal for tests: fake stdin/stdout streams (what blessed needs of a
 * TTY) and an @xterm/headless emulator fed with everything the app writes, so
 * tests read the screen as a user would see it. It also counts the bytes
 * written (the benchmarks' budget per key press and per step change).
 */
import { PassThrough } from 'node:stream';
import { Terminal } from '@xterm/headless';

/** The input side: what blessed reads keys from. */
export type FakeInput = PassThrough & { isTTY: true; isRaw: boolean; setRawMode(mode: boolean): FakeInput };
/** The output side: what blessed draws to. */
export type FakeOutput = PassThrough & { isTTY: true; columns: number; rows: number };

/** A fake TTY pair plus the emulator that shows what was drawn. */
export class FakeTerminal {
  /** Keys go in here. */
  readonly input: FakeInput;
  /** The app writes here. */
  readonly output: FakeOutput;
  /** The emulator that interprets the output. */
  readonly xterm: Terminal;
  private bytes = 0;
  private chunks: string[] = [];

  constructor(cols: number, rows: number) {
    const input = new PassThrough() as FakeInput;
    input.isTTY = true;
    input.isRaw = false;
    input.setRawMode = (mode: boolean) => {
      input.isRaw = mode;
      return input;
    };
    const output = new PassThrough() as FakeOutput;
    output.isTTY = true;
    output.columns = cols;
    output.rows = rows;
    this.input = input;
    this.output = output;
    this.xterm = new Terminal({ cols, rows, allowProposedApi: true });
    output.on('data', (data: Buffer) => {
      const text = data.toString('utf8');
      this.bytes += data.length;
      this.chunks.push(text);
      this.xterm.write(text);
    });
  }

  /** Bytes written by the app so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  /** Everything written so far, escape codes included. */
  get rawOutput(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  /** Columns x rows. */
  get size(): { cols: number; rows: number } {
    return { cols: this.output.columns, rows: this.output.rows };
  }

  /** Type raw bytes (one chunk, as a terminal delivers a key or a paste). */
  send(bytes: string): void {
    this.input.write(bytes);
  }

  /** Change the size and tell the app, as a terminal does on SIGWINCH. */
  resize(cols: number, rows: number): void {
    this.output.columns = cols;
    this.output.rows = rows;
    this.xterm.resize(cols, rows);
    this.output.emit('resize');
  }

  /** The screen as the emulator shows it: one string per row, trailing spaces removed. */
  async screenLines(): Promise<string[]> {
    await new Promise<void>((resolve) => this.xterm.write('', resolve));
    const buffer = this.xterm.buffer.active;
    const lines: string[] = [];
    // Trailing blanks are dropped: a drawn space and an untouched cell look the same to a user.
    for (let y = 0; y < this.xterm.rows; y++) lines.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').trimEnd());
    return lines;
  }

  /**
   * The whole active buffer (scrollback included) as a terminal's selection
   * copies it: rows the terminal wrapped itself are joined into one line,
   * trailing blanks dropped. Shows what selecting and pasting would give.
   */
  async copiedLines(): Promise<string[]> {
    await new Promise<void>((resolve) => this.xterm.write('', resolve));
    const buffer = this.xterm.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      const row = buffer.getLine(y);
      // A row the next one continues is taken whole: a space in its last column is part of the line.
      const text = row?.translateToString(!buffer.getLine(y + 1)?.isWrapped) ?? '';
      if (row?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.map((line) => line.trimEnd());
  }

  /** True while the app shows its alternate screen (not the terminal's own). */
  get onAlternateScreen(): boolean {
    return this.xterm.buffer.active.type === 'alternate';
  }

  /** The emulator's cell at (x, y): its character and whether it is inverse / bold / underlined. */
  async cell(x: number, y: number): Promise<{ char: string; inverse: boolean; bold: boolean; underline: boolean }> {
    await new Promise<void>((resolve) => this.xterm.write('', resolve));
    const buffer = this.xterm.buffer.active;
    const cell = buffer.getLine(buffer.viewportY + y)?.getCell(x);
    return {
      char: cell?.getChars() ?? '',
      inverse: Boolean(cell?.isInverse()),
      bold: Boolean(cell?.isBold()),
      underline: Boolean(cell?.isUnderline()),
    };
  }

  /** Free the emulator. */
  dispose(): void {
    this.xterm.dispose();
    this.input.destroy();
    this.output.destroy();
  }
}

/** Bytes a terminal sends for a named key (blessed notation: 'tab', 'S-tab', 'C-n', 'f10', 'escape'). */
export function keyBytes(name: string): string {
  const named: Record<string, string> = {
    enter: '\r',
    return: '\r',
    tab: '\t',
    'S-tab': '\x1b[Z',
    escape: '\x1b',
    space: ' ',
    backspace: '\x7f',
    delete: '\x1b[3~',
    insert: '\x1b[2~',
    up: '\x1b[A',
    'S-up': '\x1b[1;2A',
    'S-down': '\x1b[1;2B',
    down: '\x1b[B',
    right: '\x1b[C',
    left: '\x1b[D',
    home: '\x1b[H',
    end: '\x1b[F',
    pageup: '\x1b[5~',
    pagedown: '\x1b[6~',
    f1: '\x1bOP',
    f2: '\x1bOQ',
    f3: '\x1bOR',
    f4: '\x1bOS',
    f5: '\x1b[15~',
    f6: '\x1b[17~',
    f7: '\x1b[18~',
    f8: '\x1b[19~',
    f9: '\x1b[20~',
    f10: '\x1b[21~',
    f11: '\x1b[23~',
    f12: '\x1b[24~',
  };
  if (named[name] !== undefined) return named[name];
  const ctrl = /^C-([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1].charCodeAt(0) - 96);
  const meta = /^M-(.)$/.exec(name);
  if (meta) return `\x1b${meta[1]}`;
  if ([...name].length === 1) return name;
  throw new Error(`keyBytes: unknown key "${name}"`);
}
