/**
 * A ProxmoxClient for service unit tests: answers are queued per
 * `METHOD /path?query`, decoded with the call's real codec (so a body of the
 * wrong shape fails as it would on the wire), and every call is recorded.
 */
import * as E from 'fp-ts/Either';
import { decodeWith } from '../../../src/shared/decode';
import { Emitter } from '../../../src/shared/emitter';
import type { Secret } from '../../../src/shared/secret';
import { protocolError } from '../../../src/proxmox/errors/translate-error';
import { sameEndpoint, type ProxmoxEndpoint } from '../../../src/proxmox/connection-options';
import type { ApiCall, Authentication, CallOptions, PasswordSignIn, ProxmoxClient } from '../../../src/proxmox/proxmox-client';

export type Answer = { readonly data: unknown } | { readonly body: unknown } | { readonly error: Error } | { readonly later: Promise<unknown> };

export interface RecordedRequest {
  readonly key: string;
  readonly form?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
}

export function keyOf(call: Pick<ApiCall<unknown>, 'method' | 'path' | 'query'>): string {
  const pairs = Object.entries(call.query ?? {}).map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  const query = pairs.length ? `?${pairs.join('&')}` : '';
  return `${call.method} ${call.path}${query}`;
}

export class ScriptedClient implements ProxmoxClient {
  readonly requests: RecordedRequest[] = [];
  readonly sentSecrets: string[] = [];
  private readonly answers = new Map<string, Answer[]>();
  private readonly rejected = new Emitter<{ readonly endpoint: string }>();
  endpoint: ProxmoxEndpoint | undefined = { url: 'https://pve1.test:8006' };
  authentication: Authentication = { kind: 'token', tokenId: 'root@pam!ci', username: 'root@pam' };
  signInResult: PasswordSignIn = { kind: 'signed-in', username: 'root@pam', clusterName: 'lab' };
  answerResults: Array<Extract<PasswordSignIn, { kind: 'signed-in' }> | Error> = [];

  readonly onSessionRejected = this.rejected.event;

  /** Queue answers for one key; each request takes the next one, the last one repeats. */
  on(key: string, ...answers: Answer[]): this {
    this.answers.set(key, [...(this.answers.get(key) ?? []), ...answers]);
    return this;
  }

  keys(): string[] {
    return this.requests.map((request) => request.key);
  }

  rejectSession(): void {
    this.rejected.fire({ endpoint: this.endpoint?.url ?? '' });
  }

  /** As the real client: another server signs out (a ticket is good only where it was issued). */
  connect(endpoint: ProxmoxEndpoint): void {
    if (this.endpoint && sameEndpoint(this.endpoint, endpoint)) return;
    this.signOut();
    this.endpoint = endpoint;
  }

  async request<A>(call: ApiCall<A>, options: CallOptions = {}): Promise<A> {
    const key = keyOf(call);
    this.requests.push({ key, form: call.form, signal: options.signal });
    const queue = this.answers.get(key);
    if (!queue?.length) throw new Error(`ScriptedClient: no answer for ${key}`);
    const answer = queue.length > 1 ? queue.shift()! : queue[0];
    if ('error' in answer) throw answer.error;
    const body = 'later' in answer ? await answer.later : 'data' in answer ? { data: answer.data } : answer.body;
    const decoded = decodeWith(call.codec, body);
    if (E.isLeft(decoded)) throw protocolError(`${call.method} ${call.path}`, decoded.left);
    return decoded.right;
  }

  async signIn(username: string, password: Secret): Promise<PasswordSignIn> {
    this.sentSecrets.push(password.reveal());
    if (this.signInResult.kind === 'signed-in') this.authentication = { kind: 'ticket', username };
    return this.signInResult;
  }

  async answerSecondFactor(answer: Secret): Promise<Extract<PasswordSignIn, { kind: 'signed-in' }>> {
    this.sentSecrets.push(answer.reveal());
    const result = this.answerResults.shift();
    if (!result) throw new Error('ScriptedClient: no second-factor result queued');
    if (result instanceof Error) throw result;
    this.authentication = { kind: 'ticket', username: result.username };
    return result;
  }

  useApiToken(tokenId: string): void {
    this.authentication = { kind: 'token', tokenId, username: tokenId.split('!')[0] };
  }

  signOut(): void {
    this.authentication = { kind: 'none' };
  }

  dispose(): void {
    this.rejected.dispose();
  }
}

/** A promise with its resolve exposed, for "both requests are in flight" checks. */
export function deferred<T = unknown>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
