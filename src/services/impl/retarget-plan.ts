import type { PlannedRequest, RequestPlan } from '../../workflow/request-plan';

/**
 * The same plan for another VM ID: used when the create finds the suggested ID
 * taken (someone else created a VM between nextid and create) and the run
 * moves to the next free one. Rewrites `vmid` in the parameters, the
 * `/qemu/<id>` segment of paths, the HA resource ID `vm:<id>`, and the ID in
 * titles. Pure; the original plan is not touched.
 */
export function retargetPlan(plan: RequestPlan, vmid: number): RequestPlan {
  if (plan.vmid === vmid) return plan;
  return { ...plan, vmid, requests: plan.requests.map((request) => retargetRequest(request, plan.vmid, vmid)) };
}

function retargetRequest(request: PlannedRequest, from: number, to: number): PlannedRequest {
  const params: Record<string, string | number> = { ...request.params };
  if ('vmid' in params) params.vmid = to;
  if (params.sid === `vm:${from}`) params.sid = `vm:${to}`;
  if (params.sid === String(from)) params.sid = String(to);
  return {
    ...request,
    path: request.path.replace(new RegExp(`/qemu/${from}(?=/|$)`), `/qemu/${to}`),
    params,
    title: request.title.replace(new RegExp(`\\b${from}\\b`, 'g'), String(to)),
  };
}
