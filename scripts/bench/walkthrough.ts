/**
 * A default walkthrough as a user does it: the built app (bin/pve-vm-tui.js)
 * in a real 80x24 pseudo-terminal against the simulated cluster, signed in
 * with --user and --password-file, Ctrl-N from General to Confirm as soon as
 * each step shows its data, then (optionally) create with y and quit.
 *
 * What one run records:
 * - how long "Loading ..." was on screen after signing in (the General step
 *   appearing) until Confirm showed its summary, per step;
 * - every request the app sent and when its answer came (the app's own
 *   --log-file: method, path with query, status);
 * - for each task the simulator ran: when it ended and when the app reported
 *   it (the task watcher's "task ... ended" log line);
 * - the peak RSS of the app's process (/usr/bin/time).
 *
 * The simulator runs in this process (its task records give the true end of
 * each task); the app never shares the event loop with it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type RunningSimulator, type Scenario, startSimulator } from '../../mocks/simulator';
import { type Frame, KEY, PtyApp } from './pty-app';
import { ROOT } from './simulator-process';
import { isLoginFrame } from './startup';

const BIN = path.join(ROOT, 'bin/pve-vm-tui.js');
const STEPS = ['General', 'OS', 'System', 'Disks', 'CPU', 'Memory', 'Network', 'Confirm'] as const;
/** How long one step may take to show its data before the run fails. */
const STEP_TIMEOUT_MS = 15_000;

export interface LoggedRequest {
  readonly method: string;
  /** Path below /api2/json with the query string. */
  readonly url: string;
  readonly status: string;
  /** When the answer came (the log line's time, ms since the epoch). */
  readonly answeredAt: number;
  /** How long the answer took, as the client measured it. */
  readonly tookMs: number;
}

export interface TaskEnd {
  readonly upid: string;
  readonly type: string;
  /** When the task ended on the simulated cluster (ms since the epoch). */
  readonly endedAt: number;
  /** When the app reported it (ms since the epoch), if it did. */
  readonly reportedAt?: number;
  /** The create request's answer: the watching started then. */
  readonly watchStartedAt?: number;
}

export interface WalkthroughRun {
  /** Milliseconds of visible loading states after signing in, up to Confirm. */
  readonly loadingMs: number;
  readonly loadingByStep: Readonly<Record<string, number>>;
  readonly requests: readonly LoggedRequest[];
  readonly tasks: readonly TaskEnd[];
  /** Peak resident set size of the app's process, MiB. */
  readonly peakRssMiB: number;
}

export interface WalkthroughOptions {
  readonly scenario: Scenario;
  /** Create the VM on Confirm (y), then quit; else quit on Confirm. */
  readonly create: boolean;
}

const screenText = (frame: Frame): string => frame.lines.join('\n');
const isLoading = (frame: Frame): boolean => /Loading [^\n]*\.\.\./.test(screenText(frame));
const showsStep = (step: string) => (frame: Frame): boolean => new RegExp(`\\b${step} \\d+/\\d+\\s*$`).test(frame.lines[0] ?? '');

/** Sums the time "Loading ..." is on screen, per step, between start() and stop(). */
class LoadingMeter {
  private counting = false;
  private previous: Frame | undefined;
  private readonly byStep: Record<string, number> = {};

  constructor(app: PtyApp) {
    app.onFrame((frame) => this.onFrame(frame));
  }

  start(frame: Frame): void {
    this.counting = true;
    this.previous = frame;
  }

  stop(frame: Frame): void {
    this.onFrame(frame);
    this.counting = false;
  }

  get total(): number {
    return Object.values(this.byStep).reduce((sum, ms) => sum + ms, 0);
  }

  get perStep(): Readonly<Record<string, number>> {
    return this.byStep;
  }

  private onFrame(frame: Frame): void {
    if (!this.counting || !this.previous || frame.atMs <= this.previous.atMs) return;
    if (isLoading(this.previous)) {
      const step = STEPS.find((name) => showsStep(name)(this.previous!)) ?? 'other';
      this.byStep[step] = (this.byStep[step] ?? 0) + (frame.atMs - this.previous.atMs);
    }
    this.previous = frame;
  }
}

export async function runWalkthrough(options: WalkthroughOptions): Promise<WalkthroughRun> {
  const sim = await startSimulator({ scenario: options.scenario });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-walk-'));
  const files = { password: path.join(work, 'password'), log: path.join(work, 'app.log'), rss: path.join(work, 'rss') };
  fs.writeFileSync(files.password, `${sim.credentials.login?.password ?? ''}\n`, { mode: 0o600 });
  const app = new PtyApp(
    [
      '/usr/bin/time', '-f', '%M', '-o', files.rss,
      process.execPath, BIN, '--host', sim.url, '--fingerprint', sim.fingerprint,
      '--user', sim.credentials.login?.username ?? 'root@pam', '--password-file', files.password, '--log-file', files.log,
    ],
    { env: { HOME: work, XDG_CONFIG_HOME: path.join(work, 'config'), XDG_CACHE_HOME: path.join(work, 'cache') } },
  );
  try {
    const loading = await drive(app, options.create);
    const exit = await app.exited;
    if (exit.code !== (options.create ? 0 : 130)) throw new Error(`the app ended with ${exit.code}; the screen shows:\n${screenText(app.screen)}`);
    const requests = readRequests(files.log);
    return {
      loadingMs: loading.total,
      loadingByStep: loading.perStep,
      requests,
      tasks: taskEnds(sim, fs.readFileSync(files.log, 'utf8'), requests),
      peakRssMiB: Number(fs.readFileSync(files.rss, 'utf8').trim().split('\n').pop()) / 1024,
    };
  } catch (error) {
    app.kill();
    throw error;
  } finally {
    await sim.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Sign in, Ctrl-N through the steps as soon as each is ready, then create or quit. */
async function drive(app: PtyApp, create: boolean): Promise<LoadingMeter> {
  const meter = new LoadingMeter(app);
  await app.waitFor((frame) => isLoginFrame(frame) && !isLoading(frame), 'the login frame with its realms');
  app.send(KEY.enter);
  meter.start(await app.waitFor(showsStep('General'), 'the General step after signing in', STEP_TIMEOUT_MS));
  for (const step of STEPS) {
    const ready = await app.waitFor((frame) => showsStep(step)(frame) && !isLoading(frame), `the ${step} step with its data`, STEP_TIMEOUT_MS);
    if (step === 'Confirm') meter.stop(ready);
    else app.send(KEY.ctrlN);
  }
  if (create) {
    app.send(KEY.ctrlN);
    await app.waitFor((frame) => /Create VM \d+ on \S+\? \(y\/N\)/.test(screenText(frame)), 'the question before creating');
    app.send('y');
    await app.waitFor((frame) => /VM \d+ created on \S+/.test(screenText(frame)), 'the VM created', 60_000);
    app.send(KEY.ctrlQ);
  } else {
    app.send(KEY.ctrlQ);
    const asked = await app.waitFor((frame) => /Quit\?/.test(screenText(frame)), 'the quit question').then(() => true, () => false);
    if (asked) app.send('y');
  }
  return meter;
}

/** The client's debug lines: `<ISO time> debug GET /path?query -> 200 in 5 ms`. */
function readRequests(logFile: string): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    const match = /^(\S+) debug (GET|POST|PUT|DELETE) (\S+) -> (\S+)(?:.* in (\d+) ms)?/.exec(line);
    if (match) requests.push({ answeredAt: Date.parse(match[1]), method: match[2], url: match[3], status: match[4], tookMs: Number(match[5] ?? 0) });
  }
  return requests;
}

/** Each finished task: its true end on the simulator clock, and the app's "task ... ended" line. */
function taskEnds(sim: RunningSimulator, log: string, requests: readonly LoggedRequest[]): TaskEnd[] {
  return sim
    .tasks()
    .filter((task) => task.exitstatus !== undefined)
    .map((task) => {
      const reported = new RegExp(`^(\\S+) debug task ${task.type} ${task.id} on ${task.node} ended`, 'm').exec(log);
      const created = requests.find((request) => request.method === 'POST' && request.answeredAt >= task.startedAtMs);
      return {
        upid: task.upid,
        type: task.type,
        endedAt: task.startedAtMs + task.durationMs,
        reportedAt: reported ? Date.parse(reported[1]) : undefined,
        watchStartedAt: created?.answeredAt,
      };
    });
}
