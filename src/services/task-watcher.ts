import { token } from '../shared/token';

/** One line of a task log (`GET .../tasks/{upid}/log`). */
export interface TaskLogLine {
  /** Line number, from 1. */
  readonly n: number;
  readonly text: string;
}

export type TaskOutcome =
  | { readonly status: 'ok' }
  /** Finished, but Proxmox logged warnings (e.g. a start failure inside a create task). */
  | { readonly status: 'warnings'; readonly count: number; readonly warnings: readonly string[] }
  /** Failed; `message` is the task's exit status (`unable to create VM 123 - ...`). */
  | { readonly status: 'error'; readonly message: string };

export interface TaskObserver {
  /** New log lines, in order, each delivered once. */
  onLog?(lines: readonly TaskLogLine[]): void;
  /** Running/stopped changes. */
  onStatus?(status: 'running' | 'stopped'): void;
}

/**
 * Follows a Proxmox task (UPID) to its end: polls
 * `/nodes/{node}/tasks/{upid}/status` with backoff, streams the log, and
 * resolves with the outcome. Network errors while polling are retried a few
 * times before rejecting; `signal` stops watching (the task keeps running).
 */
export interface TaskWatcher {
  watch(upid: string, observer?: TaskObserver, signal?: AbortSignal): Promise<TaskOutcome>;
}
export const TaskWatcher = token<TaskWatcher>('TaskWatcher');
