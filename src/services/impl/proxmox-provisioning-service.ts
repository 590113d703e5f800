import { inject, injectable } from 'inversify';
import { Logger } from '../../shared/logger';
import { isProxmoxError, ProxmoxError } from '../../shared/proxmox-error';
import { PveApi } from '../../proxmox/api-calls';
import { proxmoxError } from '../../proxmox/errors/translate-error';
import { ProxmoxClient } from '../../proxmox/proxmox-client';
import { isUpid } from '../../proxmox/upid';
import { retargetPlan, type PlannedRequest, type RequestPlan, type StepId } from '../../workflow/request-plan';
import type { ProvisioningEvent, ProvisioningOptions, ProvisioningResult, ProvisioningService } from '../provisioning-service';
import { TaskWatcher, type TaskOutcome } from '../task-watcher';

/** How one step ended. `phase` says where a failure happened: it decides what can be said about the VM. */
type StepResult =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly phase: 'request' | 'task' | 'watch'; readonly error: ProxmoxError | Error; readonly task?: TaskOutcome };

/** One run's moving parts. */
interface Run {
  plan: RequestPlan;
  readonly completed: StepId[];
  readonly warnings: string[];
  readonly onVmidConflict: ProvisioningOptions['onVmidConflict'];
  readonly signal?: AbortSignal;
  readonly onEvent: (event: ProvisioningEvent) => void;
}

/**
 * ProvisioningService over the Proxmox client: sends the plan's requests in
 * order, waits for the tasks they start, and reports what happened in terms
 * the user can act on. It never deletes anything: when the qmcreate task fails
 * Proxmox removes the half-created VM itself, and after a later step fails the
 * VM is the user's to keep (resume finishes the remaining steps).
 */
@injectable()
export class ProxmoxProvisioningService implements ProvisioningService {
  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(TaskWatcher) private readonly watcher: TaskWatcher,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult> {
    const run: Run = { plan, completed: [], warnings: [], onVmidConflict: options.onVmidConflict, signal: options.signal, onEvent };
    return this.execute(run, plan.requests.map((_request, index) => index));
  }

  resume(
    plan: RequestPlan,
    previous: Extract<ProvisioningResult, { status: 'partial' | 'cancelled' }>,
    onEvent: (event: ProvisioningEvent) => void,
    signal?: AbortSignal,
  ): Promise<ProvisioningResult> {
    // The first run may have moved to another VM ID; the rest of the work is for that one.
    const target = retargetPlan(plan, previous.vmid);
    const run: Run = { plan: target, completed: [...previous.completed], warnings: [], onVmidConflict: 'fail', signal, onEvent };
    const created = previous.completed.includes('create');
    // Create is never sent twice. It is sent here only when a cancelled run stopped before sending it at all.
    const indices = target.requests
      .map((request, index) => ({ request, index }))
      .filter(({ request }) => !previous.completed.includes(request.step) && (request.step !== 'create' || (!created && previous.status === 'cancelled')))
      .map(({ index }) => index);
    return this.execute(run, indices);
  }

  private async execute(run: Run, indices: readonly number[]): Promise<ProvisioningResult> {
    for (const index of indices) run.onEvent({ kind: 'step', step: run.plan.requests[index].step, state: 'pending' });
    for (const index of indices) {
      if (run.signal?.aborted) return { status: 'cancelled', vmid: run.plan.vmid, node: run.plan.node, completed: [...run.completed] };
      const result = await this.runStep(run, index);
      const request = run.plan.requests[index];
      if (!result.ok) return this.failure(run, request, result);
      run.completed.push(request.step);
      run.warnings.push(...result.warnings);
      const state = result.warnings.length ? 'warning' : 'done';
      run.onEvent({ kind: 'step', step: request.step, state, message: result.warnings.length ? result.warnings.join('; ') : undefined });
    }
    return { status: 'created', vmid: run.plan.vmid, node: run.plan.node, warnings: [...run.warnings] };
  }

  private async runStep(run: Run, index: number): Promise<StepResult> {
    const request = run.plan.requests[index];
    run.onEvent({ kind: 'step', step: request.step, state: 'running' });
    const result = await this.perform(request, run);
    if (request.step !== 'create' || result.ok || !this.mayTakeNextVmid(run, result)) return result;
    return this.retryWithNextVmid(run, index, result);
  }

  private mayTakeNextVmid(run: Run, result: Extract<StepResult, { ok: false }>): boolean {
    return run.onVmidConflict === 'take-next' && result.phase === 'request' && isVmidConflict(result.error);
  }

  /** The suggested VM ID was taken meanwhile: move the plan to the next free one and try once more. */
  private async retryWithNextVmid(run: Run, index: number, conflict: StepResult): Promise<StepResult> {
    let next: number;
    try {
      next = await this.client.request(PveApi.nextId());
    } catch (error) {
      return { ok: false, phase: 'request', error: error as Error };
    }
    if (next === run.plan.vmid) return conflict;
    const from = run.plan.vmid;
    run.plan = retargetPlan(run.plan, next);
    this.logger.info(`VM ID ${from} was taken meanwhile; creating VM ${next} instead`);
    run.onEvent({ kind: 'vmid-changed', from, to: next });
    return this.perform(run.plan.requests[index], run);
  }

  /** Send one request; if it started a task, follow it to its end. */
  private async perform(request: PlannedRequest, run: Run): Promise<StepResult> {
    let answer: unknown;
    try {
      answer = request.returnsTask
        ? await this.client.request(PveApi.taskWrite(request.method, request.path, request.params))
        : await this.client.request(PveApi.write(request.method, request.path, request.params));
    } catch (error) {
      return { ok: false, phase: 'request', error: error as Error };
    }
    // POST .../config may start a worker even where the plan expected none: follow it rather than race it.
    if (!isUpid(answer)) return { ok: true, warnings: [] };
    let outcome: TaskOutcome;
    try {
      outcome = await this.watcher.watch(answer, { onLog: (lines) => run.onEvent({ kind: 'task-log', step: request.step, lines }) });
    } catch (error) {
      return { ok: false, phase: 'watch', error: error as Error };
    }
    if (outcome.status === 'ok') return { ok: true, warnings: [] };
    if (outcome.status === 'warnings') return { ok: true, warnings: outcome.warnings.length ? outcome.warnings : [`${request.title}: ${outcome.count} warning(s)`] };
    return { ok: false, phase: 'task', error: this.taskFailed(request, run.plan, outcome.message), task: outcome };
  }

  private failure(run: Run, request: PlannedRequest, result: Extract<StepResult, { ok: false }>): ProvisioningResult {
    const { vmid, node } = run.plan;
    const error = request.step === 'create' && result.phase === 'watch' ? this.lostCreateTask(run.plan, result.error) : result.error;
    run.onEvent({ kind: 'step', step: request.step, state: 'failed', message: error.message });
    this.logger.warn(`step ${request.step} failed`, error);
    if (request.step === 'create') return { status: 'failed', vmid, node, error, task: result.task };
    return { status: 'partial', vmid, node, failedStep: request.step, error, completed: [...run.completed] };
  }

  private taskFailed(request: PlannedRequest, plan: RequestPlan, message: string): ProxmoxError {
    const endpoint = `${request.method} ${request.path}`;
    if (request.step === 'create') {
      return proxmoxError('server', `Creating VM ${plan.vmid} on ${plan.node} failed (${message}); Proxmox removed the incomplete VM, fix the cause and try again.`, { endpoint });
    }
    return proxmoxError('server', `${request.title} failed (${message}); VM ${plan.vmid} exists, fix the cause and retry the remaining steps.`, { endpoint });
  }

  /** The create was accepted but we could not follow its task: whether the VM exists is unknown, so say where to look. */
  private lostCreateTask(plan: RequestPlan, cause: ProxmoxError | Error): ProxmoxError | Error {
    if (!isProxmoxError(cause)) return cause;
    return proxmoxError(
      cause.kind,
      `Lost track of the task creating VM ${plan.vmid} (${cause.message}); check the task log on ${plan.node} before trying again, the VM may exist.`,
      { ...cause.details, cause },
    );
  }
}

/**
 * The create found the VM ID in use: `VM 101 already exists on node 'pve1'`
 * (500), a create lock held by someone else creating that ID, or the schema
 * check's `errors.vmid` (400).
 */
export function isVmidConflict(error: unknown): boolean {
  if (!isProxmoxError(error)) return false;
  if (error.kind === 'conflict') return true;
  return error.kind === 'validation' && /already exists/i.test(error.details.parameterErrors?.vmid ?? '');
}
