/**
 * The simulated cluster's state: nodes, storages and their volumes, bridges,
 * pools, guests with their configs, HA resources. Built from the resolved
 * scenario content; the API handlers read and change it.
 */
import type { ClusterContent } from '../content/default-cluster';
import { hashString, SeededRandom } from '../content/random';
import type { BridgeSpec, GuestSpec, StorageSpec, TagOptions, VnetSpec } from '../scenario/codec';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A cluster node. */
export interface NodeState {
  readonly name: string;
  readonly online: boolean;
  readonly ip: string;
  readonly nodeid: number;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly cpuModel: string;
  /** When the node booted (simulator clock, ms): uptime and task `pstart` derive from it. */
  readonly bootMs: number;
}

/** A storage as configured in storage.cfg, with its ISO files. */
export interface StorageState {
  readonly id: string;
  readonly type: string;
  readonly content: readonly string[];
  readonly shared: boolean;
  /** Nodes the storage is configured for; undefined means all. */
  readonly nodes?: readonly string[];
  readonly enabled: boolean;
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly formats: readonly string[];
  readonly defaultFormat: string;
  readonly isos: readonly string[];
  readonly path?: string;
  readonly pool?: string;
}

/** A VM disk (or EFI/TPM state volume) allocated on a storage. */
export interface DiskVolume {
  readonly volid: string;
  readonly storage: string;
  /** The node holding it, for storages that are not shared. */
  readonly node?: string;
  readonly vmid: number;
  readonly sizeBytes: number;
  readonly format: string;
  readonly ctime: number;
}

/** A VM or container with its config. */
export interface GuestState {
  readonly vmid: number;
  readonly type: 'qemu' | 'lxc';
  node: string;
  status: 'running' | 'stopped';
  /** The VM config as the config file has it: every value a string. */
  config: Record<string, string>;
  /** Changes that apply at the next start (non-hotpluggable keys set while running). */
  pending: Record<string, string>;
  pendingDelete: string[];
  lock?: string;
  pool?: string;
  template: boolean;
  startedAtMs?: number;
  pid?: number;
}

/** An HA resource (vm:<id> or ct:<id>). */
export interface HaResourceState {
  readonly sid: string;
  readonly type: 'vm' | 'ct';
  state: string;
  maxRestart: number;
  maxRelocate: number;
  comment?: string;
  failback?: string;
}

/** A Linux or OVS bridge on one node. */
export interface BridgeState {
  readonly iface: string;
  readonly node: string;
  readonly type: 'bridge' | 'OVSBridge';
  readonly vlanAware: boolean;
  readonly comment?: string;
  readonly ports?: string;
  readonly cidr?: string;
  readonly gateway?: string;
  /** The `mtu` set in the interfaces file; undefined: the kernel's default (1500). */
  readonly mtu?: number;
}

/** The MTU of a bridge without one in its configuration (Linux' Ethernet default). */
export const DEFAULT_BRIDGE_MTU = 1500;

/** Supported and default volume formats per storage type (pve-storage plugin data). */
const FORMATS_BY_TYPE: Readonly<Record<string, { supported: string[]; default: string }>> = {
  dir: { supported: ['raw', 'qcow2', 'vmdk'], default: 'raw' },
  nfs: { supported: ['raw', 'qcow2', 'vmdk'], default: 'raw' },
  cifs: { supported: ['raw', 'qcow2', 'vmdk'], default: 'raw' },
  btrfs: { supported: ['raw'], default: 'raw' },
  zfspool: { supported: ['raw', 'subvol'], default: 'raw' },
};

const FILE_STORAGE_TYPES = new Set(['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs']);

/** Everything the cluster holds; handlers read and change it. */
export class ClusterState {
  readonly version: string;
  readonly clusterName: string;
  readonly nodes: readonly NodeState[];
  readonly storages: readonly StorageState[];
  readonly bridges: readonly BridgeState[];
  readonly vnets: readonly VnetSpec[];
  readonly pools: ReadonlyArray<{ readonly poolid: string; readonly comment?: string }>;
  readonly tagOptions: TagOptions;
  readonly nextIdRange: { readonly lower: number; readonly upper: number };
  private readonly answeringNodeName: string | undefined;
  readonly guests = new Map<number, GuestState>();
  readonly volumes = new Map<string, DiskVolume>();
  readonly ha = new Map<string, HaResourceState>();
  /** Seeded, so the same scenario gives the same MACs, UUIDs and PIDs. */
  readonly random = new SeededRandom(20250611);

  constructor(content: ClusterContent, private readonly clock: () => number) {
    const now = clock();
    this.version = content.version;
    this.clusterName = content.clusterName;
    this.answeringNodeName = content.answeringNode;
    this.nodes = content.nodes.map((node, index) => ({
      name: node.name,
      online: node.online ?? true,
      ip: node.ip ?? `10.0.0.${11 + index}`,
      nodeid: index + 1,
      cpus: node.cpus ?? 8,
      memoryBytes: (node.memoryGiB ?? 64) * GiB,
      cpuModel: node.cpuModel ?? 'QEMU Virtual CPU version 2.5+',
      bootMs: now - (12 + index * 9) * 86_400_000 - index * 3_600_000,
    }));
    this.storages = content.storages.map(storageState);
    this.bridges = content.bridges.flatMap((bridge) => this.bridgeStates(bridge));
    this.vnets = content.vnets;
    this.pools = content.pools;
    this.tagOptions = content.tags;
    this.nextIdRange = content.nextIdRange;
    for (const guest of content.guests) this.addInitialGuest(guest, now);
  }

  now(): number {
    return this.clock();
  }

  node(name: string): NodeState | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  /**
   * The node that answers the API (the one the client connected to): the
   * scenario's `answeringNode`, else the first node. `/cluster/status` marks
   * it `local`, and `localhost` in a `/nodes/{node}/...` path means it.
   */
  get answeringNode(): NodeState {
    return (this.answeringNodeName !== undefined ? this.node(this.answeringNodeName) : undefined) ?? this.nodes[0];
  }

  storage(id: string): StorageState | undefined {
    return this.storages.find((storage) => storage.id === id);
  }

  /** Whether `storage` is configured and enabled for `node` (pve-storage storage_check_enabled). */
  storageAvailableOn(storage: StorageState, node: string): boolean {
    return storage.enabled && (!storage.nodes || storage.nodes.includes(node));
  }

  storagesOn(node: string): StorageState[] {
    return this.storages.filter((storage) => this.storageAvailableOn(storage, node));
  }

  /** Bridges and OVS bridges of a node. */
  bridgesOn(node: string): BridgeState[] {
    return this.bridges.filter((bridge) => bridge.node === node);
  }

  /** Whether a VM NIC on `node` may use `name`: a local (OVS) bridge or an SDN vnet. */
  bridgeUsableOn(node: string, name: string): boolean {
    return this.bridgesOn(node).some((bridge) => bridge.iface === name) || this.vnets.some((vnet) => vnet.vnet === name);
  }

  /** The MTU of a bridge or vnet a NIC on `node` uses (what qemu-server's read_bridge_mtu finds at start). */
  bridgeMtu(node: string, name: string): number {
    return this.bridgesOn(node).find((bridge) => bridge.iface === name)?.mtu ?? DEFAULT_BRIDGE_MTU;
  }

  /** The SDN zone of a bridge, for the SDN.Use permission path; local bridges are in "localnetwork". */
  zoneOf(bridge: string): string {
    return this.vnets.find((vnet) => vnet.vnet === bridge)?.zone ?? 'localnetwork';
  }

  pool(poolid: string): { readonly poolid: string; readonly comment?: string } | undefined {
    return this.pools.find((pool) => pool.poolid === poolid);
  }

  guest(vmid: number): GuestState | undefined {
    return this.guests.get(vmid);
  }

  /** The lowest VM ID in the next-id range not used by any guest (PVE::Cluster's vmlist, creating ones included). */
  nextFreeVmid(): number | undefined {
    for (let vmid = this.nextIdRange.lower; vmid < this.nextIdRange.upper; vmid++) {
      if (!this.guests.has(vmid)) return vmid;
    }
    return undefined;
  }

  /** Volumes on `storage` visible from `node`. */
  volumesOn(storage: StorageState, node: string): DiskVolume[] {
    return [...this.volumes.values()].filter((volume) => volume.storage === storage.id && (storage.shared || volume.node === node));
  }

  /** Allocate a new disk volume name the way pve-storage names them (`vm-<vmid>-disk-<n>`). */
  allocateVolume(storage: StorageState, node: string, vmid: number, sizeBytes: number, format: string): DiskVolume {
    const taken = new Set(this.volumesOn(storage, node).map((volume) => volume.volid));
    let index = 0;
    // File-based storages keep images in per-VM directories with an extension; block storages name the volume only.
    const volidFor = (n: number) =>
      FILE_STORAGE_TYPES.has(storage.type) ? `${storage.id}:${vmid}/vm-${vmid}-disk-${n}.${format}` : `${storage.id}:vm-${vmid}-disk-${n}`;
    while (taken.has(volidFor(index))) index++;
    const volume: DiskVolume = {
      volid: volidFor(index),
      storage: storage.id,
      node: storage.shared ? undefined : node,
      vmid,
      sizeBytes,
      format,
      ctime: Math.floor(this.clock() / 1000),
    };
    this.volumes.set(this.volumeKey(volume.volid, volume.node), volume);
    return volume;
  }

  /** Forget every volume of a VM (destroy, failed create). */
  freeVolumesOf(vmid: number): void {
    for (const [key, volume] of this.volumes) if (volume.vmid === vmid) this.volumes.delete(key);
  }

  private volumeKey(volid: string, node: string | undefined): string {
    return node ? `${node}|${volid}` : volid;
  }

  /** A random unicast MAC with Proxmox's prefix BC:24:11 (datacenter mac_prefix default). */
  randomMac(): string {
    const bytes = [this.random.int(0, 255), this.random.int(0, 255), this.random.int(0, 255)];
    return `BC:24:11:${bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(':')}`;
  }

  private bridgeStates(bridge: BridgeSpec): BridgeState[] {
    const nodes = bridge.nodes ?? this.nodes.map((node) => node.name);
    return nodes.map((nodeName) => {
      const node = this.node(nodeName);
      const cidr = bridge.cidr ?? (bridge.gateway && node ? `${node.ip}/24` : undefined);
      return {
        iface: bridge.iface,
        node: nodeName,
        type: bridge.type ?? 'bridge',
        vlanAware: bridge.vlanAware ?? false,
        comment: bridge.comment,
        ports: bridge.ports,
        cidr,
        gateway: bridge.gateway,
        mtu: bridge.mtu,
      };
    });
  }

  private addInitialGuest(spec: GuestSpec, now: number): void {
    const type = spec.type ?? 'qemu';
    const running = spec.status === 'running' && (this.node(spec.node)?.online ?? false);
    const guest: GuestState = {
      vmid: spec.vmid,
      type,
      node: spec.node,
      status: running ? 'running' : 'stopped',
      config: type === 'qemu' ? this.initialQemuConfig(spec) : initialLxcConfig(spec),
      pending: {},
      pendingDelete: [],
      pool: spec.pool,
      template: spec.template ?? false,
      startedAtMs: running ? now - (1 + (spec.vmid % 17)) * 3_600_000 : undefined,
      pid: running ? 1000 + ((spec.vmid * 7919) % 60000) : undefined,
    };
    this.guests.set(spec.vmid, guest);
    if (spec.ha) {
      const sid = `${type === 'qemu' ? 'vm' : 'ct'}:${spec.vmid}`;
      this.ha.set(sid, { sid, type: type === 'qemu' ? 'vm' : 'ct', state: spec.ha, maxRestart: 1, maxRelocate: 1 });
    }
  }

  private initialQemuConfig(spec: GuestSpec): Record<string, string> {
    const diskStorage = this.storages.find((storage) => storage.content.includes('images') && storage.shared) ?? this.storages.find((storage) => storage.content.includes('images'));
    const config: Record<string, string> = {
      name: spec.name,
      memory: String(spec.memoryMiB ?? 2048),
      cores: String(spec.cores ?? 1),
      sockets: '1',
      cpu: 'x86-64-v2-AES',
      ostype: 'l26',
      scsihw: 'virtio-scsi-single',
      numa: '0',
      boot: 'order=scsi0;net0',
      smbios1: `uuid=${this.random.uuid()}`,
      vmgenid: this.random.uuid(),
      meta: `creation-qemu=9.0.2,ctime=${1_730_000_000 + spec.vmid * 3600}`,
    };
    if (diskStorage) {
      const sizeGiB = 16 + (spec.vmid % 4) * 16;
      const volume = this.allocateVolume(diskStorage, spec.node, spec.vmid, sizeGiB * GiB, diskStorage.defaultFormat);
      config.scsi0 = `${volume.volid},iothread=1,size=${sizeGiB}G`;
    }
    const bridge = this.bridges.find((candidate) => candidate.node === spec.node);
    if (bridge) config.net0 = `virtio=${this.randomMac()},bridge=${bridge.iface},firewall=1`;
    if (spec.tags && spec.tags.length > 0) config.tags = spec.tags.join(';');
    if (spec.template) config.template = '1';
    return config;
  }
}

function initialLxcConfig(spec: GuestSpec): Record<string, string> {
  const config: Record<string, string> = {
    hostname: spec.name,
    memory: String(spec.memoryMiB ?? 512),
    cores: String(spec.cores ?? 1),
    ostype: 'debian',
    arch: 'amd64',
  };
  if (spec.tags && spec.tags.length > 0) config.tags = spec.tags.join(';');
  return config;
}

function storageState(spec: StorageSpec): StorageState {
  const byType = FORMATS_BY_TYPE[spec.type] ?? { supported: ['raw'], default: 'raw' };
  return {
    id: spec.id,
    type: spec.type,
    content: spec.content,
    shared: spec.shared ?? false,
    nodes: spec.nodes,
    enabled: spec.enabled ?? true,
    totalBytes: Math.round((spec.totalGiB ?? 100) * GiB),
    usedBytes: Math.round((spec.usedGiB ?? 10) * GiB),
    formats: spec.formats ?? byType.supported,
    defaultFormat: spec.defaultFormat ?? byType.default,
    isos: spec.isos ?? [],
    path: spec.path,
    pool: spec.pool,
  };
}

/** The config as GET .../config shows it: pending values applied unless `current` is set. */
export function effectiveConfig(guest: GuestState, current: boolean): Record<string, string> {
  if (current) return { ...guest.config };
  const config = { ...guest.config, ...guest.pending };
  for (const key of guest.pendingDelete) delete config[key];
  return config;
}

/** Tags of a config value (`a;b` as PVE writes them; `,` and spaces accepted as on input). */
export function splitTags(tags: string | undefined): string[] {
  return tags ? tags.split(/[,;\s]+/).filter((tag) => tag !== '') : [];
}

/** Size of an ISO image, derived from its name so it is stable (between 300 MiB and 6 GiB). */
export function isoSizeBytes(name: string): number {
  return (300 + (hashString(name) % 5800)) * MiB;
}

/** Creation time of an ISO image, derived from its name (a date in 2024-2025). */
export function isoCtime(name: string): number {
  return 1_704_067_200 + (hashString(`ctime:${name}`) % 63_072_000);
}

export { GiB, MiB };
