import 'reflect-metadata';
import nock from 'nock';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { defaultClientOptions } from '../../../src/proxmox/connection-options';
import type { Logger } from '../../../src/shared/logger';
import { Secret } from '../../../src/shared/secret';

const HOST = 'https://pve.wire.invalid:8006';

class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  debug(message: string): void {
    this.lines.push(`debug ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}

describe('what the client puts on the wire', () => {
  let logger: MemoryLogger;
  let client: AxiosProxmoxClient;

  beforeAll(() => nock.disableNetConnect());
  beforeEach(() => {
    logger = new MemoryLogger();
    client = new AxiosProxmoxClient({ ...defaultClientOptions, endpoint: { url: `${HOST}/` } }, logger, new ManualClock());
    client.useApiToken('root@pam!ci', new Secret('9f1c7e52-3b8a-4d6e-a0f2-5c4b3a291807'));
  });
  afterEach(() => {
    client.dispose();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('form-encodes bodies like the web UI (encodeURIComponent: %20 for spaces, %2B for plus)', async () => {
    const scope = nock(HOST)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .post('/api2/json/nodes/pve1/qemu', /^vmid=123&name=web-1&description=a%20b%2Bc&tags=web%3Bnixos&agent=1$/)
      .reply(200, { data: 'UPID:pve1:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:' });
    await client.request(PveApi.taskWrite('POST', '/nodes/pve1/qemu', { vmid: 123, name: 'web-1', description: 'a b+c', tags: 'web;nixos', agent: 1 }));
    expect(scope.isDone()).toBe(true);
  });

  it('sends Accept: application/json and no body on reads; the base URL ends in /api2/json whatever the trailing slash', async () => {
    const scope = nock(HOST).matchHeader('accept', /application\/json/).get('/api2/json/cluster/nextid').query({ vmid: '150' }).reply(200, { data: '150' });
    await expect(client.request(PveApi.nextId(150))).resolves.toBe(150);
    expect(scope.isDone()).toBe(true);
  });

  it('logs each request as METHOD path -> status in ms, at debug level', async () => {
    nock(HOST).get('/api2/json/nodes').reply(200, { data: [] });
    nock(HOST).get('/api2/json/pools').reply(403, { data: null });
    await client.request(PveApi.nodes());
    await client.request(PveApi.pools()).catch(() => undefined);
    expect(logger.lines).toEqual([expect.stringMatching(/^debug GET \/nodes -> 200 in \d+ ms$/), expect.stringMatching(/^debug GET \/pools -> 403 in \d+ ms$/)]);
  });

  it('tolerates a URL given with /api2/json already', async () => {
    const scope = nock(HOST).get('/api2/json/version').reply(200, { data: { version: '9.1.2' } });
    client.connect({ url: `${HOST}/api2/json/` });
    await client.request({ ...PveApi.version(), anonymous: true });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses plain http before sending anything: the password would travel in clear text', async () => {
    const scope = nock('http://pve.wire.invalid:8006').post('/api2/json/access/ticket').reply(200, { data: {} });
    client.connect({ url: 'http://pve.wire.invalid:8006' });
    await expect(client.signIn('root@pam', new Secret('clear-text-password'))).rejects.toMatchObject({ kind: 'tls', message: expect.stringMatching(/does not use https/) });
    expect(scope.isDone()).toBe(false);
  });

  it('ends a session once when several requests come back 401 together', async () => {
    const ticketAnswer = { data: { username: 'root@pam', ticket: 'PVE:root@pam:66A1B2C3::[ticket-1]', CSRFPreventionToken: '66A1B2C3:[csrf-1]' } };
    nock(HOST).post('/api2/json/access/ticket').reply(200, ticketAnswer);
    nock(HOST).get('/api2/json/nodes').times(3).reply(401, '');
    let rejections = 0;
    client.onSessionRejected(() => rejections++);
    await client.signIn('root@pam', new Secret('pw'));
    const results = await Promise.allSettled([client.request(PveApi.nodes()), client.request(PveApi.nodes()), client.request(PveApi.nodes())]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(rejections).toBe(1);
  });

  it('a request without a server set fails with a message saying how to set one', async () => {
    const unset = new AxiosProxmoxClient(defaultClientOptions, logger, new ManualClock());
    await expect(unset.request(PveApi.version())).rejects.toThrow(/No Proxmox VE server is set; give one with --host/);
    unset.dispose();
  });

  it('switching to another server signs out (a ticket is only good where it was issued)', () => {
    client.connect({ url: 'https://pve2.wire.invalid:8006' });
    expect(client.authentication.kind).toBe('none');
    expect(client.endpoint?.url).toBe('https://pve2.wire.invalid:8006');
  });
});
