import { inject, injectable } from 'inversify';
import { Logger } from '../../shared/logger';
import { isProxmoxError, type ProxmoxError } from '../../shared/proxmox-error';
import { PveApi } from '../../proxmox/api-calls';
import { Clock } from '../../proxmox/clock';
import { proxmoxError, requestMayHaveTakenEffect } from '../../proxmox/errors/translate-error';
import { ProxmoxClient } from '../../proxmox/proxmox-client';
import { isUpid } from '../../proxmox/upid';
import { retargetPlan, type PlannedRequest, type RequestPlan, type StepId } from '../../workflow/request-plan';
import {
  isVmidTaken,
  type ProvisioningEvent,
  type ProvisioningOptions,
  type ProvisioningResult,
  type ProvisioningService,
  type ResumableResult,
  type VmidConflictPolicy,
} from '../provisioning-service';
import { TaskWatcher, type TaskOutcome } from '../task-watcher';
import { findCreate, vmPresence, type CreateFinding } from './create-check';

/** How one step ended. */
type StepResult =
  | { readonly kind: 'done'; readonly warnings: readonly string[] }
  /** The step failed. For the create: nothing was created (refused, or its task failed and the VM is gone). */
  | { readonly kind: 'failed'; readonly error: ProxmoxError | Error }
  /** Create only: the VM may exist, and that could not be confirmed (or a failed create left it behind). */
  | { readonly kind: 'unconfirmed'; readonly error: ProxmoxError | Error }
  /** Create only: stopped (Ctrl-C) before a create for the next free VM ID was sent. */
  | { readonly kind: 'cancelled' };

/** One run's moving parts. */
interface Run {
  plan: RequestPlan;
  readonly completed: StepId[];
  readonly warnings: string[];
  readonly onVmidConflict: VmidConflictPolicy;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: ProvisioningEvent) => void;
  /** When the first create of this chain was sent (client clock); create tasks of ours since then are this run's. */
  createSentAt?: number;
  /** A create of the current VM ID may have reached the server unseen: a "VM ID taken" may be our own VM. */
  mayHaveCreated: boolean;
  /** Resumed: a step may find its earlier try's work done (see alreadyDone). */
  readonly resumed: boolean;
  /** The run has moved to the next free VM ID once already (it never does twice). */
  movedOn: boolean;
  /** Times the cluster was asked about the create in this run; bounded so a flapping cluster cannot loop. */
  checks: number;
}

/** The cluster is asked about one create at most this often per run (a lost answer, then a lost task). */
const MAX_CREATE_CHECKS = 2;

/**
 * ProvisioningService over the Proxmox client: sends the plan's requests in
 * order, waits for the tasks they start, and reports what happened in terms
 * the user can act on. It never deletes anything and never sends a create
 * whose earlier copy may have worked: a create without a usable answer is
 * followed by a look at the cluster (create-check.ts), and what cannot be
 * confirmed is reported as `unknown`, which `resume` checks again.
 */
@injectable()
export class ProxmoxProvisioningService implements ProvisioningService {
  /** UPIDs of create tasks followed to their end in this session (see CreateAttempt.settledTasks). */
  private readonly settledCreateTasks = new Set<string>();

  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(TaskWatcher) private readonly watcher: TaskWatcher,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult> {
    const run = newRun(plan, { completed: [], onVmidConflict: options.onVmidConflict, signal: options.signal, onEvent, resumed: false });
    return this.execute(run, plan.requests.map((request) => request.step), false);
  }

  resume(plan: RequestPlan, previous: ResumableResult, onEvent: (event: ProvisioningEvent) => void, signal?: AbortSignal): Promise<ProvisioningResult> {
    // The first run may have moved to another VM ID; the rest of the work is for that one.
    const target = retargetPlan(plan, previous.vmid);
    const policy = previous.status === 'partial' ? 'fail' : previous.onVmidConflict;
    const completed = previous.status === 'unknown' ? [] : previous.completed;
    const run = newRun(target, { completed, onVmidConflict: policy, signal, onEvent, resumed: true });
    if (previous.status === 'unknown') {
      run.createSentAt = previous.createSentAt;
      run.mayHaveCreated = true;
    }
    // Create is never sent blindly again: after `unknown` the cluster is asked first (checkFirst).
    const remaining = target.requests.map((request) => request.step).filter((step) => !completed.includes(step));
    return this.execute(run, remaining, previous.status === 'unknown');
  }

  private async execute(run: Run, steps: readonly StepId[], checkFirst: boolean): Promise<ProvisioningResult> {
    for (const step of steps) run.onEvent({ kind: 'step', step, state: 'pending' });
    for (const step of steps) {
      if (run.signal?.aborted) return cancelled(run);
      const index = run.plan.requests.findIndex((request) => request.step === step);
      run.onEvent({ kind: 'step', step, state: 'running' });
      const result = step === 'create' ? await (checkFirst ? this.checkThenCreate(run, index) : this.create(run, index)) : await this.perform(run, index);
      const ended = this.afterStep(run, run.plan.requests[index], result);
      if (ended) return ended;
    }
    return { status: 'created', vmid: run.plan.vmid, node: run.plan.node, warnings: [...run.warnings] };
  }

  /** Record a step's end; a result for the run when it ends here. */
  private afterStep(run: Run, request: PlannedRequest, result: StepResult): ProvisioningResult | undefined {
    const { vmid, node } = run.plan;
    switch (result.kind) {
      case 'done': {
        run.completed.push(request.step);
        run.warnings.push(...result.warnings);
        const message = result.warnings.length ? result.warnings.join('; ') : undefined;
        run.onEvent({ kind: 'step', step: request.step, state: message ? 'warning' : 'done', message });
        return undefined;
      }
      case 'cancelled':
        return cancelled(run);
      case 'unconfirmed':
        run.onEvent({ kind: 'step', step: request.step, state: 'unknown', message: result.error.message });
        this.logger.warn(`whether VM ${vmid} was created could not be confirmed`, result.error);
        return { status: 'unknown', vmid, node, error: result.error, onVmidConflict: run.onVmidConflict, createSentAt: run.createSentAt ?? this.clock.now() };
      case 'failed':
        run.onEvent({ kind: 'step', step: request.step, state: 'failed', message: result.error.message });
        this.logger.warn(`step ${request.step} failed`, result.error);
        if (request.step === 'create') return { status: 'failed', vmid, node, error: result.error };
        return { status: 'partial', vmid, node, failedStep: request.step, error: result.error, completed: [...run.completed] };
    }
  }

  // ---------------------------------------------------------------- create

  /** Send the create and follow its task; a lost answer is looked for on the cluster, a taken ID handled by the run's policy. */
  private async create(run: Run, index: number): Promise<StepResult> {
    const request = run.plan.requests[index];
    run.createSentAt ??= this.clock.now();
    let upid: string;
    try {
      upid = await this.client.request(PveApi.taskWrite(request.method, request.path, request.params));
    } catch (error) {
      if (requestMayHaveTakenEffect(error)) {
        run.mayHaveCreated = true;
        return this.lookForCreate(run, index, error as Error);
      }
      if (isVmidTaken(error)) return this.onVmidTaken(run, index, error as ProxmoxError);
      return { kind: 'failed', error: error as Error };
    }
    return this.followCreateTask(run, index, upid);
  }

  /** `resume` after `unknown`: ask the cluster first; send the create only if neither the VM nor a create of ours is there. */
  private async checkThenCreate(run: Run, index: number): Promise<StepResult> {
    const finding = await this.askCluster(run);
    return finding.kind === 'absent' ? this.create(run, index) : this.actOn(run, index, finding);
  }

  /** The create got no usable answer (`cause`): find out what it did. */
  private async lookForCreate(run: Run, index: number, cause: Error): Promise<StepResult> {
    this.logger.warn(`no usable answer to the create of VM ${run.plan.vmid}; asking the cluster what happened`, cause);
    if (run.checks >= MAX_CREATE_CHECKS) return { kind: 'unconfirmed', error: unconfirmedError(run.plan, cause) };
    const finding = await this.askCluster(run);
    if (finding.kind === 'absent') return { kind: 'unconfirmed', error: notFoundError(run.plan, cause) };
    return this.actOn(run, index, finding);
  }

  private askCluster(run: Run): Promise<CreateFinding> {
    run.checks += 1;
    const { node, vmid } = run.plan;
    return findCreate(this.client, { node, vmid, sentAt: run.createSentAt ?? this.clock.now(), sender: this.client.authentication, settledTasks: this.settledCreateTasks });
  }

  /** Follow our create task, or treat someone else's VM as a taken ID, or report what could not be found out. */
  private actOn(run: Run, index: number, finding: Exclude<CreateFinding, { kind: 'absent' }>): Promise<StepResult> | StepResult {
    switch (finding.kind) {
      case 'our-task':
        this.logger.info(`found the create task of VM ${run.plan.vmid}; following it`);
        return this.followCreateTask(run, index, finding.upid);
      case 'taken':
        // The VM is someone else's: ours did not make it, so this is the ordinary VM-ID race.
        run.mayHaveCreated = false;
        return this.onVmidTaken(run, index, takenError(run.plan));
      case 'unconfirmed':
        return { kind: 'unconfirmed', error: unconfirmedError(run.plan, finding.error) };
    }
  }

  /** The VM ID is in use: maybe by a create of ours whose answer was lost; else the policy decides. */
  private async onVmidTaken(run: Run, index: number, conflict: ProxmoxError): Promise<StepResult> {
    if (run.mayHaveCreated) return this.lookForCreate(run, index, conflict);
    if (run.onVmidConflict !== 'take-next' || run.movedOn) return { kind: 'failed', error: conflict };
    return this.moveToNextVmid(run, index, conflict);
  }

  /** The suggested VM ID was taken meanwhile: move the plan to the next free one and create once more. */
  private async moveToNextVmid(run: Run, index: number, conflict: ProxmoxError): Promise<StepResult> {
    if (run.signal?.aborted) return { kind: 'cancelled' };
    let next: number;
    try {
      next = await this.client.request(PveApi.nextId());
    } catch (error) {
      return { kind: 'failed', error: error as Error };
    }
    if (next === run.plan.vmid) return { kind: 'failed', error: conflict };
    // Ctrl-C while nextid was asked: nothing of ours exists yet, and none will.
    if (run.signal?.aborted) return { kind: 'cancelled' };
    const from = run.plan.vmid;
    run.plan = retargetPlan(run.plan, next);
    run.movedOn = true;
    this.logger.info(`VM ID ${from} was taken meanwhile; creating VM ${next} instead`);
    run.onEvent({ kind: 'vmid-changed', from, to: next });
    return this.create(run, index);
  }

  /** Follow the create's task; if it is lost, look on the cluster; if it failed, make sure nothing was left behind. */
  private async followCreateTask(run: Run, index: number, upid: string): Promise<StepResult> {
    let outcome: TaskOutcome;
    try {
      outcome = await this.watch(run, 'create', upid);
    } catch (error) {
      run.mayHaveCreated = true;
      return this.lookForCreate(run, index, error as Error);
    }
    run.mayHaveCreated = false;
    // Its end is known: a later attempt's lost answer must never be taken for this task.
    this.settledCreateTasks.add(upid);
    if (outcome.status !== 'error') return taskDone(run.plan.requests[index], outcome);
    return this.afterFailedCreateTask(run.plan, outcome.message);
  }

  /** Proxmox removes a VM whose create task failed; check that before saying so. */
  private async afterFailedCreateTask(plan: RequestPlan, message: string): Promise<StepResult> {
    const { vmid, node } = plan;
    const endpoint = `POST /nodes/${node}/qemu`;
    try {
      const presence = await vmPresence(this.client, node, vmid);
      if (presence.kind === 'absent') {
        return { kind: 'failed', error: proxmoxError('server', `Creating VM ${vmid} on ${node} failed (${message}); nothing was left behind: fix the cause and try again.`, { endpoint }) };
      }
      const lock = presence.lock ? ` (locked: ${presence.lock})` : '';
      const there = presence.lockUnknown ? `VM ID ${vmid} is still in use` : `VM ${vmid} is still there${lock}`;
      const leftover = `The task creating VM ${vmid} on ${node} failed (${message}), but ${there}: check it (qm config ${vmid} on ${node}) and remove it if it is incomplete (qm destroy ${vmid}) before trying again.`;
      return { kind: 'unconfirmed', error: proxmoxError('server', leftover, { endpoint }) };
    } catch (error) {
      const cause = error as Error;
      const unchecked = `Creating VM ${vmid} on ${node} failed (${message}), and whether it left anything behind could not be checked (${whatFailed(cause)}): look for VM ${vmid} on ${node} before trying again.`;
      return { kind: 'unconfirmed', error: proxmoxError(isProxmoxError(cause) ? cause.kind : 'server', unchecked, { endpoint, cause }) };
    }
  }

  // ---------------------------------------------------------------- later steps

  /** Send a later step's request; if it started a task, follow it to its end. */
  private async perform(run: Run, index: number): Promise<StepResult> {
    const request = run.plan.requests[index];
    let answer: unknown;
    try {
      answer = request.returnsTask
        ? await this.client.request(PveApi.taskWrite(request.method, request.path, request.params))
        : await this.client.request(PveApi.write(request.method, request.path, request.params));
    } catch (error) {
      return run.resumed && alreadyDone(request, error) ? { kind: 'done', warnings: [] } : { kind: 'failed', error: error as Error };
    }
    // POST .../config may start a worker even where the plan expected none: follow it rather than race it.
    if (!isUpid(answer)) return { kind: 'done', warnings: [] };
    let outcome: TaskOutcome;
    try {
      outcome = await this.watch(run, request.step, answer);
    } catch (error) {
      return { kind: 'failed', error: error as Error };
    }
    if (outcome.status !== 'error') return taskDone(request, outcome);
    if (run.resumed && alreadyDone(request, new Error(outcome.message))) return { kind: 'done', warnings: [] };
    const failed = `${request.title} failed (${outcome.message}); VM ${run.plan.vmid} exists, fix the cause and retry the remaining steps.`;
    return { kind: 'failed', error: proxmoxError('server', failed, { endpoint: `${request.method} ${request.path}` }) };
  }

  private watch(run: Run, step: StepId, upid: string): Promise<TaskOutcome> {
    return this.watcher.watch(upid, { onLog: (lines) => run.onEvent({ kind: 'task-log', step, lines }) });
  }
}

function newRun(plan: RequestPlan, start: Pick<Run, 'onVmidConflict' | 'signal' | 'onEvent' | 'resumed'> & { readonly completed: readonly StepId[] }): Run {
  return { ...start, plan, completed: [...start.completed], warnings: [], mayHaveCreated: false, movedOn: false, checks: 0 };
}

function cancelled(run: Run): ProvisioningResult {
  return { status: 'cancelled', vmid: run.plan.vmid, node: run.plan.node, completed: [...run.completed], onVmidConflict: run.onVmidConflict };
}

/** A task that ended OK or with warnings: the step is done. */
function taskDone(request: PlannedRequest, outcome: Exclude<TaskOutcome, { status: 'error' }>): StepResult {
  if (outcome.status === 'ok') return { kind: 'done', warnings: [] };
  return { kind: 'done', warnings: outcome.warnings.length ? outcome.warnings : [`${request.title}: ${outcome.count} warning(s)`] };
}

/**
 * A resumed step whose first try had worked after all: HA already has the VM
 * (`resource ID 'vm:123' already defined`), or the VM already runs. What the
 * step was for holds, so it is done.
 */
function alreadyDone(request: PlannedRequest, error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  if (request.step === 'ha') return /already defined/i.test(message);
  if (request.step === 'start') return /already running/i.test(message);
  return false;
}

function takenError(plan: RequestPlan): ProxmoxError {
  return proxmoxError('conflict', `VM ID ${plan.vmid} is taken by another VM on the cluster (not one this run created); choose another ID.`, {
    endpoint: `POST /nodes/${plan.node}/qemu`,
  });
}

/** No VM and no create task of ours: most likely the request never arrived, but it may still be on its way. */
function notFoundError(plan: RequestPlan, cause: Error): ProxmoxError {
  const { vmid, node } = plan;
  return proxmoxError(
    isProxmoxError(cause) ? cause.kind : 'network',
    `The request creating VM ${vmid} on ${node} got no usable answer, and neither VM ${vmid} nor a create task of yours is on ${node}: it most likely did not arrive, but it may still be on its way. Look for VM ${vmid} on ${node} before creating it again.`,
    { endpoint: `POST /nodes/${node}/qemu`, cause },
  );
}

/**
 * What failed, without the advice: messages say "what failed; what to do.",
 * and inside another message only the first half makes sense.
 */
function whatFailed(error: Error): string {
  return error.message.split('; ')[0].replace(/\.$/, '');
}

/** The cluster could not say whether the create happened. */
function unconfirmedError(plan: RequestPlan, cause: Error): ProxmoxError {
  const { vmid, node } = plan;
  return proxmoxError(
    isProxmoxError(cause) ? cause.kind : 'network',
    `VM ${vmid} may have been created on ${node}, but this could not be confirmed (${whatFailed(cause)}). Look for VM ${vmid} and its create task on ${node} before creating it again.`,
    { endpoint: `POST /nodes/${node}/qemu`, cause },
  );
}
