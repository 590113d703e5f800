/**
 * The fault matrix of issue 8: every endpoint the app calls (PveApi in
 * src/proxmox/api-calls.ts, with the generic writes split into the plan steps
 * that use them) against every way a call can go wrong, and what the user
 * must see in each cell, interactively and with --yes.
 *
 * This file is data and the rules that fill the cells; the tests drive it:
 *
 *   fault-matrix-unattended.int.test.ts   every cell through main() --yes, and that the rows
 *                                         are exactly PveApi's endpoints and the plan's steps
 *   tests/ui/fault-matrix.ui.test.ts      every cell in the wizard against the simulator
 *   docs/reliability.md                   generated from here (scripts/generate-reliability-doc.ts)
 *
 * A cell's expectation is its journey's (or phase's) rule for the fault
 * kind, unless the row overrides it; an override says why.
 */
import type { FaultSpec } from '../../../mocks/simulator';
import type { PveApi } from '../../../src/proxmox/api-calls';
import type { StepId } from '../../../src/workflow/request-plan';

/** The ways a call goes wrong, in the order of the issue. */
export const FAULT_KINDS = ['refused', 'reset', 'timeout', 'server-error', 'session-ended', 'forbidden', 'malformed', 'wrong-shape'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A PveApi entry's name. */
export type ApiName = keyof typeof PveApi;

/** The Proxmox message of the 500 cells: a real pmxcfs lock timeout. */
export const SERVER_ERROR_MESSAGE = "cfs-lock 'file-user_cfg' error: got lock request timeout";
/** The auth layer's words for a ticket it no longer accepts (401, no body). */
export const SESSION_ENDED_MESSAGE = 'permission denied - invalid PVE ticket';

/** How each kind is made, and how the app words it. */
export const KINDS: Readonly<Record<FaultKind, { readonly label: string; readonly how: string }>> = {
  refused: {
    label: 'connection refused',
    how: 'the port is closed: before the first contact the simulator is not listening; mid-session it stops listening (pause) at the moment the app would call the endpoint, so every call from then on is refused until it listens again',
  },
  reset: { label: 'reset mid-response', how: 'the call runs, the headers and half the body are sent, then the connection drops (fault `reset`)' },
  timeout: { label: 'timeout (no answer)', how: 'the call is never answered (fault `hang`) and the client gives up after its request timeout' },
  'server-error': { label: '500 with a message', how: `\`status: 500\` with Proxmox's envelope: "${SERVER_ERROR_MESSAGE}"` },
  'session-ended': {
    label: '401 (ticket expired or revoked)',
    how: `once, as the auth layer sends it (empty body, "${SESSION_ENDED_MESSAGE}"); a new sign-in gets a ticket that works`,
  },
  forbidden: { label: '403 (missing privilege)', how: '`status: 403` "Permission check failed (<path>, <privilege>)" with a privilege that call needs' },
  malformed: { label: 'malformed JSON', how: 'status 200 with the body cut in half (fault `malformed`; the call ran)' },
  'wrong-shape': { label: 'body of the wrong shape', how: 'valid JSON of the wrong shape: a list wrapped in an object, anything else in a list (fault `wrongShape`; the call ran)' },
};

/**
 * What the app says to a 401 in each place, with `<request>` for the request:
 * to signing in and to a code it is Proxmox refusing the credentials; before
 * signing in it asks for a session; right after, the sign-in did not hold.
 */
export function sessionEndedWords(row: MatrixRow): string {
  if (row.journey === 'realms') return `<request> needs a signed-in session (${SESSION_ENDED_MESSAGE}); sign in and try again.`;
  if (row.journey === 'sign-in') return 'Sign-in failed: the user name, realm or password was not accepted; check them and try again.';
  if (row.journey === 'second-factor') return 'The second-factor code was not accepted; check the code (or use a recovery key) and try again.';
  return `The server no longer accepts this session (${SESSION_ENDED_MESSAGE}); sign in again.`;
}

/** The simulator fault of a kind for a row (refused is not a fault: the simulator stops listening). */
export function faultFor(row: MatrixRow, kind: Exclude<FaultKind, 'refused'>): FaultSpec {
  const where = { method: row.method, pathRegex: row.pathRegex };
  switch (kind) {
    case 'reset':
      return { ...where, reset: true };
    case 'timeout':
      return { ...where, hang: true };
    case 'server-error':
      return { ...where, status: 500, message: SERVER_ERROR_MESSAGE };
    case 'session-ended':
      return { ...where, status: 401, message: SESSION_ENDED_MESSAGE, times: 1 };
    case 'forbidden':
      return { ...where, status: 403, message: `Permission check failed (${row.forbidden.path}, ${row.forbidden.privilege})` };
    case 'malformed':
      return { ...where, malformed: true };
    case 'wrong-shape':
      return { ...where, wrongShape: true };
  }
}

// ---------------------------------------------------------------- what the user sees

/** Screens (wizard steps) where a failure can show. */
export type Screen = 'Login' | 'General' | 'OS' | 'CPU' | 'Submit';

/** What the interactive wizard shows in one cell. */
export interface UiCell {
  readonly screen: Screen;
  /** Where on the screen, in the user's words (for the doc). */
  readonly place: string;
  readonly message: MessageRule;
  /** Submit only: the result shown. */
  readonly result?: 'not created' | 'created' | 'partial' | 'not confirmed';
  /** How the user goes on once the cause is gone. */
  readonly recovery: Recovery;
  /** Why this cell differs from its journey's rule, if it does. */
  readonly why?: string;
}

/**
 * Which words the user reads: the kind's message for this endpoint
 * (`endpoint`), for any request (`any-endpoint`: refused hits whatever the
 * app calls first), none because nothing failed for the user (`none`), or a
 * message of its own that contains `says`.
 */
export type MessageRule = 'endpoint' | 'any-endpoint' | 'none' | { readonly says: string; readonly reads: string };

/** The create got no answer and nothing of it is on the cluster (provisioning's notFoundError). */
const NOT_FOUND: MessageRule = {
  says: 'got no usable answer, and neither VM',
  reads: 'The request creating VM N on pve1 got no usable answer, and neither VM N nor a create task of yours is on pve1: it most likely did not arrive, but it may still be on its way. Look for VM N on pve1 before creating it again.',
};
/** Whether the create happened could not be found out (provisioning's unconfirmedError). */
const NOT_CONFIRMED: MessageRule = {
  says: 'may have been created on pve1, but this could not be confirmed',
  reads: 'VM N may have been created on pve1, but this could not be confirmed (<what failed, in the words of its kind>). Look for VM N and its create task on pve1 before creating it again.',
};

/** Why a cut or reshaped answer about a missing VM still tells the app that it is missing. */
const VM_ABSENT_IN_STATUS_LINE =
  "the VM is not there, and Proxmox's 500 \"Configuration file ... does not exist\" also arrives in the status line when the body is cut or reshaped: the app reports that nothing of the create was found";

/** Why a 403 on the VM's status still tells the app that nothing of the create is there. */
const ID_FREE_SAYS_ABSENT =
  'a user who may not read the VM (no VM.Audit on it) asks GET /cluster/nextid?vmid=N instead, which any user may: the ID is free, so nothing of the create is on the cluster';

/** What the user does to go on, as the tests press it. */
export type Recovery =
  | 'Retry button'
  | 'Enter signs in again'
  | 'r retries'
  | 'sign in again in the dialog'
  | 'sign in again in the dialog, then r'
  | 'leave the VM ID field again'
  | 'nothing to do';

/** What a --yes run does in one cell. */
export type YesCell =
  | {
      readonly exit: 0 | 1 | 3 | 4;
      /** `--output json` status, where the run got as far as the plan. */
      readonly status?: 'created' | 'failed' | 'unknown' | 'partial';
      /** Which words on stderr (as for UiCell). */
      readonly message: MessageRule;
      readonly why?: string;
    }
  | { readonly notCalled: string };

/** Where in the wizard an endpoint is used: decides the screen and the recovery. */
export type Journey =
  | 'realms'
  | 'sign-in'
  | 'second-factor'
  | 'cluster-data'
  | 'node-data'
  | 'iso-list'
  | 'cpu-models'
  | 'vmid-check'
  | 'create'
  | 'after-create'
  | 'create-task'
  | 'create-check'
  | 'unused';

/** Where in a --yes run an endpoint is used: decides the exit code. */
export type Phase = 'before-write' | 'create' | 'after-create' | 'create-task' | 'create-check' | 'not-called';

/** One row: an endpoint (and, for the generic writes, the plan step that uses it). */
export interface MatrixRow {
  /** Unique; the PveApi name, with the use after a colon where one entry has several. */
  readonly id: string;
  readonly api: ApiName;
  /** For `write` / `taskWrite`: the plan step this row is. */
  readonly planStep?: StepId;
  /** As the doc shows it. */
  readonly endpoint: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The API path the simulator's fault matches (below /api2/json). */
  readonly pathRegex: string;
  /** What the app uses it for. */
  readonly usedFor: string;
  readonly journey: Journey;
  readonly phase: Phase;
  /** The privilege the 403 cell names. */
  readonly forbidden: { readonly path: string; readonly privilege: string };
  /** Cells that differ from the journey's / phase's rule, with the reason. */
  readonly ui?: Partial<Record<FaultKind, Partial<UiCell> & { readonly why: string }>>;
  readonly yes?: Partial<Record<FaultKind, YesCell>>;
  /** Why the row is not exercised in one mode (the whole row). */
  readonly uiNotCalled?: string;
}

const node = '[^/]+';

/**
 * The task's status says it ended OK: its log is only shown, so a log that
 * cannot be read leaves the VM created (the log box says "No output yet").
 * A refused connection fails the status polls too.
 */
const LOG_ONLY_SHOWN: Pick<MatrixRow, 'ui' | 'yes'> = (() => {
  const why = "the task's status says it ended OK; its log is only shown, so the create is reported done without it";
  const kinds = ['reset', 'timeout', 'server-error', 'forbidden', 'malformed', 'wrong-shape'] as const;
  const ui: UiCell = { screen: 'Submit', place: 'the result under the progress; the task log box stays empty', message: 'none', result: 'created', recovery: 'nothing to do', why };
  const sessionWhy = 'the task ended OK, but the 401 to its log ended the session: the next step (the serial console) fails with it, and after signing in r runs only that step';
  return {
    ui: {
      ...Object.fromEntries(kinds.map((kind) => [kind, ui])),
      'session-ended': {
        screen: 'Submit',
        place: 'the result under the progress: the VM exists, setting its serial console failed; under a "Session expired" dialog that the 401 opened',
        message: 'endpoint',
        result: 'partial',
        recovery: 'sign in again in the dialog, then r',
        why: sessionWhy,
      },
    },
    yes: {
      ...Object.fromEntries(kinds.map((kind) => [kind, { exit: 0, status: 'created', message: 'none', why } as const])),
      'session-ended': { exit: 4, status: 'partial', message: 'endpoint', why: sessionWhy },
    },
  };
})();

/** Without Sys.Audit on / the cluster status is not readable: the app does without it. */
const ANSWERING_NODE_IS_A_HINT: Pick<MatrixRow, 'ui' | 'yes'> = {
  ui: {
    forbidden: {
      message: 'none',
      place: 'nothing fails: General shows the first online node by name as the default node',
      recovery: 'nothing to do',
      why: 'which node answers is only a hint for the default node; a user who may not read the cluster status gets the first online node by name',
    },
  },
  yes: {
    forbidden: { exit: 0, status: 'created', message: 'none', why: 'which node answers is only a hint for the default node; without it the VM goes to the first online node by name' },
  },
};
const ANY_NODE_TASK = `^/nodes/${node}/tasks/${node}`;

/** Every endpoint the app calls, in the order a run meets them. */
export const MATRIX: readonly MatrixRow[] = [
  {
    id: 'domains',
    api: 'domains',
    endpoint: 'GET /access/domains',
    method: 'GET',
    pathRegex: '^/access/domains$',
    usedFor: 'the realm list of the Login step',
    journey: 'realms',
    phase: 'not-called',
    forbidden: { path: '/access', privilege: 'Sys.Audit' },
    ui: {
      'session-ended': {
        why: 'the realm list is read before signing in: a 401 there is not a session that ended, so no dialog; the realm can still be typed with the user (alice@pve)',
      },
    },
  },
  {
    id: 'ticket',
    api: 'ticket',
    endpoint: 'POST /access/ticket',
    method: 'POST',
    pathRegex: '^/access/ticket$',
    usedFor: 'signing in with user and password',
    journey: 'sign-in',
    phase: 'before-write',
    forbidden: { path: '/access', privilege: 'Sys.Audit' },
    ui: {
      'session-ended': {
        place: 'at the Password field',
        why: 'a 401 to the sign-in itself is how Proxmox refuses a user name, realm or password: "Sign-in failed: ..." at Password',
      },
    },
  },
  {
    id: 'ticket:second-factor',
    api: 'ticket',
    endpoint: 'POST /access/ticket (tfa-challenge)',
    method: 'POST',
    pathRegex: '^/access/ticket$',
    usedFor: 'answering the TOTP challenge of alice@pve',
    journey: 'second-factor',
    phase: 'before-write',
    forbidden: { path: '/access', privilege: 'Sys.Audit' },
    ui: {
      'session-ended': {
        place: 'in the Second factor dialog, which asks again',
        recovery: 'nothing to do',
        why: 'a 401 to the code is how Proxmox refuses a wrong code: the dialog asks again with "The second-factor code was not accepted", and the next code signs in',
      },
    },
    yes: {
      'session-ended': { exit: 0, message: 'none', why: 'a 401 to the code means a wrong code: the terminal asks again (3 tries) and the next code signs in' },
    },
  },
  {
    id: 'version',
    api: 'version',
    endpoint: 'GET /version',
    method: 'GET',
    pathRegex: '^/version$',
    usedFor: "the feature checks of the request builder: read with the rest of the cluster's data right after signing in, shown by the General step",
    journey: 'cluster-data',
    phase: 'before-write',
    forbidden: { path: '/', privilege: 'Sys.Audit' },
  },
  ...(
    [
      ['nodes', 'GET /nodes', '^/nodes$', 'the node list', { path: '/nodes', privilege: 'Sys.Audit' }],
      ['clusterStatus', 'GET /cluster/status', '^/cluster/status$', 'which node answers (the default node)', { path: '/', privilege: 'Sys.Audit' }],
      ['nextId', 'GET /cluster/nextid', '^/cluster/nextid$', 'the suggested VM ID', { path: '/vms', privilege: 'VM.Allocate' }],
      ['vmResources', 'GET /cluster/resources?type=vm', '^/cluster/resources$', 'the VM IDs in use and the tags of existing guests', { path: '/vms', privilege: 'VM.Audit' }],
      ['pools', 'GET /pools', '^/pools$', 'the resource pools', { path: '/pool', privilege: 'Pool.Audit' }],
      ['clusterOptions', 'GET /cluster/options', '^/cluster/options$', 'the tag rules (registered tags, user tag access)', { path: '/', privilege: 'Sys.Audit' }],
      ['permissions', 'GET /access/permissions?path=/', '^/access/permissions$', 'whether the user may set any tag (Sys.Modify on /)', { path: '/access', privilege: 'Sys.Audit' }],
    ] as const
  ).map(
    ([api, endpoint, pathRegex, what, forbidden]): MatrixRow => ({
      id: api,
      api,
      endpoint,
      method: 'GET',
      pathRegex,
      usedFor: `${what}: read with the rest of the cluster's data right after signing in, shown by the General step`,
      journey: 'cluster-data',
      phase: 'before-write',
      forbidden,
      ...(api === 'clusterStatus' ? ANSWERING_NODE_IS_A_HINT : {}),
    }),
  ),
  {
    id: 'nextId:check',
    api: 'nextId',
    endpoint: 'GET /cluster/nextid?vmid=N',
    method: 'GET',
    pathRegex: '^/cluster/nextid$',
    usedFor: 'checking a VM ID the user typed, when leaving the field',
    journey: 'vmid-check',
    phase: 'not-called',
    forbidden: { path: '/vms', privilege: 'VM.Allocate' },
  },
  ...(
    [
      ['storages', 'GET /nodes/{node}/storage', `^/nodes/${node}/storage$`, 'the ISO and disk storages of the node', { path: '/storage', privilege: 'Datastore.Audit' }],
      ['networks', 'GET /nodes/{node}/network?type=any_bridge', `^/nodes/${node}/network$`, 'the bridges of the node', { path: '/nodes/pve1', privilege: 'Sys.Audit' }],
    ] as const
  ).map(
    ([api, endpoint, pathRegex, what, forbidden]): MatrixRow => ({
      id: api,
      api,
      endpoint,
      method: 'GET',
      pathRegex,
      usedFor: `${what}: read right after signing in with the cluster's data (by \`localhost\`, the node that answers, the default one), needed from the OS step on`,
      journey: 'node-data',
      phase: 'before-write',
      forbidden,
    }),
  ),
  {
    id: 'storageContent',
    api: 'storageContent',
    endpoint: 'GET /nodes/{node}/storage/{storage}/content?content=iso',
    method: 'GET',
    pathRegex: `^/nodes/${node}/storage/${node}/content$`,
    usedFor: 'the ISO images of the ISO storage (OS step)',
    journey: 'iso-list',
    phase: 'before-write',
    forbidden: { path: '/storage/cephfs', privilege: 'Datastore.Audit' },
  },
  {
    id: 'cpuModels',
    api: 'cpuModels',
    endpoint: 'GET /nodes/{node}/capabilities/qemu/cpu',
    method: 'GET',
    pathRegex: `^/nodes/${node}/capabilities/qemu/cpu$`,
    usedFor: 'the CPU models of the node (CPU step)',
    journey: 'cpu-models',
    phase: 'before-write',
    forbidden: { path: '/nodes/pve1', privilege: 'Sys.Audit' },
    yes: {
      forbidden: { exit: 0, status: 'created', message: 'none', why: 'CPU models only sharpen the check of the CPU type; a user who may not read them still creates a VM with type host' },
    },
  },
  {
    id: 'taskWrite:create',
    api: 'taskWrite',
    planStep: 'create',
    endpoint: 'POST /nodes/{node}/qemu',
    method: 'POST',
    pathRegex: `^/nodes/${node}/qemu$`,
    usedFor: 'creating the VM (answers with the qmcreate task)',
    journey: 'create',
    phase: 'create',
    forbidden: { path: '/vms/106', privilege: 'VM.Allocate' },
  },
  {
    id: 'taskStatus',
    api: 'taskStatus',
    endpoint: 'GET /nodes/{node}/tasks/{upid}/status',
    method: 'GET',
    pathRegex: `${ANY_NODE_TASK}/status$`,
    usedFor: 'following the create task to its end',
    journey: 'create-task',
    phase: 'create-task',
    forbidden: { path: '/nodes/pve1', privilege: 'Sys.Audit' },
  },
  {
    id: 'taskLog',
    api: 'taskLog',
    endpoint: 'GET /nodes/{node}/tasks/{upid}/log',
    method: 'GET',
    pathRegex: `${ANY_NODE_TASK}/log$`,
    usedFor: "the create task's log, shown as it comes",
    journey: 'create-task',
    phase: 'create-task',
    forbidden: { path: '/nodes/pve1', privilege: 'Sys.Audit' },
    ...LOG_ONLY_SHOWN,
  },
  {
    id: 'vmTasks',
    api: 'vmTasks',
    endpoint: 'GET /nodes/{node}/tasks?vmid=N&typefilter=qmcreate&source=all',
    method: 'GET',
    pathRegex: `^/nodes/${node}/tasks$`,
    usedFor: 'finding our create task after the answer to the create was lost (the create is reset first)',
    journey: 'create-check',
    phase: 'create-check',
    forbidden: { path: '/nodes/pve1', privilege: 'Sys.Audit' },
  },
  {
    id: 'vmStatus',
    api: 'vmStatus',
    endpoint: 'GET /nodes/{node}/qemu/{vmid}/status/current',
    method: 'GET',
    pathRegex: `^/nodes/${node}/qemu/\\d+/status/current$`,
    usedFor: 'whether the VM exists, after the create got no usable answer and no create task of ours is listed (a proxy answers the create 502 first)',
    journey: 'create-check',
    phase: 'create-check',
    forbidden: { path: '/vms/106', privilege: 'VM.Audit' },
    ui: {
      malformed: { message: NOT_FOUND, why: VM_ABSENT_IN_STATUS_LINE },
      'wrong-shape': { message: NOT_FOUND, why: VM_ABSENT_IN_STATUS_LINE },
      forbidden: { message: NOT_FOUND, why: ID_FREE_SAYS_ABSENT },
    },
    yes: {
      forbidden: { exit: 1, status: 'unknown', message: NOT_FOUND, why: ID_FREE_SAYS_ABSENT },
      malformed: { exit: 1, status: 'unknown', message: NOT_FOUND, why: VM_ABSENT_IN_STATUS_LINE },
      'wrong-shape': { exit: 1, status: 'unknown', message: NOT_FOUND, why: VM_ABSENT_IN_STATUS_LINE },
    },
  },
  {
    id: 'write:serial-console',
    api: 'write',
    planStep: 'serial-console',
    endpoint: 'PUT /nodes/{node}/qemu/{vmid}/config',
    method: 'PUT',
    pathRegex: `^/nodes/${node}/qemu/\\d+/config$`,
    usedFor: 'serial0=socket, vga=serial0 after the create',
    journey: 'after-create',
    phase: 'after-create',
    forbidden: { path: '/vms/106', privilege: 'VM.Config.HWType' },
    ui: { 'wrong-shape': { result: 'created', message: 'none', recovery: 'nothing to do', why: 'the answer of a config update is not used (`null` from PVE): any JSON means it was applied' } },
    yes: { 'wrong-shape': { exit: 0, status: 'created', message: 'none', why: 'the answer of a config update is not used: any JSON means it was applied' } },
  },
  {
    id: 'write:ha',
    api: 'write',
    planStep: 'ha',
    endpoint: 'POST /cluster/ha/resources',
    method: 'POST',
    pathRegex: '^/cluster/ha/resources$',
    usedFor: 'registering the VM with HA, on PVE before 9.1 (newer servers do it in the create: ha-managed=1)',
    journey: 'after-create',
    phase: 'after-create',
    forbidden: { path: '/', privilege: 'Sys.Console' },
    ui: { 'wrong-shape': { result: 'created', message: 'none', recovery: 'nothing to do', why: 'the answer of the HA registration is not used: any JSON means it was done' } },
    yes: { 'wrong-shape': { exit: 0, status: 'created', message: 'none', why: 'the answer of the HA registration is not used: any JSON means it was done' } },
  },
  {
    id: 'taskWrite:start',
    api: 'taskWrite',
    planStep: 'start',
    endpoint: 'POST /nodes/{node}/qemu/{vmid}/status/start',
    method: 'POST',
    pathRegex: `^/nodes/${node}/qemu/\\d+/status/start$`,
    usedFor: 'starting the VM when asked to (Confirm: Start after create)',
    journey: 'after-create',
    phase: 'after-create',
    forbidden: { path: '/vms/106', privilege: 'VM.PowerMgmt' },
  },
  {
    id: 'destroyVm',
    api: 'destroyVm',
    endpoint: 'DELETE /nodes/{node}/qemu/{vmid}',
    method: 'DELETE',
    pathRegex: `^/nodes/${node}/qemu/\\d+$`,
    usedFor: 'nothing in the app, which never deletes: scripts/record-cassettes.ts cleans up its recordings with it',
    journey: 'unused',
    phase: 'not-called',
    forbidden: { path: '/vms/106', privilege: 'VM.Allocate' },
    uiNotCalled: 'the app never deletes anything; the matrix tests check that no DELETE reaches the cluster in a whole run',
  },
];

// ---------------------------------------------------------------- the rules

/** Where each journey shows its failures, and how the user goes on. */
const JOURNEYS: Readonly<Record<Exclude<Journey, 'unused'>, { readonly screen: Screen; readonly place: string; readonly recovery: Recovery }>> = {
  realms: { screen: 'Login', place: 'in the Realm field ("Could not load the realms: ...", Retry) and in full above the fields', recovery: 'Retry button' },
  'sign-in': { screen: 'Login', place: 'above the fields; the form keeps the user and password', recovery: 'Enter signs in again' },
  'second-factor': { screen: 'Login', place: 'above the fields after the code was sent; the form keeps the user and password', recovery: 'Enter signs in again' },
  'cluster-data': { screen: 'General', place: "the step's body: the message, the request, \"Your input is kept\", Retry", recovery: 'Retry button' },
  'node-data': { screen: 'OS', place: "the step's body (the first step that needs the node's storages and bridges), Retry", recovery: 'Retry button' },
  'iso-list': { screen: 'OS', place: 'in the ISO image field, Retry in its place; the other fields stay usable', recovery: 'Retry button' },
  'cpu-models': { screen: 'CPU', place: 'in the Type field, Retry in its place; the type can still be typed', recovery: 'Retry button' },
  'vmid-check': {
    screen: 'General',
    place: 'a warning at the VM ID field: "Could not check VM ID N (what failed); leave the field to check again (the create checks it too)", which does not block Next; the footer points to it',
    recovery: 'leave the VM ID field again',
  },
  create: { screen: 'Submit', place: 'the result under the progress', recovery: 'r retries' },
  'after-create': { screen: 'Submit', place: 'the result under the progress: the VM exists, the step failed', recovery: 'r retries' },
  'create-task': { screen: 'Submit', place: 'the result under the progress', recovery: 'r retries' },
  'create-check': { screen: 'Submit', place: 'the result under the progress', recovery: 'r retries' },
};

/** Journeys whose data is read right after signing in (for the default node), before any step needs it. */
const PREFETCHED: readonly Journey[] = ['node-data', 'iso-list', 'cpu-models'];

/** What a Submit journey's run ends as, per kind, when the row does not say otherwise. */
function submitResult(journey: Journey, kind: FaultKind): UiCell['result'] {
  switch (journey) {
    case 'create':
      // The call ran but its answer was lost or unreadable: the run finds its task and follows it.
      if (kind === 'reset' || kind === 'malformed' || kind === 'wrong-shape') return 'created';
      // Never answered: nothing of ours is on the cluster, but the request may still arrive.
      if (kind === 'timeout') return 'not confirmed';
      return 'not created';
    case 'after-create':
      return 'partial';
    default:
      return 'not confirmed';
  }
}

/** The interactive wizard's cell: the journey's rule, then the row's override. */
export function uiCell(row: MatrixRow, kind: FaultKind): UiCell | { readonly notCalled: string } {
  if (row.journey === 'unused') return { notCalled: row.uiNotCalled ?? 'not called' };
  const journey = JOURNEYS[row.journey];
  const isSubmit = journey.screen === 'Submit';
  const result = isSubmit ? submitResult(row.journey, kind) : undefined;
  let cell: UiCell = { screen: journey.screen, place: journey.place, message: messageRule(row, kind, result), result, recovery: journey.recovery };
  if (result === 'created') cell = { ...cell, message: 'none', recovery: 'nothing to do', why: "the call ran and only its answer was lost: the app finds the create task on the cluster and follows it, so nothing is created twice" };
  if (kind === 'session-ended' && row.journey !== 'realms' && row.journey !== 'sign-in' && row.journey !== 'second-factor') {
    cell = isSubmit
      ? { ...cell, place: `${cell.place}, under a "Session expired" dialog that the 401 opened`, recovery: 'sign in again in the dialog, then r' }
      : { ...cell, place: 'a "Session expired" dialog over the step; after signing in the request is repeated and the step loads', message: 'none', recovery: 'sign in again in the dialog' };
    if (PREFETCHED.includes(row.journey)) cell = { ...cell, screen: 'General', why: 'read right after signing in, while the user is on General: the dialog shows there' };
  }
  if (kind === 'refused' && PREFETCHED.includes(row.journey)) {
    cell = { ...cell, screen: 'OS', place: JOURNEYS['node-data'].place, why: 'the server goes away while the user is on General, who then picks node pve2: its storages and bridges are the first of its data to be refused' };
  }
  return { ...cell, ...row.ui?.[kind] };
}

/** The exit code of --yes per phase and kind (docs/cli.md), when the row does not say otherwise. */
export function yesCell(row: MatrixRow, kind: FaultKind): YesCell {
  const override = row.yes?.[kind];
  if (override) return override;
  switch (row.phase) {
    case 'not-called':
      return { notCalled: row.journey === 'unused' ? (row.uiNotCalled ?? 'not called') : 'only the interactive wizard calls it' };
    case 'before-write':
      return { exit: 3, message: messageRule(row, kind, undefined) };
    case 'create': {
      const result = submitResult('create', kind);
      const message = messageRule(row, kind, result);
      if (result === 'created') return { exit: 0, status: 'created', message };
      return { exit: 1, status: result === 'not confirmed' ? 'unknown' : 'failed', message };
    }
    case 'after-create':
      return { exit: 4, status: 'partial', message: messageRule(row, kind, 'partial') };
    case 'create-task':
    case 'create-check':
      return { exit: 1, status: 'unknown', message: messageRule(row, kind, 'not confirmed') };
  }
}

/** Which words a cell shows (the same interactively and on stderr). */
function messageRule(row: MatrixRow, kind: FaultKind, result: UiCell['result']): MessageRule {
  if (result === 'created') return 'none';
  if (result === 'not confirmed') return row.journey === 'create' ? NOT_FOUND : NOT_CONFIRMED;
  // Reads run in parallel: once the server is gone, whichever is sent first is refused first.
  const parallel = !['realms', 'sign-in', 'second-factor', 'create', 'after-create'].includes(row.journey);
  return kind === 'refused' && parallel ? 'any-endpoint' : 'endpoint';
}

/** The PveApi names the matrix covers. */
export function matrixApiNames(): Set<string> {
  return new Set(MATRIX.map((row) => row.api));
}
