/**
 * What the step screens need from the program (the config, the command line,
 * the file system) behind small interfaces, so src/screens depends on none of
 * them: src/container.ts binds these tokens from the resolved config.
 */
import { token } from '../shared/token';
import type { Secret } from '../shared/secret';
import type { ConfigOverlay } from '../workflow/answers.codec';
import type { VmConfig } from '../workflow/vm-config.codec';

/** What the Login step starts with. */
export interface LoginSetup {
  /** No server is configured (no --host, profile or env): the Login step asks for its URL. */
  readonly askServer: boolean;
  /** The user to pre-fill, `user@realm` (--user, PROXMOX_VE_USERNAME, --demo). */
  readonly user?: string;
  /** The password to pre-fill (--password-file, PROXMOX_VE_PASSWORD, --demo). */
  readonly password?: Secret;
  /** An API token (--token): the Login step signs in with it and moves on. */
  readonly token?: { readonly tokenId: string; readonly secret: Secret };
  /** Remember a password typed into the app, so the debug log never shows it. */
  rememberSecret(value: string): void;
}
export const LoginSetup = token<LoginSetup>('LoginSetup');

/** Where answers files are written ("Save answers" on Confirm, --save-answers). */
export interface AnswersSink {
  /** --save-answers FILE: "Save answers" writes there without asking, and creating a VM saves it too. */
  readonly defaultPath?: string;
  /** Write the answers file for `config`; throws an Error whose message the screen shows. */
  save(path: string, config: VmConfig): void;
  /** Whether something is at `path` already ("Save answers" asks before replacing it). */
  exists(path: string): boolean;
}
export const AnswersSink = token<AnswersSink>('AnswersSink');

/** How this run of the wizard starts. */
export interface WizardStart {
  /** The answers file (--answers without --yes): every step shows its values, defaults for the rest. */
  readonly answers?: ConfigOverlay;
}
export const WizardStart = token<WizardStart>('WizardStart');
