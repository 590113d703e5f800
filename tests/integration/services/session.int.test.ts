import 'reflect-metadata';
import { PveApi } from '../../../src/proxmox/api-calls';
import type { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { ProxmoxReferenceDataService } from '../../../src/services/impl/proxmox-reference-data-service';
import { ProxmoxSessionService } from '../../../src/services/impl/proxmox-session-service';
import { ServerVersionSource } from '../../../src/services/impl/server-version';
import { NullLogger } from '../../../src/shared/logger';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS, type Replay } from '../proxmox/cassette-replay';

describe('SessionService over the real client (cassettes)', () => {
  let cassette: Replay;
  let client: AxiosProxmoxClient;
  let session: ProxmoxSessionService;
  const password = new Secret(TEST_SECRETS.password);

  let data: ProxmoxReferenceDataService;

  beforeEach(() => {
    client = cassetteClient();
    const versions = new ServerVersionSource(client);
    session = new ProxmoxSessionService(client, versions, new NullLogger());
    // The wizard reads the version with its first loads after signing in: the login itself asks only for the ticket.
    data = new ProxmoxReferenceDataService(client, versions);
  });
  afterEach(() => {
    client.dispose();
    cassette.done();
  });
  afterAll(stopReplaying);

  it('lists realms and signs in with a password; reads carry no CSRF token, writes do', async () => {
    cassette = await replay('auth-ticket');
    const realms = await session.realms();
    expect(realms.map((realm) => [realm.id, realm.isDefault, realm.enforcedTfa])).toEqual([
      ['pve', false, undefined],
      ['pam', true, undefined],
      ['test', false, 'oath'],
    ]);
    const outcome = await session.login('root', password, 'pam');
    expect(outcome).toEqual({ kind: 'authenticated', session: { username: 'root@pam', authKind: 'ticket', clusterName: 'pve-cluster' } });
    await expect(data.serverVersion()).resolves.toEqual({ version: '9.1.2', major: 9, minor: 1 });
    await client.request(PveApi.nodes());
    await client.request(PveApi.write('PUT', '/nodes/node1/qemu/100/config', { serial0: 'socket', vga: 'serial0' }));
    cassette.assertAllCalled();
  });

  it('TOTP: offers the factors, a wrong code can be retried, the right one signs in', async () => {
    cassette = await replay('auth-tfa');
    const outcome = await session.login('alice@pve', password);
    expect(outcome).toEqual({ kind: 'second-factor', challenge: { username: 'alice@pve', totp: true, recovery: true, yubico: false, webauthn: false, u2f: false } });
    await expect(session.completeSecondFactor({ kind: 'totp', code: TEST_SECRETS.wrongTotp })).rejects.toThrow(/code was not accepted/);
    await expect(session.completeSecondFactor({ kind: 'totp', code: TEST_SECRETS.rightTotp })).resolves.toMatchObject({ username: 'alice@pve', authKind: 'ticket' });
    await expect(data.serverVersion()).resolves.toMatchObject({ major: 9 });
    cassette.assertAllCalled();
  });

  it('API token: verified with one read', async () => {
    cassette = await replay('auth-token');
    await expect(session.useToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret))).resolves.toEqual({
      username: 'root@pam',
      authKind: 'token',
      tokenId: 'root@pam!ci',
      serverVersion: { version: '9.1.2', major: 9, minor: 1 },
    });
    await client.request(PveApi.nodes());
    await client.request(PveApi.write('PUT', '/nodes/node1/qemu/100/config', { serial0: 'socket', vga: 'serial0' }));
    cassette.assertAllCalled();
  });

  it('a rejected token leaves no session', async () => {
    cassette = await replay('auth-token-rejected');
    await expect(session.useToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret))).rejects.toMatchObject({ kind: 'auth' });
    expect(session.current).toBeUndefined();
    expect(client.authentication.kind).toBe('none');
    cassette.assertAllCalled();
  });

  it('a session the server ends fires onDidExpire; the failed load rejects with kind auth', async () => {
    cassette = await replay('auth-session-expired');
    const expired: string[] = [];
    session.onDidExpire((event) => expired.push(event.endpoint));
    await session.login('root@pam', password);
    await expect(data.serverVersion()).resolves.toMatchObject({ major: 9 });
    await expect(data.nodes()).rejects.toMatchObject({ kind: 'auth' });
    expect(expired).toEqual(['https://pve1.cassette.invalid:8006']);
    expect(session.current).toBeUndefined();
    cassette.assertAllCalled();
  });
});
