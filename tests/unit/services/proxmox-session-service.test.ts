import 'reflect-metadata';
import { ProxmoxReferenceDataService } from '../../../src/services/impl/proxmox-reference-data-service';
import { ProxmoxSessionService, qualifiedUser } from '../../../src/services/impl/proxmox-session-service';
import { ServerVersionSource } from '../../../src/services/impl/server-version';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { ScriptedClient } from './scripted-client';

const VERSION = { data: { version: '9.1.2', release: '9.1', repoid: 'abcdef12' } };

function setUp() {
  const client = new ScriptedClient();
  client.authentication = { kind: 'none' };
  const versions = new ServerVersionSource(client);
  return { client, versions, service: new ProxmoxSessionService(client, versions, new NullLogger()) };
}

describe('ProxmoxSessionService', () => {
  it('qualifies a bare user name with the chosen realm', () => {
    expect(qualifiedUser('alice', 'pve')).toBe('alice@pve');
    expect(qualifiedUser(' root@pam ', 'pve')).toBe('root@pam');
    expect(qualifiedUser('alice', undefined)).toBe('alice');
  });

  it('a login without TFA gives the session with the cluster name', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    const outcome = await service.login('root', new Secret('pw'), 'pam');
    expect(outcome).toEqual({ kind: 'authenticated', session: { username: 'root@pam', authKind: 'ticket', clusterName: 'lab' } });
    expect(service.current).toEqual(outcome.kind === 'authenticated' ? outcome.session : undefined);
  });

  it('a failing version read is an error for its reader and leaves the session signed in', async () => {
    const { client, versions, service } = setUp();
    client.on('GET /version', { error: new ProxmoxError('permission', 'Permission denied; ask an administrator.', {}) });
    await expect(service.login('root@pam', new Secret('pw'))).resolves.toMatchObject({ kind: 'authenticated' });
    await expect(new ProxmoxReferenceDataService(client, versions).serverVersion()).rejects.toMatchObject({ kind: 'permission' });
    expect(service.current?.username).toBe('root@pam');
  });

  it('asks for the second factor with the offered factors, then sends the answer as kind:code', async () => {
    const { client, service } = setUp();
    client.signInResult = { kind: 'second-factor', username: 'alice@pve', factors: { totp: true, recovery: true, yubico: false, webauthn: true, u2f: false } };
    client.answerResults = [new ProxmoxError('auth', 'The second-factor code was not accepted; try again.', {}), { kind: 'signed-in', username: 'alice@pve' }];
    client.on('GET /version', { body: VERSION });

    const outcome = await service.login('alice@pve', new Secret('pw'));
    expect(outcome).toEqual({ kind: 'second-factor', challenge: { username: 'alice@pve', totp: true, recovery: true, yubico: false, webauthn: true, u2f: false } });
    expect(service.current).toBeUndefined();

    await expect(service.completeSecondFactor({ kind: 'totp', code: '111111' })).rejects.toMatchObject({ kind: 'auth' });
    await expect(service.completeSecondFactor({ kind: 'recovery', code: ' a1b2-c3d4 ' })).resolves.toMatchObject({ username: 'alice@pve', authKind: 'ticket' });
    expect(client.sentSecrets).toEqual(['pw', 'totp:111111', 'recovery:a1b2-c3d4']);
  });

  it('verifies an API token with one read and keeps the version', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    await expect(service.useToken('root@pam!ci', new Secret('uuid'))).resolves.toEqual({
      username: 'root@pam',
      authKind: 'token',
      tokenId: 'root@pam!ci',
      serverVersion: { version: '9.1.2', major: 9, minor: 1 },
    });
  });

  it('a rejected token signs out again and passes the auth error on', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { error: new ProxmoxError('auth', 'The server rejected the API token; check it.', { status: 401 }) });
    await expect(service.useToken('root@pam!ci', new Secret('wrong'))).rejects.toMatchObject({ kind: 'auth' });
    expect(client.authentication.kind).toBe('none');
    expect(service.current).toBeUndefined();
  });

  it('relays a rejected session as onDidExpire and forgets it', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    await service.login('root@pam', new Secret('pw'));
    const expired: string[] = [];
    service.onDidExpire((event) => expired.push(event.endpoint));
    client.rejectSession();
    expect(expired).toEqual(['https://pve1.test:8006']);
    expect(service.current).toBeUndefined();
  });

  it('changing the server forgets the session; setting the same one again keeps it', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    service.useEndpoint({ url: 'https://pve1.test:8006', insecure: false });
    await service.login('root@pam', new Secret('pw'));
    service.useEndpoint({ url: 'https://pve1.test:8006', insecure: false });
    expect(service.current).toBeDefined();
    service.useEndpoint({ url: 'https://pve2.test:8006', fingerprint: 'AA', insecure: false });
    expect(service.current).toBeUndefined();
    expect(service.endpoint).toEqual({ url: 'https://pve2.test:8006', fingerprint: 'AA', caFile: undefined, insecure: false });
  });

  it('signs in on the ticket alone: the version is read once, with the first loads after it', async () => {
    const { client, versions, service } = setUp();
    client.on('GET /version', { body: VERSION });
    const outcome = await service.login('root@pam', new Secret('pw'));
    expect(outcome).toMatchObject({ kind: 'authenticated', session: { username: 'root@pam', authKind: 'ticket' } });
    // Nothing but the ticket: the wizard's loads go out right away, the version among them.
    expect(client.keys()).toEqual([]);
    await expect(new ProxmoxReferenceDataService(client, versions).serverVersion()).resolves.toEqual({ version: '9.1.2', major: 9, minor: 1 });
    expect(client.keys().filter((key) => key === 'GET /version')).toHaveLength(1);
  });

  it('a session the server ends while the version is read: the session ends as for any request, and the reader gets the auth error', async () => {
    const { client, versions, service } = setUp();
    let answer!: (body: unknown) => void;
    client.on('GET /version', { later: new Promise((resolve) => (answer = resolve)) });
    const expired: string[] = [];
    service.onDidExpire((event) => expired.push(event.endpoint));
    await service.login('root@pam', new Secret('pw'));
    const version = new ProxmoxReferenceDataService(client, versions).serverVersion();
    // The first authenticated request came back 401: the real client signs out and says so.
    client.signOut();
    client.rejectSession();
    answer(Promise.reject(new ProxmoxError('auth', 'The server no longer accepts this session (No ticket); sign in again.', { status: 401 })));
    await expect(version).rejects.toMatchObject({ kind: 'auth' });
    expect(expired).toHaveLength(1);
    expect(service.current).toBeUndefined();
  });

  it('is signed in only while the client is: a sign-out behind its back ends `current` too', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    await service.login('root@pam', new Secret('pw'));
    expect(service.current?.username).toBe('root@pam');
    client.signOut();
    expect(service.current).toBeUndefined();
  });

  it('the version read at login is the one the reference data uses: a default create asks for it once', async () => {
    const { client, versions, service } = setUp();
    client.on('GET /version', { body: VERSION });
    await service.login('root@pam', new Secret('pw'));
    await expect(new ProxmoxReferenceDataService(client, versions).serverVersion()).resolves.toEqual({ version: '9.1.2', major: 9, minor: 1 });
    expect(client.keys().filter((key) => key === 'GET /version')).toHaveLength(1);
  });

  it('a token is always verified with the server, even when its version is known', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION }, { error: new ProxmoxError('auth', 'The server rejected the API token; check it.', { status: 401 }) });
    await service.useToken('root@pam!ci', new Secret('right'));
    await expect(service.useToken('root@pam!ci', new Secret('wrong'))).rejects.toMatchObject({ kind: 'auth' });
    expect(client.keys()).toEqual(['GET /version', 'GET /version']);
  });

  it('lists realms from /access/domains', async () => {
    const { client, service } = setUp();
    client.on('GET /access/domains', { data: [{ realm: 'pam', type: 'pam', comment: 'Linux PAM' }] });
    await expect(service.realms()).resolves.toEqual([{ id: 'pam', type: 'pam', comment: 'Linux PAM', isDefault: true, enforcedTfa: undefined }]);
  });

  it('logout signs the client out', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    await service.login('root@pam', new Secret('pw'));
    service.logout();
    expect(client.authentication.kind).toBe('none');
    expect(service.current).toBeUndefined();
  });
});
