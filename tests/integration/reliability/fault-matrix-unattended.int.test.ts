/**
 * The fault matrix (fault-matrix.ts) in --yes mode: for every endpoint the
 * app calls and every way that call can go wrong, main() runs with an answers
 * file against the simulated cluster and must end with the exit code of
 * docs/cli.md, one or two lines on stderr that say what failed, the result on
 * stdout where the run got that far, and no secret anywhere; never a crash.
 *
 * The rows must be exactly PveApi's endpoints (and the plan's steps for the
 * generic writes): a new endpoint fails here until it has its row.
 */
import type { RunningSimulator, Scenario } from '../../../mocks/simulator';
import { PveApi } from '../../../src/proxmox/api-calls';
import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { demoFacts, PVE_8_4 } from '../../unit/workflow/helpers/facts';
import { CapturedStream, expectNoSecrets, loginFlags, runCli, SECRETS, terminalStdin, testScenario, Workspace, type RunOutcome } from '../unattended/harness';
import { FAULT_KINDS, KINDS, MATRIX, matrixApiNames, yesCell, type FaultKind, type MatrixRow } from './fault-matrix';
import { startMatrixCluster, type MatrixCluster } from './matrix-cluster';
import { expectedWords } from './kind-messages';

// The client's timeouts and the task watcher's patience, short for the cells that need it (main() builds
// its own container, so the defaults it reads are what a test can change).
const mockTiming = { requestTimeoutMs: 15_000, pollTimeoutMs: 10_000 };
jest.mock('../../../src/proxmox/connection-options', () => {
  const actual = jest.requireActual('../../../src/proxmox/connection-options');
  return {
    ...actual,
    get defaultClientOptions() {
      return { ...actual.defaultClientOptions, ...mockTiming };
    },
  };
});
jest.mock('../../../src/services/impl/proxmox-task-watcher', () => {
  const actual = jest.requireActual('../../../src/services/impl/proxmox-task-watcher');
  return { ...actual, defaultTaskWatcherOptions: { ...actual.defaultTaskWatcherOptions, intervalMs: 20, maxIntervalMs: 40, retryDelayMs: 5, maxRetries: 1 } };
});

/** A hung call is given up after this (the cells with `timeout`); everything else answers in milliseconds. */
const SHORT_TIMEOUTS = { requestTimeoutMs: 400, pollTimeoutMs: 200 };
const NORMAL_TIMEOUTS = { ...mockTiming };

describe('every PveApi endpoint has its row', () => {
  it('the rows name exactly the endpoints of PveApi', () => {
    expect([...matrixApiNames()].sort()).toEqual(Object.keys(PveApi).sort());
  });

  it('the generic writes have a row for every step of the request plan, under the call that sends it', () => {
    // A plan with every step: HA as a separate call (PVE 8.4) and a start.
    const plan = buildRequests(resolveDefaults(demoFacts(), { general: { ha: true }, confirm: { start: true } }).config, { serverVersion: PVE_8_4 });
    const rows = MATRIX.filter((row) => row.planStep !== undefined).map((row) => `${row.planStep}:${row.api}`);
    expect(rows.sort()).toEqual(plan.requests.map((request) => `${request.step}:${request.returnsTask ? 'taskWrite' : 'write'}`).sort());
  });

  it('row ids are unique', () => {
    expect(new Set(MATRIX.map((row) => row.id)).size).toBe(MATRIX.length);
  });
});

/** The scenario and answers a row needs: HA as its own call needs PVE 8.4, the start row asks for a start. */
function rowSetup(row: MatrixRow): { scenario: Scenario; answers: object } {
  if (row.planStep === 'ha') return { scenario: testScenario({ version: '8.4.1' }), answers: { general: { name: 'matrix-vm', ha: true } } };
  if (row.planStep === 'start') return { scenario: testScenario(), answers: { general: { name: 'matrix-vm' }, confirm: { start: true } } };
  return { scenario: testScenario(), answers: { general: { name: 'matrix-vm' } } };
}

/** The line of a plan step on stderr when it starts (`[2/2] Set the serial console of VM 106 ...: running`). */
const STEP_RUNNING: Readonly<Record<string, RegExp>> = {
  create: /\] Create VM \d+ on \S+: running/,
  'serial-console': /\] Set the serial console of VM \d+ .*: running/,
  ha: /\] .*HA.*: running/,
  start: /\] Start VM \d+.*: running/,
};

describe.each(MATRIX.map((row) => [row.id, row] as const))('--yes: %s', (_id, row) => {
  let cluster: MatrixCluster;
  let sim: RunningSimulator;
  let workspace: Workspace;
  let answersFile: string;
  const setup = rowSetup(row);

  beforeAll(async () => {
    workspace = new Workspace();
    cluster = await startMatrixCluster(setup.scenario);
    sim = cluster.sim;
    answersFile = workspace.answers('matrix.json', setup.answers);
  });
  afterEach(async () => {
    Object.assign(mockTiming, NORMAL_TIMEOUTS);
    await cluster.recover();
  });
  afterAll(async () => {
    await cluster.close();
    workspace.remove();
  });

  /** Sign in as root, or as alice with a TOTP typed at the terminal for the second-factor row. */
  async function run(options: { stderr?: CapturedStream; onSecondFactorPrompt?: () => void } = {}): Promise<RunOutcome> {
    const stderr = options.stderr ?? new CapturedStream();
    if (row.journey !== 'second-factor') return runCli(workspace, [...loginFlags(sim, workspace), '--answers', answersFile, '--yes', '--output', 'json'], { stderr });
    const stdin = terminalStdin();
    answerEveryPrompt(stderr, /Second factor for alice@pve .*: $/, () => {
      options.onSecondFactorPrompt?.();
      stdin.write(`${sim.totpCode('alice@pve')}\n`);
    });
    const argv = [...loginFlags(sim, workspace, 'alice@pve', SECRETS.alicePassword), '--answers', answersFile, '--yes', '--output', 'json'];
    return runCli(workspace, argv, { stdin, stderr });
  }

  const cells = FAULT_KINDS.map((kind) => [kind, KINDS[kind].label, yesCell(row, kind)] as const);
  const called = cells.filter((cell): cell is readonly [FaultKind, string, Exclude<ReturnType<typeof yesCell>, { notCalled: string }>] => !('notCalled' in cell[2]));

  if (called.length === 0) {
    it(`is never called by --yes (${(yesCell(row, 'refused') as { notCalled: string }).notCalled})`, async () => {
      const outcome = await run();
      expect(outcome.code).toBe(0);
      const calls = sim.requests().filter((request) => request.method === row.method && new RegExp(row.pathRegex).test(request.path));
      // The VM ID check and the realm list share their paths with calls --yes does make; only the query differs.
      if (row.id === 'nextId:check') expect(calls.length).toBeLessThanOrEqual(1);
      else expect(calls).toEqual([]);
    });
    return;
  }

  it.each(called)('%s (%s): exit %p', async (kind, _label, cell) => {
    if (kind === 'timeout') Object.assign(mockTiming, SHORT_TIMEOUTS);
    const stderr = new CapturedStream();
    const onSecondFactorPrompt = prepare(kind, stderr);
    const run_ = await run({ stderr, onSecondFactorPrompt });
    // A terminal echoes the typed code and its Enter; the fake one does not, so put the line break back.
    const outcome = { ...run_, stderr: run_.stderr.replace(/(\(TOTP code, or a recovery key\): )/g, '$1\n') };

    expect({ code: outcome.code, stderr: outcome.stderr }).toMatchObject({ code: cell.exit });
    expectStderrShape(outcome, cell.exit);
    if (cell.status) expect(JSON.parse(outcome.stdout)).toMatchObject({ status: cell.status });
    else if (cell.exit === 3) expect(outcome.stdout).toBe('');
    const words = expectedWords(cell.message, kind, row);
    if (words) expect(errorLines(outcome.stderr)).toMatch(words);
    expectNoSecrets(outcome.stdout + outcome.stderr);
    // The app never deletes anything, whatever went wrong.
    expect(sim.requests().filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  /** Set up the cell's fault; returns what to do when the second-factor prompt shows (refused there). */
  function prepare(kind: FaultKind, stderr: CapturedStream): (() => void) | undefined {
    if (row.phase === 'create-check') primeLostCreate();
    if (kind === 'refused') cluster.expectRefusal();
    // The code goes to the same endpoint as the password: the fault must wait for the challenge.
    if (row.journey === 'second-factor') return once(() => (kind === 'refused' ? cluster.refuseNow() : cluster.inject(row, kind)));
    if (kind !== 'refused') {
      cluster.inject(row, kind);
      return undefined;
    }
    switch (row.journey) {
      case 'sign-in':
        cluster.refuseNow();
        return undefined;
      case 'cluster-data':
        cluster.refuseAfter({ method: 'POST', pathRegex: '^/access/ticket$', status: 200 });
        return undefined;
      case 'node-data':
      case 'iso-list':
      case 'cpu-models':
        cluster.refuseAfter({ method: 'GET', pathRegex: '^/nodes$', status: 200 });
        return undefined;
      case 'create-task':
        cluster.refuseAfter({ method: 'POST', pathRegex: '^/nodes/[^/]+/qemu$', status: 200 });
        return undefined;
      case 'create-check':
        cluster.refuseAfter({ method: 'POST', pathRegex: '^/nodes/[^/]+/qemu$' });
        return undefined;
      default:
        // A write: the server goes away as the step starts, before its request is sent.
        stderr.when(STEP_RUNNING[row.planStep ?? 'create'], () => cluster.refuseNow());
        return undefined;
    }
  }

  /**
   * The create-check endpoints are only called when the create got no usable
   * answer: the create runs but its answer is cut (the task is there to find),
   * or, for the VM's status, a proxy answers 502 without passing it on.
   */
  function primeLostCreate(): void {
    const create = { method: 'POST', pathRegex: '^/nodes/[^/]+/qemu$', nth: 1 };
    sim.addFault(row.api === 'vmStatus' ? { ...create, status: 502, message: 'Bad Gateway' } : { ...create, reset: true });
  }
});

/** `action` the first time only. */
function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) action();
    done = true;
  };
}

/** Answer a prompt each time it shows (a wrong code is asked again). */
function answerEveryPrompt(stderr: CapturedStream, prompt: RegExp, answer: () => void): void {
  let seen = 0;
  const watch = (): void => {
    stderr.when(prompt, () => {
      seen += 1;
      if (seen <= 5) setImmediate(watch);
      answer();
    });
  };
  watch();
}

/** The error lines: `pve-vm-tui: ...` and the indented line after it (progress lines are not errors). */
function errorLines(stderr: string): string {
  const lines = stderr.split('\n');
  const first = lines.findIndex((line) => line.startsWith('pve-vm-tui: ') && !line.startsWith('pve-vm-tui: WARNING'));
  if (first < 0) return '';
  return lines.slice(first, first + 2).join('\n');
}

/** docs/cli.md: errors are one or two plain lines (what failed, what to do), never a stack trace. */
function expectStderrShape(outcome: RunOutcome, exit: number): void {
  expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(outcome.stderr).not.toMatch(/TypeError|ReferenceError|Unexpected error/);
  const errorStarts = outcome.stderr.split('\n').filter((line) => line.startsWith('pve-vm-tui: ') && !line.startsWith('pve-vm-tui: WARNING'));
  if (exit === 0) {
    expect(errorStarts).toEqual([]);
    return;
  }
  expect(errorStarts).toHaveLength(1);
  const lines = outcome.stderr.split('\n');
  const at = lines.indexOf(errorStarts[0]);
  // At most one continuation line, indented under the first.
  const continuation = lines.slice(at + 1).filter((line) => line !== '');
  expect(continuation.length).toBeLessThanOrEqual(1);
  if (continuation.length) expect(continuation[0]).toMatch(/^ {12}\S/);
}
