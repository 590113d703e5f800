import { loadClusterWideFacts } from '../../../src/services/cluster-wide-facts';
import { FakeReferenceDataService } from '../../../mocks/fakes';

describe('loadClusterWideFacts', () => {
  it('reads every cluster-wide list at once and keeps the VM IDs in use', async () => {
    const data = new FakeReferenceDataService();
    data.controls.hold('pools');
    const loading = loadClusterWideFacts(data);
    await new Promise((resolve) => setImmediate(resolve));
    // All eight reads are out before any answer came back: one round trip on a slow link.
    expect(new Set(data.controls.calls.map((call) => call.method))).toEqual(new Set(['nodes', 'answeringNode', 'nextFreeVmid', 'guests', 'pools', 'tags', 'rootPrivileges', 'serverVersion']));
    data.controls.release('pools');
    const facts = await loading;
    expect(facts.nextVmid).toBe(await data.nextFreeVmid());
    expect([...facts.usedVmids].sort()).toEqual((await data.guests()).map((guest) => guest.vmid).sort());
    expect(facts.answeringNode).toBe('pve1');
    expect(facts.rootPrivileges?.has('Sys.Console')).toBe(true);
    expect(facts).not.toHaveProperty('nodeFacts');
  });

  it('runs each read through the wrapper (the wizard signs in again there) and uses the node list and answering node already asked for', async () => {
    const data = new FakeReferenceDataService();
    const wrapped: string[] = [];
    const nodes = data.nodes();
    const answeringNode = data.answeringNode();
    await loadClusterWideFacts(data, (read) => {
      wrapped.push('read');
      return read();
    }, { nodes, answeringNode });
    expect(wrapped).toHaveLength(6);
    expect(data.controls.calls.filter((call) => call.method === 'nodes')).toHaveLength(1);
    expect(data.controls.calls.filter((call) => call.method === 'answeringNode')).toHaveLength(1);
  });
});
