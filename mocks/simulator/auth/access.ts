/**
 * Authentication and authorization of the simulated server, after
 * pve-manager's PVE/HTTPServer.pm auth_handler and pve-access-control's
 * create_ticket: ticket cookies with CSRF checks on writes, API tokens without
 * CSRF, two-step TOTP login, ticket renewal, and privilege checks.
 */
import type { Privileges, RealmSpec, TokenSpec, UserSpec } from '../scenario/codec';
import { ApiError, authenticationError, loginFailure, permissionError } from '../http/errors';
import { capabilities, grants } from './privileges';
import { TicketAuthority } from './tickets';

/** Who is calling. */
export interface Principal {
  /** The user (`root@pam`), also for token calls. */
  readonly userid: string;
  /** The full token id (`root@pam!demo`) for token calls. */
  readonly tokenid?: string;
}

/** What the request carried, before any check. */
export interface Credentials {
  readonly ticket?: string;
  readonly apiToken?: string;
  readonly csrfToken?: string;
}

/** The result of the authentication step: a principal, or none on the few unauthenticated routes. */
export interface Authentication {
  readonly principal?: Principal;
  /** Set when an API token header was sent (even on unauthenticated routes: POST /access/ticket refuses tokens). */
  readonly usedApiToken: boolean;
}

interface UserState {
  readonly spec: UserSpec;
  readonly usedRecoveryKeys: Set<number>;
}

/** Routes pve-manager lets through without credentials (HTTPServer.pm auth_handler). */
function isUnauthenticatedRoute(method: string, path: string): boolean {
  return (
    (path === '/access/domains' && method === 'GET') ||
    (path === '/access/ticket' && (method === 'GET' || method === 'POST')) ||
    (path === '/access/vncticket' && method === 'POST') ||
    (path === '/access/openid/login' && method === 'POST') ||
    (path === '/access/openid/auth-url' && method === 'POST')
  );
}

/** PVE::APIServer::Formatter extract_auth_value: `NAME=value` or `NAME value`, URI-unescaped. */
export function extractAuthValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`(?:^|\\s|;)${name}(?:=|\\s)([^;]*)`).exec(header);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1].replace(/%(?![0-9a-fA-F]{2})/g, '%25')).trim();
  } catch {
    return match[1].trim();
  }
}

/** Users, tokens and realms of the simulated cluster, and every authentication and permission decision. */
export class AccessControl {
  readonly tickets: TicketAuthority;
  private readonly users = new Map<string, UserState>();
  private readonly tokens = new Map<string, TokenSpec>();

  constructor(
    users: readonly UserSpec[],
    tokens: readonly TokenSpec[],
    readonly realms: readonly RealmSpec[],
    private readonly clock: () => number,
    ticketLifetimeSeconds: number,
    private readonly clusterName: string,
  ) {
    this.tickets = new TicketAuthority(clock, ticketLifetimeSeconds);
    for (const user of users) this.users.set(user.userid, { spec: user, usedRecoveryKeys: new Set() });
    for (const token of tokens) this.tokens.set(token.tokenid, token);
  }

  /** Check the request's credentials (auth_handler); throws a 401 ApiError with an empty body on failure. */
  authenticate(method: string, path: string, credentials: Credentials): Authentication {
    const usedApiToken = credentials.ticket === undefined && credentials.apiToken !== undefined;
    if (isUnauthenticatedRoute(method, path)) return { usedApiToken };
    if (usedApiToken) return { principal: this.verifyToken(credentials.apiToken as string), usedApiToken };
    if (!credentials.ticket) throw authenticationError('No ticket');
    const content = this.tickets.verifyTicket(credentials.ticket);
    // Also the answer to a half-authenticated TFA ticket: it is only good for the second login step.
    if (!content) throw authenticationError('permission denied - invalid PVE ticket');
    this.checkUserEnabled(content.userid);
    if (method !== 'GET' && !this.tickets.verifyCsrfToken(content.userid, credentials.csrfToken)) {
      throw authenticationError('Permission denied - invalid csrf token');
    }
    return { principal: { userid: content.userid }, usedApiToken };
  }

  /** POST /access/ticket: password login, ticket renewal, and the two TFA steps. */
  login(params: Readonly<Record<string, string>>): Record<string, unknown> {
    const username = params.realm ? `${params.username}@${params.realm}` : params.username;
    try {
      if (params['tfa-challenge'] !== undefined) return this.secondFactor(username, params);
      const renewed = this.renewal(username, params.password);
      if (renewed) return renewed;
      const user = this.checkPassword(username, params.password);
      if (user.spec.totpSecret) {
        if (params.otp !== undefined) {
          // Legacy one-step login with the code in `otp` (still accepted for TOTP).
          if (!this.totpValid(user, params.otp)) throw new Error('invalid TOTP code');
          return this.fullTicket(username);
        }
        return this.tfaChallenge(user);
      }
      return this.fullTicket(username);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // create_ticket reports every failure the same way, so nobody learns which part was wrong.
      throw loginFailure();
    }
  }

  /** The privileges in effect for `principal` (a privilege-separated token has the intersection). */
  privilegesOf(principal: Principal): { user?: Privileges; token?: Privileges } {
    const user = this.users.get(principal.userid)?.spec.privileges;
    if (!principal.tokenid) return { user };
    const token = this.tokens.get(principal.tokenid);
    return { user, token: token?.privsep === false || token?.privsep === undefined ? undefined : (token.privileges ?? {}) };
  }

  /** Whether `principal` holds `privilege` on ACL `path`. */
  can(principal: Principal, path: string, privilege: string): boolean {
    const { user, token } = this.privilegesOf(principal);
    return grants(user, path, privilege) && (token === undefined || grants(token, path, privilege));
  }

  /** RPCEnvironment check / check_any: throws 403 "Permission check failed (<path>, <priv>)". */
  check(principal: Principal, path: string, privileges: readonly string[], any = false): void {
    if (any) {
      if (!privileges.some((privilege) => this.can(principal, path, privilege))) throw permissionError(`${path}, ${privileges.join('|')}`);
      return;
    }
    for (const privilege of privileges) if (!this.can(principal, path, privilege)) throw permissionError(`${path}, ${privilege}`);
  }

  /** The task owner of a call: the token id for token calls (`root@pam!demo`). */
  taskUser(principal: Principal): string {
    return principal.tokenid ?? principal.userid;
  }

  private verifyToken(value: string): Principal {
    const pair = /^(.*)=(.*)$/.exec(value);
    if (!pair) throw authenticationError('no tokenid specified');
    const parts = /^(([^\s:/]+)@([A-Za-z][A-Za-z0-9.\-_]+))!([A-Za-z][A-Za-z0-9.\-_]+)$/.exec(pair[1]);
    if (!parts) throw authenticationError(`'${pair[1]}' is not a valid token ID - not able to split into user and token parts`);
    const [, userid, , , tokenName] = parts;
    this.checkUserEnabled(userid);
    const token = this.tokens.get(pair[1]);
    if (!token) throw authenticationError(`no such token '${tokenName}' for user '${userid}'`);
    if (token.expire && token.expire < Math.floor(this.clock() / 1000)) throw authenticationError(`token '${tokenName}' access expired`);
    if (token.secret !== pair[2]) throw authenticationError('invalid token value!');
    return { userid, tokenid: pair[1] };
  }

  private checkUserEnabled(userid: string): void {
    const user = this.users.get(userid);
    if (!user) throw authenticationError(`no such user ('${userid}')`);
    if (user.spec.enabled === false) throw authenticationError(`user '${userid}' is disabled`);
  }

  private checkPassword(username: string, password: string | undefined): UserState {
    const realm = username.split('@').pop();
    const user = this.users.get(username);
    if (!user || user.spec.enabled === false || !this.realms.some((r) => r.realm === realm)) throw new Error('no such user');
    if (user.spec.password !== password) throw new Error('invalid password');
    return user;
  }

  /** Renewal: the password is a still-valid ticket of the same user (create_ticket_do). */
  private renewal(username: string, password: string | undefined): Record<string, unknown> | undefined {
    if (!password?.startsWith('PVE:')) return undefined;
    const content = this.tickets.verifyTicket(password);
    if (!content) return undefined;
    if (content.userid !== username && content.userid !== 'root@pam') throw new Error('ticket of another user');
    this.checkUserEnabled(username);
    return this.fullTicket(username);
  }

  private tfaChallenge(user: UserState): Record<string, unknown> {
    const recovery = (user.spec.recoveryKeys ?? []).map((_, index) => index).filter((index) => !user.usedRecoveryKeys.has(index));
    const challenge = JSON.stringify({ totp: true, ...(recovery.length > 0 ? { recovery } : {}) });
    return {
      ticket: this.tickets.issueTfaTicket(user.spec.userid, challenge),
      CSRFPreventionToken: this.tickets.issueCsrfToken(user.spec.userid),
      username: user.spec.userid,
      NeedTFA: 1,
    };
  }

  private secondFactor(username: string, params: Readonly<Record<string, string>>): Record<string, unknown> {
    if (params.otp !== undefined) throw new Error("TFA response should be in 'password', not 'otp' when 'tfa-challenge' is set");
    if (this.tickets.verifyTfaTicket(params['tfa-challenge'], username) === undefined) throw new Error('invalid tfa challenge');
    const user = this.users.get(username);
    if (!user) throw new Error('no such user');
    const [kind, ...rest] = (params.password ?? '').split(':');
    const answer = rest.join(':');
    if (kind === 'totp' && this.totpValid(user, answer)) return this.fullTicket(username);
    if (kind === 'recovery' && this.useRecoveryKey(user, answer)) return this.fullTicket(username);
    throw new Error('second factor rejected');
  }

  private totpValid(user: UserState, code: string): boolean {
    const secret = user.spec.totpSecret;
    if (!secret || !/^\d{6}$/.test(code)) return false;
    // Loaded on first use: otpauth is only needed when someone logs in with TOTP.
    const OTPAuth = require('otpauth') as typeof import('otpauth');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    return totp.validate({ token: code, window: 1, timestamp: this.clock() }) !== null;
  }

  private useRecoveryKey(user: UserState, key: string): boolean {
    const index = (user.spec.recoveryKeys ?? []).findIndex((candidate) => candidate === key.trim());
    if (index < 0 || user.usedRecoveryKeys.has(index)) return false;
    user.usedRecoveryKeys.add(index);
    return true;
  }

  private fullTicket(username: string): Record<string, unknown> {
    const privileges = this.users.get(username)?.spec.privileges;
    return {
      username,
      ticket: this.tickets.issueTicket(username),
      CSRFPreventionToken: this.tickets.issueCsrfToken(username),
      cap: capabilities(privileges),
      // Only users who may audit the cluster learn its name.
      ...(grants(privileges, '/', 'Sys.Audit') ? { clustername: this.clusterName } : {}),
    };
  }

  /** The current TOTP code of `userid` on the simulator clock (for tests and the demo). */
  totpCode(userid: string): string | undefined {
    const secret = this.users.get(userid)?.spec.totpSecret;
    if (!secret) return undefined;
    const OTPAuth = require('otpauth') as typeof import('otpauth');
    return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: this.clock() });
  }
}
