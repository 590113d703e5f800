/**
 * Defaults resolution: (cluster facts, what the user set) -> the complete
 * VmConfig plus notices. Everything the user did not set follows the product
 * defaults, checked against the chosen node: a missing `cephfs`, `ceph-pool`
 * or `vmbr9` is replaced by the best available one, and a notice says so. The
 * wizard re-runs this after every change, so a node change re-resolves every
 * node-dependent field the user has not set, and minimum memory follows memory
 * until the user sets it.
 */
import { mayManageHa, type ClusterFacts, type NodeFacts, type NodeInfo, type StorageContent, type StorageInfo } from './cluster-facts';
import { pickBridge, pickedId, pickStorage, preferredFormat, type Pick, type SubstituteReason } from './cluster-picks';
import type { ConfigOverlay, DiskOverlay } from './answers.codec';
import { assignSlots } from './disk-slots';
import { fieldMessage, type Notice } from './field-message';
import { isNixosIso, newestNixosIso } from './nixos-iso';
import { guestOsType, guestTypeOf, osHardwareDefaults, type OsHardwareDefaults } from './os-types';
import {
  CONFIRM_DEFAULTS,
  CPU_DEFAULTS,
  DISK_DEFAULTS,
  FIRST_VMID,
  GENERAL_DEFAULTS,
  MEMORY_DEFAULTS,
  NETWORK_DEFAULTS,
  OS_DEFAULTS,
  PREFERRED,
  SYSTEM_DEFAULTS,
} from './product-defaults';
import { familyParameter, propertyStringHasKey } from './pve-schema';
import type { DiskBus, DiskConfig, GeneralConfig, OsConfig, SystemConfig, VmConfig } from './vm-config.codec';

/** A resolved config and what the user should be told about it. */
export interface Resolution {
  readonly config: VmConfig;
  readonly notices: readonly Notice[];
}

/** What resolution reads, gathered once. */
interface Context {
  readonly facts: ClusterFacts;
  readonly overlay: ConfigOverlay;
  readonly node: string;
  /** Undefined until the node's facts are loaded: node-dependent defaults then stay the product's wishes. */
  readonly nodeFacts: NodeFacts | undefined;
  readonly notices: Notice[];
}

/** The complete VmConfig for `overlay` on this cluster, with notices for every substitution. */
export function resolveDefaults(facts: ClusterFacts, overlay: ConfigOverlay = {}): Resolution {
  const notices: Notice[] = [];
  const general = resolveGeneral(facts, overlay, notices);
  const context: Context = { facts, overlay, node: general.node, nodeFacts: facts.nodeFacts[general.node], notices };
  const os = resolveOs(context);
  const hardware = osHardwareDefaults(os.ostype);
  const imageStorage = pickOnNode(context, PREFERRED.imageStorage, 'images');
  const system = resolveSystem(context, os, hardware, imageStorage);
  const disks = resolveDisks(context, hardware, system, imageStorage);
  const memoryMiB = overlay.memory?.memoryMiB ?? hardware.memoryMiB ?? MEMORY_DEFAULTS.memoryMiB;
  const config: VmConfig = {
    general,
    os,
    system,
    disks,
    cpu: { ...CPU_DEFAULTS, ...defined(overlay.cpu) },
    // Minimum memory follows memory until set: the UI's "fixed size, balloon device kept" default.
    memory: { ...MEMORY_DEFAULTS, memoryMiB, minMemoryMiB: memoryMiB, ...defined(overlay.memory) },
    network: resolveNetwork(context, hardware),
    confirm: { ...CONFIRM_DEFAULTS, ...defined(overlay.confirm) },
  };
  return { config, notices };
}

function resolveGeneral(facts: ClusterFacts, overlay: ConfigOverlay, notices: Notice[]): GeneralConfig {
  const given = overlay.general ?? {};
  return {
    ...GENERAL_DEFAULTS,
    ...defined(given),
    startup: { ...GENERAL_DEFAULTS.startup, ...defined(given.startup) },
    node: given.node ?? defaultNode(facts, notices),
    ha: given.ha ?? defaultHa(facts, notices),
    vmid: given.vmid ?? suggestedVmid(facts),
    vmidSource: given.vmid === undefined ? 'suggested' : 'user',
  };
}

/** HA on, unless the user may not add VMs to HA: then off, and the notice says why. */
function defaultHa(facts: ClusterFacts, notices: Notice[]): boolean {
  if (mayManageHa(facts)) return GENERAL_DEFAULTS.ha;
  notices.push(fieldMessage('general.ha', 'HA off: adding a VM to HA needs the Sys.Console privilege on /, which this user lacks'));
  return false;
}

/** The node the user connected to, else the first online node by name; the user may pick another. */
function defaultNode(facts: ClusterFacts, notices: Notice[]): string {
  if (!facts.nodes.some((node) => node.online)) {
    notices.push(fieldMessage('general.node', facts.nodes.length ? 'no node is online: VMs can only be created on an online node' : 'the cluster reported no nodes'));
  }
  return defaultNodeName(facts.nodes, facts.answeringNode);
}

/**
 * The node a new VM goes to unless the user picks one: the node that answers
 * the API when it is online (the web UI's "current node"), else the first
 * online node by name (else the first by name, else '').
 */
export function defaultNodeName(nodes: readonly NodeInfo[], answeringNode?: string): string {
  if (answeringNode && nodes.some((node) => node.name === answeringNode && node.online)) return answeringNode;
  const byName = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  return (byName.find((node) => node.online) ?? byName[0])?.name ?? '';
}

/** `/cluster/nextid`, moved past IDs known to be in use (the answer may be older than the guest list). */
export function suggestedVmid(facts: ClusterFacts): number {
  let vmid = Math.max(FIRST_VMID, facts.nextVmid);
  while (facts.usedVmids.has(vmid)) vmid++;
  return vmid;
}

function resolveOs(context: Context): OsConfig {
  const given = context.overlay.os ?? {};
  const guestType = given.guestType ?? (given.ostype ? (guestTypeOf(given.ostype) ?? 'other') : OS_DEFAULTS.guestType);
  const ostype = given.ostype ?? (given.guestType ? guestOsType(guestType).versions[0].ostype : OS_DEFAULTS.ostype);
  const media = given.media ?? OS_DEFAULTS.media;
  const isoStorage = given.isoStorage !== undefined ? given.isoStorage : (storageOfVolid(given.iso) ?? defaultIsoStorage(context, media));
  const iso = given.iso !== undefined ? given.iso : media === 'iso' ? defaultIso(context, isoStorage) : null;
  return { media, isoStorage, iso, guestType, ostype };
}

/**
 * The ISO storage the OS step starts with. Picked whatever the media (choosing
 * ISO later finds it set), but a substitute is only worth a notice when an ISO
 * will be used: with a drive or no media it would be noise (a `note:` in --yes).
 */
function defaultIsoStorage(context: Context, media: OsConfig['media']): string | null {
  const pick = pickOnNode(context, PREFERRED.isoStorage, 'iso');
  if (media === 'iso') noteSubstitute(context, 'os.isoStorage', PREFERRED.isoStorage, pick, CONTENT_WORDS.iso);
  return pickedId(pick, null);
}

/** The newest NixOS minimal ISO on the storage; a notice when the loaded list has none. */
function defaultIso(context: Context, isoStorage: string | null): string | null {
  const images = isoStorage === null ? undefined : context.nodeFacts?.isoImages[isoStorage];
  if (!images) return null; // not listed yet: resolved again once loaded
  const newest = newestNixosIso(images, PREFERRED.arch);
  if (!newest) context.notices.push(fieldMessage('os.iso', `no nixos-minimal ISO on ${isoStorage}: choose one`));
  return newest?.volid ?? null;
}

function resolveSystem(context: Context, os: OsConfig, hardware: OsHardwareDefaults, imageStorage: Pick): SystemConfig {
  const given = context.overlay.system ?? {};
  const bios = given.bios ?? SYSTEM_DEFAULTS.bios;
  const efiDisk = given.efiDisk ?? bios === 'ovmf';
  const usesEfiDisk = bios === 'ovmf' && efiDisk;
  const efiStorage = given.efiStorage !== undefined ? given.efiStorage : pickedId(imageStorage, PREFERRED.imageStorage);
  if (given.efiStorage === undefined && usesEfiDisk) noteSubstitute(context, 'system.efiStorage', PREFERRED.imageStorage, imageStorage, 'the EFI disk');
  const bootsNixos = os.media === 'iso' && os.iso !== null && isNixosIso(os.iso);
  if (given.preEnrolledKeys === undefined && bootsNixos && usesEfiDisk) {
    context.notices.push(fieldMessage('system.preEnrolledKeys', "pre-enrolled keys off: NixOS ISOs are not signed for Microsoft's Secure Boot keys"));
  }
  return {
    ...SYSTEM_DEFAULTS,
    ...defined(given),
    bios,
    efiDisk,
    efiStorage,
    // Pre-enrolled Microsoft keys turn Secure Boot on; NixOS' bootloader is not signed for them and would not boot.
    preEnrolledKeys: given.preEnrolledKeys ?? !bootsNixos,
    scsihw: given.scsihw ?? hardware.scsihw,
  };
}

/** One default disk until the user (or the answers file) lists disks; then exactly those, in that order. */
function resolveDisks(context: Context, hardware: OsHardwareDefaults, system: SystemConfig, imageStorage: Pick): DiskConfig[] {
  const given: readonly DiskOverlay[] = context.overlay.disks ?? [{}];
  const buses = given.map((disk) => ({ bus: disk.bus ?? hardware.diskBus, index: disk.index }));
  const slots = assignSlots(buses);
  const defaultStorage = pickedId(imageStorage, PREFERRED.imageStorage);
  if (given.some((disk) => disk.storage === undefined)) noteSubstitute(context, 'disks', PREFERRED.imageStorage, imageStorage, 'disks');
  return given.map((disk, position) => {
    const { bus, index } = slots[position];
    const storage = disk.storage ?? defaultStorage;
    return {
      ...DISK_DEFAULTS,
      iothread: iothreadDefault(bus, system.scsihw),
      ssd: propertyStringHasKey(familyParameter(bus), 'ssd'),
      format: preferredFormat(storageOnNode(context, storage)),
      ...defined(disk),
      bus,
      index,
      storage,
    };
  });
}

/**
 * IO thread as the web UI defaults it: on for VirtIO block, and for SCSI only
 * with the one-controller-per-disk VirtIO SCSI single (qemu-server ignores it
 * otherwise); IDE and SATA have no such option in the schema.
 */
export function iothreadDefault(bus: DiskBus, scsihw: string): boolean {
  if (!propertyStringHasKey(familyParameter(bus), 'iothread')) return false;
  return bus !== 'scsi' || scsihw === 'virtio-scsi-single';
}

function resolveNetwork(context: Context, hardware: OsHardwareDefaults): VmConfig['network'] {
  const given = context.overlay.network ?? {};
  const bridge = given.bridge !== undefined ? given.bridge : defaultBridge(context, given.enabled ?? NETWORK_DEFAULTS.enabled);
  return { ...NETWORK_DEFAULTS, model: hardware.nicModel, ...defined(given), bridge };
}

function defaultBridge(context: Context, enabled: boolean): string | null {
  if (!context.nodeFacts) return PREFERRED.bridge;
  const pick = pickBridge(context.nodeFacts.bridges, PREFERRED.bridge);
  if (enabled && pick.kind === 'substitute') {
    context.notices.push(fieldMessage('network.bridge', `${reasonText(PREFERRED.bridge, context.node, pick.reason, 'a bridge')}: using ${pick.id}`));
  }
  if (enabled && pick.kind === 'none') {
    context.notices.push(fieldMessage('network.bridge', `no bridge on ${context.node}: add one, or turn off the network device`));
  }
  return pickedId(pick, null);
}

/** Words for what a storage content type holds. */
const CONTENT_WORDS: Record<StorageContent, string> = {
  iso: 'ISO images',
  images: 'VM disks',
  rootdir: 'container volumes',
  vztmpl: 'container templates',
  backup: 'backups',
  snippets: 'snippets',
  import: 'imports',
};

/** Picks a storage on the node (the preferred one while the node's facts are not loaded); callers note substitutes where they use them. */
function pickOnNode(context: Context, preferred: string, content: StorageContent): Pick {
  if (!context.nodeFacts) return { kind: 'preferred', id: preferred };
  return pickStorage(context.nodeFacts.storages, preferred, content);
}

function noteSubstitute(context: Context, path: string, preferred: string, pick: Pick, purpose: string): void {
  if (pick.kind === 'substitute') {
    context.notices.push(fieldMessage(path, `${reasonText(preferred, context.node, pick.reason, purpose)}: using ${pick.id} for ${purpose}`));
  } else if (pick.kind === 'none') {
    context.notices.push(fieldMessage(path, `no storage on ${context.node} can hold ${purpose}: ${preferred} is not usable (${reasonWords(pick.reason)})`));
  }
}

function reasonText(preferred: string, node: string, reason: SubstituteReason, purpose: string): string {
  switch (reason) {
    case 'missing':
      return `${preferred} not found on ${node}`;
    case 'disabled':
      return `${preferred} is disabled on ${node}`;
    case 'lacks-content':
      return `${preferred} on ${node} cannot hold ${purpose}`;
    case 'inactive':
      return `${preferred} is not active on ${node}`;
  }
}

function reasonWords(reason: SubstituteReason): string {
  return { missing: 'not found', disabled: 'disabled', 'lacks-content': 'wrong content type', inactive: 'not active' }[reason];
}

/**
 * The keys of an overlay that carry a value: a key present with `undefined`
 * (an object spread by a caller) must not override a default.
 */
function defined<T extends object>(overlay: T | undefined): Partial<T> {
  if (!overlay) return {};
  return Object.fromEntries(Object.entries(overlay).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function storageOnNode(context: Context, id: string): StorageInfo | undefined {
  return context.nodeFacts?.storages.find((storage) => storage.id === id);
}

/** Reference data the config depends on that is not loaded yet: load it, then resolve again. */
export type FactsToLoad =
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'iso-images'; readonly node: string; readonly storage: string };

/**
 * What to fetch as soon as the node list and the answering node are known, before the other cluster
 * facts are in (so before the config can be resolved): the node the VM will
 * most likely go to, and the ISO storage whose list the OS step will most
 * likely show. A guess made to save a round trip: `factsToLoad` stays the
 * authority once the config is resolved (a preferred storage that turns out
 * to be missing is replaced, and the substitute's list is loaded then).
 */
export function earlyFactsToLoad(nodes: readonly NodeInfo[], answeringNode: string | undefined, overlay: ConfigOverlay = {}): { readonly node: string; readonly isoStorage?: string } | undefined {
  const node = overlay.general?.node ?? defaultNodeName(nodes, answeringNode);
  if (!node) return undefined;
  const isoStorage = likelyIsoStorage(overlay);
  return isoStorage ? { node, isoStorage } : { node };
}

/**
 * What to read from the node that answers the API before anything else is
 * known (`/nodes/localhost/...`, in the same round trip as the node list):
 * worth it when that node will be the default one, that is unless the
 * answers file names a node. Undefined when it is not worth it.
 */
export function answeringNodeFactsToLoad(overlay: ConfigOverlay = {}): { readonly isoStorage?: string } | undefined {
  if (overlay.general?.node !== undefined) return undefined;
  const isoStorage = likelyIsoStorage(overlay);
  return isoStorage ? { isoStorage } : {};
}

/** The ISO storage the OS step will most likely list: the answers file's, else the preferred one; none without ISO media. */
function likelyIsoStorage(overlay: ConfigOverlay): string | undefined {
  const media = overlay.os?.media ?? OS_DEFAULTS.media;
  if (media !== 'iso' || overlay.os?.isoStorage === null) return undefined;
  return overlay.os?.isoStorage ?? storageOfVolid(overlay.os?.iso) ?? PREFERRED.isoStorage;
}

/** The storage of a volume ID (`local:iso/debian.iso` -> `local`): an answers file may give the ISO alone. */
function storageOfVolid(volid: string | null | undefined): string | undefined {
  const colon = volid?.indexOf(':') ?? -1;
  return colon > 0 ? volid!.slice(0, colon) : undefined;
}

/** What to load before the config's defaults and checks are final (the UI shows "loading", the runner waits). */
export function factsToLoad(config: VmConfig, facts: ClusterFacts): FactsToLoad[] {
  const node = config.general.node;
  const nodeFacts = facts.nodeFacts[node];
  if (!node) return [];
  if (!nodeFacts) return [{ kind: 'node', node }];
  const storage = config.os.isoStorage;
  if (config.os.media === 'iso' && storage && !nodeFacts.isoImages[storage]) return [{ kind: 'iso-images', node, storage }];
  return [];
}
