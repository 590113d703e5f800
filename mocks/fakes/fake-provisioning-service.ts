import { ProxmoxError } from '../../src/shared/proxmox-error';
import { retargetPlan, type RequestPlan, type StepId } from '../../src/workflow/request-plan';
import type {
  ProvisioningEvent,
  ProvisioningOptions,
  ProvisioningResult,
  ProvisioningService,
  ResumableResult,
  VmidConflictPolicy,
} from '../../src/services/provisioning-service';
import { FakeControls } from './fake-controls';

/** When the fake "sent" a create whose answer was lost (it has no clock; the real service uses its own). */
const LOST_CREATE_SENT_AT = Date.UTC(2026, 0, 1);

/** One walk through some of a plan's steps. */
interface Walk {
  plan: RequestPlan;
  readonly completed: StepId[];
  readonly onVmidConflict: VmidConflictPolicy;
  readonly signal: AbortSignal | undefined;
  readonly onEvent: (event: ProvisioningEvent) => void;
}

/**
 * ProvisioningService that walks the plan's steps without a server, by the
 * real service's rules: every step is announced `pending`, then reports
 * running and done, unless a test made it fail (`failStep`), made the
 * create's outcome unknown (`unconfirmCreate`) or staged a VM ID race
 * (`raceVmid`). A failed create is `failed`, a later failure `partial`; a
 * Ctrl-C stops before the next step; `resume` never sends a create for a VM
 * that exists (after `unknown` it "finds" the VM once the create is
 * confirmed again). `createdVmids` lists every VM it made.
 */
export class FakeProvisioningService implements ProvisioningService {
  readonly controls = new FakeControls<'run' | 'resume'>();
  /** The VM IDs of every create that went through: a test can check none was made twice. */
  readonly createdVmids: number[] = [];
  private readonly failures = new Map<StepId, Error>();
  private race: number | undefined;
  private unconfirmed: Error | undefined;

  /** Make `step` fail with `error` until `succeedStep(step)`. */
  failStep(step: StepId, error: Error = new ProxmoxError('server', `The ${step} step failed.`, {})): this {
    this.failures.set(step, error);
    return this;
  }

  succeedStep(step: StepId): this {
    this.failures.delete(step);
    return this;
  }

  /** The plan's VM ID turns out taken at create time; `take-next` moves to `nextVmid`. */
  raceVmid(nextVmid: number): this {
    this.race = nextVmid;
    return this;
  }

  /** The create's answer is lost and the cluster cannot tell whether it worked (`unknown`), until `confirmCreate`. */
  unconfirmCreate(error: Error = new ProxmoxError('network', 'VM 102 may have been created on pve1, but this could not be confirmed (connection reset).', {})): this {
    this.unconfirmed = error;
    return this;
  }

  /** The cluster can be asked again, and the lost create turns out to have worked. */
  confirmCreate(): this {
    this.unconfirmed = undefined;
    return this;
  }

  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult> {
    return this.controls.run('run', [plan, options.onVmidConflict], () => {
      const walk: Walk = { plan, completed: [], onVmidConflict: options.onVmidConflict, signal: options.signal, onEvent };
      return this.walk(walk, plan.requests.map((request) => request.step));
    });
  }

  resume(plan: RequestPlan, previous: ResumableResult, onEvent: (event: ProvisioningEvent) => void, signal?: AbortSignal): Promise<ProvisioningResult> {
    return this.controls.run('resume', [plan, previous], () => {
      const target = retargetPlan(plan, previous.vmid);
      const completed = previous.status === 'unknown' ? [] : [...previous.completed];
      const onVmidConflict = previous.status === 'partial' ? 'fail' : previous.onVmidConflict;
      const walk: Walk = { plan: target, completed, onVmidConflict, signal, onEvent };
      const steps = target.requests.map((request) => request.step).filter((step) => !completed.includes(step));
      return this.walk(walk, steps, previous.status === 'unknown' ? previous.createSentAt : undefined);
    });
  }

  /** `lostCreateAt`: resuming after `unknown`, whose create (if the cluster can now tell) did happen. */
  private walk(walk: Walk, steps: readonly StepId[], lostCreateAt?: number): ProvisioningResult {
    for (const step of steps) walk.onEvent({ kind: 'step', step, state: 'pending' });
    for (const step of steps) {
      if (walk.signal?.aborted) return this.cancelled(walk);
      walk.onEvent({ kind: 'step', step, state: 'running' });
      const ended = step === 'create' ? this.create(walk, lostCreateAt) : this.later(walk, step);
      if (ended) return ended;
      walk.completed.push(step);
      walk.onEvent({ kind: 'step', step, state: 'done' });
    }
    return { status: 'created', vmid: walk.plan.vmid, node: walk.plan.node, warnings: [] };
  }

  /** The create step; a result when the walk ends there. */
  private create(walk: Walk, lostCreateAt: number | undefined): ProvisioningResult | undefined {
    const { vmid, node } = walk.plan;
    if (this.unconfirmed) {
      walk.onEvent({ kind: 'step', step: 'create', state: 'unknown', message: this.unconfirmed.message });
      if (lostCreateAt === undefined) this.createdVmids.push(vmid);
      return { status: 'unknown', vmid, node, error: this.unconfirmed, onVmidConflict: walk.onVmidConflict, createSentAt: lostCreateAt ?? LOST_CREATE_SENT_AT };
    }
    // Resumed after `unknown` and now confirmed: the VM was made by the first run, so nothing is sent.
    if (lostCreateAt !== undefined) return undefined;
    if (this.race !== undefined) {
      if (walk.onVmidConflict === 'fail') return this.failed(walk, 'create', new ProxmoxError('conflict', `VM ${vmid} already exists; choose another ID.`, { endpoint: `POST /nodes/${node}/qemu` }));
      if (walk.signal?.aborted) return this.cancelled(walk);
      walk.onEvent({ kind: 'vmid-changed', from: vmid, to: this.race });
      walk.plan = retargetPlan(walk.plan, this.race);
      this.race = undefined;
    }
    const error = this.failures.get('create');
    if (error) return this.failed(walk, 'create', error);
    this.createdVmids.push(walk.plan.vmid);
    return undefined;
  }

  private later(walk: Walk, step: StepId): ProvisioningResult | undefined {
    const error = this.failures.get(step);
    return error ? this.failed(walk, step, error) : undefined;
  }

  private failed(walk: Walk, step: StepId, error: Error): ProvisioningResult {
    const { vmid, node } = walk.plan;
    walk.onEvent({ kind: 'step', step, state: 'failed', message: error.message });
    return step === 'create' ? { status: 'failed', vmid, node, error } : { status: 'partial', vmid, node, failedStep: step, error, completed: [...walk.completed] };
  }

  private cancelled(walk: Walk): ProvisioningResult {
    return { status: 'cancelled', vmid: walk.plan.vmid, node: walk.plan.node, completed: [...walk.completed], onVmidConflict: walk.onVmidConflict };
  }
}
