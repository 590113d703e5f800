import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decodeWith } from '../../../src/shared/decode';
import { DomainsResponse, PermissionsResponse } from '../../../src/proxmox/codecs/access.codec';
import { ClusterOptionsResponse, ClusterStatusResponse, PoolsResponse, VmResourcesResponse } from '../../../src/proxmox/codecs/cluster.codec';
import { NetworkResponse } from '../../../src/proxmox/codecs/network.codec';
import { CpuModelsResponse, NodesResponse } from '../../../src/proxmox/codecs/nodes.codec';
import { StorageContentResponse, StorageListResponse } from '../../../src/proxmox/codecs/storage.codec';
import {
  toAnsweringNode,
  toBridges,
  toCpuModels,
  toGuests,
  toIsoImages,
  toNodes,
  toPools,
  toRealms,
  toServerVersion,
  toStorages,
  toTagCatalog,
} from '../../../src/services/impl/wire-to-domain';
import { realResponse } from '../proxmox/fixtures';

function fromFixture<A>(codec: t.Type<A, unknown, unknown>, name: string): A {
  return decode(codec, realResponse(name).body);
}

function decode<A>(codec: t.Type<A, unknown, unknown>, body: unknown): A {
  const result = decodeWith(codec, body);
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
}

describe('wire shapes to domain values', () => {
  it('realms: pam is the default when the server marks none; enforced TFA is kept', () => {
    expect(toRealms(fromFixture(DomainsResponse, 'GET_access_domains'))).toEqual([
      { id: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', isDefault: false, enforcedTfa: undefined },
      { id: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', isDefault: true, enforcedTfa: undefined },
      { id: 'test', type: 'ldap', comment: 'comment comment comment', isDefault: false, enforcedTfa: 'oath' },
    ]);
  });

  it('realms: the one the server marks default wins', () => {
    const realms = toRealms(decode(DomainsResponse, { data: [{ realm: 'pam', type: 'pam' }, { realm: 'corp', type: 'ad', default: 1 }] }));
    expect(realms.filter((realm) => realm.isDefault).map((realm) => realm.id)).toEqual(['corp']);
  });

  it('the answering node: the node entry marked local, none when no entry is (or only the cluster entry)', () => {
    expect(toAnsweringNode(fromFixture(ClusterStatusResponse, 'GET_cluster_status'))).toBe('testnode');
    expect(toAnsweringNode(decode(ClusterStatusResponse, { data: [{ type: 'node', name: 'pve1', local: 0 }, { type: 'node', name: 'pve2' }] }))).toBeUndefined();
    expect(toAnsweringNode(decode(ClusterStatusResponse, { data: [{ type: 'cluster', name: 'lab', local: 1 }, { type: 'node', name: 'pve9', local: true }] }))).toBe('pve9');
  });

  it('nodes: online state and capacity, sorted by name', () => {
    const nodes = toNodes(decode(NodesResponse, { data: [{ node: 'pve10', status: 'online' }, { node: 'pve2', status: 'offline' }, { node: 'pve1', status: 'unknown', maxcpu: 8, maxmem: '1024' }] }));
    expect(nodes).toEqual([
      { name: 'pve1', online: false, maxCpu: 8, maxMemoryBytes: 1024 },
      { name: 'pve2', online: false, maxCpu: undefined, maxMemoryBytes: undefined },
      { name: 'pve10', online: true, maxCpu: undefined, maxMemoryBytes: undefined },
    ]);
    expect(toNodes(fromFixture(NodesResponse, 'GET_nodes')).map((node) => [node.name, node.online, node.maxCpu])).toEqual([
      ['node1', true, 12],
      ['node2', true, 4],
      ['node3', true, 4],
      ['node4', true, 8],
    ]);
  });

  it('version: 9.1.2 (PVE 8+), 7.4-3 (PVE 7), and nothing for a non-version', () => {
    expect(toServerVersion({ version: '9.1.2', release: '9.1' })).toEqual({ version: '9.1.2', major: 9, minor: 1 });
    expect(toServerVersion({ version: '7.4-3', release: '7.4' })).toEqual({ version: '7.4-3', major: 7, minor: 4 });
    expect(toServerVersion({ version: 'dev', release: '8.2' })).toEqual({ version: 'dev', major: 8, minor: 2 });
    expect(toServerVersion({ version: 'dev' })).toBeUndefined();
  });

  it('guests: VMs and containers with their tags split', () => {
    const guests = toGuests(fromFixture(VmResourcesResponse, 'GET_cluster_resources_vm'));
    expect(guests.map((guest) => [guest.vmid, guest.type, guest.node])).toEqual([
      [100, 'lxc', 'testnode'],
      [101, 'qemu', 'testnode'],
      [102, 'qemu', 'testnode'],
      [103, 'qemu', 'testnode'],
      [9001, 'qemu', 'testnode'],
    ]);
    const tagged = toGuests(decode(VmResourcesResponse, { data: [{ type: 'qemu', vmid: 5, node: 'a', tags: 'web;prod' }, { type: 'qemu', vmid: 6, node: 'a', tags: 'one, two' }] }));
    expect(tagged.map((guest) => guest.tags)).toEqual([['web', 'prod'], ['one', 'two']]);
  });

  it('pools: IDs with comments, sorted', () => {
    expect(toPools(fromFixture(PoolsResponse, 'GET_pools'))).toEqual([{ id: 'test', comment: undefined }]);
  });

  it('tags: existing from guests and registered tags; access policy and allowed list from the options', () => {
    const options = decode(ClusterOptionsResponse, {
      data: { 'allowed-tags': ['web', 'prod'], 'registered-tags': ['prod'], 'user-tag-access': { 'user-allow': 'list', 'user-allow-list': ['web'] } },
    });
    const guests = [{ vmid: 100, node: 'a', type: 'qemu' as const, tags: ['web', 'db'] }];
    const rootPermissions = decode(PermissionsResponse, { data: { '/': { 'Sys.Modify': 1, 'Sys.Audit': 1 } } });
    expect(toTagCatalog(options, guests, rootPermissions)).toEqual({
      existing: ['db', 'prod', 'web'],
      userTagAccess: 'list',
      allowedTags: ['prod', 'web'],
      registered: ['prod'],
      sysModifyOnRoot: true,
    });
  });

  it('tags: a user without Sys.Audit gets only allowed-tags; the policy then reads as free, none registered', () => {
    const options = decode(ClusterOptionsResponse, { data: { 'allowed-tags': ['web'] } });
    const nothingOnRoot = decode(PermissionsResponse, { data: { '/': {} } });
    expect(toTagCatalog(options, [], nothingOnRoot)).toEqual({ existing: [], userTagAccess: 'free', allowedTags: ['web'], registered: [], sysModifyOnRoot: false });
  });

  it('tags: Sys.Modify is read from the permissions of / only (the answer may lack the path)', () => {
    const options = decode(ClusterOptionsResponse, { data: {} });
    expect(toTagCatalog(options, [], decode(PermissionsResponse, { data: { '/vms': { 'Sys.Modify': 1 } } })).sysModifyOnRoot).toBe(false);
    expect(toTagCatalog(options, [], decode(PermissionsResponse, { data: {} })).sysModifyOnRoot).toBe(false);
  });

  it.each([
    ['existing', false, ['approved', 'web']],
    ['free', false, ['approved', 'web']],
    ['list', false, ['approved']],
    ['none', false, []],
    ['none', true, ['approved', 'prod', 'web']],
  ] as const)('tags: a server without allowed-tags, user-allow %s, Sys.Modify %s: allowed %j (get_allowed_tags)', (userAllow, privileged, allowed) => {
    const options = decode(ClusterOptionsResponse, {
      data: { 'registered-tags': ['prod'], 'user-tag-access': { 'user-allow': userAllow, 'user-allow-list': ['approved'] } },
    });
    const guests = [{ vmid: 100, node: 'a', type: 'qemu' as const, tags: ['web', 'prod'] }];
    const permissions = decode(PermissionsResponse, { data: { '/': privileged ? { 'Sys.Modify': 1 } : {} } });
    expect(toTagCatalog(options, guests, permissions).allowedTags).toEqual(allowed);
  });

  it('storages: content list split, flags, free space, VM disk formats only', () => {
    const storages = toStorages(
      decode(StorageListResponse, {
        data: [
          { storage: 'local-zfs', type: 'zfspool', content: 'images,rootdir', active: 1, enabled: 1, shared: 0, avail: '100', total: 200, formats: { supported: ['raw', 'subvol'], default: 'raw' } },
          { storage: 'ct-only', type: 'zfspool', content: 'rootdir', active: 0, formats: { supported: ['subvol'], default: 'subvol' } },
        ],
      }),
    );
    expect(storages).toEqual([
      { id: 'ct-only', type: 'zfspool', content: ['rootdir'], active: false, enabled: true, shared: false, availableBytes: undefined, totalBytes: undefined, formats: undefined },
      { id: 'local-zfs', type: 'zfspool', content: ['images', 'rootdir'], active: true, enabled: true, shared: false, availableBytes: 100, totalBytes: 200, formats: { supported: ['raw'], default: 'raw' } },
    ]);
    expect(toStorages(fromFixture(StorageListResponse, 'GET_nodes_node_storage_SYNTHETIC')).map((storage) => storage.content)).toEqual([
      ['images', 'rootdir', 'vztmpl', 'backup', 'iso', 'snippets'],
      ['images', 'rootdir'],
    ]);
  });

  it('ISO images: only iso content, with the file name', () => {
    expect(toIsoImages(fromFixture(StorageContentResponse, 'GET_nodes_node_storage_storage_content_SYNTHETIC'))).toEqual([
      { volid: 'local:iso/debian-12.0.0-amd64-netinst.iso', fileName: 'debian-12.0.0-amd64-netinst.iso', sizeBytes: 654311424, ctime: 1693252591 },
    ]);
  });

  it('bridges: Linux bridges, OVS bridges and SDN vnets; ports, bonds and VLANs dropped', () => {
    expect(toBridges(fromFixture(NetworkResponse, 'GET_nodes_node_network'))).toEqual([
      { name: 'vmbr1', kind: 'bridge', active: true, vlanAware: true, comment: 'some comment', cidr: undefined, mtu: undefined },
    ]);
    expect(toBridges(fromFixture(NetworkResponse, 'GET_nodes_node_network_ovs')).map((bridge) => [bridge.name, bridge.kind])).toEqual([['vmbr0', 'ovs']]);
    expect(toBridges(decode(NetworkResponse, { data: [{ iface: 'vnet9', type: 'vnet' }, { iface: 'toString', type: 'eth' }] }))).toEqual([
      { name: 'vnet9', kind: 'vnet', active: true, vlanAware: undefined, comment: undefined, cidr: undefined, mtu: undefined },
    ]);
  });

  it('bridges: the MTU as configured (a number or a string), else the kernel default 1500', () => {
    const bridges = toBridges(decode(NetworkResponse, { data: [{ iface: 'vmbr0', type: 'bridge' }, { iface: 'vmbr9', type: 'bridge', mtu: 9000 }, { iface: 'vmbr2', type: 'OVSBridge', mtu: '9216' }] }));
    expect(bridges.map((bridge) => [bridge.name, bridge.mtu])).toEqual([['vmbr0', undefined], ['vmbr2', 9216], ['vmbr9', 9000]]);
  });

  it('CPU models: custom flag read from 0/1', () => {
    expect(toCpuModels(decode(CpuModelsResponse, { data: [{ name: 'host', vendor: 'default', custom: 0 }, { name: 'custom-x', custom: 1 }] }))).toEqual([
      { name: 'host', vendor: 'default', custom: false },
      { name: 'custom-x', vendor: '', custom: true },
    ]);
  });
});
