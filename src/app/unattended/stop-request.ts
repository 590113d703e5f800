/**
 * Ctrl-C during an unattended run. Before the first write the run ends at
 * once; once writing, it stops before the next step, so a VM is never left
 * half-configured without the user being told what was done. A second Ctrl-C
 * gives up waiting and ends the process the default way.
 */
import type { Disposable } from '../../shared/emitter';

/** Signals that ask the run to stop. SIGHUP: the SSH session went away. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The run's stop switch. */
export interface StopRequest extends Disposable {
  /** Aborts when the user asked to stop. */
  readonly signal: AbortSignal;
  /** Say "stopping after the current step" on the first stop request (set once writing has begun). */
  announceGracefulStop(say: (line: string) => void): void;
}

/**
 * Watches the process' stop signals and `external` (tests, or a caller that
 * cancels as Ctrl-C would). Dispose removes the handlers again.
 */
export function watchForStop(external: AbortSignal | undefined): StopRequest {
  const controller = new AbortController();
  let announce: ((line: string) => void) | undefined;
  const stop = (): void => {
    if (controller.signal.aborted) return;
    announce?.('Stopping after the current step (press Ctrl-C again to quit at once; the step still running may complete on the server).');
    controller.abort();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) return stop();
    // Second request: stop handling signals and let this one end the process as it normally would.
    dispose();
    process.kill(process.pid, signal);
  };
  const dispose = (): void => {
    for (const name of STOP_SIGNALS) process.off(name, onSignal);
    external?.removeEventListener('abort', stop);
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  if (external?.aborted) stop();
  else external?.addEventListener('abort', stop);
  return {
    signal: controller.signal,
    announceGracefulStop: (say) => (announce = say),
    dispose,
  };
}

/** `promise`, or an AbortError as soon as `signal` aborts (for reads that need not finish). */
export function unlessStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // Nobody waits for it any more; its failure must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function abortError(): Error {
  return Object.assign(new Error('stopped by the user'), { name: 'AbortError' });
}
