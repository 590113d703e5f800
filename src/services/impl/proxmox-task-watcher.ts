import { inject, injectable } from 'inversify';
import { token } from '../../shared/token';
import { isProxmoxError } from '../../shared/proxmox-error';
import { Logger } from '../../shared/logger';
import { PveApi } from '../../proxmox/api-calls';
import { abortError, Clock, sleep } from '../../proxmox/clock';
import { proxmoxError } from '../../proxmox/errors/translate-error';
import { type ApiCall, ProxmoxClient } from '../../proxmox/proxmox-client';
import { parseUpid, type Upid } from '../../proxmox/upid';
import type { TaskLogLine, TaskObserver, TaskOutcome, TaskWatcher } from '../task-watcher';

/** How often and how patiently a task is followed. */
export interface TaskWatcherOptions {
  /**
   * Status and log are each polled once per interval, half an interval apart,
   * on a fixed schedule from the first poll: the end of a task shows up
   * within half an interval (plus one answer) after it happened, while the two
   * together send no more than Proxmox's web UI does (status and log once a
   * second each, proxmox-widget-toolkit's TaskViewer and LogView).
   */
  readonly intervalMs: number;
  /** The interval grows (x1.5 per round) up to this after `steadyRounds`, so long tasks do not hammer the API. */
  readonly maxIntervalMs: number;
  readonly steadyRounds: number;
  /** Log lines per request; a full page is followed by the next page at once. */
  readonly logPageSize: number;
  /** Transient failures (network, timeout, 5xx) in a row before giving up. */
  readonly maxRetries: number;
  /** First retry delay; doubled for each further retry. */
  readonly retryDelayMs: number;
}
export const TaskWatcherOptions = token<TaskWatcherOptions>('TaskWatcherOptions');

export const defaultTaskWatcherOptions: TaskWatcherOptions = {
  intervalMs: 1000,
  maxIntervalMs: 5000,
  steadyRounds: 30,
  logPageSize: 500,
  maxRetries: 4,
  retryDelayMs: 1000,
};

/**
 * TaskWatcher over the Proxmox client: polls `/tasks/{upid}/status` and
 * `/tasks/{upid}/log` on the node the UPID names, delivers each log line once,
 * and ends on whichever shows the end first (status `stopped` or the final
 * `TASK ...` log line), after reading the rest of the log.
 */
@injectable()
export class ProxmoxTaskWatcher implements TaskWatcher {
  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(Clock) private readonly clock: Clock,
    @inject(TaskWatcherOptions) private readonly options: TaskWatcherOptions,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async watch(upid: string, observer: TaskObserver = {}, signal?: AbortSignal): Promise<TaskOutcome> {
    const parsed = parseUpid(upid);
    if (!parsed) {
      throw proxmoxError('protocol', `"${upid}" is not a Proxmox task ID, so the task cannot be followed; check the server's answer in the log.`, {
        endpoint: 'GET /nodes/{node}/tasks/{upid}/status',
      });
    }
    const polling: Polling = {
      client: this.client,
      clock: this.clock,
      options: this.options,
      retrying: (request) => this.withRetries(request, signal),
    };
    const outcome = await new TaskFollower(parsed, observer, polling, signal).run();
    this.logger.debug(`task ${parsed.type} ${parsed.id} on ${parsed.node} ended: ${outcome.status}`);
    return outcome;
  }

  /** One request, with retries of transient failures (network, timeout, 5xx) and growing pauses between them. */
  private async withRetries<T>(request: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (!isTransient(error) || attempt >= this.options.maxRetries) throw error;
        this.logger.debug(`task poll failed, retry ${attempt + 1} of ${this.options.maxRetries}`, error);
        await sleep(this.clock, this.options.retryDelayMs * 2 ** attempt, signal);
      }
    }
  }

}

/** What a TaskFollower needs from the watcher. */
interface Polling {
  readonly client: ProxmoxClient;
  readonly clock: Clock;
  readonly options: TaskWatcherOptions;
  retrying<T>(request: () => Promise<T>): Promise<T>;
}

function isTransient(error: unknown): boolean {
  return isProxmoxError(error) && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server');
}

/** The final line of a task log (pve-common RESTEnvironment): `TASK OK`, `TASK WARNINGS: 2`, `TASK ERROR: <message>`. */
const END_LINE = /^TASK (OK|WARNINGS: (\d+)|ERROR: (.*))$/;
const WARNING_LINE = /^WARN: /;

/** Proxmox answers an empty log with this one placeholder line (PVE::Tools dump_logfile, for ExtJS). */
const isEmptyLogPlaceholder = (lines: readonly { n: number; t: string }[]): boolean => lines.length === 1 && lines[0].n === 1 && lines[0].t === 'no content';

/** The state of following one task. */
class TaskFollower {
  private delivered = 0;
  private lastStatus: 'running' | 'stopped' | undefined;
  /** When the latest status or log poll was sent (clock ms): the next one is due half an interval later. */
  private lastPollSentAt = 0;
  private endLine: string | undefined;
  private readonly warnings: string[] = [];

  constructor(
    private readonly upid: Upid,
    private readonly observer: TaskObserver,
    private readonly polling: Polling,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async run(): Promise<TaskOutcome> {
    const { intervalMs, maxIntervalMs, steadyRounds } = this.polling.options;
    let interval = intervalMs;
    for (let round = 0; ; round++) {
      const exitStatus = await this.pollStatus();
      if (exitStatus !== undefined) {
        await this.readRestOfLog();
        return this.outcomeFrom(exitStatus);
      }
      await this.pauseUntilDue(interval / 2);
      await this.readLog();
      if (this.endLine) return this.outcomeFrom(this.endLine);
      await this.pauseUntilDue(interval / 2);
      if (round >= steadyRounds) interval = Math.min(maxIntervalMs, interval * 1.5);
    }
  }

  /**
   * Wait until `step` after the previous poll was sent. Counting from the
   * send, not the answer, keeps the polls on their schedule on a slow link
   * (an answer that takes 100 ms does not push every later poll back). An
   * answer later than `step` is followed by the next poll at once, and the
   * schedule goes on from there: never a burst of polls to catch up.
   */
  private async pauseUntilDue(step: number): Promise<void> {
    const { clock } = this.polling;
    const due = Math.max(this.lastPollSentAt + step, clock.now());
    await this.pause(due - clock.now());
  }

  /** The exit status once the task has stopped, else undefined. */
  private async pollStatus(): Promise<string | undefined> {
    const status = await this.polling.retrying(() => this.send(PveApi.taskStatus(this.upid)));
    if (status.status !== this.lastStatus) {
      this.lastStatus = status.status;
      this.observer.onStatus?.(status.status);
    }
    // A stopped task without exitstatus is what pve-common calls "unexpected status".
    return status.status === 'stopped' ? (status.exitstatus ?? 'unexpected status') : undefined;
  }

  /**
   * The task has ended and its exit status says how: its last log lines are
   * only shown, so failing to read them (the retries used up, the session
   * ended) must not turn a known outcome into an unknown one. Ctrl-C still stops.
   */
  private async readRestOfLog(): Promise<void> {
    try {
      await this.readLog();
    } catch (error) {
      if (this.signal?.aborted) throw error;
    }
  }

  /** Read every line not delivered yet, page by page; remembers the final `TASK ...` line when it comes. */
  private async readLog(): Promise<void> {
    const { logPageSize } = this.polling.options;
    for (;;) {
      const page = await this.polling.retrying(() => this.send(PveApi.taskLog(this.upid, this.delivered, logPageSize)));
      if (this.delivered === 0 && isEmptyLogPlaceholder(page.lines)) return;
      const fresh = page.lines.filter((line) => line.n > this.delivered).map((line): TaskLogLine => ({ n: line.n, text: line.t }));
      if (fresh.length === 0) return;
      this.deliver(fresh);
      const more = page.lines.length >= logPageSize || (page.total !== undefined && this.delivered < page.total);
      if (!more || this.endLine) return;
    }
  }

  /** Send one poll, noting when it went out (the schedule counts from there). */
  private send<A>(call: ApiCall<A>): Promise<A> {
    this.lastPollSentAt = this.polling.clock.now();
    return this.polling.client.request(call, { signal: this.signal });
  }

  private deliver(lines: TaskLogLine[]): void {
    this.delivered = lines[lines.length - 1].n;
    for (const line of lines) {
      if (WARNING_LINE.test(line.text)) this.warnings.push(line.text.replace(WARNING_LINE, ''));
      if (END_LINE.test(line.text)) this.endLine = line.text;
    }
    this.observer.onLog?.(lines);
  }

  /** From a final log line (`TASK OK`) or a status exitstatus (`OK`, `WARNINGS: 2`, error text). */
  private outcomeFrom(text: string): TaskOutcome {
    const exit = text.replace(/^TASK (ERROR: )?/, '');
    if (exit === 'OK') return { status: 'ok' };
    const warnings = /^WARNINGS: (\d+)$/.exec(exit);
    if (warnings) return { status: 'warnings', count: Number(warnings[1]), warnings: [...this.warnings] };
    return { status: 'error', message: exit };
  }

  private async pause(delayMs: number): Promise<void> {
    if (this.signal?.aborted) throw abortError(this.signal);
    await sleep(this.polling.clock, delayMs, this.signal);
  }
}
