/**
 * Drive and NIC checks of qemu-server's create_vm / update_vm, and disk
 * allocation. Sync checks throw ApiErrors (the call fails before any task);
 * allocation runs inside the task and fails it with a TaskFailure.
 */
import type { Principal } from '../auth/access';
import { parameterError, serverError } from '../http/errors';
import type { Simulation } from '../simulation';
import { GiB, StorageState } from '../state/cluster';
import { TaskFailure } from '../state/tasks';
import { DRIVE_KEY, formatSize, NET_KEY, parseConfigValue, printDrive, printNet } from './config-format';

/** `<storage>:<size in GiB>` allocates a new volume (qemu-server $NEW_DISK_RE). */
const NEW_DISK = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/;

/** What a drive parameter asks for. */
export interface DrivePlan {
  readonly key: string;
  readonly options: Readonly<Record<string, string>>;
  /** `new`: allocate; `volume`: an existing volume or ISO; `special`: none/cdrom/an absolute path. */
  readonly kind: 'new' | 'volume' | 'special';
  readonly storage?: StorageState;
  readonly sizeGiB?: number;
}

function isCdrom(options: Readonly<Record<string, string>>): boolean {
  return options.media === 'cdrom';
}

/** Check every drive parameter of a create/update call; returns what to allocate or attach. */
export function planDrives(sim: Simulation, principal: Principal, node: string, vmid: number, params: Readonly<Record<string, string>>): DrivePlan[] {
  const plans: DrivePlan[] = [];
  for (const key of Object.keys(params).filter((name) => DRIVE_KEY.test(name))) {
    const options = parseConfigValue(key, params[key]);
    const file = options.file ?? '';
    const newDisk = NEW_DISK.exec(file);
    if (newDisk && !isCdrom(options)) {
      const storage = checkImageStorage(sim, principal, node, newDisk[2]);
      plans.push({ key, options, kind: 'new', storage, sizeGiB: Number(newDisk[3]) });
    } else if (file === 'none' || file === 'cdrom' || file.startsWith('/')) {
      plans.push({ key, options, kind: 'special' });
    } else {
      plans.push({ key, options, kind: 'volume', storage: checkExistingVolume(sim, principal, node, vmid, file, isCdrom(options)) });
    }
  }
  return plans;
}

function requireStorage(sim: Simulation, node: string, id: string | undefined): StorageState {
  if (!id) throw serverError('no storage ID specified (and no default storage)');
  const storage = sim.cluster.storage(id);
  if (!storage) throw serverError(`storage '${id}' does not exist`);
  if (!sim.cluster.storageAvailableOn(storage, node)) throw serverError(`storage '${id}' is not available on node '${node}'`);
  return storage;
}

function checkImageStorage(sim: Simulation, principal: Principal, node: string, id: string | undefined): StorageState {
  const storage = requireStorage(sim, node, id);
  sim.access.check(principal, `/storage/${storage.id}`, ['Datastore.AllocateSpace']);
  // qemu-server check_storage_access raises this one as a parameter error.
  if (!storage.content.includes('images')) throw parameterError({ storage: `storage '${storage.id}' does not support vm images` });
  return storage;
}

function checkExistingVolume(sim: Simulation, principal: Principal, node: string, vmid: number, volid: string, cdrom: boolean): StorageState {
  const [storageId, volname] = [volid.slice(0, volid.indexOf(':')), volid.slice(volid.indexOf(':') + 1)];
  const storage = requireStorage(sim, node, storageId);
  sim.access.check(principal, `/storage/${storage.id}`, ['Datastore.Audit', 'Datastore.AllocateSpace'], true);
  const isIso = /^iso\/[^/]+$/.test(volname) && storage.content.includes('iso') && storage.isos.includes(volname.slice('iso/'.length));
  const isOwnDisk = sim.cluster.volumesOn(storage, node).some((volume) => volume.volid === volid && volume.vmid === vmid);
  if (cdrom ? !isIso : !isOwnDisk && !isIso) throw serverError(`volume '${volid}' does not exist`);
  return storage;
}

/** Every NIC's bridge must exist on the node (or be an SDN vnet), and the caller may use it (SDN.Use). */
export function checkNets(sim: Simulation, principal: Principal, node: string, params: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(params).filter((name) => NET_KEY.test(name))) {
    const bridge = parseConfigValue(key, params[key]).bridge;
    if (bridge === undefined) continue;
    sim.access.check(principal, `/sdn/zones/${sim.cluster.zoneOf(bridge)}/${bridge}`, ['SDN.Use']);
    // Deliberately strict: a real server only notices a missing bridge when the VM starts.
    if (!sim.cluster.bridgeUsableOn(node, bridge)) throw serverError(`bridge '${bridge}' does not exist`);
  }
}

/** The config value of a NIC, with a generated MAC where none was given. */
export function netConfigValue(sim: Simulation, key: string, value: string): string {
  const net = parseConfigValue(key, value);
  return printNet({ ...net, macaddr: net.macaddr ?? sim.cluster.randomMac() });
}

const EFI_SIZE_FILE = 540_672; // 528K: the OVMF 4m vars image as a file
const TPM_SIZE = 4 * 1024 * 1024;

/** The size a new volume gets: EFI and TPM volumes have fixed sizes, disks the requested GiB. */
function volumeSize(plan: DrivePlan): number {
  if (plan.key === 'tpmstate0') return TPM_SIZE;
  if (plan.key === 'efidisk0') return plan.storage?.type === 'rbd' ? 1024 * 1024 : plan.storage && ['dir', 'nfs', 'cifs'].includes(plan.storage.type) ? EFI_SIZE_FILE : 4 * 1024 * 1024;
  return Math.round((plan.sizeGiB ?? 0) * GiB);
}

/**
 * Allocate a planned new volume (inside the task) and return the drive's
 * config value. Fails the task on a format the storage does not support.
 */
export function allocateDrive(sim: Simulation, node: string, vmid: number, plan: DrivePlan, log: (line: string) => void): string {
  const storage = plan.storage as StorageState;
  const format = plan.options.format ?? storage.defaultFormat;
  if (!storage.formats.includes(format)) throw new TaskFailure(`unable to create VM ${vmid} - unsupported format '${format}'`);
  const size = volumeSize(plan);
  if (plan.key === 'efidisk0') {
    log(`transferred 0.0 B of ${formatTransfer(size)} (0.00%)`);
    log(`transferred ${formatTransfer(size)} of ${formatTransfer(size)} (100.00%)`);
  }
  const volume = sim.cluster.allocateVolume(storage, node, vmid, size, format);
  if (storage.type === 'lvmthin' || storage.type === 'lvm') log(`  Logical volume "${volume.volid.split(':')[1]}" created.`);
  const value = printDrive(volume.volid, { ...plan.options, size: formatSize(size) });
  log(`${plan.key}: successfully created disk '${value}'`);
  return value;
}

function formatTransfer(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The config value of a drive that is not newly allocated (ISO, existing volume, none/cdrom). */
export function attachedDriveValue(plan: DrivePlan): string {
  return printDrive(plan.options.file, plan.options);
}
