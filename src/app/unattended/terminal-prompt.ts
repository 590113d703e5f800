/**
 * Asking the person at the terminal for a missing password or a second-factor
 * code during an unattended run. Only when stdin is a terminal: in a pipe or
 * under cron there is nobody to answer, and the runner fails with what to
 * configure instead of waiting forever.
 */
import type { Readable, Writable } from 'node:stream';
import { ExitCode } from '../../shared/exit-codes';
import { cancelledBeforeWrite as cancelled, NOTHING_CHANGED, RunFailure } from './run-failure';

/** stdin as a terminal may be: `isTTY` and raw mode are there only on a TTY. */
export type TerminalInput = Readable & { readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown };

/** Reads answers from the person at the terminal; questions go to stderr so stdout stays the result. */
export interface TerminalPrompt {
  /** One line as typed, without its line end. `hidden`: nothing is echoed (passwords). */
  ask(question: string, options?: { readonly hidden?: boolean }): Promise<string>;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
/** Backspace and Delete: terminals send either for the key above Enter. */
const ERASE = new Set(['\u0008', '\u007f']);

/**
 * A prompt on this terminal, or undefined when stdin is not a terminal (nobody
 * can answer). `signal` (Ctrl-C as a signal, in line mode) ends a pending question.
 */
export function terminalPrompt(input: TerminalInput, output: Writable, signal?: AbortSignal): TerminalPrompt | undefined {
  if (!input.isTTY) return undefined;
  return { ask: (question, options) => askLine(input, output, question, options?.hidden ?? false, signal) };
}

/**
 * Reads one line. Hidden input switches the terminal to raw mode, so the
 * characters are not echoed and Ctrl-C arrives as a byte, not a signal: it
 * cancels the run (exit 130) the same way.
 */
function askLine(input: TerminalInput, output: Writable, question: string, hidden: boolean, signal: AbortSignal | undefined): Promise<string> {
  if (signal?.aborted) return Promise.reject(cancelled());
  output.write(question);
  const raw = hidden && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode?.(true);
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      signal?.removeEventListener('abort', onAbort);
      if (raw) input.setRawMode?.(false);
      // Let the process exit: a paused stdin holds no reference to the event loop.
      input.pause();
      if (hidden) output.write('\n');
      outcome();
    };
    const onEnd = (): void => finish(() => reject(new RunFailure(ExitCode.Usage, ['the terminal closed before an answer was given.', NOTHING_CHANGED])));
    const onData = (chunk: Buffer | string): void => {
      for (const character of chunk.toString()) {
        if (character === CTRL_C) return onAbort();
        if (character === CTRL_D && typed === '') return onEnd();
        if (character === '\r' || character === '\n') return finish(() => resolve(typed));
        if (ERASE.has(character)) typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    const onAbort = (): void => finish(() => reject(cancelled()));
    input.on('data', onData);
    input.on('end', onEnd);
    signal?.addEventListener('abort', onAbort);
    input.resume();
  });
}
