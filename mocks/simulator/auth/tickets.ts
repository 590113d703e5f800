/**
 * Tickets and CSRF prevention tokens in Proxmox's formats (pve-common
 * PVE::Ticket): `PVE:<user>:<8 hex time>::<base64 signature>` and
 * `<8 hex time>:<base64 HMAC>`, checked for signature and age like the real
 * server. Real tickets carry an RSA signature; an RSA key would cost start-up
 * time, so the signature is an HMAC chain of the same length (256 bytes).
 */
import * as crypto from 'node:crypto';

/** PVE's grace period for clock skew ($auth_graceperiod, 5 minutes). */
const GRACE_SECONDS = 300;

const hex8 = (seconds: number): string => seconds.toString(16).toUpperCase().padStart(8, '0');

/** What a valid full ticket says. */
export interface TicketContent {
  readonly userid: string;
  readonly ageSeconds: number;
}

/** Issues and verifies tickets and CSRF tokens with keys made at start. */
export class TicketAuthority {
  private readonly ticketKey = crypto.randomBytes(32);
  private readonly csrfKey = crypto.randomBytes(32);
  /** Every ticket (TFA ones too) and CSRF token handed out, for tests that look for them where they must not be. */
  readonly issued: string[] = [];

  constructor(
    private readonly clock: () => number,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A full ticket for `userid`. */
  issueTicket(userid: string): string {
    return this.assemble(`PVE:${userid}:${hex8(this.nowSeconds())}`);
  }

  /**
   * A half-authenticated ticket for the second login step: the TFA challenge
   * JSON, URI-escaped, signed together with the user name (which the ticket
   * itself does not contain, as in pve-access-control).
   */
  issueTfaTicket(userid: string, challengeJson: string): string {
    return this.assemble(`PVE:!tfa!${perlUriEscape(challengeJson)}:${hex8(this.nowSeconds())}`, userid);
  }

  /**
   * The content of a valid, unexpired full ticket, else undefined. A TFA
   * challenge ticket never verifies here: its signature also covers the user
   * name, which only the second login step supplies (as in pve-access-control).
   */
  verifyTicket(ticket: string): TicketContent | undefined {
    const data = this.verify(ticket);
    if (data === undefined || data.payload.startsWith('!tfa!')) return undefined;
    return { userid: data.payload, ageSeconds: data.ageSeconds };
  }

  /** The challenge JSON of a TFA ticket issued to `userid`, else undefined. */
  verifyTfaTicket(ticket: string, userid: string): string | undefined {
    const data = this.verify(ticket, userid);
    if (!data?.payload.startsWith('!tfa!')) return undefined;
    return decodeURIComponent(data.payload.slice('!tfa!'.length));
  }

  /** A CSRF prevention token for `userid`. */
  issueCsrfToken(userid: string): string {
    const timestamp = hex8(this.nowSeconds());
    return this.remember(`${timestamp}:${this.csrfDigest(timestamp, userid)}`);
  }

  /** Whether `token` is a valid, unexpired CSRF token of `userid` (PVE::Ticket verify_csrf_prevention_token). */
  verifyCsrfToken(userid: string, token: string | undefined): boolean {
    const match = /^([A-Z0-9]{8}):(\S+)$/.exec(token ?? '');
    if (!match) return false;
    const age = this.nowSeconds() - parseInt(match[1], 16);
    return safeEqual(match[2], this.csrfDigest(match[1], userid)) && age > -GRACE_SECONDS && age < this.lifetimeSeconds;
  }

  private assemble(plain: string, secretData?: string): string {
    return this.remember(`${plain}::${this.sign(plain, secretData)}`);
  }

  private remember(secret: string): string {
    this.issued.push(secret);
    return secret;
  }

  private verify(ticket: string, secretData?: string): { payload: string; ageSeconds: number } | undefined {
    const match = /^(PVE:\S+)::([^:\s]+)$/.exec(ticket);
    if (!match || !safeEqual(match[2], this.sign(match[1], secretData))) return undefined;
    const plain = /^PVE:(?:(\S+):)?([A-Z0-9]{8})$/.exec(match[1]);
    if (!plain || plain[1] === undefined) return undefined;
    const ageSeconds = this.nowSeconds() - parseInt(plain[2], 16);
    if (!(ageSeconds > -GRACE_SECONDS && ageSeconds < this.lifetimeSeconds)) return undefined;
    return { payload: plain[1], ageSeconds };
  }

  private sign(plain: string, secretData?: string): string {
    const full = secretData === undefined ? plain : `${plain}:${secretData}`;
    const blocks = [0, 1, 2, 3].map((block) => crypto.createHmac('sha512', this.ticketKey).update(`${block}:${full}`).digest());
    return Buffer.concat(blocks).toString('base64');
  }

  private csrfDigest(timestamp: string, userid: string): string {
    return crypto.createHmac('sha256', this.csrfKey).update(`${timestamp}:${userid}`).digest('base64').replace(/=+$/, '');
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** URI::Escape uri_escape: everything but unreserved characters (A-Z a-z 0-9 - _ . ~) is %-escaped. */
export function perlUriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
