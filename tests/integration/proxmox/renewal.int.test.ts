/**
 * Ticket renewal under pressure, on the wire (nock) with a manual clock:
 * requests that find the ticket due together, a 401 that raced a renewal,
 * renewals that fail for a while, a ticket that outlives its two hours, and
 * a caller that stops waiting. The cassette tests (auth.int.test.ts) cover
 * the plain paths.
 */
import 'reflect-metadata';
import nock from 'nock';
import { ManualClock } from '../../../mocks/fakes/clocks';
import { PveApi } from '../../../src/proxmox/api-calls';
import { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { defaultClientOptions, type ProxmoxClientOptions } from '../../../src/proxmox/connection-options';
import { NullLogger } from '../../../src/shared/logger';
import { Secret } from '../../../src/shared/secret';
import { settle } from './event-loop';

const HOST = 'https://pve.renewal.invalid:8006';
const MINUTE = 60_000;
const TIMING = { renewTicketAfterMs: 15 * MINUTE, renewRetryMs: MINUTE, ticketLifetimeMs: 120 * MINUTE };

/** A ticket answer; `n` tells the tickets apart. */
function ticketAnswer(n: number): { data: Record<string, string> } {
  return { data: { username: 'root@pam', ticket: `PVE:root@pam:6600000${n}::signature-${n}`, CSRFPreventionToken: `6600000${n}:csrf-${n}`, clustername: 'lab' } };
}
const cookieOf = (n: number): string => `PVEAuthCookie=${encodeURIComponent(`PVE:root@pam:6600000${n}::signature-${n}`)}`;

type ReplyCallback = (error: NodeJS.ErrnoException | null, result: nock.ReplyFnResult) => void;
/** A reply given later, through nock's callback. */
type LaterReply = (uri: string, body: nock.Body, callback: ReplyCallback) => void;

/** A reply that waits until the test lets it go. */
function heldReply(status: number, body: nock.Body): { reply: LaterReply; release: () => void } {
  let release = (): void => undefined;
  return {
    reply: (_uri, _body, callback) => {
      release = () => callback(null, [status, body]);
    },
    release: () => release(),
  };
}

describe('ticket renewal', () => {
  let clock: ManualClock;
  let client: AxiosProxmoxClient;
  let renewals: number;
  let rejected: number;

  function start(options: Partial<ProxmoxClientOptions> = {}): void {
    clock = new ManualClock();
    client = new AxiosProxmoxClient({ ...defaultClientOptions, ...TIMING, ...options, endpoint: { url: HOST } }, new NullLogger(), clock);
    rejected = 0;
    client.onSessionRejected(() => rejected++);
  }

  /** Sign in with ticket 1; later POSTs of /access/ticket are renewals, counted, answered by `renewal`. */
  async function signIn(renewal: (n: number) => nock.ReplyFnResult | LaterReply): Promise<void> {
    renewals = 0;
    nock(HOST).post('/api2/json/access/ticket', (body) => body.password === 'pw').reply(200, ticketAnswer(1));
    nock(HOST)
      .post('/api2/json/access/ticket', (body) => typeof body.password === 'string' && body.password.startsWith('PVE:'))
      .times(1000)
      .reply((uri: string, body: nock.Body, callback: ReplyCallback) => {
        renewals += 1;
        const answer = renewal(renewals);
        if (typeof answer === 'function') answer(uri, body, callback);
        else callback(null, answer);
      });
    await client.signIn('root@pam', new Secret('pw'));
  }

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    client.dispose();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('requests that find the ticket due together share one renewal, and all go out with the new ticket', async () => {
    start();
    await signIn((n) => [200, ticketAnswer(n + 1)]);
    const nodes = nock(HOST).get('/api2/json/nodes').matchHeader('cookie', cookieOf(2)).times(3).reply(200, { data: [] });
    clock.jump(16 * MINUTE);

    await Promise.all([client.request(PveApi.nodes()), client.request(PveApi.nodes()), client.request(PveApi.nodes())]);

    expect(renewals).toBe(1);
    expect(nodes.isDone()).toBe(true);
  });

  it('a 401 to a request sent with the old ticket does not end the session renewed meanwhile', async () => {
    start();
    await signIn((n) => [200, ticketAnswer(n + 1)]);
    const late401 = heldReply(401, '');
    nock(HOST).get('/api2/json/nodes').matchHeader('cookie', cookieOf(1)).reply(late401.reply);
    nock(HOST).get('/api2/json/version').matchHeader('cookie', cookieOf(2)).times(2).reply(200, { data: { version: '9.1.2' } });

    const sentBefore = client.request(PveApi.nodes());
    await settle(() => nock.pendingMocks().every((mock) => !mock.includes('/nodes')));
    clock.jump(16 * MINUTE);
    await client.request(PveApi.version());
    late401.release();

    await expect(sentBefore).rejects.toMatchObject({ kind: 'auth' });
    expect(rejected).toBe(0);
    expect(client.authentication.kind).toBe('ticket');
    await expect(client.request(PveApi.version())).resolves.toMatchObject({ version: '9.1.2' });
  });

  it('a renewal that fails for a moment keeps the ticket: requests go out with it, and the retry waits renewRetryMs', async () => {
    start();
    await signIn((n) => (n === 1 ? [500, { data: null, message: 'cluster not ready - no quorum?' }] : [200, ticketAnswer(2)]));
    const withOld = nock(HOST).get('/api2/json/nodes').matchHeader('cookie', cookieOf(1)).times(5).reply(200, { data: [] });
    clock.jump(16 * MINUTE);

    for (let i = 0; i < 5; i++) await client.request(PveApi.nodes());
    expect(renewals).toBe(1);
    expect(withOld.isDone()).toBe(true);
    expect(client.authentication.kind).toBe('ticket');

    // The retry comes from the timer once renewRetryMs has passed, with no request needed.
    clock.advance(MINUTE);
    await settle(() => renewals === 2);
    const withNew = nock(HOST).get('/api2/json/nodes').matchHeader('cookie', cookieOf(2)).reply(200, { data: [] });
    await client.request(PveApi.nodes());
    expect(withNew.isDone()).toBe(true);
    expect(renewals).toBe(2);
  });

  it('when renewals keep failing, the session ends once the ticket is two hours old: listeners hear it, and the dead ticket is never posted', async () => {
    start();
    await signIn(() => [500, { data: null, message: 'cluster not ready - no quorum?' }]);
    // Each failed try schedules the next once its answer is in: wait for that timer before moving the clock on.
    const triedAndRescheduled = (tries: number) => () => (renewals === tries && clock.pendingTimers === 1) || client.authentication.kind === 'none';
    clock.advance(15 * MINUTE);
    await settle(triedAndRescheduled(1));
    // One failed try a minute after the first, at 16 ... 119 minutes; at 120 the ticket is dead and the timer only ends the session.
    for (let retry = 1; retry <= 105 && client.authentication.kind === 'ticket'; retry++) {
      clock.advance(MINUTE);
      await settle(triedAndRescheduled(retry + 1));
    }
    expect(client.authentication.kind).toBe('none');
    expect(rejected).toBe(1);
    expect(renewals).toBe(105);
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBe(120 * MINUTE);
  });

  it('a ticket found past its lifetime before a request (timers slept) ends the session there, without posting it', async () => {
    start();
    await signIn((n) => [200, ticketAnswer(n + 1)]);
    clock.jump(121 * MINUTE);
    await expect(client.request(PveApi.nodes())).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/session of root@pam expired.*sign in again/) });
    expect(renewals).toBe(0);
    expect(rejected).toBe(1);
    expect(client.authentication.kind).toBe('none');
  });

  it("the caller's signal stops its waiting for a renewal; the renewal itself goes on for the next request", async () => {
    start();
    const held = heldReply(200, ticketAnswer(2));
    await signIn(() => held.reply);
    nock(HOST).get('/api2/json/nodes').matchHeader('cookie', cookieOf(2)).reply(200, { data: [] });
    clock.jump(16 * MINUTE);

    const stop = new AbortController();
    const waiting = client.request(PveApi.nodes(), { signal: stop.signal });
    await settle(() => renewals === 1);
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });

    held.release();
    await expect(client.request(PveApi.nodes())).resolves.toEqual([]);
    expect(renewals).toBe(1);
  });
});
