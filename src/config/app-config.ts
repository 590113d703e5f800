import { token } from '../shared/token';
import type { Secret } from '../shared/secret';

/** Where the app connects. `demo` starts the built-in simulated cluster. */
export type ServerTarget =
  | { readonly kind: 'demo' }
  | { readonly kind: 'remote'; readonly url: string }
  /** No server configured: the login screen asks for one; `--yes` refuses. */
  | { readonly kind: 'unset' };

export interface TlsOptions {
  /** SHA-256 of the server certificate, `AA:BB:...` upper case, when pinned. */
  readonly fingerprint?: string;
  /** Extra CA bundle (PEM) to trust besides the CA roots bundled with Node.js. */
  readonly caFile?: string;
  /** Skip verification entirely. Explicit, and warned about on every start. */
  readonly insecure: boolean;
}

export type Credentials =
  | {
      readonly kind: 'token';
      /** `USER@REALM!TOKENID` */
      readonly tokenId: string;
      readonly secret: Secret;
    }
  | {
      readonly kind: 'password';
      /** `USER@REALM`, pre-fills the login screen when given. */
      readonly user?: string;
      /** From `--password-file`, `PROXMOX_VE_PASSWORD` or a 0600 profile. */
      readonly password?: Secret;
    };

export type OutputFormat = 'text' | 'json';

export interface WizardOptions {
  readonly answersFile?: string;
  /** No UI: validate, create and print the result. Needs `answersFile`. */
  readonly yes: boolean;
  /** Never write: print the request sequence that would be sent. */
  readonly dryRun: boolean;
  readonly saveAnswersFile?: string;
  readonly output: OutputFormat;
}

export type SettingSource = 'flag' | 'env' | 'profile' | 'default';

/** Everything the command line, env vars and config file decided, resolved once at start. */
export interface AppConfig {
  readonly server: ServerTarget;
  readonly tls: TlsOptions;
  readonly credentials: Credentials;
  readonly wizard: WizardOptions;
  readonly logFile?: string;
  /** The config file profile in use, if any. */
  readonly profile?: string;
  /** Where each connection setting came from (for the debug log). */
  readonly sources: Readonly<Record<string, SettingSource>>;
  /** Things the user should know at start (e.g. `--insecure`). */
  readonly warnings: readonly string[];
}
export const AppConfig = token<AppConfig>('AppConfig');
