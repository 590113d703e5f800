/**
 * Choosing among what a node offers when the product's preferred name is not
 * there: the best storage for a content type, the best bridge, the disk
 * format a storage should get. Pure functions over NodeFacts values.
 */
import type { BridgeInfo, DiskFormat, StorageContent, StorageInfo } from './cluster-facts';
import { PREFERRED, PREFERRED_DISK_FORMAT } from './product-defaults';

/** Why the preferred name was not used. */
export type SubstituteReason = 'missing' | 'disabled' | 'lacks-content' | 'inactive';

/** The outcome of a pick: the preferred name, a substitute and why, or nothing usable. */
export type Pick =
  | { readonly kind: 'preferred'; readonly id: string }
  | { readonly kind: 'substitute'; readonly id: string; readonly reason: SubstituteReason }
  | { readonly kind: 'none'; readonly reason: SubstituteReason };

/** Storage plugins backed by Ceph: shared, thin and fast, what the product is built around. */
const CEPH_TYPES = new Set(['rbd', 'cephfs']);

/** Best first: active, shared (migration and HA need it), Ceph, most free space, then by name for a stable order. */
function compareStorages(a: StorageInfo, b: StorageInfo): number {
  return (
    Number(b.active) - Number(a.active) ||
    Number(b.shared) - Number(a.shared) ||
    Number(CEPH_TYPES.has(b.type)) - Number(CEPH_TYPES.has(a.type)) ||
    (b.availableBytes ?? 0) - (a.availableBytes ?? 0) ||
    a.id.localeCompare(b.id)
  );
}

/** Whether a storage can take new volumes of `content` now or once activated. */
export function storageHolds(storage: StorageInfo, content: StorageContent): boolean {
  return storage.enabled && storage.content.includes(content);
}

function storageReason(wanted: StorageInfo | undefined, content: StorageContent): SubstituteReason {
  if (!wanted) return 'missing';
  if (!wanted.enabled) return 'disabled';
  if (!wanted.content.includes(content)) return 'lacks-content';
  return 'inactive';
}

/**
 * `preferred` when it exists, is enabled, active and holds `content`; else the
 * best storage that holds `content`; else none.
 */
export function pickStorage(storages: readonly StorageInfo[], preferred: string, content: StorageContent): Pick {
  const wanted = storages.find((storage) => storage.id === preferred);
  if (wanted && wanted.active && storageHolds(wanted, content)) return { kind: 'preferred', id: preferred };
  const reason = storageReason(wanted, content);
  const best = storages.filter((storage) => storageHolds(storage, content)).sort(compareStorages)[0];
  if (!best) return { kind: 'none', reason };
  // The preferred storage is only inactive and nothing active is better: keep it rather than surprise the user.
  if (best.id === preferred) return { kind: 'preferred', id: preferred };
  return { kind: 'substitute', id: best.id, reason };
}

/** `preferred` when it exists and is up; else vmbr0; else the first active bridge by name; else none. */
export function pickBridge(bridges: readonly BridgeInfo[], preferred: string): Pick {
  const wanted = bridges.find((bridge) => bridge.name === preferred);
  if (wanted?.active) return { kind: 'preferred', id: preferred };
  const reason: SubstituteReason = wanted ? 'inactive' : 'missing';
  const byName = [...bridges].sort((a, b) => a.name.localeCompare(b.name));
  const fallback = byName.find((bridge) => bridge.name === PREFERRED.fallbackBridge && bridge.active) ?? byName.find((bridge) => bridge.active);
  if (fallback) return { kind: 'substitute', id: fallback.name, reason };
  return wanted ? { kind: 'preferred', id: preferred } : { kind: 'none', reason };
}

/**
 * The format a new disk on `storage` gets: raw when the storage takes it
 * (unknown formats: assume it does, raw is what every image storage can hold),
 * else the storage's own default (e.g. qcow2-only setups).
 */
export function preferredFormat(storage: StorageInfo | undefined): DiskFormat {
  const formats = storage?.formats;
  if (!formats || formats.supported.includes(PREFERRED_DISK_FORMAT)) return PREFERRED_DISK_FORMAT;
  return formats.default;
}

/** The id a pick settled on, or `fallback` when nothing was usable. */
export function pickedId(pick: Pick, fallback: string): string;
export function pickedId(pick: Pick, fallback: null): string | null;
export function pickedId(pick: Pick, fallback: string | null): string | null {
  return pick.kind === 'none' ? fallback : pick.id;
}
