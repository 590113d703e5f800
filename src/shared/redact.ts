/**
 * Scrubs secrets out of text before it reaches a log, a cassette, a snapshot or
 * an error message. Two layers: patterns for every secret shape Proxmox VE uses
 * (so a ticket we never saw is still caught), and the exact values the app
 * knows are secret (a password read from a file).
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Tickets, full and half-authenticated (PVE:!tfa!...), in cookies, bodies or JSON.
  [/PVE:[^\s"';&,]+/g, 'PVE:[redacted-ticket]'],
  [/(PVEAuthCookie=)[^\s"';&,]+/g, '$1[redacted]'],
  // API token header and bare token ids with their secret: keep the id, drop the secret.
  [/(PVEAPIToken[= ])([^\s=]+)=[^\s"',&]+/g, '$1$2=[redacted]'],
  [/([^\s="'@]+@[A-Za-z][A-Za-z0-9.\-_]*![A-Za-z][A-Za-z0-9.\-_]*)=[0-9a-fA-F-]{8,}/g, '$1=[redacted]'],
  // CSRF prevention token: 8 hex digits of time, a colon, base64 HMAC.
  [/\b[0-9A-F]{8}:[A-Za-z0-9+/]{16,}={0,2}/g, '[redacted-csrf]'],
  [/(CSRFPreventionToken["']?\s*[:=]\s*["']?)[^\s"',&]+/gi, '$1[redacted]'],
  // Passwords and TFA answers in form bodies and JSON.
  [/((?:^|[?&\s])(?:password|new-password|tfa-challenge|otp)=)[^&\s]*/gi, '$1[redacted]'],
  [/("(?:password|new-password|tfa-challenge|otp|secret|token|ticket)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"'],
];

const MIN_KNOWN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly known = new Set<string>();

  /** Remember a value that must never be shown (a password, a token secret). */
  addSecret(value: string): void {
    if (value.length >= MIN_KNOWN_SECRET_LENGTH) this.known.add(value);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.known) result = result.split(secret).join('[redacted]');
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  }
}

/** Pattern-only redaction for places without a Redactor instance. */
export function redactPatterns(text: string): string {
  return new Redactor().redact(text);
}
