import { ProxmoxError } from '../../src/shared/proxmox-error';
import type { RequestPlan, StepId } from '../../src/workflow/request-plan';
import type {
  ProvisioningEvent,
  ProvisioningOptions,
  ProvisioningResult,
  ProvisioningService,
} from '../../src/services/provisioning-service';
import { FakeControls } from './fake-controls';

/**
 * ProvisioningService that walks the plan's steps without a server: each step
 * reports running then done, unless a test made it fail (`failStep`) or
 * staged a VM ID race (`raceVmid`). Results follow the real rules: a failed
 * create is `failed`, a later failure `partial`, resume never repeats create.
 */
export class FakeProvisioningService implements ProvisioningService {
  readonly controls = new FakeControls<'run' | 'resume'>();
  private readonly failures = new Map<StepId, Error>();
  private race: number | undefined;

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

  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult> {
    return this.controls.run('run', [plan, options.onVmidConflict], () => {
      let vmid = plan.vmid;
      if (this.race !== undefined) {
        if (options.onVmidConflict === 'fail') {
          const error = new ProxmoxError('conflict', `VM ${vmid} already exists; choose another ID.`, { endpoint: `POST /nodes/${plan.node}/qemu` });
          return { status: 'failed', vmid, node: plan.node, error } as const;
        }
        onEvent({ kind: 'vmid-changed', from: vmid, to: this.race });
        vmid = this.race;
        this.race = undefined;
      }
      return this.walk(plan.requests.map((request) => request.step), { vmid, node: plan.node }, [], onEvent, options.signal);
    });
  }

  resume(
    plan: RequestPlan,
    previous: Extract<ProvisioningResult, { status: 'partial' | 'cancelled' }>,
    onEvent: (event: ProvisioningEvent) => void,
    signal?: AbortSignal,
  ): Promise<ProvisioningResult> {
    return this.controls.run('resume', [plan, previous], () => {
      const steps = plan.requests.map((request) => request.step).filter((step) => step !== 'create' && !previous.completed.includes(step));
      return this.walk(steps, { vmid: previous.vmid, node: previous.node }, [...previous.completed], onEvent, signal);
    });
  }

  private walk(
    steps: readonly StepId[],
    vm: { vmid: number; node: string },
    completed: StepId[],
    onEvent: (event: ProvisioningEvent) => void,
    signal: AbortSignal | undefined,
  ): ProvisioningResult {
    for (const step of steps) {
      if (signal?.aborted) return { status: 'cancelled', ...vm, completed };
      onEvent({ kind: 'step', step, state: 'running' });
      const error = this.failures.get(step);
      if (error) {
        onEvent({ kind: 'step', step, state: 'failed', message: error.message });
        return step === 'create' ? { status: 'failed', ...vm, error } : { status: 'partial', ...vm, failedStep: step, error, completed };
      }
      completed.push(step);
      onEvent({ kind: 'step', step, state: 'done' });
    }
    return { status: 'created', ...vm, warnings: [] };
  }
}
