import type { AxiosInstance, AxiosResponse } from 'axios';
import * as E from 'fp-ts/Either';
import { inject, injectable } from 'inversify';
import { decodeWith } from '../shared/decode';
import { redactPatterns } from '../shared/redact';
import { Emitter, type Disposable } from '../shared/emitter';
import { Logger } from '../shared/logger';
import { ProxmoxError } from '../shared/proxmox-error';
import { Secret } from '../shared/secret';
import { PveApi } from './api-calls';
import { authHeaders, tokenUser, type Credentials, type TicketCredentials } from './auth/credentials';
import { isTfaTicket, readTfaChallenge } from './auth/tfa-challenge';
import { abortError, Clock } from './clock';
import type { TicketResponse } from './codecs/access.codec';
import { describeEndpoint, ProxmoxClientOptions, sameEndpoint, type ProxmoxEndpoint } from './connection-options';
import { errorFromAnswer, errorFromTransport, notJsonError, protocolError, proxmoxError, type AuthContext } from './errors/translate-error';
import type { ApiCall, Authentication, CallOptions, PasswordSignIn, ProxmoxClient, WireValue } from './proxmox-client';
import { TlsRefusal, trustPolicyFor, VerifyingAgent } from './tls/verifying-agent';

/** An axios instance bound to one server, with the agent that holds its pooled connections. */
interface Connection {
  readonly http: AxiosInstance;
  readonly agent: { destroy(): void };
  /** `host:port`, for messages. */
  readonly server: string;
}

/** A TFA challenge waiting for its answer; the half-authenticated ticket is a secret too. */
interface PendingChallenge {
  readonly username: string;
  readonly ticket: Secret;
}

/**
 * ProxmoxClient over axios. One axios instance per server with the http
 * adapter pinned (so nock and our TLS agent both see every request),
 * `validateStatus: () => true` and our own error translation, bodies
 * form-encoded like the web UI's, answers parsed as text and decoded with the
 * call's io-ts codec.
 */
@injectable()
export class AxiosProxmoxClient implements ProxmoxClient {
  private connection: Connection | undefined;
  private configuredEndpoint: ProxmoxEndpoint | undefined;
  private credentials: Credentials = { kind: 'none' };
  private pendingChallenge: PendingChallenge | undefined;
  private renewalTimer: Disposable | undefined;
  private renewalInFlight: Promise<void> | undefined;
  /** When the current ticket's last renewal attempt failed (transiently); requests then wait renewRetryMs before trying again. */
  private lastFailedRenewalAt: number | undefined;
  /** Why the server ended the last session (a 401's words): until the next sign-in, requests fail with it unsent. */
  private endedSession: string | undefined;
  private readonly sessionRejected = new Emitter<{ readonly endpoint: string }>();

  readonly onSessionRejected = this.sessionRejected.event;

  constructor(
    @inject(ProxmoxClientOptions) private readonly options: ProxmoxClientOptions,
    @inject(Logger) private readonly logger: Logger,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.configuredEndpoint = options.endpoint;
  }

  get endpoint(): ProxmoxEndpoint | undefined {
    return this.configuredEndpoint;
  }

  get authentication(): Authentication {
    const credentials = this.credentials;
    if (credentials.kind === 'ticket') return { kind: 'ticket', username: credentials.username, clusterName: credentials.clusterName };
    if (credentials.kind === 'token') return { kind: 'token', tokenId: credentials.tokenId, username: tokenUser(credentials.tokenId) };
    return { kind: 'none' };
  }

  connect(endpoint: ProxmoxEndpoint): void {
    if (this.configuredEndpoint && sameEndpoint(this.configuredEndpoint, endpoint)) return;
    // A ticket is only good on the server that issued it.
    this.signOut();
    this.closeConnection();
    this.configuredEndpoint = endpoint;
  }

  async request<A>(call: ApiCall<A>, options: CallOptions = {}): Promise<A> {
    if (call.anonymous) return this.send(call, 'none', options.signal);
    await this.renewIfDue(options.signal);
    const credentials = this.credentials;
    // Sent without credentials it could only come back 401 "No ticket", which says less than why the session ended.
    if (credentials.kind === 'none' && this.endedSession !== undefined) {
      throw proxmoxError('auth', `The server no longer accepts this session (${this.endedSession}); sign in again.`, { endpoint: call.shownAs ?? `${call.method} ${call.path}` });
    }
    const context: AuthContext = credentials.kind === 'none' ? 'none' : credentials.kind;
    return this.send(call, context, options.signal, credentials);
  }

  async signIn(username: string, password: Secret): Promise<PasswordSignIn> {
    this.signOut();
    const answer = await this.send(PveApi.ticket({ username, password }), 'login');
    if (answer.NeedTFA || isTfaTicket(answer.ticket)) return this.startSecondFactor(answer);
    this.adoptTicket(answer, '/access/ticket');
    return { kind: 'signed-in', username: answer.username, clusterName: answer.clustername };
  }

  async answerSecondFactor(answer: Secret): Promise<Extract<PasswordSignIn, { kind: 'signed-in' }>> {
    const pending = this.pendingChallenge;
    if (!pending) {
      throw proxmoxError('auth', 'No second-factor challenge is pending; sign in with the password first.', { endpoint: 'POST /access/ticket' });
    }
    // A wrong code rejects here (401) and leaves the challenge in place for another try.
    const reply = await this.send(PveApi.ticket({ username: pending.username, 'tfa-challenge': pending.ticket, password: answer }), 'second-factor');
    this.pendingChallenge = undefined;
    this.adoptTicket(reply, '/access/ticket');
    return { kind: 'signed-in', username: reply.username, clusterName: reply.clustername };
  }

  useApiToken(tokenId: string, secret: Secret): void {
    this.signOut();
    this.credentials = { kind: 'token', tokenId, secret };
  }

  signOut(): void {
    this.credentials = { kind: 'none' };
    this.endedSession = undefined;
    this.pendingChallenge = undefined;
    this.lastFailedRenewalAt = undefined;
    this.renewalTimer?.dispose();
    this.renewalTimer = undefined;
  }

  dispose(): void {
    this.signOut();
    this.closeConnection();
    this.sessionRejected.dispose();
  }

  // --- tickets ---------------------------------------------------------------

  private startSecondFactor(answer: TicketResponse): PasswordSignIn {
    const factors = readTfaChallenge(answer.ticket);
    if (E.isLeft(factors)) {
      throw proxmoxError('protocol', `The server asked for a second factor but its challenge could not be read (${factors.left}); sign in with the web UI to check the account's TFA setup.`, {
        endpoint: 'POST /access/ticket',
        decodePath: 'data.ticket',
      });
    }
    this.pendingChallenge = { username: answer.username, ticket: new Secret(answer.ticket) };
    return { kind: 'second-factor', username: answer.username, factors: factors.right };
  }

  /** Take a full ticket from a login, TFA or renewal answer, and schedule its renewal. */
  private adoptTicket(answer: TicketResponse, path: string): void {
    if (isTfaTicket(answer.ticket) || !answer.CSRFPreventionToken) {
      // Without a CSRF token every write would fail with a misleading 401 later: say it now.
      throw proxmoxError('protocol', 'The server answered the sign-in without a usable ticket and CSRF token; check that the URL points at a Proxmox VE 8 or 9 API.', {
        endpoint: `POST ${path}`,
        decodePath: 'data.CSRFPreventionToken',
      });
    }
    this.credentials = {
      kind: 'ticket',
      username: answer.username,
      ticket: new Secret(answer.ticket),
      csrfToken: new Secret(answer.CSRFPreventionToken),
      clusterName: answer.clustername,
      obtainedAt: this.clock.now(),
    };
    this.lastFailedRenewalAt = undefined;
    this.scheduleRenewal(this.options.renewTicketAfterMs);
  }

  /**
   * Background renewal, so a user idle on a screen for an hour is still
   * signed in when they press Next. Never later than the ticket's end: if
   * every renewal until then failed, the timer ends the session there.
   */
  private scheduleRenewal(delayMs: number): void {
    const credentials = this.credentials;
    if (credentials.kind !== 'ticket') return;
    const untilExpiry = credentials.obtainedAt + this.options.ticketLifetimeMs - this.clock.now();
    this.renewalTimer?.dispose();
    this.renewalTimer = this.clock.schedule(Math.min(delayMs, Math.max(0, untilExpiry)), () => {
      this.renewalTimer = undefined;
      this.renewTicket().catch(() => {
        // Already logged and, if final, reported through onSessionRejected.
      });
    });
  }

  /**
   * Before a request, for when timers were late (a suspended laptop): a
   * ticket past its lifetime ends the session here (the server would refuse
   * it anyway); one due for renewal is renewed first, unless a renewal just
   * failed (then the still-valid ticket goes out, and the retry waits
   * renewRetryMs). A renewal already running is joined, so the request goes
   * out with the new ticket. `signal` stops the waiting, not the renewal.
   */
  private async renewIfDue(signal: AbortSignal | undefined): Promise<void> {
    const credentials = this.credentials;
    if (credentials.kind !== 'ticket') return;
    if (this.hasExpired(credentials)) throw this.endExpiredSession(credentials);
    if (!this.renewalInFlight && !this.isRenewalDue(credentials)) return;
    await untilAborted(this.renewTicket(), signal);
  }

  private isRenewalDue(credentials: TicketCredentials): boolean {
    const now = this.clock.now();
    if (now - credentials.obtainedAt < this.options.renewTicketAfterMs) return false;
    return this.lastFailedRenewalAt === undefined || now - this.lastFailedRenewalAt >= this.options.renewRetryMs;
  }

  private hasExpired(credentials: TicketCredentials): boolean {
    return this.clock.now() - credentials.obtainedAt >= this.options.ticketLifetimeMs;
  }

  /** The ticket outlived its two hours without a renewal: sign out, tell listeners (the UI asks for the password), and say so. */
  private endExpiredSession(credentials: TicketCredentials): ProxmoxError {
    this.logger.warn(`the ticket of ${credentials.username} expired without a successful renewal; session ended`);
    this.expireSession('its ticket expired before it could be renewed');
    return proxmoxError('auth', `The session of ${credentials.username} expired (its ticket could not be renewed in time); sign in again.`, { endpoint: 'POST /access/ticket' });
  }

  /** One renewal at a time, however many requests find the ticket due. */
  private renewTicket(): Promise<void> {
    this.renewalInFlight ??= this.renewOnce().finally(() => {
      this.renewalInFlight = undefined;
    });
    return this.renewalInFlight;
  }

  /** `POST /access/ticket` with the current ticket as the password: Proxmox hands back a fresh ticket and CSRF token. */
  private async renewOnce(): Promise<void> {
    const current = this.credentials;
    if (current.kind !== 'ticket') return;
    // A ticket past its lifetime is never posted: the server cannot renew it, and it is a secret sent for nothing.
    if (this.hasExpired(current)) throw this.endExpiredSession(current);
    try {
      const answer = await this.send(PveApi.ticket({ username: current.username, password: current.ticket }), 'renewal');
      if (this.credentials !== current) return; // signed out or switched meanwhile
      this.adoptTicket(answer, '/access/ticket');
      this.logger.debug('ticket renewed');
    } catch (error) {
      if (this.credentials !== current) return;
      this.onRenewalFailed(current, error);
    }
  }

  /** A refused renewal ends the session; a transient failure keeps the still-valid ticket and tries again later. */
  private onRenewalFailed(current: TicketCredentials, error: unknown): void {
    if (error instanceof ProxmoxError && error.kind === 'auth') {
      this.logger.warn('ticket renewal refused; session ended', error);
      this.expireSession('the renewal of its ticket was refused');
      throw error;
    }
    if (this.hasExpired(current)) throw this.endExpiredSession(current);
    this.logger.warn('ticket renewal failed; keeping the current ticket and retrying', error);
    this.lastFailedRenewalAt = this.clock.now();
    this.scheduleRenewal(this.options.renewRetryMs);
  }

  private expireSession(reason: string): void {
    const endpoint = this.configuredEndpoint?.url ?? '';
    this.signOut();
    this.endedSession = reason;
    this.sessionRejected.fire({ endpoint });
  }

  // --- HTTP --------------------------------------------------------------------

  private async send<A>(call: ApiCall<A>, auth: AuthContext, signal?: AbortSignal, credentials: Credentials = { kind: 'none' }): Promise<A> {
    const connection = this.ensureConnection(call);
    const endpoint = call.shownAs ?? `${call.method} ${call.path}`;
    const url = call.path + encodeQuery(call.query);
    const timeoutMs = call.poll ? this.options.pollTimeoutMs : this.options.requestTimeoutMs;
    const started = Date.now();
    const limit = new RequestLimit(timeoutMs, signal);
    let response: AxiosResponse<string>;
    try {
      response = await connection.http.request<string>({
        method: call.method,
        url,
        data: call.form ? encodePairs(call.form) : undefined,
        headers: {
          ...(call.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...authHeaders(credentials, call.method),
        },
        signal: limit.signal,
      });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      const translated = errorFromTransport(error, { endpoint, server: connection.server, timeoutMs, timedOut: limit.timedOut });
      this.logger.debug(`${call.method} ${url} -> ${translated.kind} error in ${Date.now() - started} ms`, translated.message);
      throw translated;
    } finally {
      limit.dispose();
    }
    this.logger.debug(`${call.method} ${url} -> ${response.status} in ${Date.now() - started} ms`);
    return this.interpret(call, endpoint, response, auth, credentials);
  }

  private interpret<A>(call: ApiCall<A>, endpoint: string, response: AxiosResponse<string>, auth: AuthContext, sentWith: Credentials): A {
    const body = parseJson(response.data);
    if (response.status < 200 || response.status > 299) {
      const error = errorFromAnswer(endpoint, { status: response.status, statusText: response.statusText ?? '', body: body.value }, auth);
      // Several requests may come back 401 together: the session ends (and listeners hear of it) once.
      if (response.status === 401 && auth === 'ticket' && this.credentials === sentWith) this.expireSession(reasonOf(response.statusText));
      throw error;
    }
    if (!body.ok) throw notJsonError(endpoint, response.status);
    const decoded = decodeWith(call.codec, body.value);
    if (E.isLeft(decoded)) throw protocolError(endpoint, decoded.left);
    return decoded.right;
  }

  private ensureConnection(call: { readonly method: string; readonly path: string }): Connection {
    if (this.connection) return this.connection;
    const endpoint = this.configuredEndpoint;
    if (!endpoint) {
      throw proxmoxError('network', 'No Proxmox VE server is set; give one with --host or on the login screen.', { endpoint: `${call.method} ${call.path}` });
    }
    this.connection = openConnection(endpoint, `${call.method} ${call.path}`);
    return this.connection;
  }

  private closeConnection(): void {
    this.connection?.agent.destroy();
    this.connection = undefined;
  }
}

function openConnection(endpoint: ProxmoxEndpoint, forCall: string): Connection {
  const base = apiBase(endpoint.url, forCall);
  let httpsAgent: VerifyingAgent;
  try {
    httpsAgent = new VerifyingAgent(trustPolicyFor(endpoint));
  } catch (error) {
    if (error instanceof TlsRefusal) throw proxmoxError('tls', error.message, { endpoint: forCall, tls: { code: error.reason } });
    throw error;
  }
  // axios loads with the first request, not at start-up: the login frame does not need it (docs/benchmarks.md).
  const axios = (require('axios') as typeof import('axios')).default;
  const instance = axios.create({
    adapter: 'http',
    baseURL: base,
    httpsAgent,
    // Proxy env vars would make axios install its own tunnelling agent, bypassing the certificate check.
    proxy: false,
    maxRedirects: 0,
    // Our own wall-clock limit (RequestLimit) covers connect, TLS and response alike.
    timeout: 0,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    headers: { Accept: 'application/json' },
  });
  return { http: instance, agent: httpsAgent, server: describeEndpoint(endpoint.url) };
}

/**
 * `https://host:8006` (a trailing `/` or `/api2/json` tolerated) -> `https://host:8006/api2/json`.
 * Plain http is refused: the password and ticket would cross the network in clear text.
 */
function apiBase(url: string, forCall: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw proxmoxError('network', `"${url}" is not a server URL; give it as https://host:8006.`, { endpoint: forCall });
  }
  if (parsed.protocol !== 'https:') {
    throw proxmoxError('tls', `The server URL ${url} does not use https; Proxmox VE serves its API over HTTPS (https://host:8006), and credentials must not travel in clear text.`, {
      endpoint: forCall,
      tls: { code: 'NOT_HTTPS' },
    });
  }
  return `${url.replace(/\/+$/, '').replace(/\/api2\/json$/, '')}/api2/json`;
}

/**
 * One request's time limit plus the caller's abort, as one signal. Node's
 * socket timeouts start only once a socket exists, so a hanging TLS handshake
 * would never time out; a plain timer does.
 */
class RequestLimit {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort = (): void => this.controller.abort();
  timedOut = false;

  constructor(
    timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    this.timer.unref();
    if (callerSignal?.aborted) this.controller.abort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

/** `a=1&b=x%20y`, for form bodies and query strings: encodeURIComponent for keys and values, as ExtJS does (spaces as %20, not +). */
function encodePairs(values: Readonly<Record<string, WireValue>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value instanceof Secret ? value.reveal() : String(value))}`)
    .join('&');
}

function encodeQuery(query: Readonly<Record<string, string | number>> | undefined): string {
  if (!query || Object.keys(query).length === 0) return '';
  return `?${encodePairs(query)}`;
}

/** The auth layer's reason phrase of a 401 (`permission denied - invalid PVE ticket`), for later messages. */
function reasonOf(statusText: string | undefined): string {
  return redactPatterns((statusText ?? '').trim().replace(/\.$/, '')) || 'not authenticated';
}

/** 401s have an empty body; a proxy may send HTML: keep "not JSON" apart from "JSON of the wrong shape". */
function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false; value: undefined } {
  if (text === undefined || text.trim() === '') return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

/** Wait for a shared operation, but give up waiting (with the AbortError) when `signal` aborts; the operation goes on. */
function untilAborted<T>(operation: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return operation;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    operation.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
