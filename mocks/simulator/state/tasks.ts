/**
 * Worker tasks (qmcreate, qmstart, ...) with real UPIDs, a log that grows
 * while they run and an exit status at the end.
 *
 * Tasks use no timers: each has a plan of steps at points in its run time,
 * and `advance()` (called before every API answer and every inspection)
 * runs the steps whose time has come on the simulator clock. That makes task
 * progress follow an injected test clock, and leaves nothing to clean up.
 */

/** Thrown by a step to end the task with `TASK ERROR: <message>`. */
export class TaskFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskFailure';
  }
}

/** What a step may do to the task's log. */
export interface TaskLog {
  /** Append a log line. */
  line(text: string): void;
  /** Append a warning; the task then ends `TASK WARNINGS: <n>` instead of `TASK OK`. */
  warn(text: string): void;
}

/** One step of a task's plan. */
export interface TaskStep {
  /** When it runs, as a fraction (0..1) of the task's duration. */
  readonly at: number;
  readonly run: (log: TaskLog) => void;
}

/** What a new task is: its identity, duration and plan. */
export interface TaskSpec {
  readonly node: string;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly durationMs: number;
  readonly steps: readonly TaskStep[];
  /** Undo after a failed step (remove the half-created VM). */
  readonly onFailure?: (message: string) => void;
}

/** A task as the API reports it, with its log so far. */
export interface TaskRecord {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly lines: string[];
  /** Undefined while running; 'OK', 'WARNINGS: n' or the error message when stopped. */
  exitstatus?: string;
  endtime?: number;
}

interface RunningTask {
  readonly record: TaskRecord;
  readonly spec: TaskSpec;
  nextStep: number;
  warnings: number;
}

const hex8 = (value: number): string => value.toString(16).toUpperCase().padStart(8, '0');

/** The UPID of a task (pve-common PVE::UPID: upper-case hex, `%08X`). */
export function formatUpid(task: { node: string; pid: number; pstart: number; starttime: number; type: string; id: string; user: string }): string {
  return `UPID:${task.node}:${hex8(task.pid)}:${hex8(task.pstart)}:${hex8(task.starttime)}:${task.type}:${task.id}:${task.user}:`;
}

/** Starts tasks and runs their steps as the simulator clock passes them. */
export class TaskEngine {
  private readonly tasks: RunningTask[] = [];
  private nextPid = 0x2f00;

  constructor(
    private readonly clock: () => number,
    /** Node boot time, for the task's `pstart` (process start in clock ticks since boot). */
    private readonly bootMsOf: (node: string) => number,
  ) {}

  /** Start a task; its steps run as the clock passes their time. */
  start(spec: TaskSpec): TaskRecord {
    const now = this.clock();
    this.nextPid += 1 + (this.nextPid % 7);
    const pid = this.nextPid;
    const pstart = Math.max(1, Math.floor((now - this.bootMsOf(spec.node)) / 10)); // clock ticks (100 Hz) since boot
    const starttime = Math.floor(now / 1000);
    const record: TaskRecord = {
      upid: formatUpid({ node: spec.node, pid, pstart, starttime, type: spec.type, id: spec.id, user: spec.user }),
      node: spec.node,
      pid,
      pstart,
      starttime,
      type: spec.type,
      id: spec.id,
      user: spec.user,
      startedAtMs: now,
      durationMs: spec.durationMs,
      lines: [],
    };
    this.tasks.push({ record, spec, nextStep: 0, warnings: 0 });
    return record;
  }

  /** Run every step that is due, in start order, and finish tasks whose time is up. */
  advance(): void {
    const now = this.clock();
    for (const task of this.tasks) {
      if (task.record.exitstatus !== undefined) continue;
      this.advanceTask(task, now);
    }
  }

  /** Stop a running task as `DELETE .../tasks/{upid}` does: it ends with "interrupted by signal". */
  abort(upid: string): void {
    this.advance();
    const task = this.tasks.find((candidate) => candidate.record.upid === upid);
    if (!task || task.record.exitstatus !== undefined) return;
    const message = 'interrupted by signal';
    task.spec.onFailure?.(message);
    this.finish(task, this.clock(), message, `TASK ERROR: ${message}`);
  }

  /** A task by UPID, after advancing. */
  get(upid: string): TaskRecord | undefined {
    this.advance();
    return this.tasks.find((task) => task.record.upid === upid)?.record;
  }

  /** All tasks of a node (newest first), after advancing. */
  list(node?: string): TaskRecord[] {
    this.advance();
    return this.tasks
      .map((task) => task.record)
      .filter((record) => node === undefined || record.node === node)
      .reverse();
  }

  private advanceTask(task: RunningTask, now: number): void {
    const { record, spec } = task;
    const log: TaskLog = {
      line: (text) => record.lines.push(text),
      warn: (text) => {
        task.warnings += 1;
        record.lines.push(`WARN: ${text}`);
      },
    };
    const steps = [...spec.steps].sort((a, b) => a.at - b.at);
    while (task.nextStep < steps.length && record.startedAtMs + steps[task.nextStep].at * spec.durationMs <= now) {
      const step = steps[task.nextStep++];
      try {
        step.run(log);
      } catch (error) {
        if (!(error instanceof TaskFailure)) throw error;
        spec.onFailure?.(error.message);
        return this.finish(task, now, error.message, `TASK ERROR: ${error.message}`);
      }
    }
    if (task.nextStep >= steps.length && record.startedAtMs + spec.durationMs <= now) {
      const status = task.warnings > 0 ? `WARNINGS: ${task.warnings}` : 'OK';
      this.finish(task, now, status, `TASK ${status}`);
    }
  }

  private finish(task: RunningTask, now: number, exitstatus: string, lastLine: string): void {
    task.record.lines.push(lastLine);
    task.record.exitstatus = exitstatus;
    task.record.endtime = Math.floor(Math.min(now, task.record.startedAtMs + task.spec.durationMs) / 1000);
  }
}
