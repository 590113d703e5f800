import { createPlan } from '../../../mocks/cassettes/scenario-plans';
import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { retargetPlan, type RequestPlan } from '../../../src/workflow/request-plan';
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

  it('moves the titles the services write ("Serial console for VM 123")', () => {
    expect(retargetPlan(createPlan, 124).requests.map((request) => request.title)).toEqual([
      'Create VM 124 on pve1',
      'Serial console for VM 124',
      'Add VM 124 to HA',
      'Start VM 124',
    ]);
  });

  it('leaves the original plan alone and can move back', () => {
    const before = JSON.stringify(plan);
    expect(retargetPlan(retargetPlan(plan, 124), 123)).toEqual(plan);
    expect(JSON.stringify(plan)).toBe(before);
  });

  it('leaves a node whose name holds the ID alone, and numbers that merely contain it', () => {
    const onNode123: RequestPlan = {
      vmid: 123,
      node: 'node-123',
      requests: [
        { ...createPlan.requests[0], path: '/nodes/node-123/qemu', title: 'Create VM 123 on node-123', params: { vmid: 123, name: 'web-123', scsi0: 'ceph-pool:1230' } },
        { ...createPlan.requests[1], path: '/nodes/node-123/qemu/123/config', title: 'VM 123 on node-123, disk 1230' },
      ],
    };
    const moved = retargetPlan(onNode123, 124);
    expect(moved.node).toBe('node-123');
    expect(moved.requests.map((request) => [request.path, request.title])).toEqual([
      ['/nodes/node-123/qemu', 'Create VM 124 on node-123'],
      ['/nodes/node-123/qemu/124/config', 'VM 124 on node-123, disk 1230'],
    ]);
    expect(moved.requests[0].params).toEqual({ vmid: 124, name: 'web-123', scsi0: 'ceph-pool:1230' });
  });

  it('moves a bare numeric HA sid, which the API takes for vm:<id>', () => {
    const bare: RequestPlan = { ...createPlan, requests: [{ ...createPlan.requests[2], params: { sid: '123' } }] };
    expect(retargetPlan(bare, 124).requests[0].params).toEqual({ sid: '124' });
  });

  it('returns the same plan when the ID does not change', () => {
    expect(retargetPlan(createPlan, 123)).toBe(createPlan);
  });
});
