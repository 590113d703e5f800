/**
 * Progress of an unattended run on stderr: one plain line per step change,
 * task log lines indented under their step, no spinners or cursor movement
 * (stderr is usually a log file or a CI console). It also keeps the record of
 * each step's final state that the result is built from.
 */
import type { ProvisioningEvent, StepState } from '../../services/provisioning-service';
import { retargetPlan, type RequestPlan, type StepId } from '../../workflow/request-plan';

/** A step's last known state; `not-run` for one the run never reached. */
export type StepOutcome = Exclude<StepState, 'pending'> | 'not-run';

/** One step as the result reports it. */
export interface StepRecord {
  readonly step: StepId;
  readonly title: string;
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly state: StepOutcome;
  /** Warnings, or why it failed. */
  readonly message?: string;
}

/** Task log lines sit under their step, clearly apart from the step lines. */
const LOG_INDENT = '      ';

/** Turns provisioning events into stderr lines and remembers where each step ended. */
export class ProgressReporter {
  private currentPlan: RequestPlan;
  private readonly states = new Map<StepId, { state: StepOutcome; message?: string }>();

  constructor(
    plan: RequestPlan,
    private readonly write: (line: string) => void,
  ) {
    this.currentPlan = plan;
  }

  /** The plan as it ended up: retargeted when the VM ID changed during the run. */
  get plan(): RequestPlan {
    return this.currentPlan;
  }

  /** Each step with its final state, in plan order. */
  steps(): StepRecord[] {
    return this.currentPlan.requests.map((request) => {
      const known = this.states.get(request.step);
      return {
        step: request.step,
        title: request.title,
        method: request.method,
        path: request.path,
        state: known?.state ?? 'not-run',
        ...(known?.message ? { message: known.message } : {}),
      };
    });
  }

  /** Steps that finished (done or with warnings). */
  completed(): StepId[] {
    return this.steps()
      .filter((step) => step.state === 'done' || step.state === 'warning')
      .map((step) => step.step);
  }

  /** Report one event (the ProvisioningService callback). */
  handle(event: ProvisioningEvent): void {
    switch (event.kind) {
      case 'vmid-changed':
        this.currentPlan = retargetPlan(this.currentPlan, event.to);
        this.write(`VM ID ${event.from} was taken by someone else meanwhile; creating VM ${event.to} instead.`);
        return;
      case 'task-log':
        for (const line of event.lines) this.write(`${LOG_INDENT}${line.text}`);
        return;
      case 'step':
        this.onStep(event.step, event.state, event.message);
        return;
    }
  }

  private onStep(step: StepId, state: StepState, message: string | undefined): void {
    // `pending` is announced for every step at the start: it changes nothing the user needs to read.
    if (state === 'pending') return;
    this.states.set(step, { state, message });
    const index = this.currentPlan.requests.findIndex((request) => request.step === step);
    const title = this.currentPlan.requests[index]?.title ?? step;
    const position = `[${index + 1}/${this.currentPlan.requests.length}]`;
    this.write(`${position} ${title}: ${stateWords(state)}${message ? `: ${message}` : ''}`);
  }
}

function stateWords(state: Exclude<StepState, 'pending'>): string {
  return { running: 'running', done: 'done', warning: 'done with warnings', failed: 'FAILED', unknown: 'OUTCOME UNKNOWN', skipped: 'skipped' }[state];
}
