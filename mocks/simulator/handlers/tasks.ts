/** /nodes/{node}/tasks: task list, status, log, stop. */
import type { Principal } from '../auth/access';
import type { Call, Route } from '../http/api';
import { parameterError, permissionError } from '../http/errors';
import { splitList } from '../schema/lists';
import type { TaskRecord } from '../state/tasks';

/** pve-common PVE::UPID's parse regex. */
const UPID = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/**
 * Tasks pve-manager shows a caller (Tasks.pm check_task_user): their own, and
 * a user also sees the tasks of their API tokens; a token sees only its own.
 */
function ownsTask(caller: string, taskUser: string): boolean {
  return caller === taskUser || taskUser.startsWith(`${caller}!`);
}

/** The task, if the caller may see it: its owner, or anyone with Sys.Audit on the node. */
function requireTask(call: Call): TaskRecord {
  const { sim, params } = call;
  if (!UPID.test(params.upid)) throw parameterError({ upid: 'unable to parse worker upid' });
  const task = sim.tasks.get(params.upid);
  if (!task || task.node !== params.node) throw parameterError({ upid: 'no such task' });
  const principal = call.principal as Principal;
  if (!ownsTask(sim.access.taskUser(principal), task.user) && !sim.access.can(principal, `/nodes/${params.node}`, 'Sys.Audit')) {
    throw permissionError(`/nodes/${params.node}, Sys.Audit`);
  }
  return task;
}

/**
 * A task's identity as upid_decode gives it, with Tasks.pm convert_token_task
 * applied: a token's task reports `user` and `tokenid` separately.
 */
function taskIdentity(task: TaskRecord): Record<string, string | number> {
  const [user, tokenid] = task.user.split('!');
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user,
    ...(tokenid !== undefined ? { tokenid } : {}),
  };
}

function taskStatus(call: Call) {
  const task = requireTask(call);
  return {
    data: {
      ...taskIdentity(task),
      status: task.exitstatus === undefined ? 'running' : 'stopped',
      ...(task.exitstatus !== undefined ? { exitstatus: task.exitstatus } : {}),
    },
  };
}

/**
 * PVE::Tools dump_logfile: lines from `start` (default 0), at most `limit`
 * (default 50; 0 reads to the end); `total` counts every line. An empty log
 * answers one "no content" line.
 */
function taskLog(call: Call) {
  const task = requireTask(call);
  const start = Number(call.params.start ?? 0);
  const limit = Number(call.params.limit ?? 50);
  const lines = task.lines.length > 0 ? task.lines : ['no content'];
  const end = limit === 0 ? lines.length : start + limit;
  const page = lines.slice(start, end).map((text, index) => ({ n: start + index + 1, t: text }));
  return { data: page, total: lines.length };
}

/** upid_normalize_status_type: what statusfilter and errors=1 match on (a running task is `unknown`). */
function statusType(exitstatus: string | undefined): string {
  if (!exitstatus || exitstatus === 'unexpected status') return 'unknown';
  if (exitstatus === 'OK') return 'ok';
  return /^WARNINGS: \d+$/.test(exitstatus) ? 'warning' : 'error';
}

/** The status types a task list call asks for (statusfilter, errors). */
function wantedStatusTypes(params: Readonly<Record<string, string>>): ReadonlySet<string> {
  if (params.errors === '1') return new Set(['warning', 'error', 'unknown']);
  if (params.statusfilter !== undefined) return new Set(splitList(params.statusfilter).map((type) => type.toLowerCase()));
  return new Set(['ok', 'warning', 'error', 'unknown']);
}

/**
 * GET /nodes/{node}/tasks (pve-manager Tasks.pm node_tasks). `source`
 * decides what is read: `archive` (the default) lists finished tasks only,
 * `active` the running ones (status `RUNNING`), `all` both, running first.
 * Filters: userfilter (a case-insensitive part of the user), typefilter,
 * vmid, since/until on the start time, statusfilter or errors. `start`/`limit`
 * (defaults 0 and 50, `limit=0` lists nothing) page the matches; `total`
 * counts them all.
 */
function taskList(call: Call) {
  const { sim, params } = call;
  const principal = call.principal as Principal;
  const caller = sim.access.taskUser(principal);
  const mayAudit = sim.access.can(principal, `/nodes/${params.node}`, 'Sys.Audit');
  const source = params.source ?? 'archive';
  const statusTypes = wantedStatusTypes(params);
  const tasks = sim.tasks.list(params.node);
  const candidates = [
    ...(source === 'active' || source === 'all' ? tasks.filter((task) => task.exitstatus === undefined) : []),
    ...(source !== 'active' ? tasks.filter((task) => task.exitstatus !== undefined) : []),
  ];
  const matching = candidates
    .filter((task) => !params.userfilter || task.user.toLowerCase().includes(params.userfilter.toLowerCase()))
    .filter((task) => mayAudit || ownsTask(caller, task.user))
    .filter((task) => !params.typefilter || task.type === params.typefilter)
    .filter((task) => !params.vmid || task.id === params.vmid)
    .filter((task) => params.since === undefined || task.starttime >= Number(params.since))
    .filter((task) => params.until === undefined || task.starttime <= Number(params.until))
    .filter((task) => statusTypes.has(statusType(task.exitstatus)));
  const start = Number(params.start ?? 0);
  const limit = Number(params.limit ?? 50);
  const page = matching.slice(start, start + limit).map((task) => ({
    ...taskIdentity(task),
    ...(task.exitstatus !== undefined ? { status: task.exitstatus, endtime: task.endtime } : { status: 'RUNNING' }),
  }));
  return { data: page, total: matching.length };
}

/** Task routes. */
export const taskRoutes: readonly Route[] = [
  { method: 'GET', path: '/nodes/{node}/tasks', proxyToNode: true, handler: taskList },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/status', proxyToNode: true, handler: taskStatus },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/log', proxyToNode: true, handler: taskLog },
  {
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    proxyToNode: true,
    handler: (call) => {
      const task = requireTask(call);
      call.sim.tasks.abort(task.upid);
      return { data: null };
    },
  },
];
