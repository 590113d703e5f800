/**
 * The cassette format and its secret handling, shared by the cassette builder
 * (mocks/cassettes/build-cassettes.ts), the recorder (scripts/record-cassettes.ts)
 * and the tests that replay them (nock.back lockdown).
 *
 * A cassette is nock.back's JSON: an array of nock definitions (scope, method,
 * path, body, status, response, reqheaders, badheaders), plus an `x-source`
 * note on where each answer came from. No secret is ever stored. Each one is
 * replaced by a placeholder when the cassette is written (`scrubCassette`):
 *
 * - passwords, TOTP codes, recovery keys, token secrets the client sent:
 *   numbered placeholders (`[password-1]`, `totp:[tfa-code-2]`, ...) that a
 *   replaying test swaps for its own test values (`replayHook`), so bodies and
 *   headers still have to match exactly (and a wrong code stays apart from
 *   the right one);
 * - tickets and CSRF tokens the server handed out: numbered placeholders
 *   (`PVE:root@pam:66A1B2C3::[ticket-1]`, `[csrf-1]`), the same number
 *   wherever the same secret appeared. The client echoes whatever the
 *   cassette's answer gave it, so replay still proves that the renewed ticket
 *   (not the old one) goes out after a renewal, and that the CSRF header goes
 *   with writes only. A replay may swap them for made-up realistic values
 *   (`IssuedSecrets`), so a test can look for them where they must not be.
 */
import { randomBytes } from 'node:crypto';
import { Redactor } from '../../src/shared/redact';

/** Where replayed requests go: `.invalid` can never resolve, so nothing leaks to a real host. */
export const CASSETTE_HOST = 'https://pve1.cassette.invalid:8006';

/** Kinds of secrets a client sends; each distinct value gets `[<kind>-<n>]`. */
export type SentSecretKind = 'password' | 'tfa-code' | 'recovery-key' | 'yubico-otp' | 'token-secret';

/** Matches any placeholder this file writes. */
const PLACEHOLDER_PATTERN = /\[(?:password|tfa-code|recovery-key|yubico-otp|token-secret|ticket|csrf|redacted)-\d+\]|\[redacted\]/;

/** One interaction, as nock.define reads it. */
export interface CassetteEntry {
  scope: string;
  method: string;
  path: string;
  body?: Record<string, string> | string;
  status: number;
  response?: unknown;
  rawHeaders?: string[] | Record<string, string>;
  reqheaders?: Record<string, string>;
  badheaders?: string[];
  /** Provenance of the answer: a fixture file, "schema: <endpoint>", or "recorded". */
  'x-source'?: string;
  [key: string]: unknown;
}

/** Request headers that authenticate; they are kept (scrubbed), every other request header is dropped. */
const AUTH_HEADERS = ['cookie', 'csrfpreventiontoken', 'authorization'] as const;

/** What the scrubber must know besides the shapes it finds on its own. */
export interface ScrubOptions {
  /** The real server's origin (`https://pve.example.org:8006`), replaced by CASSETTE_HOST. */
  readonly originalHost?: string;
  /** Values to remove wherever they appear (the recording's password, token secret). */
  readonly knownSecrets?: readonly string[];
}

/**
 * Replace every secret in `entries` with a placeholder (see the file comment),
 * keep only the authentication request headers, record which of them were
 * absent (`badheaders`, so replay also checks that absence), and finally run
 * the whole text through the Redactor as a safety net.
 */
export function scrubCassette(entries: readonly CassetteEntry[], options: ScrubOptions = {}): CassetteEntry[] {
  const numbering = new SecretNumbering();
  const scrubbed = entries.map((entry) => scrubEntry(entry, numbering, options));
  return safetyNet(scrubbed, options);
}

function scrubEntry(entry: CassetteEntry, numbering: SecretNumbering, options: ScrubOptions): CassetteEntry {
  // Answers first: the tickets they hand out are what later requests echo.
  const response = scrubResponse(entry.response, numbering);
  const result: CassetteEntry = {
    scope: options.originalHost ? entry.scope.replace(options.originalHost, CASSETTE_HOST) : entry.scope,
    method: entry.method.toUpperCase(),
    path: entry.path,
    status: entry.status,
    response,
  };
  const body = scrubBody(entry.body, numbering);
  if (body !== undefined) result.body = body;
  const headers = lowerCaseKeys(entry.reqheaders ?? {});
  const kept: Record<string, string> = {};
  for (const name of AUTH_HEADERS) if (headers[name] !== undefined) kept[name] = scrubHeader(name, headers[name], numbering);
  if (Object.keys(kept).length) result.reqheaders = kept;
  // What did not go out is part of the contract too (no CSRF token on reads, no cookie with a token).
  const absent = AUTH_HEADERS.filter((name) => kept[name] === undefined);
  if (absent.length) result.badheaders = [...new Set([...(entry.badheaders ?? []), ...absent])];
  if (entry['x-source']) result['x-source'] = entry['x-source'];
  return result;
}

function scrubResponse(response: unknown, numbering: SecretNumbering): unknown {
  if (typeof response === 'string') {
    try {
      return scrubResponse(JSON.parse(response), numbering);
    } catch {
      return response;
    }
  }
  return mapDeep(response, (key, value) => {
    if (typeof value !== 'string') return value;
    if (key === 'ticket') return numbering.ticket(value);
    if (key === 'CSRFPreventionToken') return numbering.csrf(value);
    return numbering.knownOrSame(value);
  });
}

/** Form bodies: stored as objects (readable, and nock compares them field by field); secret fields replaced. */
function scrubBody(body: CassetteEntry['body'], numbering: SecretNumbering): CassetteEntry['body'] {
  if (body === undefined || body === '') return undefined;
  const form = typeof body === 'string' ? parseForm(body) : body;
  if (!form) return body;
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) result[key] = scrubFormField(key, String(value), numbering);
  return result;
}

function scrubFormField(key: string, value: string, numbering: SecretNumbering): string {
  if (key === 'tfa-challenge') return numbering.ticket(value);
  if (key === 'otp') return numbering.sent('tfa-code', value);
  if (key !== 'password' && key !== 'new-password') return numbering.knownOrSame(value);
  if (numbering.isTicket(value) || value.startsWith('PVE:')) return numbering.ticket(value);
  const factor = /^(totp|recovery|yubico):(.*)$/.exec(value);
  if (factor) {
    const kinds = { totp: 'tfa-code', recovery: 'recovery-key', yubico: 'yubico-otp' } as const;
    return `${factor[1]}:${numbering.sent(kinds[factor[1] as keyof typeof kinds], factor[2])}`;
  }
  return numbering.sent('password', value);
}

function scrubHeader(name: (typeof AUTH_HEADERS)[number], value: string, numbering: SecretNumbering): string {
  if (name === 'csrfpreventiontoken') return numbering.csrf(value);
  if (name === 'authorization') {
    const token = /^(PVEAPIToken[= ][^=\s]+)=(.*)$/.exec(value);
    if (token) return `${token[1]}=${numbering.sent('token-secret', token[2])}`;
    const ticket = /^PVEAuthCookie=(.*)$/.exec(value);
    return ticket ? `PVEAuthCookie=${numbering.ticket(ticket[1])}` : '[redacted-1]';
  }
  const cookie = /PVEAuthCookie=([^;]+)/.exec(value);
  return cookie ? `PVEAuthCookie=${encodeURIComponent(numbering.ticket(decodeURIComponent(cookie[1])))}` : value;
}

/** Gives each distinct ticket and CSRF token its own numbered placeholder, in order of first appearance. */
class SecretNumbering {
  private readonly tickets = new Map<string, string>();
  private readonly csrfTokens = new Map<string, string>();
  private readonly sentSecrets = new Map<string, string>();
  private readonly sentCounts = new Map<SentSecretKind, number>();

  /** A secret the client sent: `[password-1]`, `[tfa-code-2]`, ... (same value, same placeholder). */
  sent(kind: SentSecretKind, value: string): string {
    if (PLACEHOLDER_PATTERN.test(value)) return value;
    const key = `${kind}\u0000${value}`;
    let placeholder = this.sentSecrets.get(key);
    if (!placeholder) {
      const n = (this.sentCounts.get(kind) ?? 0) + 1;
      this.sentCounts.set(kind, n);
      placeholder = `[${kind}-${n}]`;
      this.sentSecrets.set(key, placeholder);
    }
    return placeholder;
  }

  isTicket(value: string): boolean {
    return this.tickets.has(value);
  }

  /** `PVE:<user>:<hex time>::<signature>` keeps user and time (not secret), loses the signature; a TFA ticket keeps its challenge. */
  ticket(value: string): string {
    if (isPlaceholderTicket(value)) return value;
    let placeholder = this.tickets.get(value);
    if (!placeholder) {
      const n = this.tickets.size + 1;
      const match = /^(PVE:.+?:[0-9A-Fa-f]{8}::)/.exec(value);
      placeholder = match ? `${match[1]}[ticket-${n}]` : `[ticket-${n}]`;
      this.tickets.set(value, placeholder);
    }
    return placeholder;
  }

  csrf(value: string): string {
    if (/^(?:[0-9A-F]{8}:)?\[csrf-\d+\]$/.test(value)) return value;
    let placeholder = this.csrfTokens.get(value);
    if (!placeholder) {
      const time = /^([0-9A-F]{8}):/.exec(value)?.[1];
      placeholder = `${time ? `${time}:` : ''}[csrf-${this.csrfTokens.size + 1}]`;
      this.csrfTokens.set(value, placeholder);
    }
    return placeholder;
  }

  /** A ticket or CSRF token seen before, wherever else it turns up. */
  knownOrSame(value: string): string {
    return this.tickets.get(value) ?? this.csrfTokens.get(value) ?? value;
  }
}

function isPlaceholderTicket(value: string): boolean {
  return /\[ticket-\d+\]$/.test(value);
}

/** Last line of defence: known secrets and the real host name out, then the pattern Redactor over what is left. */
function safetyNet(entries: CassetteEntry[], options: ScrubOptions): CassetteEntry[] {
  const redactor = new Redactor();
  for (const secret of options.knownSecrets ?? []) redactor.addSecret(secret);
  let text = JSON.stringify(entries);
  if (options.originalHost) {
    const realHost = new URL(options.originalHost).hostname;
    text = text.split(realHost).join(new URL(CASSETTE_HOST).hostname);
  }
  for (const secret of options.knownSecrets ?? []) {
    if (secret.length >= 4) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  }
  // Placeholders look like nothing the Redactor knows, so anything it still changes was a secret the structure missed.
  return JSON.parse(redactLeftovers(text, redactor)) as CassetteEntry[];
}

function redactLeftovers(text: string, redactor: Redactor): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    if (PLACEHOLDER_PATTERN.test(inner) || PLACEHOLDER_PATTERN.test(safeDecode(inner))) return whole;
    const redacted = redactor.redact(inner);
    return redacted === inner ? whole : JSON.stringify(redacted);
  });
}

/** A ticket or CSRF placeholder, raw or URL-encoded (as in the cookie header). */
const ISSUED_PLACEHOLDER = /\[(ticket|csrf)-(\d+)\]|%5B(ticket|csrf)-(\d+)%5D/g;

/**
 * Made-up, realistic values for the ticket and CSRF placeholders of one
 * replay: a ticket signature is base64 of 256 random bytes (an RSA-2048
 * signature, as Proxmox signs tickets), a CSRF token's HMAC part 27 base64
 * characters. The same placeholder gets the same value wherever it appears,
 * URL-encoded where the placeholder was. New values each replay, so no test
 * can pass by knowing them.
 */
export class IssuedSecrets {
  private readonly values = new Map<string, string>();

  /** Every value handed out so far. */
  all(): string[] {
    return [...this.values.values()];
  }

  /** `text` with each ticket and CSRF placeholder replaced by its value. */
  restore(text: string): string {
    return text.replace(ISSUED_PLACEHOLDER, (whole, rawKind?: string, rawN?: string, encodedKind?: string, encodedN?: string) => {
      const value = this.valueFor(`${rawKind ?? encodedKind}-${rawN ?? encodedN}`);
      return rawKind ? value : encodeURIComponent(value);
    });
  }

  private valueFor(key: string): string {
    let value = this.values.get(key);
    if (!value) {
      value = key.startsWith('ticket') ? randomBytes(256).toString('base64') : randomBytes(20).toString('base64').replace(/=+$/, '');
      this.values.set(key, value);
    }
    return value;
  }
}

/**
 * The `before` hook for nock.back: swaps placeholders (`[password-1]`) for the
 * test's own values, so a replayed login must send exactly the password the
 * test gave the client (form fields and the token header alike). With
 * `issued`, the ticket and CSRF placeholders become realistic values too, in
 * the answers that hand them out and in the requests that must echo them.
 */
export function replayHook(values: Readonly<Record<string, string>> = {}, issued?: IssuedSecrets): (entry: CassetteEntry) => void {
  const pairs = Object.entries(values);
  const restore = (text: string): string => {
    const restored = pairs.reduce((result, [placeholder, value]) => result.split(placeholder).join(value), text);
    return issued ? issued.restore(restored) : restored;
  };
  return (entry) => {
    if (entry.body && typeof entry.body === 'object') {
      entry.body = Object.fromEntries(Object.entries(entry.body).map(([key, value]) => [key, restore(value)]));
    }
    if (entry.reqheaders) {
      entry.reqheaders = Object.fromEntries(Object.entries(entry.reqheaders).map(([key, value]) => [key, restore(value)]));
    }
    if (issued && entry.response !== undefined) {
      entry.response = mapDeep(entry.response, (_key, value) => (typeof value === 'string' ? issued.restore(value) : value));
    }
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseForm(body: string): Record<string, string> | undefined {
  if (!/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(body)) return undefined;
  return Object.fromEntries(new URLSearchParams(body));
}

function lowerCaseKeys(headers: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join('; ') : String(value)]));
}

function mapDeep(value: unknown, map: (key: string, value: unknown) => unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, map, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, mapDeep(child, map, childKey)]));
  }
  return map(key, value);
}
