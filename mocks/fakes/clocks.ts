/**
 * Clocks for tests of code that waits (ticket renewal, task polling): time is
 * virtual, so a two-hour session or a minute of polling runs in milliseconds
 * and no test sleeps.
 */
import type { Disposable } from '../../src/shared/emitter';
import type { Clock } from '../../src/proxmox/clock';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** Time moves only when the test calls `advance`; due timers then fire in order. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void): Disposable {
    const timer: Timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.add(timer);
    return { dispose: () => this.timers.delete(timer) };
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way (including ones they schedule). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.timers.delete(next);
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }

  /** Move time forward without firing anything: timers run late, as on a laptop that was asleep. */
  jump(ms: number): void {
    this.time += ms;
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  private nextDue(end: number): Timer | undefined {
    let first: Timer | undefined;
    for (const timer of this.timers) {
      if (timer.at <= end && (!first || timer.at < first.at || (timer.at === first.at && timer.seq < first.seq))) first = timer;
    }
    return first;
  }
}

/**
 * Every wait ends at once (on the next turn of the event loop) and moves the
 * virtual time by its length; `waits` records them, so a test can check a
 * backoff schedule without timing anything.
 */
export class FastForwardClock implements Clock {
  private time: number;
  readonly waits: number[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void): Disposable {
    let cancelled = false;
    this.waits.push(delayMs);
    setImmediate(() => {
      if (cancelled) return;
      this.time += delayMs;
      callback();
    });
    return { dispose: () => (cancelled = true) };
  }
}
