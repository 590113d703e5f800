import { token } from '../shared/token';
import type { Disposable } from '../shared/emitter';

/**
 * Time as the client and the services see it. Ticket renewal and task polling
 * wait minutes or seconds; tests drive them with a manual clock instead of
 * waiting (mocks/fakes/manual-clock.ts), so no test sleeps.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Run `callback` once after `delayMs`; the returned Disposable cancels it. Never keeps the process alive. */
  schedule(delayMs: number, callback: () => void): Disposable;
}
export const Clock = token<Clock>('Clock');

/** The real clock. Timers are unref'd: a pending renewal or poll must not keep the CLI from exiting. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { dispose: () => clearTimeout(timer) };
  },
};

/**
 * Resolves after `delayMs` on `clock`, or rejects with the signal's AbortError
 * as soon as `signal` aborts (the timer is cancelled either way).
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      timer.dispose();
      reject(abortError(signal));
    };
    const timer = clock.schedule(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an aborted operation rejects with: the signal's reason if it is an Error, else a DOMException named AbortError. */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** True for the error an aborted operation rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
