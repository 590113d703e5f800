import 'reflect-metadata';
import { ProxmoxSessionService, qualifiedUser } from '../../../src/services/impl/proxmox-session-service';
import { NullLogger } from '../../../src/shared/logger';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { ScriptedClient } from './scripted-client';

const VERSION = { data: { version: '9.1.2', release: '9.1', repoid: 'abcdef12' } };

function setUp() {
  const client = new ScriptedClient();
  client.authentication = { kind: 'none' };
  return { client, service: new ProxmoxSessionService(client, new NullLogger()) };
}

describe('ProxmoxSessionService', () => {
  it('qualifies a bare user name with the chosen realm', () => {
    expect(qualifiedUser('alice', 'pve')).toBe('alice@pve');
    expect(qualifiedUser(' root@pam ', 'pve')).toBe('root@pam');
    expect(qualifiedUser('alice', undefined)).toBe('alice');
  });

  it('a login without TFA gives the session with cluster name and server version', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { body: VERSION });
    const outcome = await service.login('root', new Secret('pw'), 'pam');
    expect(outcome).toEqual({ kind: 'authenticated', session: { username: 'root@pam', authKind: 'ticket', clusterName: 'lab', serverVersion: { version: '9.1.2', major: 9, minor: 1 } } });
    expect(service.current).toEqual(outcome.kind === 'authenticated' ? outcome.session : undefined);
  });

  it('a failing version read does not fail the login', async () => {
    const { client, service } = setUp();
    client.on('GET /version', { error: new ProxmoxError('permission', 'Permission denied; ask an administrator.', {}) });
    await expect(service.login('root@pam', new Secret('pw'))).resolves.toMatchObject({ kind: 'authenticated', session: { serverVersion: undefined } });
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
