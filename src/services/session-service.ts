import { token } from '../shared/token';
import type { Secret } from '../shared/secret';
import type { Event } from '../shared/emitter';
import type { ServerVersion } from '../workflow/cluster-facts';

/** A login realm from `GET /access/domains`. */
export interface Realm {
  /** e.g. `pam`, `pve`, `ad-corp` */
  readonly id: string;
  /** Plugin type: `pam`, `pve`, `ad`, `ldap`, `openid`. */
  readonly type: string;
  readonly comment?: string;
  /** The realm the server marks as default. */
  readonly isDefault: boolean;
  /** A second factor the realm enforces for everyone (`oath` = TOTP, `yubico`). */
  readonly enforcedTfa?: 'oath' | 'yubico';
}

/** Which second factors the server's TFA challenge offers. */
export interface SecondFactorChallenge {
  readonly username: string;
  readonly totp: boolean;
  readonly recovery: boolean;
  readonly yubico: boolean;
  /** WebAuthn/U2F need a browser; shown so the user knows why they cannot be used here. */
  readonly webauthn: boolean;
  readonly u2f: boolean;
}

export type SecondFactorResponse =
  | { readonly kind: 'totp'; readonly code: string }
  | { readonly kind: 'recovery'; readonly code: string }
  | { readonly kind: 'yubico'; readonly code: string };

export interface SessionInfo {
  /** `user@realm`, or the token's user for token sessions. */
  readonly username: string;
  readonly authKind: 'ticket' | 'token';
  /** Token sessions: `user@realm!tokenid`. */
  readonly tokenId?: string;
  /** Cluster name when the user may see it (Sys.Audit). */
  readonly clusterName?: string;
  readonly serverVersion?: ServerVersion;
}

export type LoginOutcome =
  | { readonly kind: 'authenticated'; readonly session: SessionInfo }
  | { readonly kind: 'second-factor'; readonly challenge: SecondFactorChallenge };

export interface ServerEndpoint {
  /** `https://host:8006` (no `/api2/json`). */
  readonly url: string;
  readonly fingerprint?: string;
  readonly caFile?: string;
  readonly insecure: boolean;
}

/**
 * Signing in and staying signed in. Tickets are renewed in the background
 * before their 2-hour lifetime ends; when the server revokes the session
 * anyway, `onDidExpire` fires so the app can ask for the password again
 * without losing the wizard's state.
 */
export interface SessionService {
  /** The server the client talks to, if one is set. */
  readonly endpoint: ServerEndpoint | undefined;
  /** The signed-in session, if any. */
  readonly current: SessionInfo | undefined;
  /** Point the client at a server (the login screen's Server field, or the config). Sends nothing. */
  useEndpoint(endpoint: ServerEndpoint): void;
  /** Realms for the login screen (no authentication needed). */
  realms(): Promise<Realm[]>;
  /** First login step. `username` is `user@realm` or `user` with `realm`. */
  login(username: string, password: Secret, realm?: string): Promise<LoginOutcome>;
  /** Second step after `second-factor`. A wrong code rejects with an `auth` ProxmoxError; the challenge stays valid to try again. */
  completeSecondFactor(response: SecondFactorResponse): Promise<SessionInfo>;
  /** Use an API token; verified with one cheap read. */
  useToken(tokenId: string, secret: Secret): Promise<SessionInfo>;
  /** Fires when the server rejects the session (revoked or expired ticket). */
  readonly onDidExpire: Event<{ readonly endpoint: string }>;
  /** Forget the ticket and stop renewing. */
  logout(): void;
}
export const SessionService = token<SessionService>('SessionService');
