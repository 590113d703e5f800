import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never reach logs, snapshots, error messages or files.
 * Printing, string interpolation, JSON and util.inspect all show `[redacted]`;
 * only `reveal()` gives the value, so every use of the secret is greppable.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself, for the one place that must send it (an HTTP header or body). */
  reveal(): string {
    return this.#value;
  }

  /** True for an empty secret (e.g. an empty password file). */
  isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
