import { token } from '../shared/token';
import { isProxmoxError, type ProxmoxError } from '../shared/proxmox-error';
import type { RequestPlan, StepId } from '../workflow/request-plan';
import type { TaskLogLine } from './task-watcher';

/**
 * A step's state as the run reports it. `unknown`: the create request got no
 * usable answer and what became of it could not be found out (the VM may exist).
 */
export type StepState = 'pending' | 'running' | 'done' | 'warning' | 'failed' | 'unknown' | 'skipped';

/** Progress of one run, reported as it happens. */
export type ProvisioningEvent =
  | { readonly kind: 'step'; readonly step: StepId; readonly state: StepState; readonly message?: string }
  | { readonly kind: 'task-log'; readonly step: StepId; readonly lines: readonly TaskLogLine[] }
  /** The VM ID was taken between nextid and create; the run moved to `to`. */
  | { readonly kind: 'vmid-changed'; readonly from: number; readonly to: number };

/**
 * What to do when the create finds the VM ID taken: `take-next` (the user
 * kept the suggested ID: take the next free one and retry once) or `fail`
 * (the user typed it: stop, so they can choose).
 */
export type VmidConflictPolicy = 'take-next' | 'fail';

/** How a run goes. */
export interface ProvisioningOptions {
  /** See VmidConflictPolicy. */
  readonly onVmidConflict: VmidConflictPolicy;
  /** Stop before the next step (the running request still completes). */
  readonly signal?: AbortSignal;
}

/** The end of a run (or of a resumed one). */
export type ProvisioningResult =
  | { readonly status: 'created'; readonly vmid: number; readonly node: string; readonly warnings: readonly string[] }
  /** The VM exists but `failedStep` failed; `resume` with this result runs only the remaining steps. */
  | {
      readonly status: 'partial';
      readonly vmid: number;
      readonly node: string;
      readonly failedStep: StepId;
      readonly error: ProxmoxError | Error;
      readonly completed: readonly StepId[];
    }
  /**
   * Nothing was created: the server refused the create, or its task failed
   * and the VM was checked to be gone. Trying again is a fresh `run`.
   */
  | { readonly status: 'failed'; readonly vmid: number; readonly node: string; readonly error: ProxmoxError | Error }
  /**
   * The create may have happened and this could not be confirmed (no usable
   * answer, and the cluster could not tell), or a failed create left VM
   * `vmid` behind. `error.message` says what to look at on `node`. Trying
   * again must go through `resume`, which checks first and never sends a
   * second create for a VM that exists.
   */
  | {
      readonly status: 'unknown';
      readonly vmid: number;
      readonly node: string;
      readonly error: ProxmoxError | Error;
      readonly onVmidConflict: VmidConflictPolicy;
      /** When the first create request of this VM was sent (client clock, ms): create tasks of ours since then are this VM's. */
      readonly createSentAt: number;
    }
  /** Stopped (Ctrl-C) before the next step; `resume` goes on from there with the same VM-ID policy. */
  | {
      readonly status: 'cancelled';
      readonly vmid: number;
      readonly node: string;
      readonly completed: readonly StepId[];
      readonly onVmidConflict: VmidConflictPolicy;
    };

/** A result `resume` can go on from. */
export type ResumableResult = Extract<ProvisioningResult, { status: 'partial' | 'cancelled' | 'unknown' }>;

/**
 * Runs a RequestPlan: create, wait for the qmcreate task, the serial console
 * update, HA registration, start. Never creates a VM twice: when the answer
 * to a create is lost it asks the cluster what happened before anything
 * else, and `resume` continues after the last completed step.
 */
export interface ProvisioningService {
  /** Run the whole plan. */
  run(plan: RequestPlan, options: ProvisioningOptions, onEvent: (event: ProvisioningEvent) => void): Promise<ProvisioningResult>;
  /**
   * Go on from `previous`: after `partial` or `cancelled`, only the steps not
   * done yet; after `unknown`, first find out whether the VM exists (and
   * follow its create task), and send the create only if it does not.
   */
  resume(plan: RequestPlan, previous: ResumableResult, onEvent: (event: ProvisioningEvent) => void, signal?: AbortSignal): Promise<ProvisioningResult>;
}
export const ProvisioningService = token<ProvisioningService>('ProvisioningService');

/**
 * The create found its VM ID in use (someone else took it between the check
 * and the create): `VM 101 already exists on node 'pve1'` or a create lock
 * held by another create of that ID (both `conflict`), or the schema check's
 * `errors.vmid` "already exists" (400). The one test the service, the Submit
 * screen and the unattended runner share.
 */
export function isVmidTaken(error: unknown): boolean {
  if (!isProxmoxError(error)) return false;
  if (error.kind === 'conflict') return true;
  return error.kind === 'validation' && /already exists/i.test(error.details.parameterErrors?.vmid ?? '');
}
