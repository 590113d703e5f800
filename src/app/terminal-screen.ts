/**
 * The one place that creates the blessed screen (docs/architecture.md: only
 * widgets and this factory import blessed). It handles the terminal facts of
 * docs/toolchain notes: tmux/screen TERM fallbacks, NO_COLOR, refusing `dumb`,
 * and restoring the terminal on exit, crash and signals.
 */
import * as blessed from 'blessed';
import type { Readable, Writable } from 'node:stream';

export type Screen = blessed.Widgets.Screen;

export interface TerminalOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Fake streams for headless tests; the process' stdio otherwise. */
  readonly input?: Readable;
  readonly output?: Writable;
}

export class UnsupportedTerminalError extends Error {
  override readonly name = 'UnsupportedTerminalError';
}

/**
 * blessed cannot parse the extended ncurses entries of screen-256color and
 * tmux-256color: it falls back to 8 colours and prints a terminfo dump to
 * stderr. Both terminals speak xterm-256color, so use its bundled entry.
 */
export function terminalName(term: string | undefined): string | undefined {
  if (term === undefined || term === '') return undefined;
  return /^(screen|tmux)/.test(term) ? 'xterm-256color' : term;
}

export function createTerminalScreen(options: TerminalOptions): Screen {
  const term = options.env.TERM;
  if (term === 'dumb') {
    throw new UnsupportedTerminalError(
      'TERM=dumb cannot show a full-screen app: run it in a real terminal, or use --answers FILE --yes for scripts',
    );
  }
  return blessed.screen({
    input: options.input,
    output: options.output,
    terminal: terminalName(term),
    smartCSR: true,
    fullUnicode: true,
    autoPadding: true,
    warnings: false,
    title: 'pve-vm-tui',
    // Esc alone must close popups promptly, not wait for a possible escape sequence.
    ...({ resizeTimeout: 100, sendFocus: false, ignoreLocked: ['C-c'] } as object),
  } as blessed.Widgets.IScreenOptions);
}

/** True when colours should be dropped (https://no-color.org: set and not empty). */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export interface TerminalGuardHooks {
  /** Called once, after the terminal is restored, with what ended the app. */
  onFatal(reason: { kind: 'crash'; error: unknown } | { kind: 'signal'; signal: NodeJS.Signals }): void;
}

/**
 * Ctrl-C is a key in raw mode (the app asks before quitting), but SIGINT can
 * still come from outside (`kill -INT`, a supervisor): Node's default would
 * end the process with the terminal left raw, on the alternate screen,
 * cursor hidden.
 */
const FATAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'];

/**
 * Restore the terminal whatever ends the process: an uncaught exception or
 * rejection (then print it on the normal screen), SIGTERM, SIGHUP, SIGINT,
 * SIGQUIT. Returns a function that removes the guards (for tests and orderly
 * exits).
 */
export function guardTerminal(screen: Screen, hooks: TerminalGuardHooks): () => void {
  let done = false;
  const restore = (): void => {
    if (done) return;
    done = true;
    try {
      screen.destroy();
    } catch {
      // The terminal may already be gone (SIGHUP); nothing more to restore.
    }
  };
  const onCrash = (error: unknown): void => {
    restore();
    hooks.onFatal({ kind: 'crash', error });
  };
  const signalHandlers = FATAL_SIGNALS.map((signal) => {
    const handler = (): void => {
      restore();
      hooks.onFatal({ kind: 'signal', signal });
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restore);
  return () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', restore);
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  };
}
