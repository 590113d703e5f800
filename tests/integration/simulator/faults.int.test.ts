/**
 * Fault injection: every kind of fault a scenario (or a test at run time)
 * can put on a method and path, and the VM ID race between the app's
 * /cluster/nextid and its create call.
 */
import { RunningSimulator, Scenario, startSimulator } from '../../../mocks/simulator';
import { PveClient, wizardPayload } from './pve-client';

describe('simulator faults', () => {
  let sim: RunningSimulator;
  let client: PveClient;

  async function start(scenario: Scenario = {}): Promise<void> {
    sim = await startSimulator({ scenario: { taskDurationMs: 0, ...scenario } });
    client = new PveClient(sim);
    await client.login('root@pam', 'demo');
  }

  afterEach(() => sim.close());

  test('status fault: the given status, message and errors map, in Proxmox\'s envelope', async () => {
    await start({
      faults: [
        { method: 'GET', path: '/cluster/resources', status: 500, message: 'cfs-lock timeout' },
        { method: 'POST', path: '/nodes/*/qemu', status: 400, errors: { net0: 'invalid format - simulated' } },
      ],
    });
    const resources = await client.get('/cluster/resources', { type: 'vm' });
    expect([resources.status, resources.reason]).toEqual([500, 'cfs-lock timeout']);
    expect(resources.body).toEqual({ data: null, message: 'cfs-lock timeout\n' });
    const create = await client.post('/nodes/pve1/qemu', wizardPayload(200));
    expect(create.status).toBe(400);
    expect(create.body).toEqual({ data: null, errors: { net0: 'invalid format - simulated' }, message: 'Parameter verification failed.\n' });
    expect(sim.vm(200)).toBeUndefined(); // the fault answered instead of the handler
  });

  test('a 401 or 595 fault has no body, like the real auth layer and proxy', async () => {
    await start({ faults: [{ path: '/version', status: 401, message: 'No ticket' }, { path: '/nodes/pve2/status', status: 595, message: 'Connection timed out' }] });
    expect(await client.get('/version')).toMatchObject({ status: 401, reason: 'No ticket', text: '' });
    expect(await client.get('/nodes/pve2/status')).toMatchObject({ status: 595, reason: 'Connection timed out', text: '' });
  });

  test('nth fires on exactly that matching call, times on the first N', async () => {
    await start({
      faults: [
        { path: '/cluster/nextid', nth: 2, status: 500, message: 'second call fails' },
        { path: '/pools', times: 2, status: 503, message: 'busy' },
      ],
    });
    const nextid = [await client.get('/cluster/nextid'), await client.get('/cluster/nextid'), await client.get('/cluster/nextid')];
    expect(nextid.map((answer) => answer.status)).toEqual([200, 500, 200]);
    const pools = [await client.get('/pools'), await client.get('/pools'), await client.get('/pools')];
    expect(pools.map((answer) => answer.status)).toEqual([503, 503, 200]);
  });

  test('paths match as globs (* one segment, ** any) or as regexes', async () => {
    await start({ faults: [{ path: '/nodes/**/content', status: 500, message: 'glob' }, { pathRegex: '^/nodes/pve2/network$', status: 500, message: 'regex' }] });
    expect((await client.get('/nodes/pve1/storage/cephfs/content')).reason).toBe('glob');
    expect((await client.get('/nodes/pve2/network')).reason).toBe('regex');
    expect((await client.get('/nodes/pve1/network')).status).toBe(200);
  });

  test('delay: the answer comes after a later, undelayed one', async () => {
    await start({ faults: [{ path: '/cluster/options', delayMs: 300 }] });
    const order: string[] = [];
    const delayed = client.get('/cluster/options').then((answer) => order.push(`options ${answer.status}`));
    const quick = client.get('/version').then((answer) => order.push(`version ${answer.status}`));
    await Promise.all([delayed, quick]);
    expect(order).toEqual(['version 200', 'options 200']);
    expect(sim.requests().find((entry) => entry.path === '/cluster/options')?.faults).toEqual(['delay']);
  });

  test('hang: no answer ever; close() still ends cleanly', async () => {
    await start({ faults: [{ path: '/cluster/nextid', hang: true }] });
    await expect(client.get('/cluster/nextid', {}, { abortAfterMs: 200 })).rejects.toThrow('timeout');
    expect(sim.requests().find((entry) => entry.path === '/cluster/nextid')?.status).toBe('hang');
  });

  test('reset: the connection drops in the middle of the answer', async () => {
    await start({ faults: [{ path: '/cluster/resources', reset: true }] });
    await expect(client.get('/cluster/resources')).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    expect(sim.requests().find((entry) => entry.path === '/cluster/resources')?.status).toBe('reset');
  });

  test('malformed: a truncated JSON body with status 200', async () => {
    await start({ faults: [{ path: '/cluster/nextid', malformed: true }] });
    await expect(client.get('/cluster/nextid')).rejects.toThrow(SyntaxError);
  });

  test('wrongShape: valid JSON in a shape no client expects', async () => {
    await start({ faults: [{ path: '/nodes', wrongShape: true }, { path: '/version', wrongShape: true }] });
    const nodes = await client.get('/nodes');
    expect(nodes.status).toBe(200);
    expect(Array.isArray(nodes.body.data)).toBe(false);
    expect(Array.isArray(nodes.body.data.items)).toBe(true);
    expect(Array.isArray((await client.get('/version')).body.data)).toBe(true);
  });

  test('body: an exact body replaces the answer', async () => {
    await start({ faults: [{ path: '/cluster/nextid', body: { data: 100 } }] });
    expect((await client.get('/cluster/nextid')).body).toEqual({ data: 100 });
  });

  test('faults can be added and removed while the simulator runs', async () => {
    await start();
    const id = sim.addFault({ method: 'GET', path: '/version', status: 500, message: 'added at run time' });
    expect((await client.get('/version')).reason).toBe('added at run time');
    expect(sim.removeFault(id)).toBe(true);
    expect((await client.get('/version')).status).toBe(200);
    sim.addFault({ path: '/**', status: 503, message: 'everything' });
    expect((await client.get('/pools')).status).toBe(503);
    sim.clearFaults();
    expect((await client.get('/pools')).status).toBe(200);
  });

  test('a fault for one method leaves the others alone', async () => {
    await start({ faults: [{ method: 'PUT', path: '/nodes/*/qemu/*/config', status: 500, message: 'write refused' }] });
    expect((await client.get('/nodes/pve1/qemu/100/config')).status).toBe(200);
    expect((await client.put('/nodes/pve1/qemu/100/config', { description: 'x' })).reason).toBe('write refused');
  });

  describe('the VM ID race', () => {
    test('raceVmid on nextid: a competing client takes the ID the app just got, so its create fails', async () => {
      await start({ faults: [{ method: 'GET', path: '/cluster/nextid', nth: 1, raceVmid: true }] });
      const vmid = Number((await client.get('/cluster/nextid')).body.data);
      expect(sim.requests().find((entry) => entry.path === '/cluster/nextid')?.competitorVmid).toBe(vmid);
      const create = await client.post('/nodes/pve1/qemu', wizardPayload(vmid));
      expect(create.status).toBe(500);
      expect(create.reason).toBe(`unable to create VM ${vmid} - VM ${vmid} already exists on node 'pve1'`);
      expect(Number((await client.get('/cluster/nextid')).body.data)).toBe(vmid + 1);
    });

    test('raceVmid on nextid?vmid=N: the check answers N as free, then a competitor takes N before the create', async () => {
      await start({ faults: [{ method: 'GET', path: '/cluster/nextid', nth: 1, raceVmid: true }] });
      const check = await client.get('/cluster/nextid', { vmid: 4321 });
      expect([check.status, check.body.data]).toEqual([200, '4321']);
      expect(sim.requests().find((entry) => entry.path === '/cluster/nextid')?.competitorVmid).toBe(4321);
      const create = await client.post('/nodes/pve1/qemu', wizardPayload(4321));
      expect(create.reason).toBe("unable to create VM 4321 - VM 4321 already exists on node 'pve1'");
    });

    test('raceVmid on nextid?vmid=N for a taken ID: the check answers 400 and nobody takes anything', async () => {
      await start({ faults: [{ method: 'GET', path: '/cluster/nextid', nth: 1, raceVmid: true }] });
      const check = await client.get('/cluster/nextid', { vmid: 102 });
      expect(check.body.errors).toEqual({ vmid: 'VM 102 already exists' });
      expect(sim.requests().find((entry) => entry.path === '/cluster/nextid')?.competitorVmid).toBeUndefined();
    });

    test('raceVmid on the create call: the ID is taken just before the create arrives', async () => {
      await start({ faults: [{ method: 'POST', path: '/nodes/*/qemu', nth: 1, raceVmid: true }] });
      const vmid = Number((await client.get('/cluster/nextid')).body.data);
      const first = await client.post('/nodes/pve1/qemu', wizardPayload(vmid));
      expect(first.reason).toBe(`unable to create VM ${vmid} - VM ${vmid} already exists on node 'pve1'`);
      const retry = Number((await client.get('/cluster/nextid')).body.data);
      expect((await client.post('/nodes/pve1/qemu', wizardPayload(retry))).status).toBe(200);
      expect(sim.vm(vmid)?.config.name).toBe(`competitor-${vmid}`);
      expect(sim.vm(retry)?.config.name).toBe('test');
    });
  });

  test('latencyMs slows every answer: a simulator without it answers first', async () => {
    await start({ latencyMs: 300 });
    const fast = await startSimulator();
    try {
      const fastClient = new PveClient(fast);
      await fastClient.login('root@pam', 'demo');
      const order: string[] = [];
      await Promise.all([
        client.get('/version').then((answer) => order.push(`slow ${answer.status}`)),
        fastClient.get('/version').then((answer) => order.push(`fast ${answer.status}`)),
      ]);
      expect(order).toEqual(['fast 200', 'slow 200']);
    } finally {
      await fast.close();
    }
  });
});
