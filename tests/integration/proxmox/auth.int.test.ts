import 'reflect-metadata';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import type { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { ProxmoxError } from '../../../src/shared/proxmox-error';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS, type Replay } from './cassette-replay';
import { settle } from './event-loop';

const MINUTE = 60_000;
const password = new Secret(TEST_SECRETS.password);
const serialConsole = PveApi.write('PUT', '/nodes/node1/qemu/100/config', { serial0: 'socket', vga: 'serial0' });

describe('Proxmox client authentication (cassettes)', () => {
  let cassette: Replay;
  let client: AxiosProxmoxClient;
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock();
    client = cassetteClient({ clock });
  });
  afterEach(() => {
    client.dispose();
    cassette?.done();
  });
  afterAll(stopReplaying);

  describe('ticket', () => {
    it('signs in, sends the cookie on every call and the CSRF token on writes only', async () => {
      // The cassette lists the auth headers each call must carry and those it must not (CSRF on the GETs).
      cassette = await replay('auth-ticket');
      await client.request(PveApi.domains());
      const outcome = await client.signIn('root@pam', password);
      expect(outcome).toEqual({ kind: 'signed-in', username: 'root@pam', clusterName: 'pve-cluster' });
      expect(client.authentication).toEqual({ kind: 'ticket', username: 'root@pam', clusterName: 'pve-cluster' });
      await client.request(PveApi.version());
      const nodes = await client.request(PveApi.nodes());
      expect(nodes.map((node) => node.node)).toEqual(['node1', 'node2', 'node3', 'node4']);
      await expect(client.request(serialConsole)).resolves.toBeNull();
      cassette.assertAllCalled();
    });

    it('reports a refused password as an auth error that says what to check', async () => {
      cassette = await replay('auth-login-refused');
      const failure = client.signIn('root@pam', password);
      await expect(failure).rejects.toMatchObject({ kind: 'auth', details: { endpoint: 'POST /access/ticket', status: 401 } });
      await expect(failure).rejects.toThrow(/user name, realm or password was not accepted/);
      expect(client.authentication.kind).toBe('none');
      cassette.assertAllCalled();
    });
  });

  describe('second factor', () => {
    it('reads the offered factors, refuses a wrong code, keeps the challenge and accepts the right one', async () => {
      cassette = await replay('auth-tfa');
      const first = await client.signIn('alice@pve', password);
      expect(first).toEqual({
        kind: 'second-factor',
        username: 'alice@pve',
        factors: { totp: true, recovery: true, yubico: false, webauthn: false, u2f: false },
      });
      expect(client.authentication.kind).toBe('none');

      const wrong = client.answerSecondFactor(new Secret(`totp:${TEST_SECRETS.wrongTotp}`));
      await expect(wrong).rejects.toMatchObject({ kind: 'auth' });
      await expect(wrong).rejects.toThrow(/code was not accepted/);

      await expect(client.answerSecondFactor(new Secret(`totp:${TEST_SECRETS.rightTotp}`))).resolves.toMatchObject({ kind: 'signed-in', username: 'alice@pve' });
      await client.request(PveApi.version());
      expect(client.authentication).toMatchObject({ kind: 'ticket', username: 'alice@pve' });
      cassette.assertAllCalled();
    });

    it('accepts a recovery key as the second factor', async () => {
      cassette = await replay('auth-tfa-recovery');
      await client.signIn('alice@pve', password);
      await client.answerSecondFactor(new Secret(`recovery:${TEST_SECRETS.recoveryKey}`));
      await client.request(PveApi.version());
      cassette.assertAllCalled();
    });

    it('refuses an answer when no challenge is pending, without sending anything', async () => {
      cassette = await replay('auth-login-refused');
      await expect(client.answerSecondFactor(new Secret('totp:123456'))).rejects.toMatchObject({ kind: 'auth' });
      expect(cassette.pending()).toHaveLength(1);
    });
  });

  describe('API token', () => {
    it('sends PVEAPIToken on reads and writes, and neither cookie nor CSRF token', async () => {
      cassette = await replay('auth-token');
      client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
      expect(client.authentication).toEqual({ kind: 'token', tokenId: 'root@pam!ci', username: 'root@pam' });
      await client.request(PveApi.version());
      await client.request(PveApi.nodes());
      await client.request(serialConsole);
      cassette.assertAllCalled();
    });

    it('reports a rejected token as an auth error about the token', async () => {
      cassette = await replay('auth-token-rejected');
      client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
      await expect(client.request(PveApi.version())).rejects.toThrow(/rejected the API token/);
      cassette.assertAllCalled();
    });
  });

  describe('ticket renewal', () => {
    it('renews before a request once the ticket is 15 minutes old, and in the background while idle', async () => {
      cassette = await replay('auth-renewal');
      await client.signIn('root@pam', password);
      await client.request(PveApi.version());

      // Timers ran late (a suspended laptop): the next request renews first, posting the current ticket as the password.
      clock.jump(16 * MINUTE);
      await client.request(PveApi.nodes());

      // An idle user: the background timer renews with no request at all.
      clock.advance(16 * MINUTE);
      await settle(() => !cassette.pending().some((call) => call.includes('/access/ticket')));

      // Half an hour in, a write goes out with the newest ticket and its CSRF token (the cassette checks both).
      await expect(client.request(serialConsole)).resolves.toBeNull();
      cassette.assertAllCalled();
    });

    it('ends the session and tells listeners when the server refuses the renewal', async () => {
      cassette = await replay('auth-renewal-refused');
      const rejected: string[] = [];
      client.onSessionRejected((event) => rejected.push(event.endpoint));
      await client.signIn('root@pam', password);
      await client.request(PveApi.version());
      clock.jump(16 * MINUTE);
      const failure = client.request(PveApi.nodes());
      await expect(failure).rejects.toBeInstanceOf(ProxmoxError);
      await expect(failure).rejects.toThrow(/no longer accepts this session/);
      expect(rejected).toEqual(['https://pve1.cassette.invalid:8006']);
      expect(client.authentication.kind).toBe('none');
      expect(clock.pendingTimers).toBe(0);
      cassette.assertAllCalled();
    });

    it('a 401 on a ticket session rejects with kind auth and fires onSessionRejected', async () => {
      cassette = await replay('auth-session-expired');
      let rejections = 0;
      client.onSessionRejected(() => rejections++);
      await client.signIn('root@pam', password);
      await client.request(PveApi.version());
      await expect(client.request(PveApi.nodes())).rejects.toMatchObject({ kind: 'auth', details: { status: 401, endpoint: 'GET /nodes' } });
      expect(rejections).toBe(1);
      expect(client.authentication.kind).toBe('none');
      cassette.assertAllCalled();
    });

    it('after the server ended the session, requests fail with why, unsent, until the next sign-in', async () => {
      cassette = await replay('auth-session-expired');
      await client.signIn('root@pam', password);
      await client.request(PveApi.version());
      await expect(client.request(PveApi.nodes())).rejects.toMatchObject({ kind: 'auth' });
      // Nothing more is recorded: a request sent now would fail the replay.
      const later = client.request(PveApi.pools());
      await expect(later).rejects.toMatchObject({ kind: 'auth', details: { endpoint: 'GET /pools' } });
      await expect(later).rejects.toThrow(/^The server no longer accepts this session \(.+\); sign in again\.$/);
      cassette.assertAllCalled();
    });
  });
});
