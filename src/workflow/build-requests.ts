/**
 * The request builder: VmConfig -> the ordered writes that create the VM
 * (docs/cli.md "Dry-run output"): create, the serial console update, HA
 * registration where the server needs a separate call, start where asked.
 *
 * The create parameters follow the web UI wizard's mapping (pve-api README
 * section a): a value equal to the server default that the wizard omits is
 * omitted, and every value the product's defaults decide is sent (agent,
 * ostype, cpu, scsihw, machine, bios, numa=0). The builder assumes a config
 * that passed validate().
 */
import type { ServerVersion } from './cluster-facts';
import { flag, onlyWhenOn, propertyString } from './property-string';
import { BEYOND_SCHEMA } from './pve-schema';
import type { ParamValue, PlannedRequest, RequestPlan } from './request-plan';
import { supportsAllowKsm, supportsHaManagedOnCreate } from './server-features';
import { deviceName, type DiskConfig, type VmConfig } from './vm-config.codec';

/** What the builder needs to know about the server. */
export interface BuildOptions {
  readonly serverVersion: ServerVersion;
}

/** The device name of the CD/DVD drive. */
export const CD_DRIVE = `${BEYOND_SCHEMA.cdDrive.bus}${BEYOND_SCHEMA.cdDrive.index}`;
/** The wizard's one NIC. */
export const NIC = 'net0';

/** The request sequence for `config`, in the order ProvisioningService runs it. */
export function buildRequests(config: VmConfig, options: BuildOptions): RequestPlan {
  const { node, vmid } = config.general;
  const haOnCreate = supportsHaManagedOnCreate(options.serverVersion);
  const requests: PlannedRequest[] = [createRequest(config, options), serialConsoleRequest(node, vmid)];
  if (config.general.ha && !haOnCreate) requests.push(haRequest(vmid, config.confirm.start));
  if (config.confirm.start) requests.push(startRequest(node, vmid));
  return { vmid, node, requests };
}

function createRequest(config: VmConfig, options: BuildOptions): PlannedRequest {
  const { node, vmid } = config.general;
  return {
    step: 'create',
    method: 'POST',
    path: `/nodes/${encodeURIComponent(node)}/qemu`,
    params: createParams(config, options),
    returnsTask: true,
    title: `Create VM ${vmid} on ${node}`,
  };
}

/** Create parameters in a stable order: General, OS, System, Disks, CPU, Memory, Network, boot. */
export function createParams(config: VmConfig, options: BuildOptions): Record<string, ParamValue> {
  const params: Record<string, ParamValue | undefined> = {
    ...generalParams(config, options),
    ostype: config.os.ostype,
    [CD_DRIVE]: cdDrive(config),
    ...systemParams(config),
    ...Object.fromEntries(config.disks.map((disk) => [deviceName(disk), diskProperty(disk)])),
    ...cpuParams(config),
    ...memoryParams(config, options),
    [NIC]: config.network.enabled ? netProperty(config) : undefined,
    boot: bootOrder(config),
  };
  return withoutUnset(params);
}

function generalParams(config: VmConfig, options: BuildOptions): Record<string, ParamValue | undefined> {
  const { general } = config;
  return {
    vmid: general.vmid,
    name: general.name ?? undefined,
    pool: general.pool ?? undefined,
    tags: general.tags.length ? general.tags.join(';') : undefined,
    onboot: onlyWhenOn(general.onboot),
    startup: startupProperty(config),
    // PVE >= 9.1 registers HA inside the create task; older servers get a separate request.
    'ha-managed': general.ha && supportsHaManagedOnCreate(options.serverVersion) ? 1 : undefined,
  };
}

/** `order=1,up=30,down=60` with only the parts that are set (PVE.Parser.printStartup). */
function startupProperty(config: VmConfig): string | undefined {
  const { order, up, down } = config.general.startup;
  const parts = [order !== null ? `order=${order}` : '', up !== null ? `up=${up}` : '', down !== null ? `down=${down}` : ''].filter(Boolean);
  return parts.length ? parts.join(',') : undefined;
}

/** The CD/DVD drive: an ISO, the host's drive, or empty (the wizard always creates the drive). */
function cdDrive(config: VmConfig): string {
  const { media, iso } = config.os;
  const volume = media === 'iso' && iso ? iso : media === 'drive' ? 'cdrom' : 'none';
  return propertyString(volume, { media: 'cdrom' });
}

function systemParams(config: VmConfig): Record<string, ParamValue | undefined> {
  const { system } = config;
  return {
    // i440fx (`pc`) and SeaBIOS are the server defaults the web UI does not send.
    machine: system.machine === 'q35' ? 'q35' : undefined,
    bios: system.bios === 'ovmf' ? 'ovmf' : undefined,
    efidisk0: system.bios === 'ovmf' && system.efiDisk && system.efiStorage ? efiDiskProperty(system.efiStorage, system.preEnrolledKeys) : undefined,
    scsihw: system.scsihw,
    agent: onlyWhenOn(system.agent),
  };
}

/**
 * `ceph-pool:1,efitype=4m,pre-enrolled-keys=0`: size 1 allocates a new volume
 * (the server sizes it from the OVMF template), 4m is what the web UI creates.
 */
function efiDiskProperty(storage: string, preEnrolledKeys: boolean): string {
  return propertyString(`${storage}:1`, { efitype: '4m', 'pre-enrolled-keys': flag(preEnrolledKeys) });
}

/** `ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1`: `<storage>:<GiB>` allocates a new volume. */
export function diskProperty(disk: DiskConfig): string {
  return propertyString(`${disk.storage}:${disk.sizeGiB}`, {
    aio: disk.aio,
    backup: flag(disk.backup),
    // `none` is what the server does when cache is not set ("Default (No cache)").
    cache: disk.cache === 'none' ? undefined : disk.cache,
    discard: disk.discard ? 'on' : undefined,
    format: disk.format,
    iothread: onlyWhenOn(disk.iothread),
    ssd: onlyWhenOn(disk.ssd),
  });
}

function cpuParams(config: VmConfig): Record<string, ParamValue> {
  // numa=0 is sent as the wizard sends it (its checkbox has uncheckedValue 0).
  return { sockets: config.cpu.sockets, cores: config.cpu.cores, numa: 0, cpu: config.cpu.type };
}

/**
 * The web UI's MemoryEdit mapping: ballooning off -> balloon=0 (no balloon
 * device); minimum == memory -> no balloon parameter (fixed size, device kept);
 * minimum < memory -> balloon=<minimum>. KSM off -> allow-ksm=0 (PVE >= 9.1).
 */
function memoryParams(config: VmConfig, options: BuildOptions): Record<string, ParamValue | undefined> {
  const { memory } = config;
  const balloon = !memory.ballooning ? 0 : memory.minMemoryMiB < memory.memoryMiB ? memory.minMemoryMiB : undefined;
  const allowKsm = !memory.ksm && supportsAllowKsm(options.serverVersion) ? 0 : undefined;
  return { memory: memory.memoryMiB, balloon, 'allow-ksm': allowKsm };
}

/** `virtio[=MAC],bridge=vmbr9,firewall=1[,link_down=1][,mtu=..][,queues=..][,rate=..][,tag=..]`. */
export function netProperty(config: VmConfig): string {
  const { network } = config;
  const head = network.mac ? `${network.model}=${network.mac.toUpperCase()}` : network.model;
  return propertyString(head, {
    bridge: network.bridge ?? undefined,
    firewall: onlyWhenOn(network.firewall),
    // Only when set, as the web UI's printQemuNetwork writes it: a connected link is the server's default.
    link_down: onlyWhenOn(network.linkDown),
    mtu: network.mtu ?? undefined,
    queues: network.queues ?? undefined,
    rate: network.rateMBps ?? undefined,
    tag: network.vlan ?? undefined,
  });
}

/**
 * `order=scsi0;ide2;net0`: the first disk in the user's order, then the CD
 * when it holds media, then the NIC. Written out (the server would compute the
 * same today) so the Confirm screen shows exactly what the VM boots from.
 */
function bootOrder(config: VmConfig): string | undefined {
  const devices = [
    ...config.disks.slice(0, 1).map(deviceName),
    ...(config.os.media === 'none' ? [] : [CD_DRIVE]),
    ...(config.network.enabled ? [NIC] : []),
  ];
  return devices.length ? `order=${devices.join(';')}` : undefined;
}

function serialConsoleRequest(node: string, vmid: number): PlannedRequest {
  return {
    step: 'serial-console',
    method: 'PUT',
    path: `/nodes/${encodeURIComponent(node)}/qemu/${vmid}/config`,
    params: { serial0: 'socket', vga: 'serial0' },
    returnsTask: false,
    title: `Set the serial console of VM ${vmid} (serial0=socket, vga=serial0)`,
  };
}

/** HA for servers before 9.1: `started` when the VM is to run, so the HA stack keeps it running. */
function haRequest(vmid: number, start: boolean): PlannedRequest {
  return {
    step: 'ha',
    method: 'POST',
    path: '/cluster/ha/resources',
    params: { sid: `vm:${vmid}`, state: start ? 'started' : 'stopped' },
    returnsTask: false,
    title: `Add VM ${vmid} to HA`,
  };
}

function startRequest(node: string, vmid: number): PlannedRequest {
  return {
    step: 'start',
    method: 'POST',
    path: `/nodes/${encodeURIComponent(node)}/qemu/${vmid}/status/start`,
    params: {},
    returnsTask: true,
    title: `Start VM ${vmid}`,
  };
}

function withoutUnset(params: Record<string, ParamValue | undefined>): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, ParamValue] => entry[1] !== undefined));
}
