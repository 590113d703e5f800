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
export const setName = (name: string | null) => setField('general', 'name', noneIfEmpty(name));
export const setPool = (pool: string | null) => setField('general', 'pool', noneIfEmpty(pool));
export const setTags = (tags: readonly string[]) => setField('general', 'tags', [...tags]);
export const setHa = (ha: boolean) => setField('general', 'ha', ha);
export const setOnboot = (onboot: boolean) => setField('general', 'onboot', onboot);
export const setStartup = (startup: { order: number | null; up: number | null; down: number | null }) => setField('general', 'startup', { ...startup });

// OS
export const setMedia = (media: 'iso' | 'drive' | 'none') => setField('os', 'media', media);
/** Change the ISO storage: the ISO is re-picked there (a chosen ISO on another storage is dropped). */
export const setIsoStorage = (storage: string | null) => setField('os', 'isoStorage', noneIfEmpty(storage));
export const setIso = (volid: string | null) => setField('os', 'iso', noneIfEmpty(volid));
/** Change the guest type: the version becomes the type's first unless the current one belongs to it. */
export const setGuestType = (guestType: 'linux' | 'windows' | 'solaris' | 'other') => setField('os', 'guestType', guestType);
export const setOstype = (ostype: string) => setField('os', 'ostype', ostype);

// System
export const setMachine = (machine: 'q35' | 'pc') => setField('system', 'machine', machine);
export const setBios = (bios: 'ovmf' | 'seabios') => setField('system', 'bios', bios);
export const setEfiDisk = (efiDisk: boolean) => setField('system', 'efiDisk', efiDisk);
export const setEfiStorage = (storage: string | null) => setField('system', 'efiStorage', noneIfEmpty(storage));
export const setPreEnrolledKeys = (on: boolean) => setField('system', 'preEnrolledKeys', on);
export const setScsiController = (scsihw: string) => setField('system', 'scsihw', scsihw);
export const setAgent = (agent: boolean) => setField('system', 'agent', agent);

// Disks
/** Add a disk on the lowest free slot of `bus`. */
export const addDisk = (bus?: DiskBus): WizardAction => ({ type: 'add-disk', bus });
export const removeDisk = (position: number): WizardAction => ({ type: 'remove-disk', position });
export const moveDisk = (from: number, to: number): WizardAction => ({ type: 'move-disk', from, to });
/** Change a disk; a new bus without an index takes that bus' lowest free slot. */
export const updateDisk = (position: number, patch: Partial<DiskConfig>): WizardAction => ({ type: 'update-disk', position, patch });

// CPU
export const setSockets = (sockets: number) => setField('cpu', 'sockets', sockets);
export const setCores = (cores: number) => setField('cpu', 'cores', cores);
export const setCpuType = (type: string) => setField('cpu', 'type', type);

// Memory
/** Change memory: minimum memory moves along while the user has not set it. */
export const setMemory = (memoryMiB: number) => setField('memory', 'memoryMiB', memoryMiB);
/** Set minimum memory: it stops following memory (resetField('memory', 'minMemoryMiB') undoes that). */
export const setMinMemory = (minMemoryMiB: number) => setField('memory', 'minMemoryMiB', minMemoryMiB);
export const setBallooning = (ballooning: boolean) => setField('memory', 'ballooning', ballooning);
export const setKsm = (ksm: boolean) => setField('memory', 'ksm', ksm);

// Network
export const setNetworkEnabled = (enabled: boolean) => setField('network', 'enabled', enabled);
export const setBridge = (bridge: string | null) => setField('network', 'bridge', noneIfEmpty(bridge));
export const setVlan = (vlan: number | null) => setField('network', 'vlan', vlan);
export const setNicModel = (model: string) => setField('network', 'model', model);
export const setMac = (mac: string | null) => setField('network', 'mac', noneIfEmpty(mac));
export const setFirewall = (firewall: boolean) => setField('network', 'firewall', firewall);
export const setMtu = (mtu: number | null) => setField('network', 'mtu', mtu);
export const setRate = (rateMBps: number | null) => setField('network', 'rateMBps', rateMBps);
export const setQueues = (queues: number | null) => setField('network', 'queues', queues);

// Confirm
export const setStart = (start: boolean) => setField('confirm', 'start', start);

// Data
export const setFacts = (facts: ClusterFacts): WizardAction => ({ type: 'set-facts', facts });
export const loadAnswers = (overlay: ConfigOverlay): WizardAction => ({ type: 'load-answers', overlay });
