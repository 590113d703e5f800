/**
 * VmConfig: everything the user chose, one sub-model per wizard step. It is a
 * complete value (every field present, `null` where "none" is a choice); the
 * answers file and the wizard's user input are partial overlays resolved into
 * it (resolve-defaults.ts). Enums come from the Proxmox schema; ranges are
 * checked by validate(), not here, so the wizard can hold a half-typed value
 * and say what is wrong with it.
 */
import * as t from 'io-ts';
import { closed, refine } from '../shared/decode';
import { SCHEMA } from './pve-schema';

/** Wizard steps in order; issue and notice paths start with one of them. */
export const STEP_NAMES = ['general', 'os', 'system', 'disks', 'cpu', 'memory', 'network', 'confirm'] as const;
/** One of STEP_NAMES. */
export type StepName = (typeof STEP_NAMES)[number];

/** A string codec accepting the values of a schema enum (read at run time, so the type is `string`). */
export function oneOf(values: readonly string[]): t.Type<string, string, unknown> {
  return refine(t.string, (value) => values.includes(value), `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`);
}

/** `null` or the codec's value: "none" is a choice (no VLAN, no name), unlike "not given" in an overlay. */
export function nullable<C extends t.Mixed>(codec: C): t.UnionC<[t.NullC, C]> {
  return t.union([t.null, codec]);
}

/** Disk buses the wizard offers. */
export const DiskBusCodec = t.union([t.literal('scsi'), t.literal('virtio'), t.literal('sata'), t.literal('ide')]);
/** Formats a new volume may take (the schema's list also has read-only legacy formats: qcow, qed, cloop). */
export const DiskFormatCodec = t.union([t.literal('raw'), t.literal('qcow2'), t.literal('vmdk')]);
/** What the CD/DVD drive holds: an ISO image, the host's drive, or nothing. */
export const MediaCodec = t.union([t.literal('iso'), t.literal('drive'), t.literal('none')]);
/** The OS step's Type list. */
export const GuestTypeCodec = t.union([t.literal('linux'), t.literal('windows'), t.literal('solaris'), t.literal('other')]);
/** Machine types the wizard offers on x86_64 (`pc` = i440fx, the server default). */
export const MachineCodec = t.union([t.literal('q35'), t.literal('pc')]);
/** Firmware: OVMF (UEFI) or SeaBIOS. */
export const BiosCodec = t.union([t.literal('ovmf'), t.literal('seabios')]);
/** Where the VM ID came from (decides the VM-ID race policy). */
export const VmidSourceCodec = t.union([t.literal('suggested'), t.literal('user')]);
/** The schema's `ostype` enum. */
export const OstypeCodec = oneOf(SCHEMA.ostypes);
/** The schema's `scsihw` enum. */
export const ScsiControllerCodec = oneOf(SCHEMA.scsiControllers);
/** The schema's disk `cache` enum. */
export const CacheModeCodec = oneOf(SCHEMA.cacheModes);
/** The schema's disk `aio` enum. */
export const AioModeCodec = oneOf(SCHEMA.aioModes);
/** The schema's NIC `model` enum. */
export const NetModelCodec = oneOf(SCHEMA.netModels);

/** A disk bus. */
export type DiskBus = t.TypeOf<typeof DiskBusCodec>;
/** Buses in the web UI's order for a Linux guest (OSDefaults l26 busPriority). */
export const DISK_BUSES: readonly DiskBus[] = ['scsi', 'virtio', 'sata', 'ide'];
/** CD/DVD media choice. */
export type Media = t.TypeOf<typeof MediaCodec>;
/** A guest OS type. */
export type GuestType = t.TypeOf<typeof GuestTypeCodec>;

/** Start/shutdown order, startup delay and shutdown timeout; null = Proxmox's default. */
export const StartupConfig = closed({ order: nullable(t.number), up: nullable(t.number), down: nullable(t.number) }, 'StartupConfig');
export type StartupConfig = t.TypeOf<typeof StartupConfig>;

/** The General step. */
export const GeneralConfig = closed(
  {
    node: t.string,
    vmid: t.number,
    /** `user` when the user (or an answers file) gave the VM ID: a taken ID then fails instead of moving on. */
    vmidSource: VmidSourceCodec,
    name: nullable(t.string),
    pool: nullable(t.string),
    tags: t.array(t.string),
    ha: t.boolean,
    onboot: t.boolean,
    startup: StartupConfig,
  },
  'GeneralConfig',
);
export type GeneralConfig = t.TypeOf<typeof GeneralConfig>;

/** The OS step. */
export const OsConfig = closed(
  {
    media: MediaCodec,
    isoStorage: nullable(t.string),
    /** Volume ID (`cephfs:iso/x.iso`) of the ISO image when media is `iso`. */
    iso: nullable(t.string),
    guestType: GuestTypeCodec,
    ostype: OstypeCodec,
  },
  'OsConfig',
);
export type OsConfig = t.TypeOf<typeof OsConfig>;

/** The System step. */
export const SystemConfig = closed(
  {
    machine: MachineCodec,
    bios: BiosCodec,
    efiDisk: t.boolean,
    efiStorage: nullable(t.string),
    preEnrolledKeys: t.boolean,
    scsihw: ScsiControllerCodec,
    agent: t.boolean,
  },
  'SystemConfig',
);
export type SystemConfig = t.TypeOf<typeof SystemConfig>;

/** One disk of the Disks step. */
export const DiskConfig = closed(
  {
    bus: DiskBusCodec,
    index: t.number,
    storage: t.string,
    sizeGiB: t.number,
    format: DiskFormatCodec,
    cache: CacheModeCodec,
    discard: t.boolean,
    iothread: t.boolean,
    ssd: t.boolean,
    backup: t.boolean,
    aio: AioModeCodec,
  },
  'DiskConfig',
);
export type DiskConfig = t.TypeOf<typeof DiskConfig>;

/** The CPU step. */
export const CpuConfig = closed({ sockets: t.number, cores: t.number, type: t.string }, 'CpuConfig');
export type CpuConfig = t.TypeOf<typeof CpuConfig>;

/** The Memory step. */
export const MemoryConfig = closed(
  { memoryMiB: t.number, minMemoryMiB: t.number, ballooning: t.boolean, ksm: t.boolean },
  'MemoryConfig',
);
export type MemoryConfig = t.TypeOf<typeof MemoryConfig>;

/** The Network step (one NIC, net0). */
export const NetworkConfig = closed(
  {
    enabled: t.boolean,
    bridge: nullable(t.string),
    vlan: nullable(t.number),
    model: NetModelCodec,
    /** `null`: Proxmox generates one (datacenter MAC prefix). */
    mac: nullable(t.string),
    firewall: t.boolean,
    /** The web UI's "Disconnect": the NIC starts with its link down, as if unplugged (`link_down=1`). */
    linkDown: t.boolean,
    /** `null`: same as the bridge. */
    mtu: nullable(t.number),
    rateMBps: nullable(t.number),
    queues: nullable(t.number),
  },
  'NetworkConfig',
);
export type NetworkConfig = t.TypeOf<typeof NetworkConfig>;

/** The Confirm step. */
export const ConfirmConfig = closed({ start: t.boolean }, 'ConfirmConfig');
export type ConfirmConfig = t.TypeOf<typeof ConfirmConfig>;

/** The whole VM as chosen: the Confirm step's input to the request builder. */
export const VmConfig = closed(
  {
    general: GeneralConfig,
    os: OsConfig,
    system: SystemConfig,
    disks: t.array(DiskConfig),
    cpu: CpuConfig,
    memory: MemoryConfig,
    network: NetworkConfig,
    confirm: ConfirmConfig,
  },
  'VmConfig',
);
export type VmConfig = t.TypeOf<typeof VmConfig>;

/** The device name of a disk slot: `scsi0`. */
export function deviceName(disk: { readonly bus: DiskBus; readonly index: number }): string {
  return `${disk.bus}${disk.index}`;
}
