import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { retargetPlan } from '../../../src/workflow/request-plan';
import { demoFacts, PVE_8_4 } from './helpers/facts';

describe('retargetPlan', () => {
  const plan = buildRequests(resolveDefaults(demoFacts(), { general: { vmid: 123 }, confirm: { start: true } }).config, { serverVersion: PVE_8_4 });

  it('moves every mention of the VM ID and nothing else', () => {
    const moved = retargetPlan(plan, 1234);
    expect(moved.vmid).toBe(1234);
    expect(moved.requests.map((request) => request.path)).toEqual(['/nodes/pve1/qemu', '/nodes/pve1/qemu/1234/config', '/cluster/ha/resources', '/nodes/pve1/qemu/1234/status/start']);
    expect(moved.requests[0].params).toEqual({ ...plan.requests[0].params, vmid: 1234 });
    expect(moved.requests[2].params).toEqual({ sid: 'vm:1234', state: 'started' });
    expect(moved.requests.map((request) => request.title).join('\n')).not.toMatch(/\b123\b/);
  });

  it('leaves the original plan alone and can move back', () => {
    const before = JSON.stringify(plan);
    expect(retargetPlan(retargetPlan(plan, 124), 123)).toEqual(plan);
    expect(JSON.stringify(plan)).toBe(before);
  });
});
