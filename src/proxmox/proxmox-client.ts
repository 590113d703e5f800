import type * as t from 'io-ts';
import { token } from '../shared/token';
import type { Event } from '../shared/emitter';
import type { Secret } from '../shared/secret';
import type { ProxmoxEndpoint } from './connection-options';
import type { SecondFactors } from './auth/tfa-challenge';

/** A form or query value; Secrets are revealed only when the body is encoded. */
export type WireValue = string | number | Secret;

/** One API request, described as data (built by `PveApi` in api-calls.ts). */
export interface ApiCall<A> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/api2/json`, path segments already encoded (`/nodes/pve1/tasks/UPID%3A...`). */
  readonly path: string;
  /**
   * How messages name the request when `METHOD path` is not for people: a
   * task's URL-encoded UPID is 90 characters that only push the reason out
   * of view (`GET /nodes/pve1/tasks/{qmcreate 106}/status`). The debug log keeps the path.
   */
  readonly shownAs?: string;
  readonly query?: Readonly<Record<string, string | number>>;
  /** Sent form-encoded, as the web UI sends it. */
  readonly form?: Readonly<Record<string, WireValue>>;
  /** Decodes the whole body (envelope included); see codecs/lenient.ts `dataOf`. */
  readonly codec: t.Type<A, unknown, unknown>;
  /** Sent without credentials (`GET /access/domains`, `POST /access/ticket`). */
  readonly anonymous?: boolean;
  /** A task poll: uses the shorter poll timeout. */
  readonly poll?: boolean;
}

export interface CallOptions {
  /** Abort the request; it then rejects with an AbortError, not a ProxmoxError. */
  readonly signal?: AbortSignal;
}

/** Who the client is signed in as. */
export type Authentication =
  | { readonly kind: 'none' }
  | { readonly kind: 'ticket'; readonly username: string; readonly clusterName?: string }
  | { readonly kind: 'token'; readonly username: string; readonly tokenId: string };

export type PasswordSignIn =
  | { readonly kind: 'signed-in'; readonly username: string; readonly clusterName?: string }
  | { readonly kind: 'second-factor'; readonly username: string; readonly factors: SecondFactors };

/**
 * The one door to a Proxmox VE server: HTTP on /api2/json with TLS as
 * configured, the three ways to authenticate, ticket renewal, and error
 * translation. Every failure is a ProxmoxError (src/shared/proxmox-error.ts),
 * except an aborted call, which rejects with an AbortError.
 */
export interface ProxmoxClient {
  /** The server requests go to, once set. */
  readonly endpoint: ProxmoxEndpoint | undefined;
  /** Current credentials (never the secrets themselves). */
  readonly authentication: Authentication;
  /** Fires when the server rejects a ticket session (expired, revoked), its renewal is refused, or the ticket outlives its two hours because every renewal failed. */
  readonly onSessionRejected: Event<{ readonly endpoint: string }>;
  /** Point at a server; sends nothing. Switching servers signs out. */
  connect(endpoint: ProxmoxEndpoint): void;
  /** Send a call and decode its answer; renews the ticket first when it is due (`signal` also stops waiting for that renewal). */
  request<A>(call: ApiCall<A>, options?: CallOptions): Promise<A>;
  /** `POST /access/ticket` with user and password; may ask for a second factor. */
  signIn(username: string, password: Secret): Promise<PasswordSignIn>;
  /** Answer the pending TFA challenge (`totp:123456`, `recovery:KEY`, `yubico:OTP`); a wrong code keeps it pending. */
  answerSecondFactor(answer: Secret): Promise<Extract<PasswordSignIn, { kind: 'signed-in' }>>;
  /** Authenticate every request with `PVEAPIToken=USER@REALM!TOKENID=SECRET` (no ticket, no CSRF). */
  useApiToken(tokenId: string, secret: Secret): void;
  /** Forget credentials and any pending challenge; stop renewing. */
  signOut(): void;
  /** Sign out and close pooled connections. */
  dispose(): void;
}
export const ProxmoxClient = token<ProxmoxClient>('ProxmoxClient');
