/**
 * The Confirm step's summary: one section per step, rows of label and value
 * in words an admin reads at a glance (the raw requests are shown next to it).
 */
import { isoFileName } from './nixos-iso';
import { describeOstype } from './os-types';
import { deviceName, type DiskConfig, type StepName, type VmConfig } from './vm-config.codec';

/** One line of the summary. */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

/** One step's block. */
export interface SummarySection {
  readonly step: StepName;
  readonly title: string;
  readonly rows: readonly SummaryRow[];
}

/** Labels of the SCSI controllers (the web UI's ScsiHwSelector); a value missing here is shown as is. */
export const SCSI_CONTROLLER_LABELS: Readonly<Record<string, string>> = {
  lsi: 'LSI 53C895A',
  lsi53c810: 'LSI 53C810',
  'virtio-scsi-pci': 'VirtIO SCSI',
  'virtio-scsi-single': 'VirtIO SCSI single',
  megasas: 'MegaRAID SAS 8708EM2',
  pvscsi: 'VMware PVSCSI',
};

/** Labels of the NIC models the web UI offers; others are shown by their API name. */
export const NIC_MODEL_LABELS: Readonly<Record<string, string>> = {
  e1000: 'Intel E1000',
  e1000e: 'Intel E1000E',
  virtio: 'VirtIO (paravirtualized)',
  rtl8139: 'Realtek RTL8139',
  vmxnet3: 'VMware vmxnet3',
};

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
const row = (label: string, value: string): SummaryRow => ({ label, value });

/** The summary of a config, in step order. */
export function summarize(config: VmConfig): SummarySection[] {
  return [
    { step: 'general', title: 'General', rows: generalRows(config) },
    { step: 'os', title: 'OS', rows: osRows(config) },
    { step: 'system', title: 'System', rows: systemRows(config) },
    { step: 'disks', title: 'Disks', rows: config.disks.length ? config.disks.map(diskRow) : [row('Disks', 'none')] },
    { step: 'cpu', title: 'CPU', rows: cpuRows(config) },
    { step: 'memory', title: 'Memory', rows: memoryRows(config) },
    { step: 'network', title: 'Network', rows: networkRows(config) },
    { step: 'confirm', title: 'Confirm', rows: [row('Start after created', yesNo(config.confirm.start))] },
  ];
}

function generalRows(config: VmConfig): SummaryRow[] {
  const { general } = config;
  const { order, up, down } = general.startup;
  const startup = [order !== null ? `order ${order}` : '', up !== null ? `up ${up}s` : '', down !== null ? `down ${down}s` : ''].filter(Boolean).join(', ');
  return [
    row('Node', general.node),
    row('VM ID', String(general.vmid)),
    row('Name', general.name ?? '(none)'),
    row('Resource pool', general.pool ?? '(none)'),
    row('Tags', general.tags.length ? general.tags.join(', ') : '(none)'),
    row('High availability', yesNo(general.ha)),
    row('Start at boot', yesNo(general.onboot)),
    row('Start/shutdown order', startup || 'any'),
  ];
}

function osRows(config: VmConfig): SummaryRow[] {
  const { os } = config;
  const media =
    os.media === 'iso'
      ? [row('Media', 'ISO image'), row('ISO storage', os.isoStorage ?? '(none)'), row('ISO image', os.iso ? isoFileName(os.iso) : '(none)')]
      : [row('Media', os.media === 'drive' ? 'physical CD/DVD drive' : 'none')];
  return [...media, row('Guest OS', `${describeOstype(os.ostype)} (${os.ostype})`)];
}

function systemRows(config: VmConfig): SummaryRow[] {
  const { system } = config;
  const efi =
    system.bios !== 'ovmf'
      ? []
      : [row('EFI disk', system.efiDisk ? `${system.efiStorage ?? '(none)'}, pre-enrolled keys ${system.preEnrolledKeys ? 'on' : 'off'}` : 'none')];
  return [
    row('Machine', system.machine === 'q35' ? 'q35' : 'i440fx (default)'),
    row('BIOS', system.bios === 'ovmf' ? 'OVMF (UEFI)' : 'SeaBIOS'),
    ...efi,
    row('SCSI controller', SCSI_CONTROLLER_LABELS[system.scsihw] ?? system.scsihw),
    row('QEMU guest agent', yesNo(system.agent)),
    // Set after the create (serial0=socket, vga=serial0): the only console is the serial one.
    row('Console', 'serial (serial0, vga=serial0): no graphical display'),
  ];
}

/** `scsi0: ceph-pool, 32 GiB, raw, aio io_uring, IO thread, SSD, backup`. */
function diskRow(disk: DiskConfig): SummaryRow {
  const options = [
    disk.cache !== 'none' ? `cache ${disk.cache}` : '',
    disk.discard ? 'discard' : '',
    disk.iothread ? 'IO thread' : '',
    disk.ssd ? 'SSD' : '',
    disk.backup ? 'backup' : 'no backup',
  ].filter(Boolean);
  return row(deviceName(disk), [disk.storage, `${disk.sizeGiB} GiB`, disk.format, `aio ${disk.aio}`, ...options].join(', '));
}

function cpuRows(config: VmConfig): SummaryRow[] {
  const { cpu } = config;
  return [row('Sockets', String(cpu.sockets)), row('Cores', String(cpu.cores)), row('Total cores', String(cpu.sockets * cpu.cores)), row('Type', cpu.type)];
}

function memoryRows(config: VmConfig): SummaryRow[] {
  const { memory } = config;
  return [
    row('Memory', `${memory.memoryMiB} MiB`),
    row('Minimum memory', memory.ballooning ? `${memory.minMemoryMiB} MiB` : 'n/a (no ballooning)'),
    row('Ballooning device', yesNo(memory.ballooning)),
    row('KSM', yesNo(memory.ksm)),
  ];
}

function networkRows(config: VmConfig): SummaryRow[] {
  const { network } = config;
  if (!network.enabled) return [row('Network device', 'none')];
  return [
    row('Bridge', network.bridge ?? '(none)'),
    row('Model', NIC_MODEL_LABELS[network.model] ?? network.model),
    row('VLAN tag', network.vlan === null ? 'none' : String(network.vlan)),
    row('MAC address', network.mac ?? 'auto'),
    row('Firewall', yesNo(network.firewall)),
    // Rare and easy to miss on a VM that then seems to have no network: named only when set.
    ...(network.linkDown ? [row('Link', 'disconnected (link down)')] : []),
    row('MTU', network.mtu === null || network.mtu === 1 ? 'same as bridge' : String(network.mtu)),
    row('Rate limit', network.rateMBps === null || network.rateMBps === 0 ? 'unlimited' : `${network.rateMBps} MB/s`),
    row('Multiqueue', network.queues === null ? 'off' : String(network.queues)),
  ];
}
