/**
 * A mistake in how the tool was called: a flag, an env var, the config file,
 * a password file. Ends the process with exit code 2 and this one-line message,
 * which says what is wrong and what to do.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
