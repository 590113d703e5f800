/**
 * Realistic cluster facts for workflow tests, shaped like the demo cluster of
 * docs/cli.md and the storage/ISO names of mocks/fixtures/real-responses:
 * nodes pve1 pve2 pve3 (pve3 offline), storages cephfs / ceph-pool / local /
 * local-lvm, bridges vmbr0 vmbr9, pools prod lab lab/ci. Each test removes or
 * changes what it needs.
 */
import type { BridgeInfo, ClusterFacts, IsoImage, NodeFacts, ServerVersion, StorageInfo } from '../../../../src/workflow/cluster-facts';

const GiB = 1024 ** 3;

/** NixOS minimal ISOs as they appear on real mirrors, deliberately out of order. */
export const NIXOS_ISOS = [
  'nixos-minimal-24.11.719113.50ab793786d9-x86_64-linux.iso',
  'nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso',
  // 25.11's build counter restarted lower than 25.05's: the release must win, not the number.
  'nixos-minimal-25.11.1948.9c4d6e5a7b8f-x86_64-linux.iso',
  'nixos-minimal-25.11.2210.0d5e0c3b1a2f-aarch64-linux.iso',
  'nixos-minimal-25.05.99999.1111111aaaaa-x86_64-linux.iso',
] as const;

/** The newest x86_64 one above. */
export const NEWEST_NIXOS = 'nixos-minimal-25.11.1948.9c4d6e5a7b8f-x86_64-linux.iso';

/** Other ISOs an admin keeps (the fixture's Debian netinst among them). */
export const OTHER_ISOS = ['debian-12.0.0-amd64-netinst.iso', 'Win11_24H2_English_x64.iso', 'latest-nixos-minimal-x86_64-linux.iso'] as const;

/** An ISO image on a storage. */
export function iso(storage: string, fileName: string): IsoImage {
  return { volid: `${storage}:iso/${fileName}`, fileName, sizeBytes: 1_200_000_000, ctime: 1_750_000_000 };
}

/** The four storages of the demo cluster. */
export function demoStorages(): StorageInfo[] {
  return [
    { id: 'cephfs', type: 'cephfs', content: ['iso', 'vztmpl', 'backup'], active: true, enabled: true, shared: true, availableBytes: 800 * GiB, totalBytes: 1000 * GiB },
    {
      id: 'ceph-pool',
      type: 'rbd',
      content: ['images', 'rootdir'],
      active: true,
      enabled: true,
      shared: true,
      availableBytes: 3000 * GiB,
      totalBytes: 4000 * GiB,
      formats: { supported: ['raw'], default: 'raw' },
    },
    {
      id: 'local',
      type: 'dir',
      content: ['images', 'rootdir', 'vztmpl', 'backup', 'iso', 'snippets'],
      active: true,
      enabled: true,
      shared: false,
      availableBytes: 50 * GiB,
      totalBytes: 60 * GiB,
      formats: { supported: ['raw', 'qcow2', 'vmdk'], default: 'raw' },
    },
    {
      id: 'local-lvm',
      type: 'lvmthin',
      content: ['images', 'rootdir'],
      active: true,
      enabled: true,
      shared: false,
      availableBytes: 100 * GiB,
      totalBytes: 120 * GiB,
      formats: { supported: ['raw'], default: 'raw' },
    },
  ];
}

/** vmbr0 and vmbr9, both Linux bridges. */
export function demoBridges(): BridgeInfo[] {
  return [
    { name: 'vmbr0', kind: 'bridge', active: true, cidr: '192.168.1.10/24', mtu: 1500 },
    { name: 'vmbr1', kind: 'bridge', active: true, comment: 'no MTU in its configuration' },
    { name: 'vmbr9', kind: 'bridge', active: true, vlanAware: true, mtu: 9000 },
  ];
}

/** A demo node's facts with both storages' ISO lists loaded. */
export function demoNodeFacts(overrides: Partial<NodeFacts> = {}): NodeFacts {
  return {
    storages: demoStorages(),
    bridges: demoBridges(),
    isoImages: {
      cephfs: [...NIXOS_ISOS, ...OTHER_ISOS].map((name) => iso('cephfs', name)),
      local: [iso('local', 'debian-12.0.0-amd64-netinst.iso')],
    },
    cpuModels: [
      { name: 'host', vendor: 'default', custom: false },
      { name: 'x86-64-v2-AES', vendor: 'default', custom: false },
      { name: 'kvm64', vendor: 'default', custom: false },
    ],
    ...overrides,
  };
}

export const PVE_9_1: ServerVersion = { version: '9.1.2', major: 9, minor: 1 };
export const PVE_8_4: ServerVersion = { version: '8.4.1', major: 8, minor: 4 };

/** The demo cluster; every part can be overridden. */
export function demoFacts(overrides: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    nodes: [
      { name: 'pve2', online: true, maxCpu: 12, maxMemoryBytes: 64 * GiB },
      { name: 'pve1', online: true, maxCpu: 12, maxMemoryBytes: 64 * GiB },
      { name: 'pve3', online: false, maxCpu: 4, maxMemoryBytes: 16 * GiB },
    ],
    nextVmid: 104,
    usedVmids: new Set([100, 101, 102, 103, 105]),
    pools: [{ id: 'prod' }, { id: 'lab' }, { id: 'lab/ci' }],
    tags: { existing: ['nixos', 'web'], userTagAccess: 'free', allowedTags: [], registered: [], sysModifyOnRoot: true },
    serverVersion: PVE_9_1,
    nodeFacts: { pve1: demoNodeFacts(), pve2: demoNodeFacts() },
    ...overrides,
  };
}

/** Facts where one node's facts are changed. */
export function withNode(facts: ClusterFacts, node: string, nodeFacts: NodeFacts): ClusterFacts {
  return { ...facts, nodeFacts: { ...facts.nodeFacts, [node]: nodeFacts } };
}

/** The demo storages without some of them. */
export function storagesWithout(...ids: string[]): StorageInfo[] {
  return demoStorages().filter((storage) => !ids.includes(storage.id));
}
