import { token } from '../shared/token';
import type { ProxmoxError } from '../shared/proxmox-error';
import type { RequestPlan, StepId } from '../workflow/request-plan';
import type { TaskLogLine, TaskOutcome } from './task-watcher';

export type StepState = 'pending' | 'running' | 'done' | 'warning' | 'failed' | 'skipped';

/** Progress of one run, reported as it happens. */
export type ProvisioningEvent =
  | { readonly kind: 'step'; readonly step: StepId; readonly state: StepState; readonly message?: string }
  | { readonly kind: 'task-log'; readonly step: StepId; readonly lines: readonly TaskLogLine[] }
  /** The VM ID was taken between nextid and create; the run moved to `to`. */
  | { readonly kind: 'vmid-changed'; readonly from: number; readonly to: number };

export interface ProvisioningOptions {
  /**
   * What to do when the create finds the VM ID taken: `take-next` (the user
   * kept the suggested ID: take the next free one and retry once) or `fail`
   * (the user typed it: stop, so they can choose).
   */
  readonly onVmidConflict: 'take-next' | 'fail';
  /** Stop before the next step (the running request still completes). */
  readonly signal?: AbortSignal;
}

export type ProvisioningResult =
  | { readonly status: 'created'; readonly vmid: number; readonly node: string; readonly warnings: readonly string[] }
  /** The VM exists but `failedStep` failed; `retry` with this result runs only the remaining steps. */
  | {
      readonly status: 'partial';
      readonly vmid: number;
      readonly node: string;
      readonly failedStep: StepId;
      readonly error: ProxmoxError | Error;
      readonly completed: readonly StepId[];
    }
  /** Nothing was created (the create request or its task failed); nothing is left behind. */
  | {
      readonly status: 'failed';
      readonly vmid: number;
      readonly node: string;
      readonly error: ProxmoxError | Error;
      readonly task?: TaskOutcome;
    }
  | { readonly status: 'cancelled'; readonly vmid: number; readonly node: string; readonly completed: readonly StepId[] };

/**
 * Runs a RequestPlan: create, wait for the qmcreate task, the serial console
 * update, HA registration, start. Never creates a VM twice: `resume` after a
 * partial result continues after the last completed step.
 */
export interface ProvisioningService {
  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult>;
  /** Retry only what a partial run did not finish (the failed step and those after it). */
  resume(
    plan: RequestPlan,
    previous: Extract<ProvisioningResult, { status: 'partial' | 'cancelled' }>,
    onEvent: (event: ProvisioningEvent) => void,
    signal?: AbortSignal,
  ): Promise<ProvisioningResult>;
}
export const ProvisioningService = token<ProvisioningService>('ProvisioningService');
