/**
 * What the wizard's screens can do to the VM being built, as plain data the
 * store reduces. One typed creator per field, so a screen writes
 * `wizard.update(setVlan(100))` and cannot put a string into memory.
 */
import type { ConfigOverlay } from './answers.codec';
import type { ClusterFacts } from './cluster-facts';
import type { DiskBus, DiskConfig, StepName } from './vm-config.codec';

/** Steps whose fields are scalars (Disks is a list with its own actions). */
export type ScalarStep = Exclude<StepName, 'disks'>;
/** The overlay object of a scalar step. */
export type StepInput<S extends ScalarStep> = NonNullable<ConfigOverlay[S]>;
/** A field the user can set on a scalar step (what the answers file can set: no `vmidSource`). */
export type StepField<S extends ScalarStep> = keyof StepInput<S> & string;

/** Everything a screen can ask the store to do. */
export type WizardAction =
  /** The user set a field: it stops following defaults. */
  | { readonly type: 'set-field'; readonly step: ScalarStep; readonly key: string; readonly value: unknown }
  /** The field follows its default again (e.g. minimum memory follows memory). */
  | { readonly type: 'reset-field'; readonly step: ScalarStep; readonly key: string }
  /** A disk on the lowest free slot of `bus` (default: the last disk's bus, else the OS default). */
  | { readonly type: 'add-disk'; readonly bus?: DiskBus }
  | { readonly type: 'remove-disk'; readonly position: number }
  /** Reorder (the first disk boots); slots stay as they are. */
  | { readonly type: 'move-disk'; readonly from: number; readonly to: number }
  | { readonly type: 'update-disk'; readonly position: number; readonly patch: Partial<DiskConfig> }
  /** Reference data arrived or was refreshed: untouched defaults re-resolve. */
  | { readonly type: 'set-facts'; readonly facts: ClusterFacts }
  /** Start over from an answers file's overlay. */
  | { readonly type: 'load-answers'; readonly overlay: ConfigOverlay };

/** Set one field of a scalar step. */
export function setField<S extends ScalarStep, K extends StepField<S>>(step: S, key: K, value: StepInput<S>[K]): WizardAction {
  return { type: 'set-field', step, key, value };
}

/** Let one field follow its default again. */
export function resetField<S extends ScalarStep>(step: S, key: StepField<S>): WizardAction {
  return { type: 'reset-field', step, key };
}

/** An empty text field means "none". */
const noneIfEmpty = (text: string | null): string | null => (text === '' ? null : text);

// General
/** Change the node: node-dependent fields the user did not set re-resolve there. */
export const setNode = (node: string) => setField('general', 'node', node);
/** A typed VM ID: a conflict at create time then fails instead of taking the next free one. */
export const setVmid = (vmid: number) => setField('general', 'vmid', vmid);
/** Set the VM name (DNS name; empty = none). */
export const setName = (name: string | null) => setField('general', 'name', noneIfEmpty(name));
/** Set the resource pool (empty = none). */
export const setPool = (pool: string | null) => setField('general', 'pool', noneIfEmpty(pool));
/** Set the tags, in the order shown. */
export const setTags = (tags: readonly string[]) => setField('general', 'tags', [...tags]);
/** Turn HA registration on or off. */
export const setHa = (ha: boolean) => setField('general', 'ha', ha);
/** Turn start at boot on or off. */
export const setOnboot = (onboot: boolean) => setField('general', 'onboot', onboot);
/** Set start/shutdown order, startup delay and shutdown timeout (null = default). */
export const setStartup = (startup: { order: number | null; up: number | null; down: number | null }) => setField('general', 'startup', { ...startup });

// OS
export const setMedia = (media: 'iso' | 'drive' | 'none') => setField('os', 'media', media);
/** Change the ISO storage: the ISO is re-picked there (a chosen ISO on another storage is dropped). */
export const setIsoStorage = (storage: string | null) => setField('os', 'isoStorage', noneIfEmpty(storage));
/** Choose the ISO image by volume ID (empty = none). */
export const setIso = (volid: string | null) => setField('os', 'iso', noneIfEmpty(volid));
/** Change the guest type: the version becomes the type's first unless the current one belongs to it. */
export const setGuestType = (guestType: 'linux' | 'windows' | 'solaris' | 'other') => setField('os', 'guestType', guestType);
/** Choose the guest OS version (`l26`, `win11`, ...). */
export const setOstype = (ostype: string) => setField('os', 'ostype', ostype);

// System
export const setMachine = (machine: 'q35' | 'pc') => setField('system', 'machine', machine);
/** Choose the firmware; OVMF brings an EFI disk unless the user turned it off. */
export const setBios = (bios: 'ovmf' | 'seabios') => setField('system', 'bios', bios);
/** Add or leave out the EFI disk (OVMF only). */
export const setEfiDisk = (efiDisk: boolean) => setField('system', 'efiDisk', efiDisk);
/** Choose the EFI disk's storage. */
export const setEfiStorage = (storage: string | null) => setField('system', 'efiStorage', noneIfEmpty(storage));
/** Pre-enroll Microsoft's Secure Boot keys in the EFI disk. */
export const setPreEnrolledKeys = (on: boolean) => setField('system', 'preEnrolledKeys', on);
/** Choose the SCSI controller (`scsihw`). */
export const setScsiController = (scsihw: string) => setField('system', 'scsihw', scsihw);
/** Turn the QEMU guest agent on or off. */
export const setAgent = (agent: boolean) => setField('system', 'agent', agent);

// Disks
/** Add a disk on the lowest free slot of `bus`. */
export const addDisk = (bus?: DiskBus): WizardAction => ({ type: 'add-disk', bus });
/** Remove the disk at a list position; the others keep their slots. */
export const removeDisk = (position: number): WizardAction => ({ type: 'remove-disk', position });
/** Move a disk in the list (the first one boots); slots stay. */
export const moveDisk = (from: number, to: number): WizardAction => ({ type: 'move-disk', from, to });
/** Change a disk; a new bus without an index takes that bus' lowest free slot. */
export const updateDisk = (position: number, patch: Partial<DiskConfig>): WizardAction => ({ type: 'update-disk', position, patch });

// CPU
export const setSockets = (sockets: number) => setField('cpu', 'sockets', sockets);
/** Set cores per socket. */
export const setCores = (cores: number) => setField('cpu', 'cores', cores);
/** Set the CPU model (`host`, `x86-64-v2-AES`, ...). */
export const setCpuType = (type: string) => setField('cpu', 'type', type);

// Memory
/** Change memory: minimum memory moves along while the user has not set it. */
export const setMemory = (memoryMiB: number) => setField('memory', 'memoryMiB', memoryMiB);
/** Set minimum memory: it stops following memory (resetField('memory', 'minMemoryMiB') undoes that). */
export const setMinMemory = (minMemoryMiB: number) => setField('memory', 'minMemoryMiB', minMemoryMiB);
/** Turn the balloon device on or off. */
export const setBallooning = (ballooning: boolean) => setField('memory', 'ballooning', ballooning);
/** Allow or forbid KSM (off needs PVE 9.1). */
export const setKsm = (ksm: boolean) => setField('memory', 'ksm', ksm);

// Network
export const setNetworkEnabled = (enabled: boolean) => setField('network', 'enabled', enabled);
/** Choose the bridge. */
export const setBridge = (bridge: string | null) => setField('network', 'bridge', noneIfEmpty(bridge));
/** Set the VLAN tag (null = none). */
export const setVlan = (vlan: number | null) => setField('network', 'vlan', vlan);
/** Choose the NIC model. */
export const setNicModel = (model: string) => setField('network', 'model', model);
/** Set the MAC address (empty = generated by Proxmox). */
export const setMac = (mac: string | null) => setField('network', 'mac', noneIfEmpty(mac));
/** Turn the NIC firewall on or off. */
export const setFirewall = (firewall: boolean) => setField('network', 'firewall', firewall);
/** Disconnect the NIC (start with its link down) or connect it. */
export const setLinkDown = (linkDown: boolean) => setField('network', 'linkDown', linkDown);
/** Set the MTU (null = same as the bridge). */
export const setMtu = (mtu: number | null) => setField('network', 'mtu', mtu);
/** Set the rate limit in MB/s (null = unlimited). */
export const setRate = (rateMBps: number | null) => setField('network', 'rateMBps', rateMBps);
/** Set the number of multiqueue queues (null = off). */
export const setQueues = (queues: number | null) => setField('network', 'queues', queues);

// Confirm
export const setStart = (start: boolean) => setField('confirm', 'start', start);

// Data
export const setFacts = (facts: ClusterFacts): WizardAction => ({ type: 'set-facts', facts });
/** Replace the user input with an answers file's overlay. */
export const loadAnswers = (overlay: ConfigOverlay): WizardAction => ({ type: 'load-answers', overlay });
