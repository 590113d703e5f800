/**
 * Proxmox wire shapes (decoded by src/proxmox/codecs) to the domain values of
 * src/workflow/cluster-facts.ts. Pure functions, one per shape, so each rule
 * ("content is a comma list", "vnet is a bridge kind") lives in one place and
 * is tested on the real response fixtures.
 */
import type { DomainsResponse, PermissionsResponse } from '../../proxmox/codecs/access.codec';
import { tagsOf, type ClusterOptionsResponse, type ClusterStatusResponse, type PoolsResponse, type VmResourcesResponse } from '../../proxmox/codecs/cluster.codec';
import type { NetworkResponse } from '../../proxmox/codecs/network.codec';
import type { CpuModelsResponse, NodesResponse, VersionResponse } from '../../proxmox/codecs/nodes.codec';
import type { StorageContentResponse, StorageListResponse } from '../../proxmox/codecs/storage.codec';
import {
  type BridgeInfo,
  type CpuModel,
  type DiskFormat,
  type GuestSummary,
  type IsoImage,
  type NodeInfo,
  type PoolInfo,
  type ServerVersion,
  type StorageContent,
  type StorageInfo,
  type TagCatalog,
} from '../../workflow/cluster-facts';
import type { Realm } from '../session-service';

type Item<T> = T extends readonly (infer I)[] ? I : never;

const byName = <T>(key: (item: T) => string) => (a: T, b: T): number => key(a).localeCompare(key(b), undefined, { numeric: true });

/** Realms in server order; the default is the one the server marks, else `pam` (the web UI's default). */
export function toRealms(domains: DomainsResponse): Realm[] {
  const anyMarked = domains.some((domain) => domain.default === true);
  return domains.map((domain) => ({
    id: domain.realm,
    type: domain.type,
    comment: domain.comment?.trim() || undefined,
    isDefault: anyMarked ? domain.default === true : domain.realm === 'pam',
    enforcedTfa: domain.tfa === 'oath' || domain.tfa === 'yubico' ? domain.tfa : undefined,
  }));
}

export function toNodes(nodes: NodesResponse): NodeInfo[] {
  return nodes
    .map((node) => ({ name: node.node, online: node.status === 'online', maxCpu: node.maxcpu, maxMemoryBytes: node.maxmem }))
    .sort(byName((node) => node.name));
}

/** The privileges `/access/permissions?path=...` reports on `aclPath` (a privilege -> propagate flag map). */
export function toPrivileges(permissions: PermissionsResponse, aclPath: string): ReadonlySet<string> {
  return new Set(Object.keys(permissions[aclPath] ?? {}));
}

/** The node `/cluster/status` marks as the one that answered, if any. */
export function toAnsweringNode(status: ClusterStatusResponse): string | undefined {
  return status.find((entry) => entry.type === 'node' && entry.local === true)?.name;
}

/**
 * `9.1.2` (PVE 8+) or `7.4-3` (PVE 7) -> major/minor. Returns undefined when
 * neither version nor release starts with `major.minor`: guessing would
 * enable or hide version-dependent features (ha-managed) wrongly.
 */
export function toServerVersion(answer: VersionResponse): ServerVersion | undefined {
  const match = /^(\d+)\.(\d+)/.exec(answer.version) ?? /^(\d+)\.(\d+)/.exec(answer.release ?? '');
  if (!match) return undefined;
  return { version: answer.version, major: Number(match[1]), minor: Number(match[2]) };
}

const GUEST_TYPES = new Set(['qemu', 'lxc']);

export function toGuests(resources: VmResourcesResponse): GuestSummary[] {
  return resources
    .filter((resource) => GUEST_TYPES.has(resource.type))
    .map((resource) => ({
      vmid: resource.vmid,
      node: resource.node,
      type: resource.type as GuestSummary['type'],
      name: resource.name || undefined,
      tags: tagsOf(resource.tags),
    }))
    .sort((a, b) => a.vmid - b.vmid);
}

export function toPools(pools: PoolsResponse): PoolInfo[] {
  return pools.map((pool) => ({ id: pool.poolid, comment: pool.comment?.trim() || undefined })).sort(byName((pool) => pool.id));
}

const USER_TAG_ACCESS = new Set<TagCatalog['userTagAccess']>(['free', 'existing', 'list', 'none']);

/**
 * Tags in use (guests) plus the datacenter's registered tags, the policy for
 * normal users, and whether this user may modify any tag (Sys.Modify in
 * `permissions` of `/`). `allowed-tags` is the server's own answer to "which
 * tags may this user set" (pve-manager get_options); a server without it gets
 * the same computation (get_allowed_tags) from the raw settings. Users without
 * Sys.Audit on / see neither the policy nor the registered tags: they read as
 * `free` with none registered, so the wizard does not refuse what the server
 * may allow (the create task keeps the last word).
 */
export function toTagCatalog(options: ClusterOptionsResponse, guests: readonly GuestSummary[], rootPermissions: PermissionsResponse): TagCatalog {
  const allow = options['user-tag-access']?.['user-allow'];
  const userTagAccess = allow && USER_TAG_ACCESS.has(allow as TagCatalog['userTagAccess']) ? (allow as TagCatalog['userTagAccess']) : 'free';
  const registered = [...new Set(options['registered-tags'] ?? [])].sort();
  const sysModifyOnRoot = Object.hasOwn(rootPermissions['/'] ?? {}, 'Sys.Modify');
  return {
    existing: [...new Set([...guests.flatMap((guest) => guest.tags), ...registered])].sort(),
    userTagAccess,
    allowedTags: [...new Set(options['allowed-tags'] ?? allowedTagsFromSettings(options, guests, userTagAccess, registered, sysModifyOnRoot))].sort(),
    registered,
    sysModifyOnRoot,
  };
}

/** pve-guest-common get_allowed_tags, for servers that do not send `allowed-tags`. */
function allowedTagsFromSettings(
  options: ClusterOptionsResponse,
  guests: readonly GuestSummary[],
  userTagAccess: TagCatalog['userTagAccess'],
  registered: readonly string[],
  sysModifyOnRoot: boolean,
): string[] {
  const listed = userTagAccess !== 'none' || sysModifyOnRoot ? (options['user-tag-access']?.['user-allow-list'] ?? []) : [];
  const inUse = userTagAccess === 'free' || userTagAccess === 'existing' || sysModifyOnRoot ? guests.flatMap((guest) => guest.tags) : [];
  const allowed = [...listed, ...inUse];
  return sysModifyOnRoot ? [...allowed, ...registered] : allowed.filter((tag) => !registered.includes(tag));
}

const STORAGE_CONTENTS = new Set<StorageContent>(['iso', 'images', 'rootdir', 'vztmpl', 'backup', 'snippets', 'import']);
const DISK_FORMATS = new Set<DiskFormat>(['raw', 'qcow2', 'vmdk']);

export function toStorages(storages: StorageListResponse): StorageInfo[] {
  return storages.map(toStorage).sort(byName((storage) => storage.id));
}

function toStorage(storage: Item<StorageListResponse>): StorageInfo {
  return {
    id: storage.storage,
    type: storage.type,
    content: storage.content.split(',').map((item) => item.trim()).filter((item): item is StorageContent => STORAGE_CONTENTS.has(item as StorageContent)),
    active: storage.active ?? false,
    // The listing asks for enabled=1, so a storage without the flag is enabled.
    enabled: storage.enabled ?? true,
    shared: storage.shared ?? false,
    availableBytes: storage.avail,
    totalBytes: storage.total,
    formats: toFormats(storage.formats),
  };
}

/** VM disk formats only (`subvol` is for containers); the default falls back to the first supported one. */
function toFormats(formats: Item<StorageListResponse>['formats']): StorageInfo['formats'] {
  const supported = (formats?.supported ?? []).filter((format): format is DiskFormat => DISK_FORMATS.has(format as DiskFormat));
  if (supported.length === 0) return undefined;
  const preferred = formats?.default as DiskFormat | undefined;
  return { supported, default: preferred && supported.includes(preferred) ? preferred : supported[0] };
}

/** ISO images only (a content listing without the filter also has templates and backups), sorted by file name. */
export function toIsoImages(content: StorageContentResponse): IsoImage[] {
  return content
    .filter((volume) => (volume.content ?? 'iso') === 'iso')
    .map((volume) => ({ volid: volume.volid, fileName: fileNameOf(volume.volid), sizeBytes: volume.size, ctime: volume.ctime }))
    .sort(byName((image) => image.fileName));
}

/** `cephfs:iso/nixos.iso` -> `nixos.iso`. */
function fileNameOf(volid: string): string {
  const volume = volid.slice(volid.indexOf(':') + 1);
  return volume.slice(volume.lastIndexOf('/') + 1);
}

const BRIDGE_KINDS: Record<string, BridgeInfo['kind']> = { bridge: 'bridge', OVSBridge: 'ovs', vnet: 'vnet' };

/** Interfaces a NIC can attach to; `any_bridge` already filters, this also drops ports, bonds and VLANs of an unfiltered list. */
export function toBridges(interfaces: NetworkResponse): BridgeInfo[] {
  return interfaces
    .filter((iface) => Object.hasOwn(BRIDGE_KINDS, iface.type))
    .map((iface) => ({
      name: iface.iface,
      kind: BRIDGE_KINDS[iface.type],
      // vnets carry no `active` flag; they exist once SDN is applied.
      active: iface.active ?? iface.type === 'vnet',
      vlanAware: iface.bridge_vlan_aware,
      comment: iface.comments?.trim() || undefined,
      cidr: iface.cidr,
      // Only an MTU the configuration sets: without one Linux follows the ports, which the API does not show.
      mtu: iface.mtu,
    }))
    .sort(byName((bridge) => bridge.name));
}

export function toCpuModels(models: CpuModelsResponse): CpuModel[] {
  return models.map((model) => ({ name: model.name, vendor: model.vendor ?? '', custom: model.custom ?? false }));
}
