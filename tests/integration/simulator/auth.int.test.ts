/**
 * Authentication of the simulated cluster over real loopback HTTPS: tickets,
 * CSRF, expiry and renewal, two-step TOTP, API tokens and permissions, each
 * answering the way Proxmox VE does.
 */
import * as OTPAuth from 'otpauth';
import { RunningSimulator, startSimulator } from '../../../mocks/simulator';
import { PveClient, TestClock } from './pve-client';

describe('simulator authentication', () => {
  let sim: RunningSimulator;
  let clock: TestClock;
  let client: PveClient;

  beforeEach(async () => {
    clock = new TestClock();
    sim = await startSimulator({ clock: clock.now, scenario: { taskDurationMs: 0 } });
    client = new PveClient(sim);
  });

  afterEach(() => sim.close());

  const totpAt = (timeMs: number, secret = sim.credentials.totp!.secret) =>
    new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: timeMs });

  test('the realm list needs no login and marks pam as the default', async () => {
    const answer = await client.get('/access/domains');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([
      { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', default: 1 },
      { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
    ]);
  });

  test('without a ticket the API answers 401 "No ticket" with an empty body', async () => {
    const answer = await client.get('/version');
    expect(answer.status).toBe(401);
    expect(answer.reason).toBe('No ticket');
    expect(answer.text).toBe('');
  });

  test('a password login returns a PVE ticket, a CSRF token, capabilities and the cluster name', async () => {
    const answer = await client.login('root@pam', 'demo');
    expect(answer.status).toBe(200);
    const data = answer.body.data;
    expect(data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/=]+$/);
    expect(data.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:\S+$/);
    expect(data.cap.vms['VM.Allocate']).toBe(1);
    expect(data.clustername).toBe('pve-demo');
    expect((await client.get('/version')).body.data.version).toBe('9.1.2');
  });

  test('the realm may be given separately from the user name', async () => {
    const answer = await client.request('POST', '/access/ticket', { username: 'root', realm: 'pam', password: 'demo' });
    expect(answer.body.data.username).toBe('root@pam');
  });

  test('a wrong password is 401 "authentication failure" with a JSON message (PVE >= 8.4)', async () => {
    const answer = await client.login('root@pam', 'wrong');
    expect(answer.status).toBe(401);
    expect(answer.reason).toBe('authentication failure');
    expect(answer.body).toEqual({ data: null, message: 'authentication failure\n' });
  });

  test('the old error style (PVE < 8.4) has no message in the body, only in the status line', async () => {
    await sim.close();
    sim = await startSimulator({ clock: clock.now, scenario: { oldErrorStyle: true } });
    client = new PveClient(sim);
    const answer = await client.login('root@pam', 'wrong');
    expect(answer.reason).toBe('authentication failure');
    expect(answer.body).toEqual({ data: null });
  });

  test('writes with a ticket need the CSRF token', async () => {
    await client.login('root@pam', 'demo');
    const refused = await client.put('/nodes/pve1/qemu/100/config', { description: 'x' }, { withoutCsrf: true });
    expect(refused.status).toBe(401);
    expect(refused.reason).toBe('Permission denied - invalid csrf token');
    expect(refused.text).toBe('');
    const forged = await client.put('/nodes/pve1/qemu/100/config', { description: 'x' }, { withoutCsrf: true, headers: { CSRFPreventionToken: '6800A000:forged' } });
    expect(forged.status).toBe(401);
    expect((await client.put('/nodes/pve1/qemu/100/config', { description: 'x' })).status).toBe(200);
  });

  test('a ticket expires after its lifetime; renewing it before then gives a fresh one', async () => {
    await sim.close();
    sim = await startSimulator({ clock: clock.now, scenario: { ticketLifetimeSeconds: 60 } });
    client = new PveClient(sim);
    const first = (await client.login('root@pam', 'demo')).body.data;
    clock.advance(50_000);
    const renewed = await client.request('POST', '/access/ticket', { username: 'root@pam', password: first.ticket });
    expect(renewed.status).toBe(200);
    expect(renewed.body.data.ticket).not.toBe(first.ticket);
    clock.advance(20_000); // the first ticket is 70 s old now, the renewed one 20 s
    expect((await client.get('/version')).status).toBe(401);
    expect((await client.get('/version')).reason).toBe('permission denied - invalid PVE ticket');
    client.useTicket(renewed.body.data.ticket, renewed.body.data.CSRFPreventionToken);
    expect((await client.get('/version')).status).toBe(200);
  });

  test('an expired ticket cannot be renewed', async () => {
    await sim.close();
    sim = await startSimulator({ clock: clock.now, scenario: { ticketLifetimeSeconds: 60 } });
    client = new PveClient(sim);
    const first = (await client.login('root@pam', 'demo')).body.data;
    clock.advance(61_000);
    expect((await client.request('POST', '/access/ticket', { username: 'root@pam', password: first.ticket })).status).toBe(401);
  });

  test('a ticket with a changed signature or user is rejected', async () => {
    const { ticket, CSRFPreventionToken } = (await client.login('root@pam', 'demo')).body.data;
    client.useTicket(ticket.replace('root@pam', 'alice@pve'), CSRFPreventionToken);
    expect((await client.get('/version')).status).toBe(401);
  });

  describe('two-step TOTP login', () => {
    const firstStep = async () => {
      const { username, password } = sim.credentials.totp!;
      return (await client.request('POST', '/access/ticket', { username, password })).body.data;
    };

    test('the first step answers NeedTFA with a half-authenticated ticket naming the factors', async () => {
      const data = await firstStep();
      expect(data.NeedTFA).toBe(1);
      expect(data.cap).toBeUndefined();
      const challenge = JSON.parse(decodeURIComponent(data.ticket.split(':')[1].slice('!tfa!'.length)));
      expect(challenge).toEqual({ totp: true, recovery: [0, 1] });
    });

    test('the half-authenticated ticket opens nothing but the second step', async () => {
      const data = await firstStep();
      client.useTicket(data.ticket, data.CSRFPreventionToken);
      const answer = await client.get('/version');
      // Its signature covers the user name, which the ticket does not carry: as a cookie it does not verify.
      expect([answer.status, answer.reason, answer.text]).toEqual([401, 'permission denied - invalid PVE ticket', '']);
    });

    test('the second step with the current TOTP code gives a full ticket', async () => {
      const data = await firstStep();
      const answer = await client.request('POST', '/access/ticket', {
        username: sim.credentials.totp!.username,
        'tfa-challenge': data.ticket,
        password: `totp:${totpAt(clock.now())}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.data.ticket).toMatch(/^PVE:alice@pve:/);
    });

    test('a code from one period earlier is still accepted (window 1), one from three periods earlier is not', async () => {
      const data = await firstStep();
      const secondStep = (code: string) =>
        client.request('POST', '/access/ticket', { username: 'alice@pve', 'tfa-challenge': data.ticket, password: `totp:${code}` });
      expect((await secondStep(totpAt(clock.now() - 90_000))).status).toBe(401);
      expect((await secondStep(totpAt(clock.now() - 30_000))).status).toBe(200);
    });

    test('a wrong code, or the code in "otp" next to tfa-challenge, is 401', async () => {
      const data = await firstStep();
      const wrong = await client.request('POST', '/access/ticket', { username: 'alice@pve', 'tfa-challenge': data.ticket, password: 'totp:000000' });
      expect(wrong.status).toBe(401);
      const misplaced = await client.request('POST', '/access/ticket', {
        username: 'alice@pve',
        'tfa-challenge': data.ticket,
        password: `totp:${totpAt(clock.now())}`,
        otp: totpAt(clock.now()),
      });
      expect(misplaced.status).toBe(401);
    });

    test('the challenge ticket is bound to its user', async () => {
      const data = await firstStep();
      const answer = await client.request('POST', '/access/ticket', { username: 'root@pam', 'tfa-challenge': data.ticket, password: `totp:${totpAt(clock.now())}` });
      expect(answer.status).toBe(401);
    });

    test('a recovery key works once', async () => {
      const [key] = sim.credentials.totp!.recoveryKeys;
      const use = async () => {
        const data = await firstStep();
        return client.request('POST', '/access/ticket', { username: 'alice@pve', 'tfa-challenge': data.ticket, password: `recovery:${key}` });
      };
      expect((await use()).status).toBe(200);
      expect((await use()).status).toBe(401);
      const challenge = JSON.parse(decodeURIComponent((await firstStep()).ticket.split(':')[1].slice('!tfa!'.length)));
      expect(challenge.recovery).toEqual([1]);
    });

    test('the simulator reports the current code on its own clock', async () => {
      expect(sim.totpCode()).toBe(totpAt(clock.now()));
    });
  });

  describe('API tokens', () => {
    test('a token works without ticket and without CSRF token, also for writes', async () => {
      client.useToken(sim.credentials.token!.value);
      expect((await client.get('/version')).status).toBe(200);
      expect((await client.put('/nodes/pve1/qemu/100/config', { description: 'by token' })).status).toBe(200);
    });

    test('a wrong secret or an unknown token is 401 with an empty body', async () => {
      client.useToken('root@pam!demo=11111111-1111-1111-1111-111111111111');
      const wrong = await client.get('/version');
      expect([wrong.status, wrong.reason, wrong.text]).toEqual([401, 'invalid token value!', '']);
      client.useToken('root@pam!other=00000000-0000-0000-0000-000000000000');
      expect((await client.get('/version')).reason).toBe("no such token 'other' for user 'root@pam'");
    });

    test('POST /access/ticket refuses API tokens with 403', async () => {
      client.useToken(sim.credentials.token!.value);
      const answer = await client.request('POST', '/access/ticket', { username: 'root@pam', password: 'demo' });
      expect(answer.status).toBe(403);
      expect(answer.reason).toBe("Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.");
    });
  });

  describe('permissions', () => {
    test('a user without VM.Allocate gets a bare 403, as create_vm raises it without naming the privilege', async () => {
      await client.login('auditor@pve', 'demo');
      expect((await client.get('/cluster/resources', { type: 'vm' })).status).toBe(200);
      const answer = await client.post('/nodes/pve1/qemu', { vmid: 123, name: 'x' });
      expect([answer.status, answer.reason]).toEqual([403, 'Permission check failed']);
      expect(answer.body.message).toBe('Permission check failed\n');
    });

    test('a scenario can take a single privilege away', async () => {
      await sim.close();
      sim = await startSimulator({
        clock: clock.now,
        scenario: { users: [{ userid: 'bob@pve', password: 'pw', privileges: { '/': ['Sys.Audit', 'VM.Audit', 'Datastore.Audit', 'VM.Allocate'] } }], realms: [{ realm: 'pve', type: 'pve' }] },
      });
      client = new PveClient(sim);
      await client.login('bob@pve', 'pw');
      const answer = await client.post('/nodes/pve1/qemu', { vmid: 123, scsi0: 'ceph-pool:8' });
      expect(answer.status).toBe(403);
      expect(answer.reason).toBe('Permission check failed (/storage/ceph-pool, Datastore.AllocateSpace)');
    });
  });
});
