import { token } from '../shared/token';
import type {
  BridgeInfo,
  CpuModel,
  GuestSummary,
  IsoImage,
  NodeInfo,
  PoolInfo,
  ServerVersion,
  StorageContent,
  StorageInfo,
  TagCatalog,
} from '../workflow/cluster-facts';

/**
 * The node name Proxmox reads as "the node answering this request"
 * (pve-http-server never proxies it; the web UI reads CPU models that way).
 * Per-node reads may use it before the answering node's name is known; once
 * `answeringNode()` has told the name, reads of that node by name are served
 * from them, so the node's facts come in the same round trip as the node list.
 * This assumes all requests reach one node (a node's address, a floating IP),
 * not a load balancer that spreads connections over several.
 */
export const ANSWERING_NODE = 'localhost';

/**
 * The cluster's reference data that the wizard chooses from. Results are
 * cached for the session (a step change never reloads what it has), failures
 * are not (Retry asks again); `refresh` drops the cache when the user asks
 * for fresh data. Independent loads may run in parallel.
 */
export interface ReferenceDataService {
  /** Cluster nodes with their online state (`GET /nodes`). */
  nodes(): Promise<NodeInfo[]>;
  /**
   * The name of the node that answers (`GET /cluster/status`, the entry marked
   * `local`); undefined when the user may not read the cluster status (it
   * needs Sys.Audit on `/`) or no entry is marked.
   */
  answeringNode(): Promise<string | undefined>;
  /** The privileges the signed-in user (or token) has on `/` (`GET /access/permissions?path=/`). */
  rootPrivileges(): Promise<ReadonlySet<string>>;
  /** The next free VM ID (`GET /cluster/nextid`); never cached. */
  nextFreeVmid(): Promise<number>;
  /** Whether `vmid` is free right now (`GET /cluster/nextid?vmid=N`); never cached. */
  isVmidFree(vmid: number): Promise<boolean>;
  /** Guests in the cluster (`GET /cluster/resources?type=vm`): used VM IDs and tags. */
  guests(): Promise<GuestSummary[]>;
  /** Resource pools (`GET /pools`), nested pools as `a/b`. */
  pools(): Promise<PoolInfo[]>;
  /** Existing tags and the datacenter's tag policy (`/cluster/options` + guests). */
  tags(): Promise<TagCatalog>;
  /** Enabled storages of a node that hold `content`, with free space and formats. */
  storages(node: string, content: StorageContent): Promise<StorageInfo[]>;
  /** ISO images on a storage (`content=iso`). */
  isoImages(node: string, storage: string): Promise<IsoImage[]>;
  /** Bridges a NIC can attach to: Linux, OVS and SDN vnets (`type=any_bridge`). */
  bridges(node: string): Promise<BridgeInfo[]>;
  /** CPU models the node offers for `cpu` (`/nodes/{node}/capabilities/qemu/cpu`). */
  cpuModels(node: string): Promise<CpuModel[]>;
  /** The server's Proxmox VE version (`GET /version`). */
  serverVersion(): Promise<ServerVersion>;
  /** Forget cached data (all of it, or what belongs to one node). */
  refresh(node?: string): void;
}
export const ReferenceDataService = token<ReferenceDataService>('ReferenceDataService');
