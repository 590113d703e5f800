/**
 * The product's defaults (DEVELOPERS.md, "The product"): what a VM gets when
 * the user accepts every step. Cluster-dependent ones (storages, bridge, ISO,
 * node, VM ID) are only wishes here; resolve-defaults.ts checks them against
 * the cluster and substitutes, with a notice, when they do not exist.
 */
import type { ConfirmConfig, CpuConfig, DiskConfig, GeneralConfig, MemoryConfig, NetworkConfig, OsConfig, SystemConfig } from './vm-config.codec';

/** Names the product prefers, resolved against the chosen node. */
export const PREFERRED = {
  isoStorage: 'cephfs',
  imageStorage: 'ceph-pool',
  bridge: 'vmbr9',
  /** Proxmox's installer creates vmbr0: the first substitute for a missing bridge. */
  fallbackBridge: 'vmbr0',
  /** The architecture of the ISO to preselect (the wizard creates x86_64 VMs). */
  arch: 'x86_64',
} as const;

/** The lowest VM ID Proxmox allows and the product suggests from ("next free above 100"). */
export const FIRST_VMID = 100;

/** General: HA on, start at boot off, no name, pool, tags or startup order. */
export const GENERAL_DEFAULTS: Omit<GeneralConfig, 'node' | 'vmid' | 'vmidSource'> = {
  name: null,
  pool: null,
  tags: [],
  ha: true,
  onboot: false,
  startup: { order: null, up: null, down: null },
};

/** OS: an ISO image, Linux l26. */
export const OS_DEFAULTS: Omit<OsConfig, 'isoStorage' | 'iso'> = { media: 'iso', guestType: 'linux', ostype: 'l26' };

/** System: q35, OVMF, QEMU agent on. */
export const SYSTEM_DEFAULTS: Omit<SystemConfig, 'efiStorage' | 'preEnrolledKeys' | 'efiDisk' | 'scsihw'> = {
  machine: 'q35',
  bios: 'ovmf',
  agent: true,
};

/** A new disk's settings; `iothread` and `ssd` also depend on the bus (see resolve-defaults). */
export const DISK_DEFAULTS: Omit<DiskConfig, 'bus' | 'index' | 'storage' | 'format'> = {
  sizeGiB: 32,
  // "No cache" is the server's behaviour when `cache` is not sent, so `none` is the default and is not sent.
  cache: 'none',
  discard: false,
  iothread: true,
  ssd: true,
  backup: true,
  aio: 'io_uring',
};

/** The product asks for raw disks: no qcow2 layer on storages (ceph, LVM) that do their own thin provisioning. */
export const PREFERRED_DISK_FORMAT = 'raw';

/** CPU: 1 socket, 2 cores, type host. */
export const CPU_DEFAULTS: CpuConfig = { sockets: 1, cores: 2, type: 'host' };

/** Memory: 2048 MiB, ballooning and KSM on (minimum follows memory). */
export const MEMORY_DEFAULTS: Omit<MemoryConfig, 'minMemoryMiB'> = { memoryMiB: 2048, ballooning: true, ksm: true };

/** Network: on, firewall on, link up, nothing else set (model and bridge are resolved). */
export const NETWORK_DEFAULTS: Omit<NetworkConfig, 'bridge' | 'model'> = {
  enabled: true,
  vlan: null,
  mac: null,
  firewall: true,
  linkDown: false,
  mtu: null,
  rateMBps: null,
  queues: null,
};

/** Confirm: do not start. */
export const CONFIRM_DEFAULTS: ConfirmConfig = { start: false };
