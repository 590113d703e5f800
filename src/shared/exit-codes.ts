/** Process exit codes of the user-facing contract (docs/cli.md). Scripts rely on them. */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** The create request or its task failed (nothing left behind, or what was left is named). */
  CreateFailed: 1,
  /** Usage, answers-file or validation error; nothing was sent. */
  Usage: 2,
  /** Failed before the first write: connection, TLS, authentication, or reading the cluster's data. */
  BeforeWrite: 3,
  /** Partial success: the VM exists, a post-create step failed. */
  Partial: 4,
  /** Cancelled by the user (Ctrl-C). */
  Cancelled: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
