/** /nodes/{node}/tasks: task list, status, log, stop. */
import type { Principal } from '../auth/access';
import type { Call, Route } from '../http/api';
import { parameterError, permissionError } from '../http/errors';
import type { TaskRecord } from '../state/tasks';

/** pve-common PVE::UPID's parse regex. */
const UPID = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/** The task, if the caller may see it: its owner, or anyone with Sys.Audit on the node. */
function requireTask(call: Call): TaskRecord {
  const { sim, params } = call;
  if (!UPID.test(params.upid)) throw parameterError({ upid: 'unable to parse worker upid' });
  const task = sim.tasks.get(params.upid);
  if (!task || task.node !== params.node) throw parameterError({ upid: 'no such task' });
  const principal = call.principal as Principal;
  if (sim.access.taskUser(principal) !== task.user && !sim.access.can(principal, `/nodes/${params.node}`, 'Sys.Audit')) {
    throw permissionError(`/nodes/${params.node}, Sys.Audit`);
  }
  return task;
}

function taskStatus(call: Call) {
  const task = requireTask(call);
  return {
    data: {
      upid: task.upid,
      node: task.node,
      pid: task.pid,
      pstart: task.pstart,
      starttime: task.starttime,
      type: task.type,
      id: task.id,
      user: task.user,
      status: task.exitstatus === undefined ? 'running' : 'stopped',
      ...(task.exitstatus !== undefined ? { exitstatus: task.exitstatus } : {}),
    },
  };
}

function taskLog(call: Call) {
  const task = requireTask(call);
  const start = Number(call.params.start ?? 0);
  const limit = Number(call.params.limit ?? 0) || 50;
  // PVE::Tools::dump_logfile answers an empty log with one "no content" line.
  const lines = task.lines.length > 0 ? task.lines : ['no content'];
  const page = lines.slice(start, start + limit).map((text, index) => ({ n: start + index + 1, t: text }));
  return { data: page, total: lines.length };
}

function taskList(call: Call) {
  const { sim, params } = call;
  const principal = call.principal as Principal;
  const mayAudit = sim.access.can(principal, `/nodes/${params.node}`, 'Sys.Audit');
  const tasks = sim.tasks
    .list(params.node)
    .filter((task) => mayAudit || task.user === sim.access.taskUser(principal))
    .filter((task) => params.vmid === undefined || task.id === params.vmid)
    .filter((task) => !params.typefilter || task.type === params.typefilter)
    .filter((task) => params.errors !== '1' || (task.exitstatus !== undefined && task.exitstatus !== 'OK'));
  const start = Number(params.start ?? 0);
  const limit = Number(params.limit ?? 50);
  const page = tasks.slice(start, start + limit).map((task) => ({
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.user,
    ...(task.exitstatus !== undefined ? { status: task.exitstatus, endtime: task.endtime } : {}),
  }));
  return { data: page, total: tasks.length };
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
