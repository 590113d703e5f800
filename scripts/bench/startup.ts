/**
 * Start-up: time from process start to the first complete, interactive login
 * frame, as a ratio to `node -e 0` measured in the same run.
 *
 * Each round runs `node -e 0` and then the app, in a real pseudo-terminal
 * (80x24, TERM=xterm-256color), so machine noise hits both alike; the
 * figure is median(app) / median(node -e 0). The app is run
 *   --host URL --fingerprint FP  against a simulator already running in its own process, and
 *   --demo                       which starts the simulated cluster in-process.
 * The frame counts once the emulated screen shows the whole Login step (the
 * header, the three fields, the Sign in button and the footer). Then Ctrl-Q
 * must end the app with exit code 130: the frame was interactive.
 *
 * One unmeasured run of each goes first, as a user's second start: it warms
 * the disk cache and writes the V8 code cache (bin/pve-vm-tui.js). A further
 * row measures --host without the code cache, for the first start after an
 * install.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Frame, KEY, PtyApp } from './pty-app';
import type { BenchResult } from './result';
import { startSimulatorProcess, ROOT } from './simulator-process';
import { fixed, median } from './stats';

const BIN = path.join(ROOT, 'bin/pve-vm-tui.js');

/** The Login step drawn completely: header, fields, button and the footer's last key. */
export function isLoginFrame(frame: Frame): boolean {
  const lines = frame.lines;
  if (lines.length === 0) return false;
  const text = lines.join('\n');
  return /Login 1\/\d+/.test(lines[0]) && ['Realm', 'User name', 'Password', '[ Sign in ]'].every((part) => text.includes(part)) && /Quit\s*$/.test(lines[lines.length - 1]);
}

/** Milliseconds from spawn to exit of `node -e 0` in the same kind of terminal. */
async function nodeFloor(): Promise<number> {
  const run = new PtyApp([process.execPath, '-e', '0']);
  const exit = await run.exited;
  if (exit.code !== 0) throw new Error(`node -e 0 ended with ${exit.code}`);
  return exit.atMs;
}

/** Milliseconds from spawn to the first complete login frame; the app must then quit on Ctrl-Q. */
async function appToLoginFrame(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const app = new PtyApp([process.execPath, BIN, ...args], { env });
  try {
    const frame = await app.waitFor(isLoginFrame, `the login frame of pve-vm-tui ${args.join(' ')}`);
    app.send(KEY.ctrlQ);
    const exit = await app.exited;
    if (exit.code !== 130) throw new Error(`Ctrl-Q on the login frame ended the app with ${exit.code}, not 130 (cancelled)`);
    return frame.atMs;
  } catch (error) {
    app.kill();
    throw error;
  }
}

interface Series {
  readonly floor: number[];
  readonly app: number[];
}

function ratioResult(title: string, series: Series, target: number, note: string): BenchResult {
  const floor = median(series.floor);
  const app = median(series.app);
  return {
    group: 'Start-up',
    title,
    measured: app / floor,
    target,
    unit: 'x node -e 0',
    detail: `median ${fixed(app)} ms vs node -e 0 ${fixed(floor)} ms, ${series.app.length} runs each${note}`,
  };
}

export async function benchStartup(runs: number): Promise<BenchResult[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-bench-'));
  const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') };
  const coldEnv = { ...env, PVE_VM_TUI_COMPILE_CACHE: '0' };
  const simulator = await startSimulatorProcess();
  const host = ['--host', simulator.url, '--fingerprint', simulator.fingerprint];
  try {
    await appToLoginFrame(host, env);
    await appToLoginFrame(['--demo'], env);
    const hostRuns: Series = { floor: [], app: [] };
    const demoRuns: Series = { floor: [], app: [] };
    const coldRuns: Series = { floor: [], app: [] };
    for (let round = 0; round < runs; round++) {
      for (const [series, args, runEnv] of [
        [hostRuns, host, env],
        [demoRuns, ['--demo'], env],
        [coldRuns, host, coldEnv],
      ] as const) {
        series.floor.push(await nodeFloor());
        series.app.push(await appToLoginFrame(args, runEnv));
      }
    }
    return [
      ratioResult('Start-up to the login frame, --host + --fingerprint', hostRuns, 2.0, ''),
      ratioResult('Start-up to the login frame, --demo (simulator in-process)', demoRuns, 2.5, ''),
      { ...ratioResult('Start-up, --host, first run after install (no code cache)', coldRuns, 2.0, ''), informational: true },
    ];
  } finally {
    await simulator.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
