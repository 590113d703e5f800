/**
 * The fault matrix (tests/integration/reliability/fault-matrix.ts) in the
 * interactive wizard: for every endpoint and every way its call goes wrong,
 * the whole app runs against the simulated cluster with the real services
 * and client, and the failure must show on the right screen in words that
 * name it, offer the way on (Retry, Enter, r, signing in again), and once the
 * cause is gone that way must work with the user's input unchanged. The app
 * never crashes (exit 70) and never loses the user's work.
 */
import type { RunningSimulator } from '../../mocks/simulator';
import { WizardSnapshot } from '../../src/workflow/wizard-store';
import { decodeWith } from '../../src/shared/decode';
import { FAULT_KINDS, KINDS, MATRIX, uiCell, type FaultKind, type MatrixRow, type UiCell } from '../integration/reliability/fault-matrix';
import { expectedWords } from '../integration/reliability/kind-messages';
import { startMatrixCluster, type MatrixCluster } from '../integration/reliability/matrix-cluster';
import { startAppAgainst, type SimulatedApp } from './fixtures/simulated-app';
import { until } from './fixtures/wizard-app';

jest.setTimeout(20_000);

/** A hung call is given up after this; everything else answers in milliseconds. */
const SHORT_TIMEOUTS = { requestTimeoutMs: 400, pollTimeoutMs: 200 };
/** The realm list is in (root@pam's realm, or alice@pve's). */
const REALMS_LOADED = /Realm (pam|pve) /;
/** The name typed on General: input that must survive every failure. */
const TYPED_NAME = 'matrix-vm';

/** The screen as a user reads it: box lines dropped and wrapped lines joined. */
async function readableText(app: SimulatedApp): Promise<string> {
  const text = await app.ui.screenText();
  return text.replace(/[│┌┐└┘─├┤]/g, ' ').replace(/\s+/g, ' ');
}

/** What one cell needs. */
interface Cell {
  readonly cluster: MatrixCluster;
  readonly sim: RunningSimulator;
  readonly row: MatrixRow;
  readonly kind: FaultKind;
  readonly expected: UiCell;
}

/** The app for a cell: short timeouts where the call hangs, the TOTP user for the second-factor row. */
function startApp(cell: Cell): Promise<SimulatedApp> {
  const user = cell.row.journey === 'second-factor' ? cell.sim.credentials.totp! : cell.sim.credentials.login!;
  return startAppAgainst(cell.sim, {
    user: user.username,
    password: user.password,
    client: cell.kind === 'timeout' ? SHORT_TIMEOUTS : {},
    taskWatcher: { maxRetries: 1 },
  });
}

/** Install the cell's fault now (refused: the server goes away now). */
function armNow(cell: Cell): void {
  if (cell.kind === 'refused') cell.cluster.refuseNow();
  else cell.cluster.inject(cell.row, cell.kind);
}

async function until_(app: SimulatedApp, check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await until(app.ui, check, what, 1000);
}

const onStep = (app: SimulatedApp, title: string): boolean => app.ui.shell.currentStep.title === title;
const textHas = async (app: SimulatedApp, words: string | RegExp): Promise<boolean> => {
  const text = await readableText(app);
  return typeof words === 'string' ? text.includes(words) : words.test(text);
};

/** Signed in and General shows its fields. */
async function signIn(app: SimulatedApp): Promise<void> {
  await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list');
  await app.ui.press('enter');
  await until_(app, async () => onStep(app, 'General') && (await textHas(app, 'Resource pool')), 'the General step');
}

/** Type the VM's name on General. */
async function typeName(app: SimulatedApp): Promise<void> {
  await (await app.ui.step('General')).field('Name').type(TYPED_NAME);
  await app.ui.press('tab');
}

/** The input the user gave, as the store's snapshot keeps it (and that snapshot still decodes). */
function input(app: SimulatedApp): unknown {
  const store = app.wizard.store;
  if (!store) return undefined;
  const snapshot = store.snapshot();
  expect(decodeWith(WizardSnapshot, snapshot)._tag).toBe('Right');
  return snapshot.input;
}

/** The failure is on screen as the cell says: the step, the words, the way on; the app still runs. */
async function expectShown(app: SimulatedApp, cell: Cell): Promise<void> {
  const { expected } = cell;
  const text = await readableText(app);
  expect({ step: app.ui.shell.currentStep.title, exited: app.ui.exited }).toEqual({ step: expected.screen, exited: undefined });
  const words = expectedWords(expected.message, cell.kind, cell.row);
  if (words) expect(text).toMatch(words);
  expect(text).not.toMatch(/Unexpected error|TypeError|undefined/);
  switch (expected.recovery) {
    case 'Retry button':
      expect(text).toContain('[ Retry ]');
      break;
    case 'Enter signs in again':
      expect(text).toContain('[ Sign in ]');
      break;
    case 'sign in again in the dialog':
      expect(text).toContain('Session expired');
      break;
    case 'sign in again in the dialog, then r':
      expect(text).toContain('Session expired');
      break;
    case 'r retries':
      // The footer offers the key (the result's own hint may be cut when the message is long).
      expect(await app.ui.footer()).toMatch(/ r (Try creating again|Retry|Check again)/);
      break;
    case 'leave the VM ID field again':
      expect(text).toContain('Could not check VM ID 150');
      break;
    case 'nothing to do':
      break;
  }
}

/** Type the password in the "Session expired" dialog (or the second-factor code in its dialog) and sign in. */
async function answerDialog(app: SimulatedApp, secret: string): Promise<void> {
  await app.ui.type(secret);
  await app.ui.press('enter');
}

// ---------------------------------------------------------------- journeys

/** Login: the realm list fails at start; Retry loads it; the typed user and the password stay. */
async function realmsJourney(cell: Cell): Promise<void> {
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  if (cell.kind === 'refused') cell.cluster.refuseNow();
  else armNow(cell);
  const app = await startApp(cell);
  try {
    await until_(app, () => textHas(app, 'Could not load the realms'), 'the realm error');
    await expectShown(app, cell);
    const login = await app.ui.step('Login');
    await login.field('User name').type('root@pam');
    await cell.cluster.recover();
    await login.field('Retry').press('enter');
    await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list after Retry');
    expect(await login.field('User name').value()).toBe('root@pam');
    await app.ui.press('enter');
    await until_(app, () => onStep(app, 'General'), 'signing in with the kept input');
  } finally {
    await app.close();
  }
}

/** Login: signing in fails; the form keeps user and password; Enter signs in once the cause is gone. */
async function signInJourney(cell: Cell): Promise<void> {
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  const app = await startApp(cell);
  try {
    await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list');
    armNow(cell);
    await app.ui.press('enter');
    await until_(app, async () => (await textHas(app, 'Not signed in')) || !onStep(app, 'Login'), 'the sign-in to fail');
    await expectShown(app, cell);
    if (cell.expected.place.includes('Password')) expect(await (await app.ui.step('Login')).field('Password').message()).toBeDefined();
    await cell.cluster.recover();
    await (await app.ui.step('Login')).field('Sign in').press('enter');
    await until_(app, () => onStep(app, 'General'), 'signing in again');
  } finally {
    await app.close();
  }
}

/** Login with TOTP: the code's request fails; the user signs in again with the kept form. */
async function secondFactorJourney(cell: Cell): Promise<void> {
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  const app = await startApp(cell);
  const code = (): string => cell.sim.totpCode('alice@pve') ?? '';
  try {
    await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list');
    await app.ui.press('enter');
    await until_(app, () => textHas(app, 'has a second factor'), 'the second-factor dialog');
    armNow(cell);
    await answerDialog(app, code());
    if (cell.kind === 'session-ended') {
      // Proxmox's answer to a wrong code: the dialog asks again, and the next code signs in.
      await until_(app, () => textHas(app, 'The second-factor code was not accepted'), 'the dialog to ask again');
      await expectShown(app, cell);
      await app.ui.press('C-u');
      await answerDialog(app, code());
    } else {
      await until_(app, () => textHas(app, 'Not signed in'), 'the sign-in to fail');
      await expectShown(app, cell);
      await cell.cluster.recover();
      await (await app.ui.step('Login')).field('Sign in').press('enter');
      await until_(app, () => textHas(app, 'has a second factor'), 'the second-factor dialog again');
      await answerDialog(app, code());
    }
    await until_(app, () => onStep(app, 'General'), 'signed in');
  } finally {
    await app.close();
  }
}

/** General: the cluster's data fails right after signing in; Retry (or signing in again) loads it. */
async function clusterDataJourney(cell: Cell): Promise<void> {
  const app = await startApp(cell);
  try {
    await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list');
    if (cell.kind === 'refused') cell.cluster.refuseAfter({ method: 'POST', pathRegex: '^/access/ticket$', status: 200 });
    else armNow(cell);
    await app.ui.press('enter');
    if (cell.expected.recovery === 'nothing to do') {
      await until_(app, async () => onStep(app, 'General') && (await textHas(app, 'Resource pool')), 'the General step');
      await expectShown(app, cell);
      expect(app.wizard.store?.config.general.node).toBe('pve1');
      return;
    }
    const failed = async (): Promise<boolean> => (await textHas(app, '[ Retry ]')) || (await textHas(app, 'Session expired')) || (await textHas(app, 'Not signed in'));
    await until_(app, failed, 'the load to fail');
    await expectShown(app, cell);
    await cell.cluster.recover();
    if (cell.expected.recovery === 'sign in again in the dialog') await answerDialog(app, cell.sim.credentials.login!.password);
    else if (cell.expected.recovery === 'Enter signs in again') await (await app.ui.step('Login')).field('Sign in').press('enter');
    else await (await app.ui.step('General')).field('Retry').press('enter');
    await until_(app, async () => onStep(app, 'General') && (await textHas(app, 'Resource pool')), 'the General step after recovering');
    expect(app.wizard.store?.config.general.node).toBe('pve1');
  } finally {
    await app.close();
  }
}

/** Where each node-data journey's failure is, and what shows once it loads. */
const NODE_JOURNEYS = {
  'node-data': { step: 'OS', retryField: 'Retry', loaded: 'ISO storage' },
  'iso-list': { step: 'OS', retryField: 'Retry', loaded: '* nixos-minimal-25.11' },
  'cpu-models': { step: 'CPU', retryField: 'Retry', loaded: 'Type' },
} as const;

/**
 * OS / CPU: a node's data fails to load (read right after signing in); the
 * user types a name on General, goes on, sees the error where the data is
 * needed, and Retry loads it with the name kept. Refused: the server goes
 * away while the user is on General, who then picks node pve2.
 */
async function nodeDataJourney(cell: Cell): Promise<void> {
  const where = NODE_JOURNEYS[cell.row.journey as keyof typeof NODE_JOURNEYS];
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  else armNow(cell);
  const app = await startApp(cell);
  try {
    if (cell.kind === 'session-ended') {
      await until_(app, () => textHas(app, REALMS_LOADED), 'the realm list');
      await app.ui.press('enter');
      await until_(app, () => textHas(app, 'Session expired'), 'the dialog');
      await expectShown(app, cell);
      await answerDialog(app, cell.sim.credentials.login!.password);
      await until_(app, async () => !(await textHas(app, 'Session expired')) && (await textHas(app, 'Resource pool')), 'General after signing in again');
      await typeName(app);
      await app.ui.goTo(where.step);
      await until_(app, () => textHas(app, where.loaded), `${where.step} with its data`);
      expect(app.wizard.store?.config.general.name).toBe(TYPED_NAME);
      return;
    }
    await signIn(app);
    await typeName(app);
    if (cell.kind === 'refused') {
      cell.cluster.refuseNow();
      await (await app.ui.step('General')).field('Node').select('pve2');
    }
    const before = input(app);
    const step = cell.expected.screen;
    // Next is refused while the data is missing: walk as far as the step that needs it.
    await goToward(app, step);
    await until_(app, () => textHas(app, '[ Retry ]'), `the error on ${step}`);
    await expectShown(app, cell);
    await cell.cluster.recover();
    await (await app.ui.step(step)).field(where.retryField).press('enter');
    const loaded = cell.kind === 'refused' ? NODE_JOURNEYS['node-data'].loaded : where.loaded;
    await until_(app, async () => (await textHas(app, loaded)) && !(await textHas(app, '[ Retry ]')), `${step} after Retry`);
    expect(input(app)).toEqual(before);
    expect(app.wizard.store?.config.general.name).toBe(TYPED_NAME);
  } finally {
    await app.close();
  }
}

/** Ctrl-N until `title` is shown (the steps before it need nothing that fails). */
async function goToward(app: SimulatedApp, title: string): Promise<void> {
  for (let guard = 0; guard < 10 && !onStep(app, title); guard++) await app.ui.press('C-n');
  expect(app.ui.shell.currentStep.title).toBe(title);
}

/** General: the check of a typed VM ID fails; the footer says so, the ID stays; leaving the field again checks again. */
async function vmidCheckJourney(cell: Cell): Promise<void> {
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  const app = await startApp(cell);
  try {
    await signIn(app);
    armNow(cell);
    const general = await app.ui.step('General');
    await general.field('VM ID').type('150');
    await app.ui.press('tab');
    if (cell.kind === 'session-ended') {
      await until_(app, () => textHas(app, 'Session expired'), 'the dialog');
      await expectShown(app, cell);
      await answerDialog(app, cell.sim.credentials.login!.password);
      await until_(app, async () => !(await textHas(app, 'Session expired')), 'the dialog to close');
    } else {
      await until_(app, () => textHas(app, 'Could not check VM ID 150 ('), 'the warning at VM ID');
      await expectShown(app, cell);
      expect(await general.field('VM ID').message()).toMatch(/^Could not check VM ID 150/);
      await cell.cluster.recover();
      await general.field('VM ID').press('tab');
      await until_(app, async () => !(await textHas(app, 'Could not check VM ID')), 'the check to pass');
    }
    expect(app.wizard.store?.config.general.vmid).toBe(150);
    // Next waits for the check (a request) before it moves on.
    await app.ui.press('C-n');
    await until_(app, () => onStep(app, 'OS'), 'the OS step');
  } finally {
    await app.close();
  }
}

/** A plan with the row's step in it: HA as its own call (a PVE 8.4 simulator), or a start (checked on Confirm). */
async function toConfirm(app: SimulatedApp, row: MatrixRow): Promise<void> {
  await signIn(app);
  await typeName(app);
  await app.ui.goTo('Confirm');
  if (row.planStep === 'start') {
    // The checkbox shows its text, not its label: Tab to it by name.
    for (let tabs = 0; tabs < 10 && app.ui.focusedName !== 'Start after create'; tabs++) await app.ui.press('tab');
    await app.ui.press('space');
    expect(app.wizard.store?.config.confirm.start).toBe(true);
  }
}

/** The Submit step shows a result (it is no longer running the plan). */
async function submitDone(app: SimulatedApp): Promise<boolean> {
  if (!onStep(app, 'Submit') || app.ui.shell.currentStep.busyReason?.() !== undefined) return false;
  return textHas(app, /VM \d+ (created on|was not created on|exists on pve1, but)|Whether VM \d+ exists/);
}

/** Submit: a write, the create task or the check after a lost answer fails; r (after signing in again, for a 401) finishes with one VM. */
async function submitJourney(cell: Cell): Promise<void> {
  if (cell.kind === 'refused') cell.cluster.expectRefusal();
  const app = await startApp(cell);
  try {
    await toConfirm(app, cell.row);
    const before = input(app);
    const vmsBefore = cell.sim.vms().map((vm) => vm.vmid);
    armSubmit(cell);
    await app.ui.press('C-n', 'y');
    await until_(app, () => submitDone(app), 'the result of the create');
    await expectShown(app, cell);
    const result = cell.expected.result;
    const text = await readableText(app);
    if (result === 'created') expect(text).toMatch(/VM \d+ created on pve1/);
    if (result === 'not created') expect(text).toMatch(/VM \d+ was not created on pve1/);
    if (result === 'partial') expect(text).toMatch(/VM \d+ exists on pve1, but .* failed/);
    if (result === 'not confirmed') expect(text).toMatch(/Whether VM \d+ exists on pve1 could not be confirmed/);
    if (result !== 'created') {
      await cell.cluster.recover();
      if (cell.expected.recovery === 'sign in again in the dialog, then r') {
        await answerDialog(app, cell.sim.credentials.login!.password);
        await until_(app, async () => !(await textHas(app, 'Session expired')), 'the dialog to close');
      }
      await app.ui.press('r');
      await until_(app, async () => (await submitDone(app)) && (await textHas(app, /VM \d+ created on pve1/)), 'the VM created after r');
    }
    // One VM, with the user's input; nothing created twice.
    const made = cell.sim.vms().filter((vm) => !vmsBefore.includes(vm.vmid));
    expect(made.map((vm) => vm.config.name)).toEqual([TYPED_NAME]);
    expect(input(app)).toEqual(before);
    expect(cell.sim.requests().filter((request) => request.method === 'DELETE')).toEqual([]);
  } finally {
    await app.close();
  }
}

/** The fault of a Submit cell: at once, or (refused) when the call before this one is answered. */
function armSubmit(cell: Cell): void {
  const { cluster, row, kind } = cell;
  const create = { method: 'POST', pathRegex: '^/nodes/[^/]+/qemu$' };
  if (row.journey === 'create-check') cell.sim.addFault({ ...create, nth: 1, ...(row.api === 'vmStatus' ? { status: 502, message: 'Bad Gateway' } : { reset: true }) });
  if (kind !== 'refused') return cluster.inject(row, kind);
  switch (row.journey) {
    case 'create':
      return cluster.refuseNow();
    case 'create-task':
      return cluster.refuseAfter({ ...create, status: 200 });
    case 'create-check':
      return cluster.refuseAfter(create);
    default:
      // A step after the create: the server goes away once the one before it is answered.
      return cluster.refuseAfter(PREVIOUS_CALL[row.planStep ?? 'serial-console']);
  }
}

/** The answer after which a later step is sent (tasks end at once: the create task's log is read once). */
const PREVIOUS_CALL: Readonly<Record<string, { method: string; pathRegex: string }>> = {
  'serial-console': { method: 'GET', pathRegex: '^/nodes/[^/]+/tasks/[^/]+/log$' },
  ha: { method: 'PUT', pathRegex: '^/nodes/[^/]+/qemu/\\d+/config$' },
  start: { method: 'PUT', pathRegex: '^/nodes/[^/]+/qemu/\\d+/config$' },
};

const JOURNEYS: Readonly<Record<Exclude<MatrixRow['journey'], 'unused'>, (cell: Cell) => Promise<void>>> = {
  realms: realmsJourney,
  'sign-in': signInJourney,
  'second-factor': secondFactorJourney,
  'cluster-data': clusterDataJourney,
  'node-data': nodeDataJourney,
  'iso-list': nodeDataJourney,
  'cpu-models': nodeDataJourney,
  'vmid-check': vmidCheckJourney,
  create: submitJourney,
  'after-create': submitJourney,
  'create-task': submitJourney,
  'create-check': submitJourney,
};

describe.each(MATRIX.map((row) => [row.id, row] as const))('wizard: %s', (_id, row) => {
  let cluster: MatrixCluster;
  beforeAll(async () => {
    cluster = await startMatrixCluster({ taskDurationMs: 0, ...(row.planStep === 'ha' ? { version: '8.4.1' } : {}) });
  });
  afterEach(() => cluster.recover());
  afterAll(() => cluster.close());

  if (row.journey === 'unused') {
    it(`is never called (${row.uiNotCalled})`, async () => {
      const app = await startAppAgainst(cluster.sim);
      try {
        await toConfirm(app, row);
        await app.ui.press('C-n', 'y');
        await until(app.ui, () => submitDone(app), 'the create', 1000);
        expect(cluster.sim.requests().filter((request) => request.method === row.method)).toEqual([]);
      } finally {
        await app.close();
      }
    });
    return;
  }

  it.each(FAULT_KINDS.map((kind) => [kind, KINDS[kind].label] as const))('%s (%s)', async (kind) => {
    const expected = uiCell(row, kind) as UiCell;
    await JOURNEYS[row.journey as Exclude<MatrixRow['journey'], 'unused'>]({ cluster, sim: cluster.sim, row, kind, expected });
  });
});
