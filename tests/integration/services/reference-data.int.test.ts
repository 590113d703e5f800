import 'reflect-metadata';
import { ProxmoxReferenceDataService } from '../../../src/services/impl/proxmox-reference-data-service';
import { ServerVersionSource } from '../../../src/services/impl/server-version';
import type { AxiosProxmoxClient } from '../../../src/proxmox/axios-proxmox-client';
import { Secret } from '../../../src/shared/secret';
import { cassetteClient, replay, stopReplaying, TEST_SECRETS, type Replay } from '../proxmox/cassette-replay';

describe('ReferenceDataService over the real client (cassette reference-data, real response bodies)', () => {
  let cassette: Replay;
  let client: AxiosProxmoxClient;
  let service: ProxmoxReferenceDataService;

  beforeAll(async () => {
    cassette = await replay('reference-data');
    client = cassetteClient();
    client.useApiToken('root@pam!ci', new Secret(TEST_SECRETS.tokenSecret));
    service = new ProxmoxReferenceDataService(client, new ServerVersionSource(client));
  });
  afterAll(() => {
    client.dispose();
    cassette.done();
    stopReplaying();
  });

  it('loads independent data in parallel', async () => {
    const [nodes, pools, guests, version] = await Promise.all([service.nodes(), service.pools(), service.guests(), service.serverVersion()]);
    expect(nodes.map((node) => [node.name, node.online])).toEqual([
      ['node1', true],
      ['node2', true],
      ['node3', true],
      ['node4', true],
    ]);
    expect(pools).toEqual([{ id: 'test', comment: undefined }]);
    expect(guests.map((guest) => guest.vmid)).toEqual([100, 101, 102, 103, 9001]);
    expect(version).toEqual({ version: '8.4.1', major: 8, minor: 4 });
  });

  it('names the node that answers: the cluster status entry marked local (0/1 on the wire)', async () => {
    await expect(service.answeringNode()).resolves.toBe('testnode');
  });

  it('reads the next free VM ID (a string on the wire) and checks IDs', async () => {
    await expect(service.nextFreeVmid()).resolves.toBe(100);
    await expect(service.isVmidFree(200)).resolves.toBe(false);
    await expect(service.isVmidFree(150)).resolves.toBe(true);
  });

  it('combines the tag policy with the tags in use (guests come from the cache) and the privileges on /', async () => {
    await expect(service.tags()).resolves.toEqual({
      existing: ['prod'],
      userTagAccess: 'list',
      allowedTags: ['nixos', 'prod', 'web'],
      registered: ['prod'],
      sysModifyOnRoot: true,
    });
  });

  it('lists image storages with formats and free space', async () => {
    const storages = await service.storages('node1', 'images');
    expect(storages.map((storage) => [storage.id, storage.type, storage.availableBytes, storage.formats])).toEqual([
      ['local', 'dir', 50000000000, { supported: ['qcow2', 'raw', 'vmdk'], default: 'qcow2' }],
      ['local-lvm', 'lvmthin', 100000000000, { supported: ['raw'], default: 'raw' }],
    ]);
  });

  it('lists ISO images only', async () => {
    await expect(service.isoImages('node1', 'local')).resolves.toEqual([
      { volid: 'local:iso/debian-12.0.0-amd64-netinst.iso', fileName: 'debian-12.0.0-amd64-netinst.iso', sizeBytes: 654311424, ctime: 1693252591 },
    ]);
  });

  it('lists Linux bridges, OVS bridges and SDN vnets', async () => {
    const [linux, ovs, sdn] = await Promise.all([service.bridges('node1'), service.bridges('testnode'), service.bridges('pve1')]);
    expect(linux.map((bridge) => [bridge.name, bridge.kind, bridge.vlanAware])).toEqual([['vmbr1', 'bridge', true]]);
    expect(ovs.map((bridge) => [bridge.name, bridge.kind])).toEqual([['vmbr0', 'ovs']]);
    expect(sdn.map((bridge) => [bridge.name, bridge.kind, bridge.comment])).toEqual([
      ['vmbr0', 'bridge', undefined],
      ['vnet9', 'vnet', 'tenant A'],
    ]);
  });

  it('lists CPU models', async () => {
    await expect(service.cpuModels('node1')).resolves.toEqual([
      { name: 'host', vendor: 'default', custom: false },
      { name: 'x86-64-v2-AES', vendor: 'default', custom: false },
      { name: 'custom-epyc', vendor: 'AuthenticAMD', custom: true },
    ]);
  });

  it('made every call the cassette recorded, each once (the cache held)', () => {
    cassette.assertAllCalled();
  });
});
