/**
 * Asking the cluster what became of a create whose answer was lost (a
 * timeout, a reset connection, an answer that could not be read) before
 * anything is sent again: sending the create blindly a second time is how a
 * second VM gets made.
 *
 * Proxmox writes the VM's config (locked `create`) before it answers the
 * create request, then starts a qmcreate task that is listed under the VM ID
 * with the caller as its user. So the VM's status and the caller's create
 * tasks for that ID tell what happened.
 */
import { isProxmoxError, type ProxmoxError } from '../../shared/proxmox-error';
import { PveApi } from '../../proxmox/api-calls';
import type { TaskListResponse } from '../../proxmox/codecs/tasks.codec';
import type { Authentication, ProxmoxClient } from '../../proxmox/proxmox-client';

/**
 * A create task that started this long before the request was sent still
 * counts as this request's: the server's clock and ours may disagree by a
 * few minutes (Proxmox tickets allow five).
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** What the cluster says about a create of VM `vmid` on `node` sent at `sentAt`. */
export type CreateFinding =
  /** A qmcreate task of ours for the VM, running or ended: follow it for the outcome. */
  | { readonly kind: 'our-task'; readonly upid: string }
  /** The VM exists and no create task of ours made it: someone else has the ID. */
  | { readonly kind: 'taken' }
  /** No VM and no create task of ours: the request did not arrive (or has not been acted on yet). */
  | { readonly kind: 'absent' }
  /** The cluster could not be asked, or its answer does not say whose the VM is. */
  | { readonly kind: 'unconfirmed'; readonly error: ProxmoxError | Error };

/** Whether a VM is on a node; `lockUnknown` when only its ID was seen in use (not its config). */
export type VmPresence = { readonly kind: 'present'; readonly lock?: string; readonly lockUnknown?: true } | { readonly kind: 'absent' };

/** Where the create went and when, and who sent it. */
export interface CreateAttempt {
  readonly node: string;
  readonly vmid: number;
  /** Client clock, ms. */
  readonly sentAt: number;
  readonly sender: Authentication;
  /** UPIDs of create tasks already followed to their end for earlier attempts: never this request's. */
  readonly settledTasks?: ReadonlySet<string>;
}

/**
 * Look at our create tasks for the VM, and at the VM only when none of them
 * is this request's: a task of ours answers the question, and asking more
 * would only add a request whose failure turns a create we can follow into
 * one we cannot confirm.
 *
 * A VM found without a task of ours is someone else's only if the tasks,
 * listed again after the VM was seen, still show none: the first list may
 * predate our request, and Proxmox writes the config before it starts the
 * task. A VM still locked `create` is never called someone else's: its task
 * may not be listed yet.
 */
export async function findCreate(client: ProxmoxClient, attempt: CreateAttempt): Promise<CreateFinding> {
  const before = await ourCreateTasks(client, attempt);
  if ('error' in before) return { kind: 'unconfirmed', error: before.error };
  const found = thisRequestsTask(before.tasks, attempt);
  if (found) return { kind: 'our-task', upid: found.upid };
  let presence: VmPresence;
  try {
    presence = await vmPresence(client, attempt.node, attempt.vmid);
  } catch (error) {
    return { kind: 'unconfirmed', error: error as Error };
  }
  if (presence.kind === 'absent') return { kind: 'absent' };
  const after = await ourCreateTasks(client, attempt);
  if ('error' in after) return { kind: 'unconfirmed', error: after.error };
  const foundAfter = thisRequestsTask(after.tasks, attempt);
  if (foundAfter) return { kind: 'our-task', upid: foundAfter.upid };
  if (presence.lock === 'create' && !after.othersRunning) {
    return { kind: 'unconfirmed', error: new Error(`VM ${attempt.vmid} is being created on ${attempt.node} (locked: create), and no create task is listed for it yet`) };
  }
  if (presence.lockUnknown && !after.othersRunning) {
    return { kind: 'unconfirmed', error: new Error(`VM ID ${attempt.vmid} is in use, and this user may not see whose VM it is`) };
  }
  // Only a create of ours that looks older than this request (a clock far off, or an earlier VM of that ID) is left: say so rather than guess.
  if (after.tasks.length > 0) return { kind: 'unconfirmed', error: new Error(`VM ${attempt.vmid} exists on ${attempt.node}, and the only create task of yours for it looks older than this request`) };
  return { kind: 'taken' };
}

/**
 * Our qmcreate tasks for the VM (the ones followed to their end before left
 * out), and whether someone else's is running: then a VM locked `create` is theirs.
 */
async function ourCreateTasks(
  client: ProxmoxClient,
  attempt: CreateAttempt,
): Promise<{ readonly tasks: TaskListResponse; readonly othersRunning: boolean } | { readonly error: Error }> {
  try {
    const tasks = await client.request(PveApi.vmTasks(attempt.node, attempt.vmid, 'qmcreate'));
    return {
      tasks: tasks.filter((task) => sentBy(task, attempt.sender) && !attempt.settledTasks?.has(task.upid)),
      othersRunning: tasks.some((task) => !sentBy(task, attempt.sender) && isRunning(task)),
    };
  } catch (error) {
    return { error: error as Error };
  }
}

/** The newest of our tasks, if it is running or started no earlier than this request (less the clock allowance). */
function thisRequestsTask(ours: TaskListResponse, attempt: CreateAttempt): TaskListResponse[number] | undefined {
  const newest = [...ours].sort((a, b) => b.starttime - a.starttime)[0];
  return newest && (isRunning(newest) || newest.starttime * 1000 >= attempt.sentAt - CLOCK_SKEW_ALLOWANCE_MS) ? newest : undefined;
}

/**
 * `GET .../status/current`: present (with its lock), or absent when Proxmox
 * says the config does not exist. It needs VM.Audit on the VM, which a user
 * whose rights come from a pool lacks for a VM not (yet) in it: then
 * `GET /cluster/nextid?vmid=N`, which any user may ask, says whether the ID
 * is in use (a 400 naming `vmid`) anywhere in the cluster.
 */
export async function vmPresence(client: ProxmoxClient, node: string, vmid: number): Promise<VmPresence> {
  try {
    const status = await client.request(PveApi.vmStatus(node, vmid));
    return { kind: 'present', lock: status.lock };
  } catch (error) {
    if (isMissingConfig(error)) return { kind: 'absent' };
    if (isProxmoxError(error) && error.kind === 'permission') return idInUse(client, vmid, error);
    throw error;
  }
}

/** Whether the VM ID is taken, from `/cluster/nextid?vmid=N`; `denied` is thrown when that cannot tell either. */
async function idInUse(client: ProxmoxClient, vmid: number, denied: ProxmoxError): Promise<VmPresence> {
  try {
    return (await client.request(PveApi.nextId(vmid))) === vmid ? { kind: 'absent' } : { kind: 'present', lockUnknown: true };
  } catch (error) {
    if (isProxmoxError(error) && error.kind === 'validation' && error.details.parameterErrors?.vmid) return { kind: 'present', lockUnknown: true };
    throw denied;
  }
}

/** pve-guest-common's answer for a VM that is not on the node: `Configuration file 'nodes/pve1/qemu-server/123.conf' does not exist`. */
function isMissingConfig(error: unknown): boolean {
  return isProxmoxError(error) && error.kind === 'server' && /configuration file .* does not exist/i.test(error.message);
}

/** A running task has no end time (Tasks.pm lists it with status `RUNNING`). */
function isRunning(task: TaskListResponse[number]): boolean {
  return task.endtime === undefined || /^running$/i.test(task.status ?? '');
}

/**
 * Whether we started the task: for a ticket, `user` is ours and no token's;
 * for a token, `user` plus `tokenid` spell our token ID (older servers put
 * the whole `user@realm!token` in `user`).
 */
function sentBy(task: TaskListResponse[number], sender: Authentication): boolean {
  const startedBy = task.tokenid ? `${task.user}!${task.tokenid}` : task.user;
  if (sender.kind === 'ticket') return startedBy === sender.username;
  if (sender.kind === 'token') return startedBy === sender.tokenId;
  return false;
}
