/**
 * The writes that create a VM, in order, exactly as they go on the wire. Built
 * from a VmConfig by the request builder; shown on Confirm, printed by
 * --dry-run, executed by ProvisioningService.
 */

/** Steps of the create sequence, in the order they run. */
export type StepId = 'create' | 'serial-console' | 'ha' | 'start';

/** API parameter values as the API takes them (booleans as 0/1). */
export type ParamValue = string | number;

export interface PlannedRequest {
  readonly step: StepId;
  readonly method: 'POST' | 'PUT';
  /** Path below `/api2/json`, e.g. `/nodes/pve1/qemu`. */
  readonly path: string;
  /** Exactly what is sent, property strings written out (`scsi0`, `net0`). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The answer is a task UPID to wait for (create, start). */
  readonly returnsTask: boolean;
  /** What this request does, for progress lines and the Submit screen. */
  readonly title: string;
}

export interface RequestPlan {
  readonly vmid: number;
  readonly node: string;
  readonly requests: readonly PlannedRequest[];
}
