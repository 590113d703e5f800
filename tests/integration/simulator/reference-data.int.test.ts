/**
 * The reference data the wizard loads before the create: storages and their
 * ISOs, bridges, nodes, the next VM ID, pools, tag options, CPU models, in
 * the shapes (and with the quirks) of real Proxmox VE answers.
 */
import { RunningSimulator, startSimulator } from '../../../mocks/simulator';
import { PveClient } from './pve-client';

describe('reference data the wizard reads', () => {
  let sim: RunningSimulator;
  let client: PveClient;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        storages: [
          { id: 'cephfs', type: 'cephfs', content: ['iso'], shared: true, isos: ['b.iso', 'a.iso'] },
          { id: 'local', type: 'dir', content: ['iso', 'images'], isos: ['c.iso'] },
          { id: 'old-nfs', type: 'nfs', content: ['iso'], enabled: false },
          { id: 'pve2-only', type: 'lvmthin', content: ['images'], nodes: ['pve2'] },
        ],
      },
    });
    client = new PveClient(sim);
    await client.login('root@pam', 'demo');
  });

  afterAll(() => sim.close());

  test('storages of a node: content filter, disabled ones only without enabled=1, formats with format=1', async () => {
    const ids = async (params: Record<string, string | number>) =>
      (await client.get('/nodes/pve1/storage', params)).body.data.map((storage: { storage: string }) => storage.storage);
    expect(await ids({})).toEqual(['cephfs', 'local', 'old-nfs']);
    expect(await ids({ enabled: 1 })).toEqual(['cephfs', 'local']);
    expect(await ids({ content: 'images' })).toEqual(['local']);
    const local = (await client.get('/nodes/pve1/storage', { storage: 'local', format: 1 })).body.data[0];
    expect(local).toMatchObject({ type: 'dir', shared: 0, format: [{ raw: 1, qcow2: 1, vmdk: 1 }, 'raw'], formats: { supported: ['raw', 'qcow2', 'vmdk'], default: 'raw' } });
    expect((await client.get('/nodes/pve2/storage', { content: 'images' })).body.data.map((storage: { storage: string }) => storage.storage)).toEqual(['local', 'pve2-only']);
  });

  test("the node that answers: /cluster/status marks it local, and 'localhost' in a node path is that node", async () => {
    const status = (await client.get('/cluster/status')).body.data as Array<{ type: string; name: string; local?: number }>;
    expect(status.filter((entry) => entry.type === 'node' && entry.local === 1).map((entry) => entry.name)).toEqual(['pve1']);
    for (const nodePath of ['/storage', '/network', '/storage/cephfs/content', '/capabilities/qemu/cpu']) {
      expect((await client.get(`/nodes/localhost${nodePath}`)).body).toEqual((await client.get(`/nodes/pve1${nodePath}`)).body);
    }
    expect((await client.get('/nodes/localhost/storage/pve2-only/content')).reason).toBe("storage 'pve2-only' is not available on node 'pve1'");
  });

  test('ISO content is sorted by volid and filtered by content type', async () => {
    const isos = (await client.get('/nodes/pve1/storage/cephfs/content', { content: 'iso' })).body.data;
    expect(isos.map((iso: { volid: string }) => iso.volid)).toEqual(['cephfs:iso/a.iso', 'cephfs:iso/b.iso']);
    expect(isos[0]).toMatchObject({ content: 'iso', format: 'iso', size: expect.any(Number), ctime: expect.any(Number) });
    expect((await client.get('/nodes/pve1/storage/pve2-only/content')).reason).toBe("storage 'pve2-only' is not available on node 'pve1'");
  });

  test('bridges of a node, with and without SDN vnets', async () => {
    const ifaces = async (node: string, type: string) => (await client.get(`/nodes/${node}/network`, { type })).body.data.map((entry: { iface: string }) => entry.iface);
    expect(await ifaces('pve1', 'any_bridge')).toEqual(['labnet', 'vmbr0', 'vmbr9']);
    expect(await ifaces('pve2', 'any_local_bridge')).toEqual(['vmbr0', 'vmbr1', 'vmbr9']);
    expect(await ifaces('pve2', 'OVSBridge')).toEqual(['vmbr1']);
    const vmbr9 = (await client.get('/nodes/pve1/network', { type: 'bridge' })).body.data.find((entry: { iface: string }) => entry.iface === 'vmbr9');
    expect(vmbr9).toMatchObject({ type: 'bridge', bridge_vlan_aware: 1, comments: 'VM networks (VLAN-aware)\n' });
  });

  test('nodes, next ID, pools, tags and CPU models', async () => {
    expect((await client.get('/nodes')).body.data.map((node: { node: string; status: string }) => `${node.node}:${node.status}`)).toEqual(['pve1:online', 'pve2:online', 'pve3:offline']);
    expect((await client.get('/cluster/nextid')).body.data).toBe('106');
    expect((await client.get('/pools')).body.data.map((pool: { poolid: string }) => pool.poolid)).toEqual(['prod', 'lab', 'lab/ci']);
    const options = (await client.get('/cluster/options')).body.data;
    expect(options['allowed-tags']).toEqual(expect.arrayContaining(['nixos', 'prod', 'web']));
    expect(options['registered-tags']).toEqual(['prod', 'lab']);
    expect(options['user-tag-access']).toEqual({ 'user-allow': 'existing' });
    const models = (await client.get('/nodes/pve1/capabilities/qemu/cpu')).body.data;
    expect(models).toContainEqual({ name: 'x86-64-v2-AES', vendor: 'default', custom: 0 });
    expect(models).toContainEqual({ name: 'host', vendor: 'default', custom: 0 });
  });

  test('a read-only user sees fewer options: no registered tags in allowed-tags', async () => {
    const auditor = new PveClient(sim);
    await auditor.login('auditor@pve', 'demo');
    const options = (await auditor.get('/cluster/options')).body.data;
    expect(options['allowed-tags']).not.toContain('prod');
    expect(options['allowed-tags']).toContain('nixos');
  });
});
