import 'reflect-metadata';
import { FastForwardClock } from '../../../mocks/fakes/clocks';
import type { Clock } from '../../../src/proxmox/clock';
import type { ProxmoxClient } from '../../../src/proxmox/proxmox-client';
import { defaultTaskWatcherOptions, ProxmoxTaskWatcher, type TaskWatcherOptions } from '../../../src/services/impl/proxmox-task-watcher';
import type { TaskLogLine } from '../../../src/services/task-watcher';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { ScriptedClient, type Answer } from './scripted-client';

const UPID = 'UPID:pve2:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:';
const TASK = `/nodes/pve2/tasks/${encodeURIComponent(UPID)}`;
const STATUS = `GET ${TASK}/status`;
const log = (start: number, limit = 500): string => `GET ${TASK}/log?start=${start}&limit=${limit}`;

const running: Answer = { data: { status: 'running', upid: UPID } };
const stopped = (exitstatus?: string): Answer => ({ data: { status: 'stopped', upid: UPID, ...(exitstatus ? { exitstatus } : {}) } });
const lines = (first: number, texts: readonly string[], total = first + texts.length - 1): Answer => ({
  body: { data: texts.map((t, index) => ({ n: first + index, t })), total },
});
const networkError = (): ProxmoxError => new ProxmoxError('network', 'Could not reach pve1 (connection reset); try again.', { endpoint: `GET ${TASK}/status` });

function setUp(options: Partial<TaskWatcherOptions> = {}) {
  const client = new ScriptedClient();
  const clock = new FastForwardClock();
  const watcher = new ProxmoxTaskWatcher(client, clock, { ...defaultTaskWatcherOptions, ...options }, new NullLogger());
  const delivered: TaskLogLine[] = [];
  const statuses: string[] = [];
  const observer = { onLog: (batch: readonly TaskLogLine[]) => delivered.push(...batch), onStatus: (status: string) => statuses.push(status) };
  return { client, clock, watcher, delivered, statuses, observer };
}

/** Virtual time that moves with every wait, as FastForwardClock's does, and also while an answer is on its way. */
class SlowLinkClock implements Clock {
  time = Date.UTC(2026, 0, 1);
  readonly waits: number[] = [];

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void) {
    this.waits.push(delayMs);
    const timer = setImmediate(() => {
      this.time += delayMs;
      callback();
    });
    return { dispose: () => clearImmediate(timer) };
  }
}

/** The scripted client behind a link where the nth request's answer takes `answerMs(n)`; records when each was sent. */
function overSlowLink(client: ScriptedClient, clock: SlowLinkClock, answerMs: (nth: number) => number): { client: ProxmoxClient; sentAt: number[] } {
  const sentAt: number[] = [];
  const slow = Object.create(client) as ScriptedClient;
  slow.request = async (call, options) => {
    sentAt.push(clock.time);
    const answer = await client.request(call, options);
    clock.time += answerMs(sentAt.length);
    return answer;
  };
  return { client: slow, sentAt };
}

describe('ProxmoxTaskWatcher', () => {
  it('polls status and log half an interval apart on the UPID node, and ends on the final TASK OK line', async () => {
    const { client, clock, watcher, delivered, statuses, observer } = setUp();
    client.on(STATUS, running, running).on(log(0), lines(1, ['scsi0: created disk', 'boot order set'])).on(log(2), lines(3, ['TASK OK']));

    await expect(watcher.watch(UPID, observer)).resolves.toEqual({ status: 'ok' });

    expect(client.keys()).toEqual([STATUS, log(0), STATUS, log(2)]);
    expect(clock.waits).toEqual([500, 500, 500]);
    expect(delivered).toEqual([
      { n: 1, text: 'scsi0: created disk' },
      { n: 2, text: 'boot order set' },
      { n: 3, text: 'TASK OK' },
    ]);
    expect(statuses).toEqual(['running']);
  });

  it('ends on status stopped, reads the rest of the log first, and collects WARN lines', async () => {
    const { client, watcher, delivered, statuses, observer } = setUp();
    client
      .on(STATUS, running, stopped('WARNINGS: 2'))
      .on(log(0), lines(1, ['starting']))
      .on(log(1), lines(2, ['WARN: iothread is only valid with virtio disk, ignoring', 'WARN: no efidisk configured', 'TASK WARNINGS: 2']));

    const outcome = await watcher.watch(UPID, observer);

    expect(outcome).toEqual({ status: 'warnings', count: 2, warnings: ['iothread is only valid with virtio disk, ignoring', 'no efidisk configured'] });
    expect(delivered.map((line) => line.n)).toEqual([1, 2, 3, 4]);
    expect(statuses).toEqual(['running', 'stopped']);
  });

  it.each([
    ['the status exit text', [stopped("unable to create VM 123 - storage 'x' does not exist")], lines(1, ["TASK ERROR: unable to create VM 123 - storage 'x' does not exist"])],
    ['the final log line', [running], lines(1, ["TASK ERROR: unable to create VM 123 - storage 'x' does not exist"])],
  ])('reports a failed task with its message, from %s', async (_source, statusAnswers, logAnswer) => {
    const { client, watcher } = setUp();
    client.on(STATUS, ...statusAnswers).on(log(0), logAnswer);
    await expect(watcher.watch(UPID)).resolves.toEqual({ status: 'error', message: "unable to create VM 123 - storage 'x' does not exist" });
  });

  it('a task known to have ended keeps its outcome when its last log lines cannot be read', async () => {
    const { client, watcher } = setUp({ retryDelayMs: 10, maxRetries: 1 });
    client.on(STATUS, stopped('OK')).on(log(0), { error: networkError() });
    await expect(watcher.watch(UPID)).resolves.toEqual({ status: 'ok' });
    const failed = setUp();
    failed.client.on(STATUS, stopped('unable to create VM 123 - no space')).on(log(0), { error: new ProxmoxError('auth', 'The server no longer accepts this session; sign in again.', {}) });
    await expect(failed.watcher.watch(UPID)).resolves.toEqual({ status: 'error', message: 'unable to create VM 123 - no space' });
  });

  it('a stopped task without an exit status is an error ("unexpected status")', async () => {
    const { client, watcher } = setUp();
    client.on(STATUS, stopped()).on(log(0), lines(1, ['something']));
    await expect(watcher.watch(UPID)).resolves.toEqual({ status: 'error', message: 'unexpected status' });
  });

  it('does not deliver the "no content" placeholder of an empty log', async () => {
    const { client, watcher, delivered, observer } = setUp();
    client.on(STATUS, running, running, stopped('OK')).on(log(0), { body: { data: [{ n: 1, t: 'no content' }], total: 1 } }, lines(1, ['first real line', 'TASK OK']));
    await watcher.watch(UPID, observer);
    expect(delivered.map((line) => line.text)).toEqual(['first real line', 'TASK OK']);
  });

  it('reads a long log page by page, each line once', async () => {
    const { client, watcher, delivered, observer } = setUp({ logPageSize: 2 });
    client
      .on(STATUS, running)
      .on(log(0, 2), lines(1, ['a', 'b'], 5))
      .on(log(2, 2), lines(3, ['c', 'd'], 5))
      .on(log(4, 2), lines(5, ['TASK OK'], 5));
    await watcher.watch(UPID, observer);
    expect(delivered.map((line) => line.text)).toEqual(['a', 'b', 'c', 'd', 'TASK OK']);
    expect(client.keys()).toEqual([STATUS, log(0, 2), log(2, 2), log(4, 2)]);
  });

  it('retries transient failures with doubling pauses, then carries on', async () => {
    const { client, clock, watcher } = setUp({ retryDelayMs: 100 });
    client.on(STATUS, { error: networkError() }, { error: networkError() }, stopped('OK')).on(log(0), lines(1, ['TASK OK']));
    await expect(watcher.watch(UPID)).resolves.toEqual({ status: 'ok' });
    expect(clock.waits).toEqual([100, 200]);
  });

  it('gives up after the configured number of retries with the last error', async () => {
    const { client, clock, watcher } = setUp({ retryDelayMs: 100, maxRetries: 2 });
    client.on(STATUS, { error: networkError() });
    await expect(watcher.watch(UPID)).rejects.toMatchObject({ kind: 'network' });
    expect(clock.waits).toEqual([100, 200]);
    expect(client.keys()).toEqual([STATUS, STATUS, STATUS]);
  });

  it('does not retry errors that another try cannot fix (permission)', async () => {
    const { client, watcher } = setUp();
    client.on(STATUS, { error: new ProxmoxError('permission', 'Permission denied; ask an administrator.', {}) });
    await expect(watcher.watch(UPID)).rejects.toMatchObject({ kind: 'permission' });
    expect(client.keys()).toEqual([STATUS]);
  });

  it('slows down for long tasks, up to the maximum interval', async () => {
    const { client, clock, watcher } = setUp({ steadyRounds: 1, intervalMs: 1000, maxIntervalMs: 2000 });
    client.on(STATUS, running).on(log(0), lines(1, ['working'])).on(log(1), lines(2, []), lines(2, []), lines(2, ['TASK OK']));
    await watcher.watch(UPID);
    // Rounds: 1000 ms, 1000 ms, then x1.5 per round up to 2000 ms; each round is two half-interval pauses.
    expect(clock.waits).toEqual([500, 500, 500, 500, 750, 750, 1000]);
  });

  it('stops watching when the signal aborts, and sends nothing more', async () => {
    const { client, watcher } = setUp();
    const controller = new AbortController();
    client.on(STATUS, running).on(log(0), lines(1, ['working']));
    const watching = watcher.watch(UPID, { onLog: () => controller.abort() }, controller.signal);
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' });
    expect(client.keys()).toEqual([STATUS, log(0)]);
    expect(client.requests.every((request) => request.signal === controller.signal)).toBe(true);
  });

  it('keeps to its schedule when answers take time: each poll goes out half an interval after the previous one was sent', async () => {
    const scripted = new ScriptedClient();
    const clock = new SlowLinkClock();
    const { client, sentAt } = overSlowLink(scripted, clock, () => 200);
    scripted.on(STATUS, running, running).on(log(0), lines(1, ['working'])).on(log(1), lines(2, ['TASK OK']));
    const watcher = new ProxmoxTaskWatcher(client, clock, defaultTaskWatcherOptions, new NullLogger());

    await expect(watcher.watch(UPID)).resolves.toEqual({ status: 'ok' });

    expect(clock.waits).toEqual([300, 300, 300]);
    expect(sentAt.map((at) => at - sentAt[0])).toEqual([0, 500, 1000, 1500]);
  });

  it('follows an answer later than half an interval with the next poll at once, then goes on from there without a burst', async () => {
    const scripted = new ScriptedClient();
    const clock = new SlowLinkClock();
    const { client, sentAt } = overSlowLink(scripted, clock, (nth) => (nth === 2 ? 1200 : 0));
    scripted.on(STATUS, running, running).on(log(0), lines(1, ['working'])).on(log(1), lines(2, []), lines(2, ['TASK OK']));
    const watcher = new ProxmoxTaskWatcher(client, clock, defaultTaskWatcherOptions, new NullLogger());

    await watcher.watch(UPID);

    // The log poll sent at 500 is answered at 1700: status goes out at once, the next log 500 after it.
    expect(sentAt.map((at) => at - sentAt[0])).toEqual([0, 500, 1700, 2200, 2700, 3200]);
    const gaps = sentAt.slice(1).map((at, index) => at - sentAt[index]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(defaultTaskWatcherOptions.intervalMs / 2);
  });

  it('refuses a task ID that is not a UPID', async () => {
    const { watcher } = setUp();
    await expect(watcher.watch('UPID:broken')).rejects.toMatchObject({ kind: 'protocol' });
  });
});
