import 'reflect-metadata';
import nock from 'nock';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { defaultClientOptions, type ProxmoxEndpoint } from '../../../src/proxmox/connection-options';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { answer, closedPort, httpServer, httpsServer, silentServer, type LocalServer } from './local-servers';

const certificate = createCertificate();
const clients: AxiosProxmoxClient[] = [];

function clientFor(endpoint: ProxmoxEndpoint, requestTimeoutMs = defaultClientOptions.requestTimeoutMs): AxiosProxmoxClient {
  const client = new AxiosProxmoxClient({ ...defaultClientOptions, requestTimeoutMs, endpoint }, new NullLogger(), new ManualClock());
  client.useApiToken('root@pam!ci', new Secret('9f1c7e52-3b8a-4d6e-a0f2-5c4b3a291807'));
  clients.push(client);
  return client;
}

async function failureOf(action: Promise<unknown>): Promise<ProxmoxError> {
  const error = await action.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProxmoxError);
  return error as ProxmoxError;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  // Take nock's interceptor out of http/https for whatever runs next in this worker.
  nock.restore();
});

describe('requests that get no answer', () => {
  it('a refused connection is a network error that names the server', async () => {
    const port = await closedPort();
    const error = await failureOf(clientFor({ url: `https://127.0.0.1:${port}` }).request(PveApi.version()));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(new RegExp(`Could not reach 127\\.0\\.0\\.1:${port} for GET /version \\(connection refused\\)`));
  });

  it('a reset connection is a network error', async () => {
    nock('https://pve.reset.invalid:8006').get('/api2/json/version').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await failureOf(clientFor({ url: 'https://pve.reset.invalid:8006' }).request(PveApi.version()));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('connection reset');
  });

  it('an unknown host name is a network error', async () => {
    nock('https://pve.nowhere.invalid:8006').get('/api2/json/nodes').replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND pve.nowhere.invalid'), { code: 'ENOTFOUND' }));
    const error = await failureOf(clientFor({ url: 'https://pve.nowhere.invalid:8006' }).request(PveApi.nodes()));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('host name not found');
  });

  it('a server that never completes the TLS handshake times out (the limit covers connect and handshake)', async () => {
    const server = await silentServer();
    try {
      const error = await failureOf(clientFor({ url: server.url, fingerprint: certificate.fingerprint }, 50).request(PveApi.version()));
      expect(error.kind).toBe('timeout');
      expect(error.message).toMatch(/did not answer GET \/version/);
      expect(error.retryable).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('speaking TLS to a plain HTTP port is a TLS error that says to check the URL', async () => {
    const server = await httpServer(answer(200, 'OK', { data: null }));
    try {
      const error = await failureOf(clientFor({ url: server.url.replace('http:', 'https:') }).request(PveApi.version()));
      expect(error.kind).toBe('tls');
      expect(error.message).toMatch(/check that the URL uses https and the API port/);
    } finally {
      await server.close();
    }
  });

  it('an aborted call rejects with an AbortError, not a ProxmoxError', async () => {
    const server = await silentServer();
    try {
      const controller = new AbortController();
      const call = clientFor({ url: server.url, fingerprint: certificate.fingerprint }).request(PveApi.version(), { signal: controller.signal });
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await server.close();
    }
  });
});

describe('messages in the HTTP reason phrase (servers before PVE 8.4 send no JSON message)', () => {
  let server: LocalServer;
  const routes: Record<string, [number, string, unknown?]> = {
    '/api2/json/nodes': [500, "unable to create VM 101 - VM 101 already exists on node 'pve1'", { data: null }],
    '/api2/json/cluster/resources?type=vm': [500, "storage 'cephfs' does not exist", { data: null }],
    '/api2/json/pools': [403, 'Permission check failed (/pool/prod, Pool.Audit)', { data: null }],
    '/api2/json/version': [401, 'No ticket'],
    '/api2/json/nodes/pve3/storage?content=iso&enabled=1&format=1': [595, 'No route to host'],
    '/api2/json/cluster/nextid': [501, "Method 'GET /cluster/nextid' not implemented", { data: null }],
  };

  beforeAll(async () => {
    server = await httpsServer(certificate, (request, response) => {
      const [status, reason, body] = routes[request.url ?? ''] ?? [404, 'Not Found', { data: null }];
      answer(status, reason, body)(request, response);
    });
  });
  afterAll(() => server.close());

  const client = (): AxiosProxmoxClient => clientFor({ url: server.url, fingerprint: certificate.fingerprint });

  it('500 "already exists" is a conflict', async () => {
    const error = await failureOf(client().request(PveApi.nodes()));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain("VM 101 already exists on node 'pve1'");
  });

  it('500 is a server error with the reason phrase as the message', async () => {
    const error = await failureOf(client().request(PveApi.vmResources()));
    expect(error).toMatchObject({ kind: 'server', details: { status: 500, endpoint: 'GET /cluster/resources' } });
    expect(error.message).toContain("storage 'cephfs' does not exist (HTTP 500)");
  });

  it('501 is a server error too', async () => {
    const error = await failureOf(client().request(PveApi.nextId()));
    expect(error.kind).toBe('server');
    expect(error.message).toContain('not implemented');
  });

  it('403 names the privilege from the reason phrase', async () => {
    const error = await failureOf(client().request(PveApi.pools()));
    expect(error).toMatchObject({ kind: 'permission', details: { privilege: 'Pool.Audit' } });
  });

  it('401 with an empty body still says what happened', async () => {
    const error = await failureOf(client().request(PveApi.version()));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('No ticket');
  });

  it('595 from the proxy to an offline node is a network error naming the node', async () => {
    const error = await failureOf(client().request(PveApi.storages('pve3', 'iso')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/could not reach node pve3 .*No route to host.*may be offline/);
  });
});
