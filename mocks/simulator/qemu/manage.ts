/**
 * Changing existing VMs: config updates (PUT is synchronous, POST may run a
 * task), start, stop and destroy, with qemu-server's lock and state checks.
 */
import * as crypto from 'node:crypto';
import type { Principal } from '../auth/access';
import type { Call, HandlerResult } from '../http/api';
import { serverError } from '../http/errors';
import { splitList } from '../schema/lists';
import type { Simulation } from '../simulation';
import type { GuestState } from '../state/cluster';
import { effectiveConfig } from '../state/cluster';
export { effectiveConfig };
import { TaskFailure, TaskRecord, TaskStep } from '../state/tasks';
import { DRIVE_KEY, NET_KEY, parseConfigValue, uniqueTags } from './config-format';
import { checkModifyConfigPerm, checkSerialPerm, checkTagPermissions, checkVmPerm } from '../auth/vm-permissions';
import { allocateDrive, attachedDriveValue, checkNets, netConfigValue, planDrives } from './drives';

/** A qemu guest on `node`, else the error a real node gives for a missing config file. */
export function requireVm(sim: Simulation, node: string, vmid: string | number): GuestState {
  const guest = sim.cluster.guest(Number(vmid));
  if (!guest || guest.type !== 'qemu' || guest.node !== node) {
    throw serverError(`Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
  }
  return guest;
}

function checkLock(guest: GuestState, skiplock: string | undefined): void {
  if (guest.lock && skiplock !== '1') throw serverError(`VM is locked (${guest.lock})`);
}

/** The config digest (SHA-1 of the config text, like the real one). */
export function configDigest(config: Readonly<Record<string, string>>): string {
  const text = Object.keys(config)
    .sort()
    .map((key) => `${key}: ${config[key]}\n`)
    .join('');
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Keys applied at once even while the VM runs; everything else waits in `pending` for the next start. */
const HOTPLUGGABLE = new Set(['name', 'description', 'onboot', 'tags', 'protection', 'startup', 'hookscript', 'lock']);
const isHotpluggable = (key: string): boolean => HOTPLUGGABLE.has(key) || NET_KEY.test(key) || /^(scsi|virtio)\d+$/.test(key);

const NOT_CONFIG = new Set(['node', 'vmid', 'delete', 'digest', 'revert', 'skiplock', 'force', 'background_delay']);

/** PUT (and POST) /nodes/{node}/qemu/{vmid}/config. */
export function updateConfig(call: Call, asynchronous: boolean): HandlerResult {
  const { sim, params } = call;
  const principal = call.principal as Principal;
  const guest = requireVm(sim, params.node, params.vmid);
  const deletions = splitList(params.delete ?? '');
  checkModifyConfigPerm(sim, principal, guest.vmid, undefined, deletions);
  checkModifyConfigPerm(sim, principal, guest.vmid, undefined, Object.keys(params).filter((key) => !NOT_CONFIG.has(key)));
  checkLock(guest, params.skiplock);
  if (params.digest !== undefined && params.digest !== configDigest(guest.config)) {
    throw serverError('detected modified configuration - file changed by other user? Try again.');
  }
  const drives = planDrives(sim, principal, guest.node, guest.vmid, params);
  checkNets(sim, principal, guest.node, params);
  checkValueDependentPerms(sim, principal, guest, params, deletions);
  const changes: Record<string, string> = {};
  const lines: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (NOT_CONFIG.has(key)) continue;
    const plan = drives.find((drive) => drive.key === key);
    if (plan?.kind === 'new') changes[key] = allocateNow(sim, guest, plan, lines);
    else if (plan) changes[key] = attachedDriveValue(plan);
    else if (NET_KEY.test(key)) changes[key] = netConfigValue(sim, key, keepMac(guest, key, value));
    else changes[key] = key === 'tags' ? uniqueTags(value, sim.cluster.tagOptions) : value;
  }
  applyChanges(guest, changes, deletions);
  if (!asynchronous || lines.length === 0) return { data: null };
  const task = sim.tasks.start({ node: guest.node, type: 'qmconfig', id: String(guest.vmid), user: sim.access.taskUser(principal), durationMs: 0, steps: [{ at: 1, run: (log) => lines.forEach(log.line) }] });
  return { data: task.upid };
}

/**
 * update_vm's checks that depend on the values (inside its updatefn): drives
 * need VM.Config.Disk (CD-ROMs VM.Config.CDROM) for the old and the new value,
 * a serial port stays a socket for VM.Config.HWType (anything else is root's),
 * and tag changes pass assert_tag_permissions.
 */
function checkValueDependentPerms(sim: Simulation, principal: Principal, guest: GuestState, params: Readonly<Record<string, string>>, deletions: readonly string[]): void {
  const current = effectiveConfig(guest, false);
  const drivePrivilege = (key: string, value: string) => (parseConfigValue(key, value).media === 'cdrom' ? 'VM.Config.CDROM' : 'VM.Config.Disk');
  for (const key of [...deletions, ...Object.keys(params)].filter((name) => DRIVE_KEY.test(name))) {
    for (const value of [current[key], params[key]].filter((v): v is string => v !== undefined)) {
      checkVmPerm(sim, principal, guest.vmid, undefined, [drivePrivilege(key, value)]);
    }
  }
  const serialChanges = Object.fromEntries(
    Object.keys(params)
      .filter((key) => /^serial\d+$/.test(key))
      // Replacing a host device by a socket is as much root's business as setting a device.
      .map((key) => [key, current[key] === undefined || current[key] === 'socket' ? params[key] : current[key]]),
  );
  checkSerialPerm(sim, principal, guest.vmid, undefined, serialChanges, 'modify');
  if (params.tags !== undefined) checkTagPermissions(sim, principal, guest.vmid, current.tags, params.tags);
  if (deletions.includes('tags')) checkTagPermissions(sim, principal, guest.vmid, current.tags, '');
}

function allocateNow(sim: Simulation, guest: GuestState, plan: Parameters<typeof allocateDrive>[3], lines: string[]): string {
  try {
    return allocateDrive(sim, guest.node, guest.vmid, plan, (line) => lines.push(line));
  } catch (error) {
    if (error instanceof TaskFailure) throw serverError(error.message.replace(/^unable to create VM \d+ - /, ''));
    throw error;
  }
}

/** A NIC update without a MAC keeps the NIC's current MAC when the model stays (as qemu-server does). */
function keepMac(guest: GuestState, key: string, value: string): string {
  const next = parseConfigValue(key, value);
  if (next.macaddr || !guest.config[key]) return value;
  const current = parseConfigValue(key, guest.config[key]);
  return current.macaddr && current.model === next.model ? `${value},macaddr=${current.macaddr}` : value;
}

function applyChanges(guest: GuestState, changes: Record<string, string>, deletions: readonly string[]): void {
  const running = guest.status === 'running';
  for (const [key, value] of Object.entries(changes)) {
    if (running && !isHotpluggable(key)) guest.pending[key] = value;
    else guest.config[key] = value;
  }
  for (const key of deletions) {
    if (running && !isHotpluggable(key)) guest.pendingDelete.push(key);
    else delete guest.config[key];
  }
}

/** Pending changes take effect when the VM (re)starts. */
function applyPending(guest: GuestState): void {
  Object.assign(guest.config, guest.pending);
  for (const key of guest.pendingDelete) delete guest.config[key];
  guest.pending = {};
  guest.pendingDelete = [];
}

function haSid(guest: GuestState): string {
  return `vm:${guest.vmid}`;
}

function startTask(sim: Simulation, principal: Principal, guest: GuestState, type: string, steps: TaskStep[]): TaskRecord {
  return sim.tasks.start({ node: guest.node, type, id: String(guest.vmid), user: sim.access.taskUser(principal), durationMs: sim.behaviour.taskDurationMs, steps });
}

/** POST .../status/start: a qmstart task (hastart for HA-managed VMs, which the HA stack then starts). */
export function startVm(call: Call): HandlerResult {
  const { sim, params } = call;
  const guest = requireVm(sim, params.node, params.vmid);
  checkLock(guest, params.skiplock);
  if (guest.template) throw serverError("you can't start a vm if it's a template");
  const ha = sim.cluster.ha.get(haSid(guest));
  const principal = call.principal as Principal;
  if (ha) {
    const task = startTask(sim, principal, guest, 'hastart', [
      { at: 0, run: (log) => log.line(`Requesting HA start for VM ${guest.vmid}`) },
      {
        at: 1,
        run: () => {
          ha.state = 'started';
          markRunning(sim, guest);
        },
      },
    ]);
    return { data: task.upid };
  }
  const task = startTask(sim, principal, guest, 'qmstart', [{ at: 1, run: () => startNow(sim, guest) }]);
  return { data: task.upid };
}

function startNow(sim: Simulation, guest: GuestState): void {
  if (guest.status === 'running') throw new TaskFailure(`VM ${guest.vmid} already running`);
  const problem = startProblem(sim, guest);
  if (problem !== undefined) throw new TaskFailure(problem);
  markRunning(sim, guest);
}

/**
 * Why vm_start would fail for this VM, if it would: the scenario's
 * `startTaskError`, else a NIC whose bridge is gone or whose MTU does not fit
 * the bridge (qemu-server print_netdevice_full). Pending changes count: they
 * apply at this start.
 */
export function startProblem(sim: Simulation, guest: GuestState): string | undefined {
  if (sim.behaviour.startTaskError !== undefined) return sim.behaviour.startTaskError;
  const config = effectiveConfig(guest, false);
  for (const key of Object.keys(config).filter((name) => NET_KEY.test(name))) {
    const problem = nicStartProblem(sim, guest.node, key, parseConfigValue(key, config[key]));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** IP's minimum MTU: qemu-server refuses a smaller one at start. */
const IP_MINIMUM_MTU = 576;

function nicStartProblem(sim: Simulation, node: string, key: string, nic: Readonly<Record<string, string>>): string | undefined {
  const bridge = nic.bridge;
  if (!bridge) return undefined;
  if (!sim.cluster.bridgeUsableOn(node, bridge)) return `bridge '${bridge}' does not exist`;
  // Only VirtIO NICs take an MTU; 1 means "the bridge's" (other models ignore it with a warning).
  if (nic.model !== 'virtio' || nic.mtu === undefined || nic.mtu === '1') return undefined;
  const mtu = Number(nic.mtu);
  const bridgeMtu = sim.cluster.bridgeMtu(node, bridge);
  if (mtu < IP_MINIMUM_MTU) return `netdev ${key}: MTU '${mtu}' is smaller than the IP minimum MTU '${IP_MINIMUM_MTU}'`;
  if (mtu > bridgeMtu) return `netdev ${key}: MTU '${mtu}' is bigger than the bridge MTU '${bridgeMtu}'`;
  return undefined;
}

function markRunning(sim: Simulation, guest: GuestState): void {
  applyPending(guest);
  guest.status = 'running';
  guest.startedAtMs = sim.clock();
  guest.pid = 10_000 + sim.cluster.random.int(0, 50_000);
}

/** POST .../status/stop. */
export function stopVm(call: Call): HandlerResult {
  const { sim, params } = call;
  const guest = requireVm(sim, params.node, params.vmid);
  checkLock(guest, params.skiplock);
  const ha = sim.cluster.ha.get(haSid(guest));
  const principal = call.principal as Principal;
  const requestLine: TaskStep[] = ha ? [{ at: 0, run: (log) => log.line(`Requesting HA stop for VM ${guest.vmid}`) }] : [];
  const task = startTask(sim, principal, guest, ha ? 'hastop' : 'qmstop', [
    ...requestLine,
    {
      at: 1,
      run: () => {
        if (ha) ha.state = 'stopped';
        guest.status = 'stopped';
        guest.startedAtMs = undefined;
        guest.pid = undefined;
      },
    },
  ]);
  return { data: task.upid };
}

/** DELETE /nodes/{node}/qemu/{vmid}: a qmdestroy task removing the config, the disks and (with purge) HA. */
export function destroyVm(call: Call): HandlerResult {
  const { sim, params } = call;
  const guest = requireVm(sim, params.node, params.vmid);
  checkLock(guest, params.skiplock);
  if (guest.status === 'running') throw serverError(`VM ${guest.vmid} is running - destroy failed`);
  const sid = haSid(guest);
  if (sim.cluster.ha.has(sid) && params.purge !== '1') {
    throw serverError(`unable to remove VM ${guest.vmid} - used in HA resources and purge parameter not set.`);
  }
  const task = startTask(sim, call.principal as Principal, guest, 'qmdestroy', [
    {
      at: 1,
      run: (log) => {
        for (const volume of [...sim.cluster.volumes.values()].filter((v) => v.vmid === guest.vmid)) {
          log.line(volume.volid.includes('/') ? `Removing image: 100% complete...done.` : `  Logical volume "${volume.volid.split(':')[1]}" successfully removed.`);
        }
        sim.cluster.freeVolumesOf(guest.vmid);
        sim.cluster.guests.delete(guest.vmid);
        if (params.purge === '1') sim.cluster.ha.delete(sid);
      },
    },
  ]);
  return { data: task.upid };
}
