import type { Secret } from '../../shared/secret';

/** A full ticket session: what every authenticated request and the renewal need. */
export interface TicketCredentials {
  readonly kind: 'ticket';
  /** `user@realm` as the server spelled it in the ticket answer. */
  readonly username: string;
  readonly ticket: Secret;
  readonly csrfToken: Secret;
  readonly clusterName?: string;
  /** Local time the ticket arrived; renewal is timed from here (not the server's clock, which may be skewed). */
  readonly obtainedAt: number;
}

export interface TokenCredentials {
  readonly kind: 'token';
  /** `USER@REALM!TOKENID` */
  readonly tokenId: string;
  readonly secret: Secret;
}

export type Credentials = { readonly kind: 'none' } | TicketCredentials | TokenCredentials;

/**
 * Headers that authenticate one request (pve-http-server AnyEvent.pm):
 * tickets go in the `PVEAuthCookie` cookie, plus `CSRFPreventionToken` on
 * every write (the server refuses a ticket-authenticated non-GET without it);
 * API tokens go in `Authorization: PVEAPIToken=...` and need no CSRF token.
 */
export function authHeaders(credentials: Credentials, method: string): Record<string, string> {
  if (credentials.kind === 'ticket') {
    // URI-escaped like the web UI's cookie; the server uri_unescapes it.
    const headers: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(credentials.ticket.reveal())}` };
    if (method !== 'GET') headers.CSRFPreventionToken = credentials.csrfToken.reveal();
    return headers;
  }
  if (credentials.kind === 'token') {
    return { Authorization: `PVEAPIToken=${credentials.tokenId}=${credentials.secret.reveal()}` };
  }
  return {};
}

/** The user part of a token ID: `root@pam!ci` -> `root@pam`. */
export function tokenUser(tokenId: string): string {
  const bang = tokenId.indexOf('!');
  return bang < 0 ? tokenId : tokenId.slice(0, bang);
}
