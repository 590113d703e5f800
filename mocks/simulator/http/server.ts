/**
 * The HTTPS transport of the simulator: TLS with the throw-away certificate,
 * request parsing, injected faults and latency, the request log, and the
 * bookkeeping that lets close() free every socket and timer.
 */
import * as https from 'node:https';
import type * as http from 'node:http';
import type { CertificateBundle } from '../certificate';
import { FaultSet, FaultPlan, planFaults } from '../faults';
import type { ParamInput } from '../schema/check';
import type { Simulation } from '../simulation';
import { ApiOutcome, callApi, Router } from './api';
import { ApiError } from './errors';
import { readBody, requestCredentials, requestParams, splitApiPath } from './request';
import { bodyText, malformedText, reasonPhrase, sendAnswer, sendThenReset, wrongShapeText } from './respond';

/** One line of the request log: no query strings or bodies, so nothing secret. */
export interface RequestLogEntry {
  readonly method: string;
  /** The API path below /api2/json (or the raw path for other URLs). */
  readonly path: string;
  /** The HTTP status sent, or what happened instead. */
  status: number | 'hang' | 'reset' | 'pending';
  /** Kinds of the faults that fired (`status`, `delay`, `hang`, `reset`, `malformed`, `wrongShape`, `body`, `raceVmid`). */
  faults: readonly string[];
  /** The VM ID a `raceVmid` fault let a competing client take. */
  competitorVmid?: number;
}

/** The HTTPS server of one simulator. */
export class SimulatorServer {
  private readonly server: https.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: RequestLogEntry[] = [];
  /**
   * Every TCP socket, from accept on. closeAllConnections() only knows sockets
   * that became HTTP connections, so one still in its TLS handshake (a client
   * killed mid-connect) would keep close() waiting for the 120 s timeout.
   */
  private readonly sockets = new Set<import('node:net').Socket>();
  /** The TLS connections (the sockets requests arrive on), for pause(). */
  private readonly secureSockets = new Set<import('node:tls').TLSSocket>();
  /** Requests being answered, by socket: pause() lets their answer finish before dropping the connection. */
  private readonly busy = new Map<import('node:net').Socket | import('node:tls').TLSSocket, http.ServerResponse>();
  /** Whether answers keep their connection open for the next request (setKeepAlive). */
  private keepAlive = true;
  /** Paused: not listening, and every connection is dropped once its answer is written. */
  private paused: Promise<void> | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly router: Router,
    readonly faults: FaultSet,
    certificate: Pick<CertificateBundle, 'cert' | 'key'>,
    private readonly onLine?: (line: string) => void,
  ) {
    this.server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      this.track(request, response);
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendAnswer(request, response, 500, 'simulator internal error', JSON.stringify({ data: null, message: String(error) }));
      });
    });
    this.server.on('connection', (socket: import('node:net').Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
      // A handshake that was under way when the server paused: the server is gone for it too.
      if (this.paused) return void socket.destroy();
      this.secureSockets.add(socket);
      socket.once('close', () => this.secureSockets.delete(socket));
    });
  }

  /** Listen on loopback; port 0 picks a free one. Resolves to the port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  /** Stop listening, drop every connection (hanging ones included) and cancel pending delays. */
  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /**
   * Stop listening (connecting is refused) and drop every connection; one
   * whose answer is being written is dropped right after it. The state stays.
   */
  pause(): Promise<void> {
    this.paused ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.secureSockets) {
        const answering = this.busy.get(socket);
        if (!answering) socket.destroy();
        // Told in the answer, the client does not send its next request down this connection.
        else if (!answering.headersSent) answering.setHeader('Connection', 'close');
      }
    });
    return this.paused;
  }

  /** Off: every answer closes its connection (`Connection: close`), so each request connects anew. */
  setKeepAlive(enabled: boolean): void {
    this.keepAlive = enabled;
  }

  /** Listen again on `port` after pause(). */
  async resume(port: number, host: string): Promise<void> {
    if (!this.paused) return;
    await this.paused;
    this.paused = undefined;
    await this.listen(port, host);
  }

  /** Note which sockets are answering a request, so pause() can let that answer finish. */
  private track(request: http.IncomingMessage, response: http.ServerResponse): void {
    const socket = request.socket;
    this.busy.set(socket, response);
    if (!this.keepAlive) response.setHeader('Connection', 'close');
    response.once('close', () => {
      this.busy.delete(socket);
      // Ended, not destroyed: the answer may still be in the socket's buffer.
      if (this.paused) socket.end();
    });
  }

  /** A copy of the request log. */
  requests(): RequestLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'https://simulator.invalid');
    const api = splitApiPath(url.pathname);
    const entry: RequestLogEntry = { method, path: api?.path ?? url.pathname, status: 'pending', faults: [] };
    this.log.push(entry);
    const body = await readBody(request);
    const plan = api ? planFaults(this.faults.fire(method, api.path)) : planFaults([]);
    entry.faults = plan.kinds;
    await this.sleep(this.sim.behaviour.latencyMs + plan.delayMs);
    if (plan.hang) {
      entry.status = 'hang'; // never answered; close() drops the connection
      return;
    }
    const outcome = this.outcome(method, api, url, request, body, plan, entry);
    if (outcome.status === 401) await this.sleep(this.sim.behaviour.authFailureDelayMs);
    this.send(request, response, outcome, plan, entry);
  }

  private outcome(
    method: string,
    api: { format: string; path: string } | undefined,
    url: URL,
    request: http.IncomingMessage,
    body: Buffer | undefined,
    plan: FaultPlan,
    entry: RequestLogEntry,
  ): ApiOutcome {
    if (plan.error) {
      const { status, message, errors } = plan.error;
      const text = message ?? (status === 400 ? 'Parameter verification failed.' : `simulated error ${status}`);
      return { status, message: text.endsWith('\n') || status === 595 ? text : `${text}\n`, errors, emptyBody: status === 401 || status >= 595 };
    }
    if (!api) return { status: 501, message: `no such file '${url.pathname}'` };
    if (api.format !== 'json') return { status: 501, message: `no formatter for uri ${api.path}, ${api.format}` };
    if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) return { status: 501, message: `Method '${method} ${api.path}' not implemented` };
    if (body === undefined) return { status: 501, message: 'for data too large' };
    let params: Record<string, ParamInput>;
    try {
      params = requestParams(method, request.headers['content-type'], body, url.search.slice(1));
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, message: error.message };
      throw error;
    }
    // /cluster/nextid (with or without ?vmid=N) is the check: the competitor takes the ID it just called free,
    // so the app's create finds it taken. Any other call with a VM ID (the create) loses it just before it runs.
    const isVmidCheck = api.path.replace(/\/+$/, '') === '/cluster/nextid';
    if (plan.raceVmid && !isVmidCheck && params.vmid !== undefined) entry.competitorVmid = this.competingCreate(Number(params.vmid));
    const outcome = callApi(this.sim, this.router, { method, path: api.path, params, credentials: requestCredentials(request.headers) });
    if (plan.raceVmid && isVmidCheck && outcome.status === 200) entry.competitorVmid = this.competingCreate(Number(outcome.data));
    return outcome;
  }

  /** Another client creates VM `vmid` (a complete, stopped VM on the first online node). */
  private competingCreate(vmid: number): number | undefined {
    const node = this.sim.cluster.nodes.find((candidate) => candidate.online)?.name;
    if (!node || !Number.isInteger(vmid) || this.sim.cluster.guest(vmid)) return undefined;
    this.sim.cluster.guests.set(vmid, {
      vmid,
      type: 'qemu',
      node,
      status: 'stopped',
      config: { name: `competitor-${vmid}`, memory: '1024', cores: '1', sockets: '1', ostype: 'l26', meta: `creation-qemu=9.2.0,ctime=${Math.floor(this.sim.clock() / 1000)}` },
      pending: {},
      pendingDelete: [],
      template: false,
    });
    return vmid;
  }

  private send(request: http.IncomingMessage, response: http.ServerResponse, outcome: ApiOutcome, plan: FaultPlan, entry: RequestLogEntry): void {
    let text = bodyText(outcome, this.sim.behaviour.oldErrorStyle);
    if (plan.body) text = typeof plan.body.value === 'string' ? plan.body.value : JSON.stringify(plan.body.value);
    else if (plan.wrongShape) text = wrongShapeText(outcome);
    if (plan.malformed) text = malformedText(text);
    const reason = reasonPhrase(outcome);
    this.onLine?.(`${request.method} ${entry.path} -> ${plan.reset ? 'reset' : outcome.status}${plan.kinds.length ? ` [${plan.kinds.join(', ')}]` : ''}`);
    if (plan.reset) {
      entry.status = 'reset';
      sendThenReset(response, outcome.status, reason, text);
      return;
    }
    entry.status = outcome.status;
    sendAnswer(request, response, outcome.status, reason, text);
  }

  /** A delay that close() cancels. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
