import type { Container } from 'inversify';
import type { Readable, Writable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { ExitCode } from '../shared/exit-codes';
import { Logger } from '../shared/logger';
import { type ScreenController, WizardScreens } from '../screens/screen-controller';
import { AppShell } from './app-shell';
import { PlaceholderScreen } from './placeholder-screen';
import { createTerminalScreen, guardTerminal, noColorRequested, UnsupportedTerminalError } from './terminal-screen';

/** The process' streams and environment. */
export interface InteractiveIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Exit code of a crash (an internal error; bin.ts uses the same). */
const CRASH_EXIT_CODE = 70;

/** A running interactive session (the UI test driver uses the shell directly). */
export interface InteractiveSession {
  /** The shell, for tests and tools that inspect the running app. */
  readonly shell: AppShell;
  /** Resolves with the exit code once the app has ended and the terminal is restored. */
  readonly exited: Promise<number>;
}

/** Options for tests and tools; the program uses the defaults. */
export interface InteractiveOptions {
  /** Spinners move (default true; tests turn them off for stable snapshots). */
  readonly animations?: boolean;
}

/**
 * Runs the full-screen wizard until the user quits; resolves with the exit
 * code. The steps come from the container (`WizardScreens`, bound by the
 * screens module); without them a placeholder step is shown. The terminal is
 * restored on every way out: quit, a crash (the error is printed after the
 * restore), SIGTERM, SIGHUP, SIGQUIT.
 */
export function runInteractive(container: Container, io: InteractiveIo): Promise<number> {
  const session = startInteractive(container, io);
  return typeof session === 'number' ? Promise.resolve(session) : session.exited;
}

/**
 * Starts the wizard and returns at once with the running session, or with an
 * exit code when the terminal cannot show it (TERM=dumb).
 */
export function startInteractive(container: Container, io: InteractiveIo, options: InteractiveOptions = {}): InteractiveSession | number {
  const config = container.get<AppConfig>(AppConfig);
  const logger = container.isBound(Logger) ? container.get<Logger>(Logger) : undefined;
  let screen;
  try {
    screen = createTerminalScreen({ env: io.env, input: io.stdin, output: io.stdout });
  } catch (error) {
    if (error instanceof UnsupportedTerminalError) {
      io.stderr.write(`pve-vm-tui: ${error.message}\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
  const terminal = screen;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  // Filled in once built: a crash while building must still restore the terminal.
  const running: { shell?: AppShell } = {};
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    unguard();
    try {
      running.shell?.dispose();
    } finally {
      terminal.destroy();
    }
    resolveExit(code);
  };
  const unguard = guardTerminal(terminal, {
    onFatal: (reason) => {
      if (reason.kind === 'crash') {
        logger?.error('crashed', reason.error);
        io.stderr.write(`pve-vm-tui: crashed: ${describe(reason.error)}\n`);
        if (!config.logFile) io.stderr.write('pve-vm-tui: run with --log-file PATH for the details\n');
        finish(CRASH_EXIT_CODE);
      } else {
        logger?.info('ended by signal', { signal: reason.signal });
        finish(128 + signalNumber(reason.signal));
      }
    },
  });
  try {
    const shell = new AppShell({
      screen: terminal,
      steps: wizardSteps(container, config),
      monochrome: noColorRequested(io.env),
      animations: options.animations,
      session: { cluster: clusterName(config) },
      onExit: (code) => finish(code),
    });
    running.shell = shell;
    shell.start();
    scheduleTestCrash(io.env);
    return { shell, exited };
  } catch (error) {
    // A step that fails to build: restore the terminal, then let main report it.
    finished = true;
    unguard();
    terminal.destroy();
    throw error;
  }
}

/**
 * Test-only (docs/reliability.md): with PVE_VM_TUI_TEST_CRASH_AFTER_MS=N the
 * app throws an uncaught exception from a timer N ms after its first frame,
 * so the end-to-end test can check that a crash restores the terminal and
 * exits with 70. Nothing is scheduled without the variable; it is not a
 * user setting and is not in --help.
 */
function scheduleTestCrash(env: NodeJS.ProcessEnv): void {
  const delayMs = Number(env.PVE_VM_TUI_TEST_CRASH_AFTER_MS);
  if (!env.PVE_VM_TUI_TEST_CRASH_AFTER_MS || !Number.isFinite(delayMs) || delayMs < 0) return;
  setTimeout(() => {
    throw new Error(`test crash after ${delayMs} ms (PVE_VM_TUI_TEST_CRASH_AFTER_MS)`);
  }, delayMs);
}

/** The registered steps, or the placeholder when the screens module is not loaded. */
function wizardSteps(container: Container, config: AppConfig): readonly ScreenController[] {
  if (container.isBound(WizardScreens)) return container.get<readonly ScreenController[]>(WizardScreens);
  return [new PlaceholderScreen(serverDescription(config))];
}

function serverDescription(config: AppConfig): string {
  if (config.server.kind === 'remote') return config.server.url;
  return config.server.kind === 'demo' ? 'the simulated cluster (--demo)' : 'none configured (--host URL)';
}

/** The header's cluster before login: the host name of the endpoint. */
function clusterName(config: AppConfig): string | undefined {
  if (config.server.kind === 'demo') return 'demo cluster';
  if (config.server.kind !== 'remote') return undefined;
  try {
    return new URL(config.server.url).hostname;
  } catch {
    return config.server.url;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 }[signal as string] ?? 0;
}
