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
 * The cluster's reference data that the wizard chooses from. Results are
 * cached for the session (a step change never reloads what it has), failures
 * are not (Retry asks again); `refresh` drops the cache when the user asks
 * for fresh data. Independent loads may run in parallel.
 */
export interface ReferenceDataService {
  /** Cluster nodes with their online state (`GET /nodes`). */
  nodes(): Promise<NodeInfo[]>;
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
