/**
 * POST /nodes/{node}/qemu after qemu-server's create_vm: synchronous checks
 * (pool, permissions, storages, bridges, VM ID) answer as HTTP errors; then a
 * config with `lock: create` is written and a qmcreate task allocates the
 * disks, writes the full config, registers HA and starts the VM.
 */
import type { Principal } from '../auth/access';
import type { Call, HandlerResult } from '../http/api';
import { ApiError, permissionError, serverError } from '../http/errors';
import { checkModifyConfigPerm, checkSerialPerm, checkVmPerm, tagPermissionProblem } from '../auth/vm-permissions';
import type { Simulation } from '../simulation';
import type { GuestState } from '../state/cluster';
import { TaskFailure, TaskLog, TaskStep } from '../state/tasks';
import { defaultBootOrder, DRIVE_KEY, NET_KEY, uniqueTags } from './config-format';
import { allocateDrive, attachedDriveValue, checkNets, DrivePlan, netConfigValue, planDrives } from './drives';
import { startProblem } from './manage';

/** Create parameters that steer the call but are not written to the config. */
const NOT_CONFIG = new Set(['node', 'vmid', 'start', 'ha-managed', 'pool', 'archive', 'force', 'unique', 'storage', 'bwlimit', 'live-restore', 'import-working-storage']);

/** The QEMU version new VMs record in `meta`. */
const QEMU_VERSION = '9.2.0';

/** POST /nodes/{node}/qemu. */
export function createVm(call: Call): HandlerResult {
  const { sim, params } = call;
  const principal = call.principal as Principal;
  const node = params.node;
  const vmid = Number(params.vmid);
  if (params.archive !== undefined) throw serverError('the simulated cluster cannot restore backups (archive)');
  checkPoolAndPermissions(sim, principal, vmid, params);
  const drives = planDrives(sim, principal, node, vmid, params);
  const configKeys = Object.keys(params).filter((key) => !NOT_CONFIG.has(key));
  checkModifyConfigPerm(sim, principal, vmid, params.pool, configKeys);
  checkSerialPerm(sim, principal, vmid, params.pool, params);
  checkNets(sim, principal, node, params);
  const existing = sim.cluster.guest(vmid);
  if (existing) throw serverError(`unable to create VM ${vmid} - VM ${vmid} already exists on node '${existing.node}'`);
  // create_and_lock_config: an empty config holding only the lock, visible to everyone from now on.
  const guest: GuestState = { vmid, type: 'qemu', node, status: 'stopped', config: {}, pending: {}, pendingDelete: [], lock: 'create', template: false };
  sim.cluster.guests.set(vmid, guest);
  const task = sim.tasks.start({
    node,
    type: 'qmcreate',
    id: String(vmid),
    user: sim.access.taskUser(principal),
    durationMs: sim.behaviour.taskDurationMs,
    steps: createSteps(sim, principal, guest, drives, params),
    onFailure: () => {
      sim.cluster.guests.delete(vmid);
      sim.cluster.freeVolumesOf(vmid);
    },
  });
  return { data: task.upid };
}

/**
 * create_vm's checks before any config key: the pool exists, `storage` may be
 * allocated on, Sys.Console on `/` for ha-managed, VM.PowerMgmt for start, and
 * VM.Allocate on the VM or its pool (refused with a bare "Permission check
 * failed", as raise_perm_exc() without arguments says it).
 */
function checkPoolAndPermissions(sim: Simulation, principal: Principal, vmid: number, params: Readonly<Record<string, string>>): void {
  const pool = params.pool;
  if (pool !== undefined && !sim.cluster.pool(pool)) throw permissionError(`pool '${pool}' does not exist`);
  if (params.storage !== undefined) sim.access.check(principal, `/storage/${params.storage}`, ['Datastore.AllocateSpace']);
  if (params['ha-managed'] === '1') sim.access.check(principal, '/', ['Sys.Console']);
  if (params.start === '1') checkVmPerm(sim, principal, vmid, pool, ['VM.PowerMgmt']);
  const onVm = sim.access.can(principal, `/vms/${vmid}`, 'VM.Allocate');
  const onPool = pool !== undefined && sim.access.can(principal, `/pool/${pool}`, 'VM.Allocate');
  if (!onVm && !onPool) throw new ApiError(403, 'Permission check failed\n');
}

function createSteps(sim: Simulation, principal: Principal, guest: GuestState, drives: readonly DrivePlan[], params: Readonly<Record<string, string>>): TaskStep[] {
  const newDrives = drives.filter((drive) => drive.kind === 'new');
  const slots = newDrives.length + 2;
  const driveValues: Record<string, string> = {};
  const steps: TaskStep[] = newDrives.map((drive, index) => ({
    at: (index + 1) / slots,
    run: (log) => {
      driveValues[drive.key] = allocateDrive(sim, guest.node, guest.vmid, drive, log.line);
    },
  }));
  const createError = sim.behaviour.createTaskError;
  if (createError !== undefined) {
    steps.push({
      at: (slots - 0.5) / slots,
      run: () => {
        throw new TaskFailure(`unable to create VM ${guest.vmid} - ${createError}`);
      },
    });
  }
  steps.push({ at: 1, run: (log) => finishCreate(sim, principal, guest, drives, driveValues, params, log) });
  return steps;
}

function finishCreate(
  sim: Simulation,
  principal: Principal,
  guest: GuestState,
  drives: readonly DrivePlan[],
  driveValues: Record<string, string>,
  params: Readonly<Record<string, string>>,
  log: TaskLog,
): void {
  if (params.tags !== undefined) {
    // assert_tag_permissions runs in the worker, after the disks exist: a refused tag fails the task and frees them.
    const refused = tagPermissionProblem(sim, principal, guest.vmid, undefined, params.tags);
    if (refused !== undefined) throw new TaskFailure(`unable to create VM ${guest.vmid} - Permission check failed (${refused})`);
  }
  guest.config = newConfig(sim, drives, driveValues, params);
  guest.lock = undefined;
  guest.pool = params.pool;
  const haManaged = params['ha-managed'] === '1';
  const start = params.start === '1';
  if (haManaged) {
    const state = start ? 'started' : 'stopped';
    log.line(`Adding VM ${guest.vmid} to HA resources (state: ${state})`);
    sim.cluster.ha.set(`vm:${guest.vmid}`, { sid: `vm:${guest.vmid}`, type: 'vm', state, maxRestart: 1, maxRelocate: 1 });
  }
  if (!start) return;
  log.line('Execute autostart');
  const problem = startProblem(sim, guest);
  if (problem !== undefined) {
    // create_vm only warns when the start fails: the VM exists, the task ends "WARNINGS: 1".
    log.warn(problem);
    return;
  }
  if (haManaged) log.line(`Requesting HA start for VM ${guest.vmid}`);
  guest.status = 'running';
  guest.startedAtMs = sim.clock();
  guest.pid = 10_000 + sim.cluster.random.int(0, 50_000);
}

/** The full config the worker writes: the parameters, allocated volumes, MACs, boot order, UUIDs, meta. */
function newConfig(sim: Simulation, drives: readonly DrivePlan[], driveValues: Record<string, string>, params: Readonly<Record<string, string>>): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (NOT_CONFIG.has(key)) continue;
    if (DRIVE_KEY.test(key)) {
      const plan = drives.find((drive) => drive.key === key) as DrivePlan;
      config[key] = driveValues[key] ?? attachedDriveValue(plan);
    } else if (NET_KEY.test(key)) {
      config[key] = netConfigValue(sim, key, value);
    } else if (key === 'tags') {
      config.tags = uniqueTags(value, sim.cluster.tagOptions);
    } else {
      config[key] = value;
    }
  }
  if (config.boot === undefined) config.boot = defaultBootOrder(config);
  if (config.smbios1 === undefined) config.smbios1 = `uuid=${sim.cluster.random.uuid()}`;
  if (config.vmgenid === undefined || config.vmgenid === '1') {
    if (config.arch !== 'aarch64') config.vmgenid = sim.cluster.random.uuid();
  } else if (config.vmgenid === '0') {
    delete config.vmgenid;
  }
  config.meta = `creation-qemu=${QEMU_VERSION},ctime=${Math.floor(sim.clock() / 1000)}`;
  return config;
}
