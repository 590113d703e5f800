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
} from '../../src/workflow/cluster-facts';
import { ANSWERING_NODE, type ReferenceDataService } from '../../src/services/reference-data-service';
import { FakeControls } from './fake-controls';

export interface FakeClusterData {
  readonly nodes: readonly NodeInfo[];
  /** The node the fake API answers from: `answeringNode()`, and what ANSWERING_NODE means in per-node reads. */
  readonly answeringNode?: string;
  readonly guests: readonly GuestSummary[];
  readonly pools: readonly PoolInfo[];
  readonly tags: TagCatalog;
  /** The user's privileges on `/`. */
  readonly rootPrivileges?: readonly string[];
  /** Per node, every storage; `storages(node, content)` filters by content. */
  readonly storages: Readonly<Record<string, readonly StorageInfo[]>>;
  /** Keyed `node/storage`. */
  readonly isoImages: Readonly<Record<string, readonly IsoImage[]>>;
  readonly bridges: Readonly<Record<string, readonly BridgeInfo[]>>;
  readonly cpuModels: readonly CpuModel[];
  readonly serverVersion: ServerVersion;
}

const GiB = 1024 ** 3;
const storagesOfANode: StorageInfo[] = [
  { id: 'ceph-pool', type: 'rbd', content: ['images', 'rootdir'], active: true, enabled: true, shared: true, availableBytes: 2048 * GiB, totalBytes: 4096 * GiB, formats: { supported: ['raw'], default: 'raw' } },
  { id: 'cephfs', type: 'cephfs', content: ['iso', 'vztmpl', 'backup'], active: true, enabled: true, shared: true, availableBytes: 512 * GiB, totalBytes: 1024 * GiB },
  { id: 'local', type: 'dir', content: ['iso', 'vztmpl', 'backup', 'images'], active: true, enabled: true, shared: false, availableBytes: 60 * GiB, totalBytes: 100 * GiB, formats: { supported: ['raw', 'qcow2', 'vmdk'], default: 'qcow2' } },
  { id: 'local-lvm', type: 'lvmthin', content: ['images', 'rootdir'], active: true, enabled: true, shared: false, availableBytes: 300 * GiB, totalBytes: 400 * GiB, formats: { supported: ['raw'], default: 'raw' } },
];
const isos = (storage: string): IsoImage[] =>
  ['debian-13.1.0-amd64-netinst.iso', 'nixos-minimal-24.11.719113.50ab793786d9-x86_64-linux.iso', 'nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso'].map(
    (fileName, index) => ({ volid: `${storage}:iso/${fileName}`, fileName, sizeBytes: (600 + index * 100) * 1024 ** 2, ctime: 1_750_000_000 + index * 86_400 }),
  );
const bridgesOfANode: BridgeInfo[] = [
  { name: 'vmbr0', kind: 'bridge', active: true, vlanAware: false, cidr: '192.0.2.10/24', mtu: 1500 },
  { name: 'vmbr9', kind: 'bridge', active: true, vlanAware: true, comment: 'VM traffic', mtu: 1500 },
];

/** A small cluster shaped like the simulator's: three nodes (pve3 offline), Ceph storages, two bridges, nested pools. */
export const defaultClusterData: FakeClusterData = {
  nodes: [
    { name: 'pve1', online: true, maxCpu: 16, maxMemoryBytes: 64 * GiB },
    { name: 'pve2', online: true, maxCpu: 16, maxMemoryBytes: 64 * GiB },
    { name: 'pve3', online: false },
  ],
  answeringNode: 'pve1',
  guests: [
    { vmid: 100, node: 'pve1', type: 'qemu', name: 'dns-1', tags: ['infra'] },
    { vmid: 101, node: 'pve2', type: 'lxc', name: 'proxy', tags: ['infra', 'web'] },
  ],
  pools: [{ id: 'lab' }, { id: 'lab/ci' }, { id: 'prod', comment: 'Production' }],
  tags: { existing: ['infra', 'web'], userTagAccess: 'free', allowedTags: [], registered: [], sysModifyOnRoot: true },
  rootPrivileges: ['Sys.Audit', 'Sys.Console', 'Sys.Modify'],
  storages: { pve1: storagesOfANode, pve2: storagesOfANode },
  isoImages: { 'pve1/cephfs': isos('cephfs'), 'pve2/cephfs': isos('cephfs'), 'pve1/local': [], 'pve2/local': [] },
  bridges: { pve1: bridgesOfANode, pve2: bridgesOfANode },
  cpuModels: [
    { name: 'host', vendor: 'default', custom: false },
    { name: 'x86-64-v2-AES', vendor: 'default', custom: false },
    { name: 'kvm64', vendor: 'default', custom: false },
  ],
  serverVersion: { version: '9.1.2', major: 9, minor: 1 },
};

type Method = 'nodes' | 'answeringNode' | 'rootPrivileges' | 'nextFreeVmid' | 'isVmidFree' | 'guests' | 'pools' | 'tags' | 'storages' | 'isoImages' | 'bridges' | 'cpuModels' | 'serverVersion';

/**
 * In-memory ReferenceDataService over `data`. Every method goes through
 * `controls` (fail, hold, record). `takeVmid` marks an ID used, as another
 * admin creating a VM would.
 */
export class FakeReferenceDataService implements ReferenceDataService {
  readonly controls = new FakeControls<Method>();
  readonly refreshes: (string | undefined)[] = [];
  private readonly taken = new Set<number>();
  /** Reads of the answering node by ANSWERING_NODE, keyed by method, node name and arguments. */
  private readonly answeringNodeReads = new Map<string, Promise<unknown>>();

  constructor(private readonly data: FakeClusterData = defaultClusterData) {
    for (const guest of data.guests) this.taken.add(guest.vmid);
  }

  takeVmid(vmid: number): void {
    this.taken.add(vmid);
  }

  nodes(): Promise<NodeInfo[]> {
    return this.controls.run('nodes', [], () => [...this.data.nodes]);
  }

  answeringNode(): Promise<string | undefined> {
    return this.controls.run('answeringNode', [], () => this.data.answeringNode);
  }

  rootPrivileges(): Promise<ReadonlySet<string>> {
    return this.controls.run('rootPrivileges', [], () => new Set(this.data.rootPrivileges ?? []));
  }

  nextFreeVmid(): Promise<number> {
    return this.controls.run('nextFreeVmid', [], () => {
      let vmid = 100;
      while (this.taken.has(vmid)) vmid++;
      return vmid;
    });
  }

  isVmidFree(vmid: number): Promise<boolean> {
    return this.controls.run('isVmidFree', [vmid], () => !this.taken.has(vmid));
  }

  guests(): Promise<GuestSummary[]> {
    return this.controls.run('guests', [], () => [...this.data.guests]);
  }

  pools(): Promise<PoolInfo[]> {
    return this.controls.run('pools', [], () => [...this.data.pools]);
  }

  tags(): Promise<TagCatalog> {
    return this.controls.run('tags', [], () => this.data.tags);
  }

  storages(node: string, content: StorageContent): Promise<StorageInfo[]> {
    return this.perNode('storages', node, [content], (named) => (this.data.storages[named] ?? []).filter((storage) => storage.content.includes(content)));
  }

  isoImages(node: string, storage: string): Promise<IsoImage[]> {
    return this.perNode('isoImages', node, [storage], (named) => [...(this.data.isoImages[`${named}/${storage}`] ?? [])]);
  }

  bridges(node: string): Promise<BridgeInfo[]> {
    return this.perNode('bridges', node, [], (named) => [...(this.data.bridges[named] ?? [])]);
  }

  cpuModels(node: string): Promise<CpuModel[]> {
    return this.perNode('cpuModels', node, [], () => [...this.data.cpuModels]);
  }

  serverVersion(): Promise<ServerVersion> {
    return this.controls.run('serverVersion', [], () => this.data.serverVersion);
  }

  refresh(node?: string): void {
    this.refreshes.push(node);
  }

  /**
   * A per-node read. As ReferenceDataService promises, a read by
   * ANSWERING_NODE serves the same read of the answering node by name (no
   * second call) until it fails.
   */
  private perNode<T>(method: Method, node: string, rest: readonly unknown[], produce: (named: string) => T): Promise<T> {
    const named = node === ANSWERING_NODE ? (this.data.answeringNode ?? node) : node;
    const key = JSON.stringify([method, named, ...rest]);
    const shared = node === ANSWERING_NODE ? undefined : this.answeringNodeReads.get(key);
    if (shared) return shared as Promise<T>;
    const promise = this.controls.run(method, [node, ...rest], () => produce(named));
    if (node === ANSWERING_NODE && named !== node) {
      this.answeringNodeReads.set(key, promise);
      promise.catch(() => this.answeringNodeReads.delete(key));
    }
    return promise;
  }
}
