/**
 * Reading and writing answers files on disk (the format is the workflow's:
 * src/workflow/answers.ts). Used by the wizard (`--answers` pre-fills it,
 * "save answers" on Confirm, `--save-answers`) and by the unattended runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { UsageError } from '../config/usage-error';
import { formatIssues } from '../shared/decode';
import type { ConfigOverlay } from '../workflow/answers.codec';
import { decodeAnswers, toAnswers } from '../workflow/answers';
import type { VmConfig } from '../workflow/vm-config.codec';

/** An answers file that cannot be used: each line names the path and the rule. Exit code 2. */
export class AnswersFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`answers file ${file}: ${problems.join('; ')}`);
  }
}

/** Read and decode an answers file; throws AnswersFileError (exit 2) naming every problem. */
export function readAnswersFile(file: string): ConfigOverlay {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AnswersFileError(file, [code === 'ENOENT' ? 'no such file' : (error as Error).message]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AnswersFileError(file, [`not valid JSON (${(error as Error).message})`]);
  }
  const decoded = decodeAnswers(json);
  if (E.isLeft(decoded)) throw new AnswersFileError(file, formatIssues(decoded.left));
  return decoded.right;
}

/**
 * Write the complete answers file for `config` (it holds no secrets). Written
 * to a temporary file and renamed, so an interrupted save never leaves half a
 * file where a good one was.
 */
export function writeAnswersFile(file: string, config: VmConfig): void {
  const text = `${JSON.stringify(toAnswers(config), null, 2)}\n`;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text, { mode: 0o644 });
  fs.renameSync(temporary, file);
}
