/**
 * Creating a VM against the simulated cluster: the wizard's payload, the
 * qmcreate task from running to TASK OK, the VM showing up everywhere, the
 * follow-up config/HA/start calls, and the errors create_vm answers with.
 */
import { RunningSimulator, Scenario, startSimulator } from '../../../mocks/simulator';
import { PveClient, TestClock, wizardPayload } from './pve-client';

describe('creating a VM on the simulated cluster', () => {
  let sim: RunningSimulator;
  let clock: TestClock;
  let client: PveClient;

  async function start(scenario: Scenario = {}): Promise<void> {
    clock = new TestClock();
    sim = await startSimulator({ clock: clock.now, scenario: { taskDurationMs: 4000, ...scenario } });
    client = new PveClient(sim);
    await client.login('root@pam', 'demo');
  }

  afterEach(() => sim.close());

  const taskPath = (upid: string, suffix: string) => `/nodes/${upid.split(':')[1]}/tasks/${encodeURIComponent(upid)}/${suffix}`;
  const nextId = async () => Number((await client.get('/cluster/nextid')).body.data);

  test('the wizard payload starts a qmcreate task with a real UPID; the VM is locked until the task ends', async () => {
    await start();
    const vmid = await nextId();
    const created = await client.post('/nodes/pve1/qemu', wizardPayload(vmid));
    expect(created.status).toBe(200);
    const upid: string = created.body.data;
    expect(upid).toMatch(new RegExp(`^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmcreate:${vmid}:root@pam:$`));

    const running = await client.get(taskPath(upid, 'status'));
    expect(running.body.data).toMatchObject({ status: 'running', type: 'qmcreate', id: String(vmid), user: 'root@pam', node: 'pve1' });
    expect(running.body.data.exitstatus).toBeUndefined();
    expect((await client.get(`/nodes/pve1/qemu/${vmid}/config`)).body.data).toMatchObject({ lock: 'create' });
    const resource = (await client.get('/cluster/resources', { type: 'vm' })).body.data.find((entry: { vmid: number }) => entry.vmid === vmid);
    expect(resource).toMatchObject({ lock: 'create', name: `VM ${vmid}`, status: 'stopped' });
    expect(await nextId()).toBe(vmid + 1);

    clock.advance(4000);
    const stopped = await client.get(taskPath(upid, 'status'));
    expect(stopped.body.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    const log = await client.get(taskPath(upid, 'log'), { start: 0, limit: 50 });
    expect(log.body.total).toBe(log.body.data.length);
    expect(log.body.data[0]).toEqual({ n: 1, t: `scsi0: successfully created disk 'ceph-pool:vm-${vmid}-disk-0,iothread=1,size=32G'` });
    expect(log.body.data.at(-1)).toEqual({ n: log.body.total, t: 'TASK OK' });
  });

  test('the log grows while the task runs and pages with start/limit', async () => {
    await start();
    const vmid = await nextId();
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(vmid, { efidisk0: 'ceph-pool:1,efitype=4m,pre-enrolled-keys=1', bios: 'ovmf' }))).body.data;
    const lines = async () => (await client.get(taskPath(upid, 'log'))).body.data.map((line: { t: string }) => line.t);
    expect(await lines()).toEqual(['no content']);
    clock.advance(1500);
    expect((await lines()).some((line: string) => line.startsWith('scsi0: successfully created disk'))).toBe(true);
    expect((await lines()).some((line: string) => line.startsWith('efidisk0'))).toBe(false);
    clock.advance(2500);
    const all = await lines();
    expect(all.some((line: string) => line.startsWith(`efidisk0: successfully created disk 'ceph-pool:vm-${vmid}-disk-1,efitype=4m,pre-enrolled-keys=1,size=`))).toBe(true);
    const page = await client.get(taskPath(upid, 'log'), { start: 1, limit: 2 });
    expect(page.body.data.map((line: { n: number }) => line.n)).toEqual([2, 3]);
    expect(page.body.total).toBe(all.length);
  });

  test('after the task the VM has a complete config, in resources, its pool and the storage', async () => {
    await start({ taskDurationMs: 0 });
    const vmid = await nextId();
    await client.post('/nodes/pve2/qemu', wizardPayload(vmid, { pool: 'lab/ci', tags: 'nixos;web;NixOS', net0: 'virtio,bridge=vmbr9,firewall=1,tag=20' }));
    const config = (await client.get(`/nodes/pve2/qemu/${vmid}/config`)).body.data;
    expect(config).toMatchObject({
      name: 'test',
      cores: 1,
      sockets: 1,
      numa: 0,
      memory: '2048',
      ostype: 'l26',
      boot: 'order=scsi0;ide2;net0',
      scsi0: `ceph-pool:vm-${vmid}-disk-0,iothread=1,size=32G`,
      ide2: 'cephfs:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom',
      tags: 'nixos;web',
    });
    expect(config.net0).toMatch(/^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr9,firewall=1,tag=20$/);
    expect(config.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(config.digest).toMatch(/^[0-9a-f]{40}$/);
    expect(config.lock).toBeUndefined();
    const resource = (await client.get('/cluster/resources', { type: 'vm' })).body.data.find((entry: { vmid: number }) => entry.vmid === vmid);
    expect(resource).toMatchObject({ node: 'pve2', name: 'test', pool: 'lab/ci', status: 'stopped', maxmem: 2048 * 1024 ** 2 });
    const pool = (await client.get('/pools', { poolid: 'lab/ci' })).body.data[0];
    expect(pool.members.map((member: { vmid: number }) => member.vmid)).toContain(vmid);
    const disks = (await client.get('/nodes/pve2/storage/ceph-pool/content', { vmid })).body.data;
    expect(disks).toEqual([expect.objectContaining({ volid: `ceph-pool:vm-${vmid}-disk-0`, content: 'images', size: 32 * 1024 ** 3, vmid })]);
    expect(sim.vm(vmid)?.config.name).toBe('test');
  });

  test('serial console, HA registration and start after the create change the VM', async () => {
    await start({ taskDurationMs: 0 });
    const vmid = await nextId();
    await client.post('/nodes/pve1/qemu', wizardPayload(vmid));
    expect((await client.put(`/nodes/pve1/qemu/${vmid}/config`, { serial0: 'socket', vga: 'serial0' })).body).toEqual({ data: null });
    expect((await client.post('/cluster/ha/resources', { sid: `vm:${vmid}`, state: 'stopped' })).body).toEqual({ data: null });
    const upid = (await client.post(`/nodes/pve1/qemu/${vmid}/status/start`)).body.data;
    expect(upid).toContain(':hastart:');
    expect((await client.get(taskPath(upid, 'status'))).body.data.exitstatus).toBe('OK');
    const status = (await client.get(`/nodes/pve1/qemu/${vmid}/status/current`)).body.data;
    expect(status).toMatchObject({ status: 'running', qmpstatus: 'running', serial: 1, ha: { managed: 1, state: 'started' } });
    expect((await client.get(`/nodes/pve1/qemu/${vmid}/config`)).body.data).toMatchObject({ serial0: 'socket', vga: 'serial0' });
    expect((await client.get('/cluster/ha/resources')).body.data).toContainEqual(expect.objectContaining({ sid: `vm:${vmid}`, state: 'started' }));
  });

  test('config changes to a running VM wait in pending until the next start', async () => {
    await start({ taskDurationMs: 0 });
    const vmid = await nextId();
    await client.post('/nodes/pve1/qemu', wizardPayload(vmid, { start: 1 }));
    await client.put(`/nodes/pve1/qemu/${vmid}/config`, { vga: 'serial0', serial0: 'socket' });
    expect((await client.get(`/nodes/pve1/qemu/${vmid}/config`, { current: 1 })).body.data.vga).toBeUndefined();
    expect((await client.get(`/nodes/pve1/qemu/${vmid}/config`)).body.data.vga).toBe('serial0');
    expect((await client.get(`/nodes/pve1/qemu/${vmid}/pending`)).body.data).toContainEqual({ key: 'vga', pending: 'serial0' });
  });

  test('ha-managed=1 and start=1 in the create call register HA and start the VM inside the task (PVE 9.1)', async () => {
    await start({ taskDurationMs: 0 });
    const vmid = await nextId();
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(vmid, { 'ha-managed': 1, start: 1 }))).body.data;
    const log = (await client.get(taskPath(upid, 'log'))).body.data.map((line: { t: string }) => line.t);
    expect(log).toContain('Execute autostart');
    expect(sim.vm(vmid)).toMatchObject({ status: 'running', ha: 'started' });
  });

  test('a VM ID in use is a synchronous 500 naming the node; nextid?vmid= says 400 "already exists"', async () => {
    await start();
    const answer = await client.post('/nodes/pve1/qemu', wizardPayload(102));
    expect(answer.status).toBe(500);
    expect(answer.reason).toBe("unable to create VM 102 - VM 102 already exists on node 'pve2'");
    expect(answer.body).toEqual({ data: null, message: "unable to create VM 102 - VM 102 already exists on node 'pve2'\n" });
    const check = await client.get('/cluster/nextid', { vmid: 102 });
    expect(check.status).toBe(400);
    expect(check.body).toEqual({ data: null, errors: { vmid: 'VM 102 already exists' }, message: 'Parameter verification failed.\n' });
    expect((await client.get('/cluster/nextid', { vmid: 4242 })).body.data).toBe('4242');
  });

  test('wrong parameters answer 400 with Proxmox\'s per-parameter messages and create nothing', async () => {
    await start();
    const answer = await client.post('/nodes/pve1/qemu', wizardPayload(150, { cores: 0, ostype: 'linux', scsi0: 'ceph-pool:32,iothread=maybe', start: 'true', bogus: 1 }));
    expect(answer.status).toBe(400);
    expect(answer.reason).toBe('Parameter verification failed.');
    expect(answer.body.errors).toEqual({
      cores: 'value must have a minimum value of 1',
      ostype: "value 'linux' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, wvista, win7, win8, win10, win11, l24, l26, solaris'",
      scsi0: "invalid format - format error\nscsi0.iothread: type check ('boolean') failed - got 'maybe'\n",
      start: "type check ('boolean') failed - got 'true'",
      bogus: 'property is not defined in schema and the schema does not allow additional properties',
    });
    expect(sim.vm(150)).toBeUndefined();
  });

  test('JSON bodies are accepted, with JSON booleans and numbers', async () => {
    await start({ taskDurationMs: 0 });
    const answer = await client.post('/nodes/pve1/qemu', { ...wizardPayload(160), start: true, numa: false }, { json: true });
    expect(answer.status).toBe(200);
    expect(sim.vm(160)).toMatchObject({ status: 'running' });
  });

  test.each([
    [{ scsi0: 'nas:32' }, 500, "storage 'nas' does not exist"],
    [{ scsi0: 'cephfs:32' }, 400, "storage 'cephfs' does not support vm images"],
    [{ ide2: 'cephfs:iso/missing.iso,media=cdrom' }, 500, "volume 'cephfs:iso/missing.iso' does not exist"],
    [{ net0: 'virtio,bridge=vmbr7' }, 500, "bridge 'vmbr7' does not exist"],
    [{ net0: 'virtio,bridge=vmbr1' }, 500, "bridge 'vmbr1' does not exist"], // an OVS bridge that only pve2 has
    [{ pool: 'nope' }, 403, "Permission check failed (pool 'nope' does not exist)"],
  ])('storage, ISO, bridge and pool are checked: %j -> %i', async (overrides, status, message) => {
    await start();
    const answer = await client.post('/nodes/pve1/qemu', wizardPayload(170, overrides));
    expect(answer.status).toBe(status);
    expect(status === 400 ? Object.values(answer.body.errors)[0] : answer.reason).toBe(message);
    expect(sim.vm(170)).toBeUndefined();
  });

  test('an offline node answers 595 with no body, like pveproxy failing to reach it', async () => {
    await start();
    const answer = await client.post('/nodes/pve3/qemu', wizardPayload(180));
    expect([answer.status, answer.reason, answer.text]).toEqual([595, 'No route to host', '']);
    expect((await client.get('/nodes/pve3/storage')).status).toBe(595);
    expect((await client.get('/nodes')).body.data.find((node: { node: string }) => node.node === 'pve3').status).toBe('offline');
  });

  test('an unknown path is 501 "Method ... not implemented"', async () => {
    await start();
    const answer = await client.get('/nodes/pve1/frobnicate');
    expect(answer.status).toBe(501);
    expect(answer.body.message).toBe("Method 'GET /nodes/pve1/frobnicate' not implemented");
  });

  test('a failing create task ends with TASK ERROR and removes the half-created VM', async () => {
    await start({ createTaskError: "rbd error: 'ceph-pool' is full" });
    const vmid = await nextId();
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(vmid))).body.data;
    clock.advance(4000);
    const status = (await client.get(taskPath(upid, 'status'))).body.data;
    expect(status.exitstatus).toBe(`unable to create VM ${vmid} - rbd error: 'ceph-pool' is full`);
    const log = (await client.get(taskPath(upid, 'log'))).body.data;
    expect(log.at(-1).t).toBe(`TASK ERROR: unable to create VM ${vmid} - rbd error: 'ceph-pool' is full`);
    expect(sim.vm(vmid)).toBeUndefined();
    expect((await client.get('/nodes/pve1/storage/ceph-pool/content', { vmid })).body.data).toEqual([]);
    expect(await nextId()).toBe(vmid);
  });

  test('an unsupported disk format fails the task, not the call', async () => {
    await start({ taskDurationMs: 0 });
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(190, { scsi0: 'ceph-pool:32,format=qcow2' }))).body.data;
    expect((await client.get(taskPath(upid, 'status'))).body.data.exitstatus).toBe("unable to create VM 190 - unsupported format 'qcow2'");
  });

  test('a start that fails inside the create task is a warning: the VM stays, the task ends WARNINGS: 1', async () => {
    await start({ taskDurationMs: 0, startTaskError: 'start failed: QEMU exited with code 1' });
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(191, { start: 1 }))).body.data;
    const status = (await client.get(taskPath(upid, 'status'))).body.data;
    expect(status.exitstatus).toBe('WARNINGS: 1');
    const log = (await client.get(taskPath(upid, 'log'))).body.data.map((line: { t: string }) => line.t);
    expect(log.slice(-2)).toEqual(['WARN: start failed: QEMU exited with code 1', 'TASK WARNINGS: 1']);
    expect(sim.vm(191)?.status).toBe('stopped');
  });

  test('a PVE 8.4 server does not know ha-managed and allow-ksm', async () => {
    await start({ version: '8.4.1' });
    const answer = await client.post('/nodes/pve1/qemu', wizardPayload(192, { 'ha-managed': 1, 'allow-ksm': 0 }));
    expect(answer.status).toBe(400);
    const unknown = 'property is not defined in schema and the schema does not allow additional properties';
    expect(answer.body.errors).toEqual({ 'ha-managed': unknown, 'allow-ksm': unknown });
    expect((await client.get('/version')).body.data).toMatchObject({ version: '8.4.1', release: '8.4' });
  });

  test('a token-created task belongs to the token; destroy removes the VM and its disks', async () => {
    await start({ taskDurationMs: 0 });
    client.useToken(sim.credentials.token!.value);
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(193))).body.data;
    expect(upid.split(':')[7]).toBe('root@pam!demo');
    const destroy = (await client.delete('/nodes/pve1/qemu/193')).body.data;
    expect(destroy).toContain(':qmdestroy:193:');
    expect(sim.vm(193)).toBeUndefined();
    expect((await client.get('/nodes/pve1/qemu/193/config')).reason).toBe("Configuration file 'nodes/pve1/qemu-server/193.conf' does not exist");
  });

  test('a NIC MTU above the bridge MTU is accepted by the create and fails the start (a warning inside the create task)', async () => {
    await start({
      taskDurationMs: 0,
      bridges: [
        { iface: 'vmbr0', comment: 'LAN' },
        { iface: 'vmbr9', vlanAware: true, mtu: 9000 },
      ],
    });
    const bridges = (await client.get('/nodes/pve1/network', { type: 'any_bridge' })).body.data;
    expect(bridges.find((bridge: { iface: string }) => bridge.iface === 'vmbr9').mtu).toBe(9000);
    expect(bridges.find((bridge: { iface: string }) => bridge.iface === 'vmbr0').mtu).toBeUndefined(); // not configured: the kernel's 1500

    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(195, { net0: 'virtio,bridge=vmbr0,mtu=9000', start: 1 }))).body.data;
    expect((await client.get(taskPath(upid, 'status'))).body.data.exitstatus).toBe('WARNINGS: 1');
    const log = (await client.get(taskPath(upid, 'log'))).body.data.map((line: { t: string }) => line.t);
    expect(log).toContain("WARN: netdev net0: MTU '9000' is bigger than the bridge MTU '1500'");
    const retry = (await client.post('/nodes/pve1/qemu/195/status/start')).body.data;
    expect((await client.get(taskPath(retry, 'status'))).body.data.exitstatus).toBe("netdev net0: MTU '9000' is bigger than the bridge MTU '1500'");
    expect(sim.vm(195)?.status).toBe('stopped');

    await client.post('/nodes/pve1/qemu', wizardPayload(196, { net0: 'virtio,bridge=vmbr9,mtu=9000', start: 1 }));
    expect(sim.vm(196)?.status).toBe('running');
    await client.post('/nodes/pve1/qemu', wizardPayload(197, { net0: 'virtio,bridge=vmbr9,mtu=500', start: 1 }));
    expect(sim.vm(197)?.status).toBe('stopped');
    await client.post('/nodes/pve1/qemu', wizardPayload(198, { net0: 'e1000,bridge=vmbr0,mtu=9000', start: 1 })); // ignored for other models
    expect(sim.vm(198)?.status).toBe('running');
  });

  test('a locked VM refuses config changes and starts until its create task ends', async () => {
    await start();
    const upid = (await client.post('/nodes/pve1/qemu', wizardPayload(194))).body.data;
    expect((await client.put('/nodes/pve1/qemu/194/config', { serial0: 'socket' })).reason).toBe('VM is locked (create)');
    expect((await client.post('/nodes/pve1/qemu/194/status/start')).reason).toBe('VM is locked (create)');
    clock.advance(4000);
    expect((await client.get(taskPath(upid, 'status'))).body.data.exitstatus).toBe('OK');
    expect((await client.put('/nodes/pve1/qemu/194/config', { serial0: 'socket' })).status).toBe(200);
  });
});
