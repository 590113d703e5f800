/**
 * The recorder, end to end, against a small stand-in for a Proxmox server on
 * loopback: what it writes must be scrubbed of every secret the server handed
 * out or the client sent, and must replay in lockdown.
 */
import 'reflect-metadata';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { recordCassettes } from '../../../scripts/record-cassettes';
import { CASSETTE_HOST, replayHook } from '../../../mocks/cassettes/cassette-format';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { PveApi } from '../../../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { defaultClientOptions } from '../../../src/proxmox/connection-options';
import { NullLogger } from '../../../src/shared/logger';
import { Secret } from '../../../src/shared/secret';
import { httpsServer, type LocalServer } from './local-servers';
import { realResponse } from '../../unit/proxmox/fixtures';

const PASSWORD = 'recorder-test-password';
const TOKEN = { tokenId: 'root@pam!rec', secret: 'c0ffee00-1234-4abc-9def-0123456789ab' };
const certificate = createCertificate();

/** Just enough of pveproxy: tickets and CSRF tokens are random per login, like the real ones. */
class StandInServer {
  readonly issued: string[] = [];
  private readonly validTickets = new Set<string>();

  handle = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => this.answer(request, new URLSearchParams(body), response));
  };

  private answer(request: http.IncomingMessage, form: URLSearchParams, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'https://x');
    const route = `${request.method} ${url.pathname.replace('/api2/json', '')}`;
    if (route === 'GET /access/domains') return send(response, 200, realResponse('GET_access_domains').body);
    if (route === 'POST /access/ticket') return this.login(form, response);
    if (!this.authenticated(request)) return send(response, 401, undefined, 'No ticket');
    const bodies: Record<string, unknown> = {
      'GET /version': { data: { version: '9.1.2', release: '9.1', repoid: '0a1b2c3d' } },
      'GET /nodes': realResponse('GET_nodes').body,
      'GET /cluster/status': realResponse('GET_cluster_status').body,
      'GET /cluster/nextid': url.searchParams.get('vmid') === '100' ? undefined : { data: url.searchParams.get('vmid') ?? '105' },
      'GET /cluster/resources': { data: [{ type: 'qemu', vmid: 100, node: 'node1', name: 'a', id: 'qemu/100' }] },
      'GET /pools': realResponse('GET_pools').body,
      'GET /cluster/options': { data: { 'allowed-tags': [] } },
      'GET /nodes/node1/storage': realResponse('GET_nodes_node_storage_SYNTHETIC').body,
      'GET /nodes/node1/storage/local/content': realResponse('GET_nodes_node_storage_storage_content_SYNTHETIC').body,
      'GET /nodes/node1/network': realResponse('GET_nodes_node_network_simple').body,
      'GET /nodes/node1/capabilities/qemu/cpu': { data: [{ name: 'host', vendor: 'default', custom: 0 }] },
      // `localhost` is the node that answers: node1 here.
      'GET /nodes/localhost/storage': realResponse('GET_nodes_node_storage_SYNTHETIC').body,
      'GET /nodes/localhost/network': realResponse('GET_nodes_node_network_simple').body,
    };
    if (route === 'GET /cluster/nextid' && url.searchParams.get('vmid') === '100') return send(response, 400, { data: null, errors: { vmid: 'VM 100 already exists' } }, 'Parameter verification failed.');
    return route in bodies ? send(response, 200, bodies[route]) : send(response, 501, { data: null }, `Method '${route}' not implemented`);
  }

  private login(form: URLSearchParams, response: http.ServerResponse): void {
    const password = form.get('password') ?? '';
    if (password !== PASSWORD && !this.validTickets.has(password)) return send(response, 401, undefined, 'authentication failure');
    const time = Math.floor(Date.now() / 1000).toString(16).toUpperCase().padStart(8, '0');
    const ticket = `PVE:${form.get('username')}:${time}::${crypto.randomBytes(96).toString('base64')}`;
    const csrf = `${time}:${crypto.randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    this.validTickets.add(ticket);
    this.issued.push(ticket, csrf);
    send(response, 200, { data: { username: form.get('username'), ticket, CSRFPreventionToken: csrf, cap: {} } });
  }

  private authenticated(request: http.IncomingMessage): boolean {
    const cookie = /PVEAuthCookie=([^;]+)/.exec(request.headers.cookie ?? '');
    if (cookie) return this.validTickets.has(decodeURIComponent(cookie[1]));
    return request.headers.authorization === `PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}`;
  }
}

function send(response: http.ServerResponse, status: number, body: unknown, reason?: string): void {
  response.writeHead(status, reason ?? 'OK', { 'Content-Type': 'application/json;charset=UTF-8' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

describe('scripts/record-cassettes.ts', () => {
  let server: LocalServer;
  let standIn: StandInServer;
  let outDir: string;
  let written: string[];

  beforeAll(async () => {
    standIn = new StandInServer();
    server = await httpsServer(certificate, standIn.handle);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-recorded-'));
    written = await recordCassettes({
      endpoint: { url: server.url, fingerprint: certificate.fingerprint },
      outDir,
      password: { user: 'root@pam', password: PASSWORD },
      token: TOKEN,
      node: 'node1',
    });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(outDir, { recursive: true, force: true });
    nock.restore();
  });

  it('records every scenario the credentials allow', () => {
    expect(written.map((file) => path.basename(file)).sort()).toEqual(['auth-login-refused.json', 'auth-renewal.json', 'auth-ticket.json', 'auth-token.json', 'reference-data.json']);
  });

  it('writes no ticket, CSRF token, password, token secret or real host', () => {
    expect(standIn.issued.length).toBeGreaterThanOrEqual(8);
    for (const file of written) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of [PASSWORD, TOKEN.secret, ...standIn.issued]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(encodeURIComponent(secret));
      }
      expect(text).not.toContain(`127.0.0.1:${server.port}`);
      expect(text).toContain(CASSETTE_HOST);
    }
  });

  it('keeps tickets apart by number, so the renewal chain survives scrubbing', () => {
    const renewal = JSON.parse(fs.readFileSync(path.join(outDir, 'auth-renewal.json'), 'utf8')) as Array<{ path: string; body?: Record<string, string>; reqheaders?: Record<string, string> }>;
    const renewals = renewal.filter((entry) => entry.path === '/api2/json/access/ticket').map((entry) => entry.body?.password);
    expect(renewals).toEqual(['[password-1]', expect.stringMatching(/::\[ticket-1\]$/), expect.stringMatching(/::\[ticket-2\]$/)]);
  });

  it('replays what it recorded in lockdown', async () => {
    nock.back.fixtures = outDir;
    nock.back.setMode('lockdown');
    const { nockDone, context } = await nock.back('auth-renewal.json', { before: replayHook({ '[password-1]': PASSWORD }) as (def: nock.Definition) => void });
    const clock = new ManualClock();
    const client = new AxiosProxmoxClient({ ...defaultClientOptions, endpoint: { url: CASSETTE_HOST } }, new NullLogger(), clock);
    try {
      await client.signIn('root@pam', new Secret(PASSWORD));
      await client.request(PveApi.version());
      clock.jump(16 * 60_000);
      await client.request(PveApi.nodes());
      clock.jump(16 * 60_000);
      await client.request(PveApi.version());
      context.assertScopesFinished();
    } finally {
      client.dispose();
      nockDone();
      nock.back.setMode('dryrun');
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});
