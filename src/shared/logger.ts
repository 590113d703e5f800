import * as fs from 'node:fs';
import { token } from './token';
import { Redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The debug log behind `--log-file`. Every line passes the redactor first. */
export interface Logger {
  /** Detail for diagnosing problems: requests, timings, decisions. */
  debug(message: string, details?: unknown): void;
  /** Milestones: logged in, VM created. */
  info(message: string, details?: unknown): void;
  /** Something went wrong but the app carries on. */
  warn(message: string, details?: unknown): void;
  /** Something failed; details should hold the error. */
  error(message: string, details?: unknown): void;
}
export const Logger = token<Logger>('Logger');

/** Used when no `--log-file` is given. */
export class NullLogger implements Logger {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}

/**
 * Appends redacted lines to a file created with mode 0600. Writes are
 * synchronous so the last lines before a crash are on disk.
 */
export class FileLogger implements Logger {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fd = fs.openSync(path, 'a', 0o600);
  }

  debug(message: string, details?: unknown): void {
    this.write('debug', message, details);
  }
  info(message: string, details?: unknown): void {
    this.write('info', message, details);
  }
  warn(message: string, details?: unknown): void {
    this.write('warn', message, details);
  }
  error(message: string, details?: unknown): void {
    this.write('error', message, details);
  }

  private write(level: LogLevel, message: string, details: unknown): void {
    const suffix = details === undefined ? '' : ` ${formatDetails(details)}`;
    const line = `${this.now().toISOString()} ${level.padEnd(5)} ${message}${suffix}`;
    fs.writeSync(this.fd, `${this.redactor.redact(line)}\n`);
  }
}

function formatDetails(details: unknown): string {
  if (details instanceof Error) return details.stack ?? `${details.name}: ${details.message}`;
  if (typeof details === 'string') return details;
  try {
    return JSON.stringify(details);
  } catch {
    return String(details);
  }
}
