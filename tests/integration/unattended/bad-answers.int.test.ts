/**
 * Answers files that cannot be used end with exit 2, a message that names the
 * path and the rule, and nothing written to the cluster. File-level mistakes
 * (not JSON, unknown key, wrong type) are caught before connecting at all.
 */
import type { RunningSimulator } from '../../../mocks/simulator';
import { loginFlags, runCli, startTestCluster, Workspace, writesTo } from './harness';

describe('bad answers files', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;

  beforeEach(async () => {
    workspace = new Workspace();
    sim = await startTestCluster();
  });
  afterEach(async () => {
    await sim.close();
    workspace.remove();
  });

  const yes = (answers: string) => runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes']);

  describe.each([
    ['not JSON', '{ "general": { "name": "web-1" ', /^pve-vm-tui: answers file \S+bad\.json: not valid JSON \(/],
    ['an unknown key', JSON.stringify({ general: { nmae: 'web-1' } }), /^pve-vm-tui: answers file \S+: general\.nmae: unknown key \(known keys: node, vmid, name,/],
    ['a wrong type', JSON.stringify({ cpu: { cores: '4' } }), /^pve-vm-tui: answers file \S+: cpu\.cores: expected a whole number\n/],
    ['a wrong type in a list', JSON.stringify({ disks: [{ sizeGiB: 32 }, { sizeGiB: -1 }] }), /: disks\[1\]\.sizeGiB: expected a positive number\n/],
    ['a newer version', JSON.stringify({ version: 2 }), /: version: expected 1: this file is version 2, written by a newer pve-vm-tui\n/],
  ])('%s', (_label, content, message) => {
    test('exit 2 before connecting, naming the path and the rule', async () => {
      const run = await yes(workspace.file('bad.json', content));

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\n {12}Fix the file and run again\. Nothing was sent\.\n$/);
      expect(run.stdout).toBe('');
      expect(sim.requests()).toEqual([]);
    });
  });

  describe.each([
    ['a VLAN tag out of range', { network: { vlan: 5000 } }, 'network.vlan: VLAN tag must be a whole number from 1 to 4094'],
    ['a storage that does not exist', { disks: [{ storage: 'fast-nvme' }] }, 'disks[0].storage: Disk storage fast-nvme does not exist on pve1'],
    ['a bridge that does not exist', { network: { bridge: 'vmbr7' } }, 'network.bridge: Bridge vmbr7 does not exist on pve1'],
    ['an ISO storage that does not exist', { os: { isoStorage: 'nas' } }, 'os.isoStorage: ISO storage nas does not exist on pve1'],
    ['a VM ID in use', { general: { vmid: 100 } }, 'general.vmid: VM ID 100 is already in use: choose another'],
    ['an offline node', { general: { node: 'pve3' } }, 'general.node: Node pve3 is offline: choose an online node'],
    ['a pool that does not exist', { general: { pool: 'staging' } }, 'general.pool: Resource pool staging does not exist'],
  ])('%s', (_label, answers, issue) => {
    test('exit 2 after reading the cluster, naming the path and the rule; nothing written', async () => {
      const run = await yes(workspace.answers('bad.json', { version: 1, ...answers }));

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`does not fit this cluster: ${issue}`);
      expect(run.stderr).toContain('Fix the file and run again. Nothing was sent.');
      expect(run.stdout).toBe('');
      expect(writesTo(sim)).toEqual([]);
    });
  });

  test('every issue of the file is named at once', async () => {
    const run = await yes(workspace.answers('bad.json', { network: { vlan: 0, bridge: 'vmbr7' }, cpu: { cores: 0 } }));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cpu.cores: Cores must be a whole number from 1 to');
    expect(run.stderr).toContain('network.bridge: Bridge vmbr7 does not exist on pve1');
    expect(run.stderr).toContain('network.vlan: VLAN tag must be a whole number from 1 to 4094');
  });

  test('a missing answers file is exit 2', async () => {
    const run = await yes(workspace.path('missing.json'));

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pve-vm-tui: answers file \S+missing\.json: no such file\n/);
  });

  test('--save-answers into a directory that does not exist is exit 2, before any write', async () => {
    const answers = workspace.answers('ok.json', { general: { name: 'web-1' } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--save-answers', workspace.path('no/such/dir/saved.json')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pve-vm-tui: --save-answers \S+saved\.json: the directory \S+\/no\/such\/dir does not exist\n/m);
    expect(writesTo(sim)).toEqual([]);
  });
});
