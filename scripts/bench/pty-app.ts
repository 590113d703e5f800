/**
 * A program running in a real pseudo-terminal (scripts/bench/pty-bridge.py),
 * read back through a terminal emulator (@xterm/headless), for benchmarks
 * that look at the screen as a user does: when the first login frame is
 * complete, how long "Loading ..." is visible, when a step appears.
 *
 * Times are milliseconds since the child was spawned, on CLOCK_MONOTONIC:
 * the bridge reports the spawn instant and stamps every output chunk when it
 * reads it from the terminal, so neither Python's start-up nor this
 * process' own work (the emulator) is counted.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { Terminal } from '@xterm/headless';

const BRIDGE = path.join(__dirname, 'pty-bridge.py');

export interface PtyOptions {
  readonly cols?: number;
  readonly rows?: number;
  /** The child's environment (TERM defaults to xterm-256color). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** The screen after one output chunk was drawn, and when that chunk arrived. */
export interface Frame {
  /** Milliseconds since spawn. */
  readonly atMs: number;
  readonly lines: readonly string[];
}

export interface Exit {
  readonly code: number;
  /** Milliseconds from spawn to exit, as the bridge saw them. */
  readonly atMs: number;
}

interface Waiter {
  readonly test: (frame: Frame) => boolean;
  readonly resolve: (frame: Frame) => void;
}

export class PtyApp {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly terminal: Terminal;
  private spawnedNs: bigint | undefined;
  private waiters: Waiter[] = [];
  private latest: Frame = { atMs: 0, lines: [] };
  private readonly frameListeners: ((frame: Frame) => void)[] = [];
  private bytes = 0;
  private bridgeErrors = '';
  private readonly early: [Buffer, bigint][] = [];
  private pending: Buffer = Buffer.alloc(0);
  /** Resolves when the child has exited. */
  readonly exited: Promise<Exit>;

  constructor(command: readonly string[], options: PtyOptions = {}) {
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    this.terminal = new Terminal({ cols, rows, allowProposedApi: true });
    this.child = spawn('python3', [BRIDGE, '--cols', String(cols), '--rows', String(rows), '--', ...command], {
      cwd: options.cwd,
      env: { ...process.env, TERM: 'xterm-256color', ...options.env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.onRecords(chunk));
    this.exited = new Promise((resolve, reject) => {
      let lineBuffer = '';
      this.child.stderr.on('data', (chunk: Buffer) => {
        lineBuffer += chunk.toString('utf8');
        for (let end = lineBuffer.indexOf('\n'); end >= 0; end = lineBuffer.indexOf('\n')) {
          const line = lineBuffer.slice(0, end);
          lineBuffer = lineBuffer.slice(end + 1);
          this.onBridgeLine(line, resolve);
        }
      });
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        if (code !== 0) reject(new Error(`pty-bridge ended with ${code}: ${this.bridgeErrors.trim()}`));
      });
    });
  }

  /** Bytes the program wrote to the terminal so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  /** The screen as last drawn. */
  get screen(): Frame {
    return this.latest;
  }

  /** Called with every frame, in order (a frame is the screen after one output chunk). */
  onFrame(listener: (frame: Frame) => void): void {
    this.frameListeners.push(listener);
  }

  /** The first frame (from now on, or the current one) for which `test` holds. */
  waitFor(test: (frame: Frame) => boolean, what: string, timeoutMs = 20_000): Promise<Frame> {
    if (this.latest.lines.length > 0 && test(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen shows:\n${this.latest.lines.join('\n')}`));
      }, timeoutMs);
      const entry: Waiter = {
        test,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      this.waiters.push(entry);
    });
  }

  /** Type bytes into the terminal (keys: '\r' Enter, '\x0e' Ctrl-N, '\x11' Ctrl-Q). */
  send(bytes: string): void {
    this.child.stdin.write(bytes);
  }

  /** End a run that did not end by itself. */
  kill(): void {
    this.child.kill('SIGTERM');
  }

  private onBridgeLine(line: string, resolve: (exit: Exit) => void): void {
    let event: { event?: string; monotonicNs?: number; code?: number };
    try {
      event = JSON.parse(line);
    } catch {
      this.bridgeErrors += `${line}\n`;
      return;
    }
    if (event.event === 'spawned') {
      this.spawnedNs = BigInt(event.monotonicNs ?? 0);
      for (const [chunk, arrivedNs] of this.early.splice(0)) this.onOutput(chunk, arrivedNs);
    }
    if (event.event === 'exited') resolve({ code: event.code ?? -1, atMs: this.sinceSpawn(BigInt(event.monotonicNs ?? 0)) });
  }

  /** Splits the bridge's stdout into its records: "<monotonic ns> <length>\n" and that many bytes. */
  private onRecords(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const headerEnd = this.pending.indexOf(0x0a);
      if (headerEnd < 0) return;
      const [stamp, length] = this.pending.subarray(0, headerEnd).toString('latin1').split(' ');
      const end = headerEnd + 1 + Number(length);
      if (this.pending.length < end) return;
      this.onOutput(this.pending.subarray(headerEnd + 1, end), BigInt(stamp));
      this.pending = this.pending.subarray(end);
    }
  }

  private onOutput(chunk: Buffer, arrivedNs: bigint): void {
    // Output and the spawn line come on two pipes: keep chunks until the spawn instant is known.
    if (this.spawnedNs === undefined) return void this.early.push([chunk, arrivedNs]);
    this.bytes += chunk.length;
    // xterm parses asynchronously; the callbacks come in order, so each frame keeps its arrival time.
    this.terminal.write(chunk, () => this.onDrawn(this.sinceSpawn(arrivedNs)));
  }

  private onDrawn(atMs: number): void {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.terminal.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    const frame = { atMs, lines };
    this.latest = frame;
    for (const listener of this.frameListeners) listener(frame);
    const due = this.waiters.filter((waiter) => waiter.test(frame));
    this.waiters = this.waiters.filter((waiter) => !due.includes(waiter));
    for (const waiter of due) waiter.resolve(frame);
  }

  private sinceSpawn(ns: bigint): number {
    return Number(ns - (this.spawnedNs ?? ns)) / 1e6;
  }
}

/** Key bytes as a terminal sends them. */
export const KEY = {
  enter: '\r',
  tab: '\t',
  down: '\x1b[B',
  ctrlN: '\x0e',
  ctrlQ: '\x11',
  escape: '\x1b',
} as const;
