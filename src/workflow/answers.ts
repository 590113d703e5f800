/**
 * Reading and writing answers files (docs/cli.md): decode a file into the
 * overlay the wizard resolves, and write a config back as a complete file that
 * replays to the same requests.
 */
import * as E from 'fp-ts/Either';
import { decodeWith, type DecodeIssue } from '../shared/decode';
import { ANSWERS_VERSION, AnswersFile, type ConfigOverlay } from './answers.codec';
import type { VmConfig } from './vm-config.codec';

/**
 * The overlay an answers file asks for, or every problem with its path
 * (`disks[1].sizeGiB: expected a positive number`). A file without `version`
 * is read as version 1; a newer version is refused by name rather than
 * half-understood.
 */
export function decodeAnswers(input: unknown): E.Either<DecodeIssue[], ConfigOverlay> {
  const version = isObject(input) ? input.version : undefined;
  if (typeof version === 'number' && version > ANSWERS_VERSION) {
    return E.left([{ path: 'version', message: `expected ${ANSWERS_VERSION}: this file is version ${version}, written by a newer pve-vm-tui` }]);
  }
  return E.map(({ version: _version, ...overlay }: AnswersFile) => overlay)(decodeWith(AnswersFile, input));
}

function isObject(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * The complete answers file for a config: every key written, so replaying it
 * on the same cluster gives the same requests even if the defaults change.
 * (`vmidSource` is not written: a file that names a VM ID is a user's choice.)
 */
export function toAnswers(config: VmConfig): AnswersFile & { readonly version: typeof ANSWERS_VERSION } {
  const { vmidSource: _vmidSource, ...general } = config.general;
  return {
    version: ANSWERS_VERSION,
    general: { ...general, tags: [...general.tags], startup: { ...general.startup } },
    os: { ...config.os },
    system: { ...config.system },
    disks: config.disks.map((disk) => ({ ...disk })),
    cpu: { ...config.cpu },
    memory: { ...config.memory },
    network: { ...config.network },
    confirm: { ...config.confirm },
  };
}
