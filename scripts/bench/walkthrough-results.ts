/**
 * The benchmarks built on whole walkthroughs (scripts/bench/walkthrough.ts):
 *
 * - Waiting: with every answer 100 ms late (mocks/scenarios/latency-100ms.json),
 *   the time "Loading ..." is on screen after signing in, up to Confirm.
 *   Target: 2 x RTT in total. Median of the runs.
 * - Create runs on the default cluster, each with a different task duration:
 *   2,000 ms plus the middle of the run's share of the gap between two polls
 *   (n runs: 1/2n, 3/2n, ... of the gap), so the task ends fall evenly over
 *   the whole gap, as a real task's end does:
 *   - peak RSS of the app (median; the largest in the notes);
 *   - redundant requests: the same method, path and query asked twice in one
 *     run (task polls are repeated by design and left out);
 *   - task end to reported: from the task's end on the simulated cluster to
 *     the app's task watcher reporting it (median);
 *   - task polls against Proxmox's web UI: its task viewer polls status and
 *     log at once and then once a second each until it sees the end; the
 *     app's count for the same task must not be higher.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchResult } from './result';
import { ROOT } from './simulator-process';
import { fixed, median } from './stats';
import { defaultTaskWatcherOptions } from '../../src/services/impl/proxmox-task-watcher';
import { runWalkthrough, type LoggedRequest, type TaskEnd, type WalkthroughRun } from './walkthrough';

const LATENCY_SCENARIO = path.join(ROOT, 'mocks/scenarios/latency-100ms.json');
const TASK_BASE_MS = 2000;
/** The app's task watcher polls status and log alternately, this far apart. */
const POLL_GAP_MS = defaultTaskWatcherOptions.intervalMs / 2;
const WEB_UI_POLL_MS = 1000;

export async function benchWaiting(runs: number): Promise<BenchResult[]> {
  const scenario = JSON.parse(fs.readFileSync(LATENCY_SCENARIO, 'utf8')) as { latencyMs: number };
  const results: WalkthroughRun[] = [];
  for (let run = 0; run < runs; run++) results.push(await runWalkthrough({ scenario, create: false }));
  const totals = results.map((result) => result.loadingMs);
  const steps = [...new Set(results.flatMap((result) => Object.keys(result.loadingByStep)))];
  const perStep = steps.map((step) => `${step} ${fixed(median(results.map((result) => result.loadingByStep[step] ?? 0)), 0)} ms`);
  return [
    {
      group: 'Waiting',
      title: `Visible loading after login, ${scenario.latencyMs} ms per request (median)`,
      measured: median(totals),
      target: 2 * scenario.latencyMs,
      unit: 'ms',
      detail: `${runs} walkthroughs; runs ${totals.map((total) => fixed(total, 0)).join(', ')} ms; median per step: ${perStep.join(', ') || 'none'}`,
    },
  ];
}

export async function benchCreates(runs: number): Promise<BenchResult[]> {
  const results: WalkthroughRun[] = [];
  for (const taskDurationMs of taskDurations(runs)) results.push(await runWalkthrough({ scenario: { taskDurationMs }, create: true }));
  return [memoryResult(results), redundantRequestsResult(results), ...taskResults(results)];
}

/** One task duration per run, its end at the middle of the run's slice of the gap between two polls. */
function taskDurations(runs: number): number[] {
  return Array.from({ length: runs }, (_, run) => TASK_BASE_MS + Math.round(((run + 0.5) * POLL_GAP_MS) / runs));
}

function memoryResult(results: readonly WalkthroughRun[]): BenchResult {
  const peaks = results.map((result) => result.peakRssMiB);
  return {
    group: 'Memory',
    title: 'Peak RSS over a walkthrough and create (median)',
    measured: median(peaks),
    target: 90,
    unit: 'MB',
    detail: `${results.length} runs, largest ${fixed(Math.max(...peaks))} MB (MiB, /usr/bin/time)`,
  };
}

/** Requests asked again in the same run, as "METHOD url xN"; task polls repeat by design. */
function repeatedRequests(requests: readonly LoggedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (request.url.includes('/tasks/')) continue;
    const key = `${request.method} ${request.url}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([key, count]) => `${key} x${count}`);
}

function redundantRequestsResult(results: readonly WalkthroughRun[]): BenchResult {
  const repeated = results.map((result) => repeatedRequests(result.requests));
  const extra = (lines: string[]): number => lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf('x') + 1)) - 1, 0);
  const worst = repeated.reduce((a, b) => (extra(b) > extra(a) ? b : a), []);
  return {
    group: 'Requests',
    title: 'Redundant requests in a default create (most in one run)',
    measured: extra(worst),
    target: 0,
    unit: 'requests',
    detail: `${results[0]?.requests.filter((request) => !request.url.includes('/tasks/')).length ?? 0} requests besides task polls per run${worst.length ? `; repeated: ${worst.join(', ')}` : ''}`,
  };
}

/** The create task of a run with the app's polls of it. */
function createTask(result: WalkthroughRun): { task: TaskEnd; polls: number } {
  const task = result.tasks.find((candidate) => candidate.type === 'qmcreate' && candidate.reportedAt !== undefined && candidate.watchStartedAt !== undefined);
  if (!task) throw new Error('no create task was reported by the app in this run');
  const id = encodeURIComponent(task.upid);
  const polls = result.requests.filter((request) => request.url.includes(id) && request.answeredAt >= task.watchStartedAt! && request.answeredAt <= task.reportedAt!).length;
  return { task, polls };
}

/** What Proxmox's web UI sends for the same task: status and log at once, then once a second each, until it sees the end. */
function webUiPolls(task: TaskEnd): number {
  const rounds = Math.ceil((task.endedAt - task.watchStartedAt!) / WEB_UI_POLL_MS) + 1;
  return 2 * rounds;
}

function taskResults(results: readonly WalkthroughRun[]): BenchResult[] {
  const creates = results.map(createTask);
  const delays = creates.map(({ task }) => task.reportedAt! - task.endedAt);
  const ratios = creates.map(({ task, polls }) => polls / webUiPolls(task));
  const worst = creates[ratios.indexOf(Math.max(...ratios))];
  const watchSeconds = (worst.task.reportedAt! - worst.task.watchStartedAt!) / 1000;
  return [
    {
      group: 'Requests',
      title: 'Task end to the app reporting it (median)',
      measured: median(delays),
      target: 300,
      unit: 'ms',
      detail: `${creates.length} creates, tasks of ${taskDurations(creates.length).join(', ')} ms; each: ${delays.map((delay) => fixed(delay, 0)).join(', ')} ms; polls ${POLL_GAP_MS} ms apart`,
    },
    {
      group: 'Requests',
      title: "Task polls against Proxmox's web UI for the same task (most)",
      measured: Math.max(...ratios),
      target: 1,
      unit: 'x web UI',
      detail: `${worst.polls} polls vs the web UI's ${webUiPolls(worst.task)} (${fixed(worst.polls / watchSeconds, 2)} per second over ${fixed(watchSeconds, 2)} s)`,
    },
  ];
}
