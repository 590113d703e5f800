/**
 * How an unattended run ends early: an exit code of the contract (docs/cli.md)
 * and the one or two lines that say what failed and what to do. Every stage
 * of the runner throws one of these; runUnattended prints it and returns the
 * code, so no stage prints errors or picks exit codes on its own.
 */
import { UsageError } from '../../config/usage-error';
import { ExitCode } from '../../shared/exit-codes';
import { isProxmoxError } from '../../shared/proxmox-error';

/** The reassurance every failure before the first write ends with. */
export const NOTHING_CHANGED = 'Nothing was changed on the cluster.';

/** An early end of the run: the exit code and the lines for stderr (the first gets the program prefix). */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';

  constructor(
    readonly exitCode: ExitCode,
    readonly lines: readonly string[],
  ) {
    super(lines.join(' '));
  }
}

/** The user stopped the run (Ctrl-C, SIGTERM, an aborted signal) before anything was written. */
export function cancelledBeforeWrite(): RunFailure {
  return new RunFailure(ExitCode.Cancelled, ['cancelled.', NOTHING_CHANGED]);
}

/** True for the AbortError a cancelled request or wait rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * An error from signing in or reading the cluster: exit 3 (nothing was
 * written yet). ProxmoxError messages already say what failed and what to
 * do; anything else is a bug and is rethrown for main to report.
 */
export function beforeWriteFailure(error: unknown): RunFailure {
  if (error instanceof RunFailure) return error;
  if (isAbortError(error)) return cancelledBeforeWrite();
  if (error instanceof UsageError) return new RunFailure(ExitCode.Usage, [error.message]);
  if (isProxmoxError(error)) return new RunFailure(ExitCode.BeforeWrite, [error.message, NOTHING_CHANGED]);
  throw error;
}
