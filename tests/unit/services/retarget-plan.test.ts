import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { retargetPlan } from '../../../src/services/impl/retarget-plan';

describe('retargetPlan', () => {
  it('moves every request to the new VM ID: create params, /qemu/<id> paths, HA sid, titles', () => {
    const moved = retargetPlan(createPlan, 124);
    expect(moved.vmid).toBe(124);
    expect(moved.requests.map((request) => [request.path, request.title])).toEqual([
      ['/nodes/pve1/qemu', 'Create VM 124 on pve1'],
      ['/nodes/pve1/qemu/124/config', 'Serial console for VM 124'],
      ['/cluster/ha/resources', 'Add VM 124 to HA'],
      ['/nodes/pve1/qemu/124/status/start', 'Start VM 124'],
    ]);
    expect(moved.requests[0].params).toEqual({ ...createPlan.requests[0].params, vmid: 124 });
    expect(moved.requests[2].params).toEqual({ sid: 'vm:124', state: 'started' });
  });

  it('leaves the original plan untouched and IDs that merely contain the old one alone', () => {
    const plan = { ...createPlan, vmid: 12, requests: [{ ...createPlan.requests[1], path: '/nodes/pve12/qemu/12/config', title: 'VM 12 on pve12, disk 120' }] };
    const moved = retargetPlan(plan, 13);
    expect(moved.requests[0].path).toBe('/nodes/pve12/qemu/13/config');
    expect(moved.requests[0].title).toBe('VM 13 on pve12, disk 120');
    expect(plan.requests[0].path).toBe('/nodes/pve12/qemu/12/config');
  });

  it('keeps a bare numeric HA sid bare', () => {
    const plan = { ...createPlan, requests: [{ ...createPlan.requests[2], params: { sid: '123' } }] };
    expect(retargetPlan(plan, 124).requests[0].params).toEqual({ sid: '124' });
  });

  it('returns the same plan when the ID does not change', () => {
    expect(retargetPlan(createPlan, 123)).toBe(createPlan);
  });
});
