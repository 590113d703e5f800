/**
 * The Submit step: runs the confirmed request plan and shows each step with
 * its state (the create request, its qmcreate task, the serial console, HA,
 * start) and the task log as it streams in, then the result with the VM ID
 * and node.
 *
 * - Created: Ctrl-N starts another VM, Ctrl-Q quits (exit 0).
 * - Partial (the VM exists, a later step failed): names the VM and the step;
 *   r retries only the steps left (exit 4 when quitting).
 * - Failed create (nothing was created): the Proxmox message; a rejected
 *   parameter or a taken VM ID jumps back to its field; r tries again
 *   (exit 1 when quitting).
 * - Unknown (the create's answer was lost and the cluster could not say
 *   whether the VM exists): names the VM ID and node to look at; r checks
 *   again and creates only if the VM is missing; Back is blocked, so no
 *   second VM can be made (exit 1 when quitting).
 * - Ctrl-C while it runs asks first and says what has been done so far.
 */
import type { Widgets } from 'blessed';
import { DisposableStore } from '../../shared/emitter';
import { ExitCode } from '../../shared/exit-codes';
import { isProxmoxError } from '../../shared/proxmox-error';
import { isVmidTaken, type ProvisioningEvent, type ProvisioningResult, type ProvisioningService, type StepState } from '../../services/provisioning-service';
import { fieldForApiParameter, type FieldRef } from '../../workflow/api-field-map';
import { retargetPlan, type RequestPlan, type StepId } from '../../workflow/request-plan';
import { supportsHaManagedOnCreate } from '../../workflow/server-features';
import type { KeyHint } from '../../widgets/keys';
import { textBox } from '../../widgets/placement';
import { TaskProgress, type ProgressState, type ProgressStep } from '../../widgets/task-progress';
import { wrap } from '../../widgets/text';
import { describeError, isAuthFailure } from '../error-messages';
import { type KeyBinding, LeaveCheck, type ScreenController, type ScreenHost, type StepDirection } from '../screen-controller';
import { STEP_TITLES } from '../step-titles';
import type { WizardSession } from '../wizard-session';

/** The Submit step's own keys (docs/keys.md). */
export const SUBMIT_KEYS: readonly KeyHint[] = [
  { keys: ['r'], description: 'Retry (only what failed)', group: 'This step', priority: 8 },
  { keys: ['e'], description: 'Go to the field Proxmox rejected', group: 'This step', priority: 8 },
  { keys: ['C-n', 'f10'], description: 'Create another VM', group: 'This step', priority: 7 },
];

/** Rows under the log for the result: what happened, the Proxmox message, and what the keys do now. */
const OUTCOME_ROWS = 6;

/** What each step does, for "Retry setting the serial console" and "... but starting it failed". */
const STEP_DOINGS: Readonly<Record<StepId, string>> = { create: 'creating it', 'serial-console': 'setting the serial console', ha: 'registering it with HA', start: 'starting it' };

/** A row once done, for the quit question ('Done: the create request was sent, ...'). */
const ROW_DONE: Readonly<Record<RowId, string>> = {
  request: 'the create request was sent',
  task: 'the create task finished',
  'ha-in-create': 'HA was added',
  'serial-console': 'the serial console was set',
  ha: 'HA was added',
  start: 'the VM was started',
};

/** A row not done yet, for the quit question ('Not done then: the serial console, ...'). */
const ROW_TODO: Readonly<Record<RowId, string>> = {
  request: 'the create request',
  task: 'the create task',
  'ha-in-create': 'HA',
  'serial-console': 'the serial console',
  ha: 'HA',
  start: 'the start',
};

/** Rows Proxmox completes by itself once the create task runs. */
const SERVER_SIDE_ROWS: readonly RowId[] = ['task', 'ha-in-create'];

/** The rows of the progress list: the create is two (request, task), HA may be done by the create task. */
type RowId = 'request' | 'task' | 'ha-in-create' | Exclude<StepId, 'create'>;

/** The rows of the create step, checked again when an unconfirmed create is retried. */
const CREATE_ROWS: readonly RowId[] = ['request', 'task', 'ha-in-create'];

/** A progress row as the run updates it. */
interface Row {
  readonly id: RowId;
  label: string;
  state: ProgressState;
  message?: string;
}

/** One run of the plan, kept across remounts (a resize, help) until another VM is started. */
interface Run {
  plan: RequestPlan;
  readonly rows: Row[];
  readonly log: string[];
  /** The create's task has written its first log line (the request part is done). */
  taskStarted: boolean;
  result: ProvisioningResult | undefined;
  readonly abort: AbortController;
  /** The wizard's sign-in count when this try started: a 401 after it needs a new sign-in only if none came since. */
  signIns: number;
}

/** The Submit step. */
export class SubmitScreen implements ScreenController {
  readonly id = 'submit';
  readonly title = 'Submit';
  readonly countsAsStep = false;
  private host: ScreenHost | undefined;
  private run: Run | undefined;
  private progress: TaskProgress | undefined;
  private outcome: Widgets.BoxElement | undefined;
  private readonly parts = new DisposableStore();

  constructor(
    private readonly wizard: WizardSession,
    private readonly provisioning: ProvisioningService,
  ) {}

  /** Starts the confirmed plan, or shows the run there is. */
  mount(host: ScreenHost): void {
    this.host = host;
    this.wizard.attach(host);
    this.progress = this.parts.add(new TaskProgress(host.ui, { parent: host.body, top: 0, left: 0, width: '100%', height: `100%-${OUTCOME_ROWS}` }, { label: 'Progress' }));
    this.parts.add(host.focus.add(this.progress));
    this.outcome = textBox({ parent: host.body, top: `100%-${OUTCOME_ROWS}`, left: 0, width: '100%', height: OUTCOME_ROWS });
    const plan = this.wizard.takeSubmission();
    if (plan) void this.start(plan);
    this.draw();
  }

  unmount(): void {
    this.parts.dispose();
    this.host = undefined;
    this.progress = undefined;
    this.outcome = undefined;
  }

  focusField(): boolean {
    return false;
  }

  /** While the plan runs the shell suspends Ctrl-N / Ctrl-P (neither offered nor acted on) and says this instead. */
  busyReason(): string | undefined {
    return this.run && !this.run.result ? 'The VM is being created: wait for the result (Ctrl-C asks whether to stop).' : undefined;
  }

  bindings(): readonly KeyBinding[] {
    const [retry, jump, another] = SUBMIT_KEYS;
    const result = this.run?.result;
    return [
      { ...retry, description: this.retryText(), when: () => this.canRetry(), handler: () => this.retry() },
      { ...jump, description: this.jumpText(), when: () => this.rejectedField() !== undefined, handler: () => this.goToRejectedField() },
      { ...another, when: () => result?.status === 'created' || result?.status === 'partial', handler: () => this.createAnother() },
    ];
  }

  /** Back is offered only while it would be allowed (nothing created yet). */
  offersBack(): boolean {
    return this.canLeave('back').ok;
  }

  /** Back only when nothing was created (to change the VM and try again). */
  canLeave(direction: StepDirection): LeaveCheck {
    const run = this.run;
    if (direction === 'next') return LeaveCheck.block('This is the last step.');
    if (run && !run.result) return LeaveCheck.block('The VM is being created: wait for the result (Ctrl-C asks whether to stop).');
    if (run?.result?.status === 'unknown') return LeaveCheck.block(`VM ${run.result.vmid} may exist on ${run.result.node}: r checks again, Ctrl-Q quits.`);
    if (run?.result && this.vmExists(run)) return LeaveCheck.block(`VM ${run.result.vmid} exists: Ctrl-N starts another VM, Ctrl-Q quits.`);
    return LeaveCheck.allow;
  }

  hasUnsavedInput(): boolean {
    return false;
  }

  /** docs/cli.md: quitting while the VM is being created is 130; otherwise the session's worst outcome (0 created, 4 partial, 1 failed or not confirmed). */
  quitExitCode(): number {
    // Nothing running: the session's worst outcome, VMs made before "Create another VM" included (docs/cli.md).
    if (!this.run || this.run.result) return this.wizard.quitExitCode();
    return ExitCode.Cancelled;
  }

  /** While it runs: say what has been done and ask; once it ended: quit at once (the result is on screen). */
  quitQuestion(): string | null | undefined {
    const run = this.run;
    if (!run) return undefined;
    if (run.result) return null;
    const done = run.rows.filter((row) => row.state === 'done' || row.state === 'warning').map((row) => ROW_DONE[row.id]);
    const open = run.rows.filter((row) => row.state === 'pending' || row.state === 'running');
    // Once its task runs, Proxmox finishes the create (and HA riding on it) whether this app waits or not.
    const onServer = run.taskStarted ? open.filter((row) => SERVER_SIDE_ROWS.includes(row.id)) : [];
    const left = open.filter((row) => !onServer.includes(row)).map((row) => ROW_TODO[row.id]);
    const vm = `VM ${run.plan.vmid}`;
    const exists = run.taskStarted || done.length > 0 ? `${vm} exists on ${run.plan.node} (or its create task is still making it).` : `${vm} does not exist yet.`;
    const so = done.length ? `Done: ${done.join(', ')}.` : 'Nothing is done yet: the create request is on its way.';
    const server = onServer.length ? ` Proxmox goes on with ${onServer.map((row) => ROW_TODO[row.id]).join(' and ')}.` : '';
    const notDone = left.length ? ` Not done then: ${left.join(', ')}.` : '';
    return `${so} ${exists}${server} Quit anyway?${notDone} (y/N)`;
  }

  // ---------------------------------------------------------------- running

  private async start(plan: RequestPlan): Promise<void> {
    const run: Run = {
      plan,
      rows: planRows(plan, this.haInCreate(plan)),
      log: [],
      taskStarted: false,
      result: undefined,
      abort: new AbortController(),
      signIns: this.wizard.signIns,
    };
    this.run = run;
    this.draw();
    const config = this.wizard.store?.config;
    // A VM ID the user kept as suggested may move on to the next free one; one they typed may not.
    const onVmidConflict = config?.general.vmidSource === 'user' ? 'fail' : 'take-next';
    try {
      run.result = await this.provisioning.run(plan, { onVmidConflict, signal: run.abort.signal }, (event) => this.onEvent(run, event));
    } catch (error) {
      run.result = { status: 'failed', vmid: run.plan.vmid, node: run.plan.node, error: error as Error };
    }
    this.finish(run);
  }

  private async retry(): Promise<void> {
    const run = this.run;
    const result = run?.result;
    if (!run || !result) return;
    // A run that failed because the session ended goes on once signed in again (the dialog the 401 opened may have done it).
    if (isAuthFailure(resultError(result)) && this.wizard.signIns === run.signIns && !(await this.wizard.reauthenticate())) return;
    if (result.status === 'failed') return void this.start(run.plan);
    if (result.status === 'created') return;
    run.result = undefined;
    run.signIns = this.wizard.signIns;
    for (const row of run.rows) if (row.state === 'failed' || (result.status === 'unknown' && CREATE_ROWS.includes(row.id))) Object.assign(row, { state: 'pending' as ProgressState, message: undefined });
    this.draw();
    try {
      run.result = await this.provisioning.resume(run.plan, result, (event) => this.onEvent(run, event), run.abort.signal);
    } catch (error) {
      run.result = { ...result, error: error as Error } as ProvisioningResult;
    }
    this.finish(run);
  }

  private finish(run: Run): void {
    const result = run.result;
    if (result?.status === 'failed' && isVmidTaken(result.error)) this.wizard.markVmidTaken(result.vmid);
    if (this.run === run) this.draw();
  }

  private onEvent(run: Run, event: ProvisioningEvent): void {
    switch (event.kind) {
      case 'step':
        this.onStep(run, event.step, event.state, event.message);
        break;
      case 'task-log':
        if (event.step === 'create' && !run.taskStarted) {
          run.taskStarted = true;
          setRow(run, 'request', 'done');
          setRow(run, 'task', 'running');
        }
        run.log.push(...event.lines.map((line) => line.text));
        break;
      case 'vmid-changed':
        run.plan = retargetPlan(run.plan, event.to);
        run.log.push(`VM ID ${event.from} was taken meanwhile: creating VM ${event.to} instead.`);
        for (const row of run.rows) row.label = row.label.replace(new RegExp(`\\bVM ${event.from}\\b`), `VM ${event.to}`);
        break;
    }
    if (this.run === run) this.draw();
  }

  private onStep(run: Run, step: StepId, stepState: StepState, message?: string): void {
    // The progress list has no mark for "may have happened": it shows as a warning, and the result below says what it means.
    const state: ProgressState = stepState === 'unknown' ? 'warning' : stepState;
    if (step !== 'create') return setRow(run, step, state, message);
    if (stepState === 'unknown') return setRow(run, run.taskStarted ? 'task' : 'request', 'warning', message);
    if (state === 'running') return setRow(run, run.taskStarted ? 'task' : 'request', 'running');
    if (state === 'failed') return setRow(run, run.taskStarted ? 'task' : 'request', 'failed', message);
    if (state === 'done' || state === 'warning') {
      setRow(run, 'request', 'done');
      setRow(run, 'task', state, message);
      setRow(run, 'ha-in-create', 'done');
    }
  }

  private haInCreate(plan: RequestPlan): boolean {
    const version = this.wizard.store?.state.facts.serverVersion;
    return Boolean(this.wizard.store?.config.general.ha && version && supportsHaManagedOnCreate(version) && !plan.requests.some((request) => request.step === 'ha'));
  }

  // ---------------------------------------------------------------- outcome

  private canRetry(): boolean {
    const status = this.run?.result?.status;
    return status === 'partial' || status === 'cancelled' || status === 'unknown' || (status === 'failed' && this.rejectedField() === undefined);
  }

  private retryText(): string {
    const result = this.run?.result;
    if (result?.status === 'partial') return `Retry ${STEP_DOINGS[result.failedStep]}`;
    if (result?.status === 'cancelled') return 'Finish the remaining steps';
    if (result?.status === 'unknown') return 'Check again (creates the VM only if it is missing)';
    return 'Try creating again';
  }

  private jumpText(): string {
    const field = this.rejectedField();
    return field?.path === 'general.vmid' ? 'Choose another VM ID' : `Go to the rejected field (${field ? STEP_TITLES[field.step] : ''})`;
  }

  /** The field to go back to: a parameter Proxmox rejected, or a typed VM ID that is taken. */
  private rejectedField(): FieldRef | undefined {
    const result = this.run?.result;
    const config = this.wizard.store?.config;
    if (result?.status !== 'failed' || !config) return undefined;
    if (isVmidTaken(result.error)) return { step: 'general', path: 'general.vmid' };
    const errors = isProxmoxError(result.error) ? result.error.details.parameterErrors : undefined;
    for (const [param, message] of Object.entries(errors ?? {})) {
      const field = fieldForApiParameter(param, config, message);
      if (field) return field;
    }
    return undefined;
  }

  private goToRejectedField(): void {
    const result = this.run?.result;
    const field = this.rejectedField();
    const host = this.host;
    if (!result || result.status !== 'failed' || !field || !host) return;
    const config = this.wizard.store?.config;
    const errors = isProxmoxError(result.error) ? (result.error.details.parameterErrors ?? {}) : {};
    for (const [param, message] of Object.entries(errors)) {
      const target = config ? fieldForApiParameter(param, config, message) : undefined;
      if (target) this.wizard.setFieldError(target.path, `Proxmox rejected ${param}: ${message}`);
    }
    if (isVmidTaken(result.error)) this.wizard.setFieldError('general.vmid', `VM ID ${result.vmid} was taken by another VM meanwhile: choose another (or clear the field for the next free one)`);
    this.run = undefined;
    void host.goTo(field.step, field.path);
  }

  private createAnother(): void {
    const result = this.run?.result;
    if (!result || !this.host) return;
    this.wizard.startAnother(result.vmid);
    this.run = undefined;
    void this.host.goTo('general');
  }

  private vmExists(run: Run): boolean {
    const result = run.result;
    return result?.status === 'created' || result?.status === 'partial' || (result?.status === 'cancelled' && result.completed.includes('create'));
  }

  private draw(): void {
    const run = this.run;
    const progress = this.progress;
    if (!progress || !this.outcome || !this.host) return;
    if (!run) {
      this.setOutcome(['Nothing to create yet: go back to Confirm (Ctrl-P) and press Ctrl-N there.'], 'muted');
      progress.setSteps([]);
      return;
    }
    const [lines, role] = outcomeText(run);
    // The outcome first: its height decides how many rows the log gets, which the progress draws next.
    this.setOutcome(lines, role);
    progress.setSteps(run.rows.map((row): ProgressStep => ({ ...row })));
    const shown = progress.logLines.length;
    if (run.log.length > shown) progress.appendLog(run.log.slice(shown));
  }

  /**
   * The outcome under the progress, as tall as its text (at most
   * OUTCOME_ROWS): the rows it does not need go to the task log.
   */
  private setOutcome(lines: readonly string[], role: 'success' | 'error' | 'warning' | 'muted' | 'running'): void {
    const host = this.host;
    const box = this.outcome;
    const progress = this.progress;
    if (!host || !box || !progress) return;
    const width = Math.max(10, Number(host.body.width));
    const wrapped = lines.flatMap((line) => wrap(line, width)).slice(0, OUTCOME_ROWS);
    const rows = Math.max(1, wrapped.length);
    box.top = `100%-${rows}`;
    box.height = rows;
    progress.element.height = `100%-${rows}`;
    box.setContent(wrapped.map((line, index) => host.ui.theme.paint(index === 0 ? role : 'text', line)).join('\n'));
    host.requestRender();
  }
}

/** The progress rows of a plan. */
function planRows(plan: RequestPlan, haInCreate: boolean): Row[] {
  const rows: Row[] = [];
  for (const request of plan.requests) {
    if (request.step === 'create') {
      rows.push({ id: 'request', label: `Send the create request (${request.method} ${request.path})`, state: 'pending' });
      rows.push({ id: 'task', label: `Wait for the create task of VM ${plan.vmid}`, state: 'pending' });
      if (haInCreate) rows.push({ id: 'ha-in-create', label: 'Add to HA (done by the create task)', state: 'pending' });
    } else {
      rows.push({ id: request.step as RowId, label: request.title, state: 'pending' });
    }
  }
  return rows;
}

/**
 * A row's new state. Its message is not shown beside it: a failure or a
 * warning is spelled out in full under the log, where it is not cut short.
 */
function setRow(run: Run, id: RowId, state: ProgressState, _message?: string): void {
  const row = run.rows.find((candidate) => candidate.id === id);
  if (row) row.state = state;
}

/** The result in a few lines: what happened, to which VM, and what the keys do now. */
function outcomeText(run: Run): [string[], 'success' | 'error' | 'warning' | 'muted' | 'running'] {
  const result = run.result;
  if (!result) return [[`Creating VM ${run.plan.vmid} on ${run.plan.node}...`, 'Ctrl-C asks whether to stop.'], 'running'];
  switch (result.status) {
    case 'created': {
      const warnings = result.warnings.length ? ` with ${result.warnings.length} warning(s): ${result.warnings.join('; ')}` : '';
      return [[`VM ${result.vmid} created on ${result.node}${warnings}.`, 'Ctrl-N: create another VM.  Ctrl-Q: quit.'], result.warnings.length ? 'warning' : 'success'];
    }
    case 'partial':
      return [
        [`VM ${result.vmid} exists on ${result.node}, but ${STEP_DOINGS[result.failedStep]} failed.`, describeError(result.error).message, 'r: retry only that (and what follows).  Ctrl-Q: quit (exit 4).'],
        'warning',
      ];
    case 'failed':
      return [[`VM ${result.vmid} was not created on ${result.node}.`, describeError(result.error).message, failedHint(result)], 'error'];
    case 'unknown':
      return [
        [`Whether VM ${result.vmid} exists on ${result.node} could not be confirmed.`, result.error.message, 'r: check again (creates it only if it is missing).  Ctrl-Q: quit (exit 1).'],
        'warning',
      ];
    case 'cancelled':
      return [[`Stopped. ${result.completed.includes('create') ? `VM ${result.vmid} exists on ${result.node}.` : `VM ${result.vmid} was not created.`}`, 'r: finish the remaining steps.  Ctrl-Q: quit.'], 'warning'];
  }
}

function failedHint(result: Extract<ProvisioningResult, { status: 'failed' }>): string {
  if (isVmidTaken(result.error)) return 'e: choose another VM ID.  Ctrl-Q: quit (exit 1).';
  const rejected = isProxmoxError(result.error) && Object.keys(result.error.details.parameterErrors ?? {}).length > 0;
  return rejected ? 'e: go to the rejected field.  Ctrl-P: back.  Ctrl-Q: quit (exit 1).' : 'r: try again.  Ctrl-P: back to change it.  Ctrl-Q: quit (exit 1).';
}

function resultError(result: ProvisioningResult): unknown {
  return result.status === 'failed' || result.status === 'partial' || result.status === 'unknown' ? result.error : undefined;
}
