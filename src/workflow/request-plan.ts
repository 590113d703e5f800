/**
 * The writes that create a VM, in order, exactly as they go on the wire. Built
 * from a VmConfig by the request builder; shown on Confirm, printed by
 * --dry-run, executed by ProvisioningService.
 */

/** Steps of the create sequence, in the order they run. */
export type StepId = 'create' | 'serial-console' | 'ha' | 'start';

/** API parameter values as the API takes them (booleans as 0/1). */
export type ParamValue = string | number;

/** One write of the plan. */
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

/** The whole create sequence for one VM. */
export interface RequestPlan {
  readonly vmid: number;
  readonly node: string;
  readonly requests: readonly PlannedRequest[];
}

/**
 * The same plan for another VM ID, for when the ID was taken between
 * `/cluster/nextid` and the create (ProvisioningService's VM-ID race): the
 * create's `vmid`, the `/qemu/{vmid}` part of later paths and the HA resource
 * ID (`vm:{vmid}`, or the bare `{vmid}` the API also takes) change, and so
 * does "VM {vmid}" in titles; nothing else mentions the ID (a node called
 * `node-123` stays). Pure: the original plan is not touched, and the same
 * plan comes back when the ID does not change.
 */
export function retargetPlan(plan: RequestPlan, newVmid: number): RequestPlan {
  if (plan.vmid === newVmid) return plan;
  // `/qemu/123` followed by `/` or the end: `/qemu/1234` is another VM.
  const vmidInPath = new RegExp(`/qemu/${plan.vmid}(?=/|$)`);
  const retargetPath = (path: string): string => path.replace(vmidInPath, `/qemu/${newVmid}`);
  const retargetParams = (params: PlannedRequest['params']): PlannedRequest['params'] =>
    Object.fromEntries(
      Object.entries(params).map(([key, value]) => {
        if (key === 'vmid' && value === plan.vmid) return [key, newVmid];
        if (key === 'sid' && value === `vm:${plan.vmid}`) return [key, `vm:${newVmid}`];
        if (key === 'sid' && value === String(plan.vmid)) return [key, String(newVmid)];
        return [key, value];
      }),
    );
  const retitle = (title: string): string => title.replace(new RegExp(`\\bVM ${plan.vmid}\\b`, 'g'), `VM ${newVmid}`);
  return {
    ...plan,
    vmid: newVmid,
    requests: plan.requests.map((request) => ({
      ...request,
      path: retargetPath(request.path),
      params: retargetParams(request.params),
      title: retitle(request.title),
    })),
  };
}
