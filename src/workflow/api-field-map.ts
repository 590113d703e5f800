/**
 * From a Proxmox parameter error back to the wizard field: a 400 "Parameter
 * verification failed" carries `errors: { net0: "...", vmid: "..." }`, and the
 * UI jumps to the field that produced the parameter instead of showing an
 * opaque message. Property-string errors name the sub-key in the message
 * (`net0.tag: value must have a maximum value of 4094`), which narrows the
 * field further.
 */
import { stepOfPath } from './field-message';
import type { StepName, VmConfig } from './vm-config.codec';
import { CD_DRIVE, NIC } from './build-requests';

/** A wizard field. */
export interface FieldRef {
  readonly step: StepName;
  /** e.g. `network.vlan`, `disks[1].sizeGiB`. */
  readonly path: string;
}

/** Parameters written from one field. */
const PARAMETER_FIELDS: Readonly<Record<string, string>> = {
  node: 'general.node',
  vmid: 'general.vmid',
  name: 'general.name',
  pool: 'general.pool',
  tags: 'general.tags',
  onboot: 'general.onboot',
  startup: 'general.startup',
  'ha-managed': 'general.ha',
  // POST /cluster/ha/resources
  sid: 'general.ha',
  state: 'general.ha',
  ostype: 'os.ostype',
  machine: 'system.machine',
  bios: 'system.bios',
  efidisk0: 'system.efiStorage',
  scsihw: 'system.scsihw',
  agent: 'system.agent',
  sockets: 'cpu.sockets',
  cores: 'cpu.cores',
  cpu: 'cpu.type',
  numa: 'cpu',
  memory: 'memory.memoryMiB',
  balloon: 'memory.minMemoryMiB',
  'allow-ksm': 'memory.ksm',
  [NIC]: 'network',
  boot: 'disks',
  start: 'confirm.start',
};

/** Property-string keys -> fields, per parameter kind. */
const NET_KEYS: Readonly<Record<string, string>> = {
  bridge: 'bridge',
  tag: 'vlan',
  macaddr: 'mac',
  model: 'model',
  firewall: 'firewall',
  link_down: 'linkDown',
  mtu: 'mtu',
  rate: 'rateMBps',
  queues: 'queues',
};
const DISK_KEYS: Readonly<Record<string, string>> = {
  file: 'storage',
  volume: 'storage',
  size: 'sizeGiB',
  aio: 'aio',
  backup: 'backup',
  cache: 'cache',
  discard: 'discard',
  format: 'format',
  iothread: 'iothread',
  ssd: 'ssd',
};
const EFI_KEYS: Readonly<Record<string, string>> = { file: 'system.efiStorage', 'pre-enrolled-keys': 'system.preEnrolledKeys' };
const STARTUP_KEYS: Readonly<Record<string, string>> = { order: 'order', up: 'up', down: 'down' };

const DISK_DEVICE = /^(ide|sata|scsi|virtio)(\d+)$/;

/**
 * The field a Proxmox parameter error belongs to, or undefined for
 * parameters no field produces (`serial0`, `vga`: shown on Confirm).
 * `message` (the error text) narrows property-string errors to a sub-field.
 */
export function fieldForApiParameter(param: string, config: VmConfig, message = ''): FieldRef | undefined {
  const subKey = new RegExp(`(?:^|\\n)${escapeRegExp(param)}\\.([\\w-]+):`).exec(message)?.[1];
  const path = pathForParameter(param, config, subKey);
  return path === undefined ? undefined : { step: stepOfPath(path), path };
}

function pathForParameter(param: string, config: VmConfig, subKey: string | undefined): string | undefined {
  if (param === CD_DRIVE) return config.os.media === 'iso' ? 'os.iso' : 'os.media';
  if (param === NIC) return subKey && NET_KEYS[subKey] ? `network.${NET_KEYS[subKey]}` : 'network';
  if (param === 'efidisk0') return (subKey && EFI_KEYS[subKey]) || 'system.efiStorage';
  if (param === 'startup' && subKey && STARTUP_KEYS[subKey]) return `general.startup.${STARTUP_KEYS[subKey]}`;
  const device = DISK_DEVICE.exec(param);
  if (device) return diskPath(config, device[1], Number(device[2]), subKey);
  return PARAMETER_FIELDS[param];
}

function diskPath(config: VmConfig, bus: string, index: number, subKey: string | undefined): string {
  const position = config.disks.findIndex((disk) => disk.bus === bus && disk.index === index);
  if (position < 0) return 'disks';
  const field = subKey ? DISK_KEYS[subKey] : undefined;
  return field ? `disks[${position}].${field}` : `disks[${position}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
