/**
 * A minimal Proxmox VE API client for the simulator tests, on node:https
 * (the app's axios client is what these tests must not depend on). It pins
 * the simulator's certificate: trusts exactly that certificate and checks its
 * SHA-256 fingerprint, as the app does with --fingerprint.
 */
import * as https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { RunningSimulator } from '../../../mocks/simulator';

export interface ApiAnswer {
  readonly status: number;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The parsed body; undefined when the body is empty. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary API shapes
}

export interface RequestOptions {
  /** Send the parameters as a JSON body instead of a form body. */
  readonly json?: boolean;
  /** Leave out the CSRF header although logged in with a ticket. */
  readonly withoutCsrf?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** Abort after this many ms (for hanging answers); rejects with an Error('timeout'). */
  readonly abortAfterMs?: number;
}

type Params = Readonly<Record<string, string | number | boolean>>;

export class PveClient {
  ticket?: string;
  csrfToken?: string;
  apiToken?: string;

  /** One connection per request and no TLS session reuse, so every answer comes with the peer certificate to check. */
  private readonly agent: https.Agent;

  constructor(private readonly sim: RunningSimulator) {
    this.agent = new https.Agent({ keepAlive: false, maxCachedSessions: 0, ca: sim.certificatePem });
  }

  /** Log in with a password (one step); keeps the ticket and CSRF token. */
  async login(username: string, password: string): Promise<ApiAnswer> {
    const answer = await this.request('POST', '/access/ticket', { username, password });
    if (answer.status === 200 && !answer.body.data.NeedTFA) this.useTicket(answer.body.data.ticket, answer.body.data.CSRFPreventionToken);
    return answer;
  }

  useTicket(ticket: string, csrfToken: string): void {
    this.ticket = ticket;
    this.csrfToken = csrfToken;
    this.apiToken = undefined;
  }

  /** Use an API token (`USER@REALM!ID=SECRET`) instead of a ticket. */
  useToken(value: string): void {
    this.apiToken = value;
    this.ticket = undefined;
    this.csrfToken = undefined;
  }

  get(path: string, params?: Params, options?: RequestOptions): Promise<ApiAnswer> {
    return this.request('GET', path, params, options);
  }

  post(path: string, params?: Params, options?: RequestOptions): Promise<ApiAnswer> {
    return this.request('POST', path, params, options);
  }

  put(path: string, params?: Params, options?: RequestOptions): Promise<ApiAnswer> {
    return this.request('PUT', path, params, options);
  }

  delete(path: string, params?: Params, options?: RequestOptions): Promise<ApiAnswer> {
    return this.request('DELETE', path, params, options);
  }

  request(method: string, path: string, params: Params = {}, options: RequestOptions = {}): Promise<ApiAnswer> {
    const encoded = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)])).toString();
    const hasBody = method === 'POST' || method === 'PUT';
    const body = hasBody ? (options.json ? JSON.stringify(params) : encoded) : undefined;
    const query = !hasBody && encoded ? `?${encoded}` : '';
    const headers: Record<string, string> = { ...this.authHeaders(method, options), ...(options.headers ?? {}) };
    if (body !== undefined) headers['Content-Type'] = options.json ? 'application/json' : 'application/x-www-form-urlencoded';
    return new Promise((resolve, reject) => {
      const request = https.request(`${this.sim.url}/api2/json${path}${query}`, { method, headers, agent: this.agent }, (response) => {
        const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
        if (fingerprint !== this.sim.fingerprint) {
          response.destroy();
          return reject(new Error(`certificate fingerprint ${fingerprint} is not the pinned one`));
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('aborted')));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, reason: response.statusMessage ?? '', headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) });
          } catch (error) {
            reject(error); // a malformed body
          }
        });
      });
      request.on('error', reject);
      if (options.abortAfterMs !== undefined) {
        request.setTimeout(options.abortAfterMs, () => {
          request.destroy();
          reject(new Error('timeout'));
        });
      }
      request.end(body);
    });
  }

  private authHeaders(method: string, options: RequestOptions): Record<string, string> {
    if (this.apiToken) return { Authorization: `PVEAPIToken=${this.apiToken}` };
    if (!this.ticket) return {};
    const headers: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(this.ticket)}` };
    if (method !== 'GET' && this.csrfToken && !options.withoutCsrf) headers.CSRFPreventionToken = this.csrfToken;
    return headers;
  }
}

/** A mutable clock for startSimulator({ clock }): tests move time instead of waiting. */
export class TestClock {
  constructor(public nowMs = Date.UTC(2025, 5, 1, 12, 0, 0)) {}
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** The wizard's typical create payload (pve-api README, "Example: what the wizard sends"), adapted to the demo cluster. */
export function wizardPayload(vmid: number, overrides: Params = {}): Params {
  return {
    vmid,
    name: 'test',
    ide2: 'cephfs:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom',
    ostype: 'l26',
    scsihw: 'virtio-scsi-single',
    scsi0: 'ceph-pool:32,iothread=on',
    sockets: 1,
    cores: 1,
    numa: 0,
    cpu: 'x86-64-v2-AES',
    memory: 2048,
    net0: 'virtio,bridge=vmbr0,firewall=1',
    ...overrides,
  };
}
