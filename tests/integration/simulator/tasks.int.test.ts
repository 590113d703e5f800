/**
 * Reading tasks and VM state as pve-manager's Tasks.pm and qemu-server's
 * vm_status answer them: the task log's paging (limit=0 reads to the end),
 * the task list's source/filters/paging, and what a client that lost the
 * create call's answer sees when it looks for the VM and its qmcreate task.
 */
import { RunningSimulator, startSimulator } from '../../../mocks/simulator';
import { PveClient, TestClock, wizardPayload } from './pve-client';

describe('simulated tasks and VM status', () => {
  let sim: RunningSimulator;
  let clock: TestClock;
  let client: PveClient;

  beforeEach(async () => {
    clock = new TestClock();
    sim = await startSimulator({ clock: clock.now, scenario: { taskDurationMs: 4000 } });
    client = new PveClient(sim);
    await client.login('root@pam', 'demo');
  });

  afterEach(() => sim.close());

  const taskPath = (upid: string, suffix: string) => `/nodes/${upid.split(':')[1]}/tasks/${encodeURIComponent(upid)}/${suffix}`;
  const create = async (vmid: number, node = 'pve1'): Promise<string> => (await client.post(`/nodes/${node}/qemu`, wizardPayload(vmid))).body.data;
  const upids = (answer: { body: { data: Array<{ upid: string }> } }) => answer.body.data.map((task) => task.upid);

  describe('the task log', () => {
    test('limit defaults to 50, limit=0 reads to the end, total counts every line', async () => {
      const upid = await create(106);
      clock.advance(4000);
      const all = (await client.get(taskPath(upid, 'log'), { limit: 0 })).body;
      expect(all.data.at(-1)).toEqual({ n: all.total, t: 'TASK OK' });
      expect(all.data).toHaveLength(all.total);
      const fromSecond = (await client.get(taskPath(upid, 'log'), { start: 1, limit: 0 })).body;
      expect(fromSecond.data.map((line: { n: number }) => line.n)).toEqual(all.data.slice(1).map((line: { n: number }) => line.n));
      const one = (await client.get(taskPath(upid, 'log'), { limit: 1 })).body;
      expect([one.data.length, one.total]).toEqual([1, all.total]);
    });
  });

  describe('GET /nodes/{node}/tasks', () => {
    test('by default (source=archive) only finished tasks; source=active the running ones as RUNNING; all both, running first', async () => {
      const first = await create(106);
      clock.advance(4000);
      const second = await create(107);
      expect(upids(await client.get('/nodes/pve1/tasks'))).toEqual([first]);
      const active = (await client.get('/nodes/pve1/tasks', { source: 'active' })).body.data;
      expect(active).toEqual([expect.objectContaining({ upid: second, status: 'RUNNING', type: 'qmcreate', id: '107', user: 'root@pam' })]);
      expect(upids(await client.get('/nodes/pve1/tasks', { source: 'all' }))).toEqual([second, first]);
      const finished = (await client.get('/nodes/pve1/tasks')).body.data[0];
      expect(finished).toMatchObject({ upid: first, status: 'OK', node: 'pve1', starttime: expect.any(Number), endtime: expect.any(Number), pid: expect.any(Number), pstart: expect.any(Number) });
    });

    test('vmid and typefilter find the create task of one VM', async () => {
      const upid = await create(106);
      await create(107);
      const found = await client.get('/nodes/pve1/tasks', { vmid: 106, typefilter: 'qmcreate', source: 'all' });
      expect(upids(found)).toEqual([upid]);
      expect(found.body.total).toBe(1);
      expect(upids(await client.get('/nodes/pve1/tasks', { vmid: 106, typefilter: 'qmstart', source: 'all' }))).toEqual([]);
    });

    test('start and limit page the matches (limit=0 lists none), total counts them all; errors=1 and statusfilter filter by outcome', async () => {
      await create(106);
      await create(107);
      clock.advance(4000);
      await client.post('/nodes/pve1/qemu/106/status/start');
      await client.post('/nodes/pve1/qemu/106/status/start'); // already running: this one fails
      clock.advance(4000);
      const all = await client.get('/nodes/pve1/tasks');
      expect(all.body.total).toBe(4);
      const none = await client.get('/nodes/pve1/tasks', { limit: 0 });
      expect([none.body.data, none.body.total]).toEqual([[], 4]);
      expect(upids(await client.get('/nodes/pve1/tasks', { start: 1, limit: 2 }))).toEqual(upids(all).slice(1, 3));
      const errors = (await client.get('/nodes/pve1/tasks', { errors: 1 })).body.data;
      expect(errors).toEqual([expect.objectContaining({ type: 'qmstart', status: 'VM 106 already running' })]);
      expect((await client.get('/nodes/pve1/tasks', { statusfilter: 'ok' })).body.total).toBe(3);
    });

    test("a token's task is listed with user and tokenid apart; the token's user sees it too", async () => {
      client.useToken(sim.credentials.token!.value);
      const upid = await create(106);
      clock.advance(4000);
      expect((await client.get('/nodes/pve1/tasks', { vmid: 106 })).body.data[0]).toMatchObject({ upid, user: 'root@pam', tokenid: 'demo' });
      expect((await client.get(taskPath(upid, 'status'))).body.data).toMatchObject({ user: 'root@pam', tokenid: 'demo', exitstatus: 'OK' });
      await client.login('root@pam', 'demo');
      expect(upids(await client.get('/nodes/pve1/tasks', { vmid: 106, userfilter: 'root' }))).toEqual([upid]);
    });
  });

  describe('after a create whose answer was lost', () => {
    test('status/current shows the VM locked while its create task runs, then stopped; the task is found and watched to the end', async () => {
      await create(106);
      const status = await client.get('/nodes/pve1/qemu/106/status/current');
      expect(status.body.data).toMatchObject({ vmid: 106, name: 'VM 106', status: 'stopped', qmpstatus: 'stopped', lock: 'create', ha: { managed: 0 } });
      const [task] = (await client.get('/nodes/pve1/tasks', { vmid: 106, typefilter: 'qmcreate', source: 'all' })).body.data;
      expect((await client.get(taskPath(task.upid, 'status'))).body.data).toMatchObject({ status: 'running', type: 'qmcreate', id: '106' });
      clock.advance(4000);
      expect((await client.get(taskPath(task.upid, 'status'))).body.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
      const done = (await client.get('/nodes/pve1/qemu/106/status/current')).body.data;
      expect(done).toMatchObject({ vmid: 106, name: 'test', status: 'stopped' });
      expect(done.lock).toBeUndefined();
    });

    test('a VM that was never created: status/current is a 500 naming the missing config file, and no task is listed', async () => {
      const status = await client.get('/nodes/pve1/qemu/106/status/current');
      expect([status.status, status.reason]).toEqual([500, "Configuration file 'nodes/pve1/qemu-server/106.conf' does not exist"]);
      // Formatter::Standard writes `total` only when it is not 0.
      expect((await client.get('/nodes/pve1/tasks', { vmid: 106, typefilter: 'qmcreate', source: 'all' })).body).toEqual({ data: [] });
    });

    test('a create whose task failed: the VM is gone and the listed task says why', async () => {
      await sim.close();
      sim = await startSimulator({ clock: clock.now, scenario: { taskDurationMs: 4000, createTaskError: "rbd error: 'ceph-pool' is full" } });
      client = new PveClient(sim);
      await client.login('root@pam', 'demo');
      await create(106);
      clock.advance(4000);
      expect((await client.get('/nodes/pve1/qemu/106/status/current')).status).toBe(500);
      const [task] = (await client.get('/nodes/pve1/tasks', { vmid: 106, typefilter: 'qmcreate' })).body.data;
      expect(task.status).toBe("unable to create VM 106 - rbd error: 'ceph-pool' is full");
    });
  });
});
