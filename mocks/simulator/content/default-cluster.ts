/**
 * The simulated cluster `--demo` shows (docs/cli.md, "The simulated cluster"):
 * three nodes with pve3 offline, Ceph and local storages with several
 * nixos-minimal ISOs, bridges vmbr0/vmbr9, pools, tagged guests, two realms,
 * the demo users and API token. A scenario file replaces any of these lists.
 */
import type {
  BridgeSpec,
  GuestSpec,
  NodeSpec,
  PoolSpec,
  RealmSpec,
  StorageSpec,
  TagOptions,
  TokenSpec,
  UserSpec,
  VnetSpec,
} from '../scenario/codec';

/** Everything the cluster contains; each list is replaceable by the scenario key of the same name. */
export interface ClusterContent {
  readonly version: string;
  readonly clusterName: string;
  readonly nodes: readonly NodeSpec[];
  /** The node the API answers from (the one clients connect to); the first node when absent. */
  readonly answeringNode?: string;
  readonly storages: readonly StorageSpec[];
  readonly bridges: readonly BridgeSpec[];
  readonly vnets: readonly VnetSpec[];
  readonly pools: readonly PoolSpec[];
  readonly guests: readonly GuestSpec[];
  readonly tags: TagOptions;
  readonly realms: readonly RealmSpec[];
  readonly users: readonly UserSpec[];
  readonly tokens: readonly TokenSpec[];
  readonly nextIdRange: { readonly lower: number; readonly upper: number };
}

/** The TOTP secret of alice@pve (base32, as `oathtool --totp -b` and authenticator apps take it). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** Recovery keys of alice@pve; each works once. */
export const DEMO_RECOVERY_KEYS = ['4a7c-19e2-b05d-83f6', 'c3d8-5e01-7fa4-29b6'];

/** The demo API token secret (all zeros: obviously not a real one). */
export const DEMO_TOKEN_SECRET = '00000000-0000-0000-0000-000000000000';

const CEPHFS_ISOS = [
  'nixos-minimal-24.11.712431.cbd8ec4de446-x86_64-linux.iso',
  'nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso',
  'nixos-minimal-25.05.812345.1a2b3c4d5e6f-x86_64-linux.iso',
  'nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso',
  'nixos-minimal-25.11.1042.8e5f7b9c0d1a-aarch64-linux.iso',
  'nixos-graphical-25.05.806273.992f916556fc-x86_64-linux.iso',
  'debian-13.1.0-amd64-netinst.iso',
  'ubuntu-24.04.3-live-server-amd64.iso',
  'virtio-win-0.1.271.iso',
];

const LOCAL_ISOS = ['debian-12.12.0-amd64-netinst.iso', 'nixos-minimal-24.05.7376.b134951a4c9f-x86_64-linux.iso'];

/** The content of the demo cluster. */
export const DEFAULT_CLUSTER: ClusterContent = {
  version: '9.1.2',
  clusterName: 'pve-demo',
  nodes: [
    { name: 'pve1', online: true, ip: '10.0.0.11', cpus: 16, memoryGiB: 128, cpuModel: 'AMD EPYC 7313P 16-Core Processor' },
    { name: 'pve2', online: true, ip: '10.0.0.12', cpus: 32, memoryGiB: 256, cpuModel: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz' },
    { name: 'pve3', online: false, ip: '10.0.0.13', cpus: 8, memoryGiB: 64, cpuModel: 'Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz' },
  ],
  storages: [
    { id: 'cephfs', type: 'cephfs', content: ['iso', 'vztmpl', 'backup'], shared: true, totalGiB: 2048, usedGiB: 640, isos: CEPHFS_ISOS, path: '/mnt/pve/cephfs' },
    { id: 'ceph-pool', type: 'rbd', content: ['images'], shared: true, totalGiB: 6144, usedGiB: 1950, formats: ['raw'], defaultFormat: 'raw', pool: 'ceph-pool' },
    { id: 'local', type: 'dir', content: ['iso', 'vztmpl', 'backup'], totalGiB: 94, usedGiB: 12, isos: LOCAL_ISOS, path: '/var/lib/vz' },
    { id: 'local-lvm', type: 'lvmthin', content: ['images', 'rootdir'], totalGiB: 350, usedGiB: 80, formats: ['raw'], defaultFormat: 'raw' },
  ],
  bridges: [
    { iface: 'vmbr0', type: 'bridge', ports: 'eno1', comment: 'LAN', gateway: '10.0.0.1' },
    { iface: 'vmbr9', type: 'bridge', ports: 'eno2', vlanAware: true, comment: 'VM networks (VLAN-aware)' },
    { iface: 'vmbr1', type: 'OVSBridge', nodes: ['pve2'], ports: 'eno3', comment: 'OVS storage network' },
  ],
  vnets: [{ vnet: 'labnet', zone: 'labzone', tag: 100, alias: 'Lab VLAN 100' }],
  pools: [
    { poolid: 'prod', comment: 'Production' },
    { poolid: 'lab', comment: 'Lab machines' },
    { poolid: 'lab/ci', comment: 'CI runners' },
  ],
  guests: [
    { vmid: 100, name: 'web-1', node: 'pve1', status: 'running', tags: ['web', 'prod'], pool: 'prod', memoryMiB: 4096, cores: 2 },
    { vmid: 101, name: 'db-1', node: 'pve1', status: 'running', tags: ['db', 'prod'], pool: 'prod', memoryMiB: 8192, cores: 4, ha: 'started' },
    { vmid: 102, name: 'nixos-builder', node: 'pve2', status: 'stopped', tags: ['nixos', 'lab'], pool: 'lab', memoryMiB: 16384, cores: 8 },
    { vmid: 103, name: 'ci-runner-1', node: 'pve2', status: 'running', tags: ['ci', 'nixos'], pool: 'lab/ci', memoryMiB: 4096, cores: 4 },
    { vmid: 104, name: 'old-debian', node: 'pve3', status: 'stopped', tags: ['debian'], memoryMiB: 2048, cores: 1 },
    { vmid: 105, name: 'dns', node: 'pve1', type: 'lxc', status: 'running', tags: ['infra'], memoryMiB: 512, cores: 1 },
    { vmid: 9000, name: 'nixos-template', node: 'pve2', status: 'stopped', tags: ['nixos'], template: true, memoryMiB: 2048, cores: 2 },
  ],
  tags: {
    registered: ['prod', 'lab'],
    userAllow: 'existing',
    colorMap: 'prod:B91C1C:FFFFFF;nixos:5277C3:FFFFFF',
    shape: 'circle',
    ordering: 'config',
  },
  realms: [
    { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', default: true },
    { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
  ],
  users: [
    { userid: 'root@pam', password: 'demo', privileges: 'all' },
    { userid: 'alice@pve', password: 'demo', totpSecret: DEMO_TOTP_SECRET, recoveryKeys: DEMO_RECOVERY_KEYS, privileges: 'all' },
    { userid: 'auditor@pve', password: 'demo', privileges: { '/': ['Sys.Audit', 'VM.Audit', 'Datastore.Audit', 'Pool.Audit', 'SDN.Audit'] } },
  ],
  tokens: [{ tokenid: 'root@pam!demo', secret: DEMO_TOKEN_SECRET, privsep: false }],
  nextIdRange: { lower: 100, upper: 1_000_000 },
};
