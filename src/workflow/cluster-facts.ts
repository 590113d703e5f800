/**
 * What the workflow knows about the cluster: the reference data that defaults
 * are resolved against and that validation checks (a storage exists, a VM ID
 * is free). Plain values, loaded by ReferenceDataService and passed in; the
 * domain never fetches anything itself.
 */

/** A cluster node (`GET /nodes`). */
export interface NodeInfo {
  readonly name: string;
  readonly online: boolean;
  /** Logical CPUs, when the node reports them (caps cores x sockets advice). */
  readonly maxCpu?: number;
  /** Bytes of RAM, when reported. */
  readonly maxMemoryBytes?: number;
}

/** Content types of a storage as Proxmox names them. */
export type StorageContent = 'iso' | 'images' | 'rootdir' | 'vztmpl' | 'backup' | 'snippets' | 'import';

/** Formats a new VM disk can have. */
export type DiskFormat = 'raw' | 'qcow2' | 'vmdk';

/** A storage as seen from one node (`GET /nodes/{node}/storage?format=1`). */
export interface StorageInfo {
  /** Storage ID, e.g. `ceph-pool`. */
  readonly id: string;
  /** Plugin type: `dir`, `rbd`, `cephfs`, `lvmthin`, `zfspool`, `nfs`, ... */
  readonly type: string;
  readonly content: readonly StorageContent[];
  readonly active: boolean;
  readonly enabled: boolean;
  readonly shared: boolean;
  readonly availableBytes?: number;
  readonly totalBytes?: number;
  /** Disk formats the storage can hold and its default (`?format=1`); absent when the server did not say. */
  readonly formats?: { readonly supported: readonly DiskFormat[]; readonly default: DiskFormat };
}

/** An ISO image on a storage (`content=iso`). */
export interface IsoImage {
  /** Volume ID as the API takes it: `cephfs:iso/nixos-minimal-25.05....iso`. */
  readonly volid: string;
  /** The file name part: `nixos-minimal-25.05....iso`. */
  readonly fileName: string;
  readonly sizeBytes?: number;
  /** Upload time, seconds since the epoch. */
  readonly ctime?: number;
}

/** A bridge a NIC can attach to (`GET /nodes/{node}/network?type=any_bridge`). */
export interface BridgeInfo {
  readonly name: string;
  /** Linux bridge, Open vSwitch bridge or SDN vnet. */
  readonly kind: 'bridge' | 'ovs' | 'vnet';
  readonly active: boolean;
  readonly vlanAware?: boolean;
  readonly comment?: string;
  readonly cidr?: string;
  /**
   * The MTU the bridge's configuration sets: a VirtIO NIC's MTU above it makes
   * qemu-server refuse to start the VM. Undefined when the configuration sets
   * none: Linux then takes the smallest MTU of the bridge's ports (jumbo ports
   * make a jumbo bridge), which the API does not report, so it is not guessed.
   */
  readonly mtu?: number;
}

/** A resource pool (`GET /pools`). */
export interface PoolInfo {
  readonly id: string;
  readonly comment?: string;
}

/** A VM or container of the cluster (`GET /cluster/resources?type=vm`). */
export interface GuestSummary {
  readonly vmid: number;
  readonly node: string;
  readonly type: 'qemu' | 'lxc';
  readonly name?: string;
  readonly tags: readonly string[];
}

/**
 * What the datacenter allows for tags (`/cluster/options`), which tags exist,
 * and what this user may do with them. Proxmox checks tags inside the create
 * task (pve-guest-common assert_tag_permissions), after the disks exist, so a
 * refused tag is worth catching before the create.
 */
export interface TagCatalog {
  /** Tags in use on guests plus registered tags, sorted, unique. */
  readonly existing: readonly string[];
  /** `free`, `existing`, `list` or `none`: whether a normal user may create new tags. */
  readonly userTagAccess: 'free' | 'existing' | 'list' | 'none';
  /**
   * The tags this user may set (the server's `allowed-tags`): the user-allow
   * list unless `none`, with `free`/`existing` the tags of guests the user may
   * see; never a registered tag unless the user may modify any tag.
   */
  readonly allowedTags: readonly string[];
  /** Registered tags: only a user who may modify any tag sets or removes them. */
  readonly registered: readonly string[];
  /**
   * Sys.Modify on `/`: the user may set any tag, whatever the policy says.
   * qemu-server also asks for it to set a start/shutdown order (`startup`
   * changes how the host boots), so validation reads it there too.
   */
  readonly sysModifyOnRoot: boolean;
}

/** The Proxmox VE version (`GET /version`), for version-dependent parameters. */
export interface ServerVersion {
  /** e.g. `9.1.2` */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
}

/** A CPU model the node offers. */
export interface CpuModel {
  readonly name: string;
  readonly vendor: string;
  readonly custom: boolean;
}

/**
 * What one node offers the wizard. Storages and bridges differ per node, so
 * defaults are resolved against the facts of the chosen node; a node missing
 * from `ClusterFacts.nodeFacts` has not been loaded yet.
 */
export interface NodeFacts {
  /**
   * Enabled storages of the node that hold ISO images or VM disks (the union of
   * `storages(node, 'iso')` and `storages(node, 'images')`), each with its
   * `content` list, so one list serves the OS, System and Disks steps.
   */
  readonly storages: readonly StorageInfo[];
  /** Bridges a NIC can attach to (Linux, OVS, SDN vnets). */
  readonly bridges: readonly BridgeInfo[];
  /**
   * ISO images per storage ID, filled as the user looks at a storage; a storage
   * absent here has not been listed yet (not the same as "no ISO images").
   */
  readonly isoImages: Readonly<Record<string, readonly IsoImage[]>>;
  /** CPU models the node offers; absent until loaded (then any plausible name is accepted). */
  readonly cpuModels?: readonly CpuModel[];
}

/**
 * Everything defaults resolution and validation need from the cluster. Built
 * by the caller from ReferenceDataService results; cluster-wide values at the
 * top, node-dependent values per node.
 */
export interface ClusterFacts {
  readonly nodes: readonly NodeInfo[];
  /**
   * The node that answers the API, the one the user connected to
   * (`/cluster/status`, the entry marked `local`): the default node, as in the
   * web UI. Absent when the user may not read the cluster status.
   */
  readonly answeringNode?: string;
  /**
   * The privileges the signed-in user (or API token) has on `/`
   * (`/access/permissions?path=/`): what the wizard may offer depends on a
   * few of them. Absent when unknown: nothing is refused for its sake.
   */
  readonly rootPrivileges?: ReadonlySet<string>;
  /** `/cluster/nextid`: the next free VM ID. */
  readonly nextVmid: number;
  /** VM IDs in use anywhere in the cluster (from `/cluster/resources?type=vm`). */
  readonly usedVmids: ReadonlySet<number>;
  readonly pools: readonly PoolInfo[];
  readonly tags: TagCatalog;
  readonly serverVersion: ServerVersion;
  /** Per node name; a node absent here is not loaded yet (its defaults stay unresolved, its checks skipped). */
  readonly nodeFacts: Readonly<Record<string, NodeFacts>>;
}

/** The facts that do not depend on a node: what the wizard reads first after signing in. */
export type ClusterWideFacts = Omit<ClusterFacts, 'nodeFacts'>;

/**
 * A node's storages from its two listings (`content=iso` and
 * `content=images`): a storage holding both is listed twice and kept once,
 * and the order is by ID, so the wizard and --yes see the same list.
 */
export function combineNodeStorages(isoStorages: readonly StorageInfo[], imageStorages: readonly StorageInfo[]): StorageInfo[] {
  const byId = new Map<string, StorageInfo>();
  for (const storage of [...isoStorages, ...imageStorages]) if (!byId.has(storage.id)) byId.set(storage.id, storage);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether the user may add VMs to HA: `ha-managed` on create and
 * `POST /cluster/ha/resources` both need Sys.Console on `/`. Unknown
 * privileges count as yes (the server keeps the last word).
 */
export function mayManageHa(facts: Pick<ClusterFacts, 'rootPrivileges'>): boolean {
  return facts.rootPrivileges?.has('Sys.Console') ?? true;
}
