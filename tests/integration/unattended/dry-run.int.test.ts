/**
 * `--dry-run`: connects and reads, resolves defaults, validates, prints the
 * request sequence (text or the contract's JSON) and sends no write. A file
 * saved by --save-answers replays to the same requests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningSimulator } from '../../../mocks/simulator';
import { decodeAnswers } from '../../../src/workflow/answers';
import { expectNoSecrets, loginFlags, newVms, runCli, startTestCluster, Workspace, writesTo } from './harness';

describe('--dry-run', () => {
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

  const answersOf = (file: string) => workspace.answers(file, { general: { name: 'db-9', pool: 'prod', ha: false }, network: { vlan: 20 }, confirm: { start: true } });

  test('text: every request with its parameters and the equivalent commands; nothing written', async () => {
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answersOf('db.json'), '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing was sent\. These 3 requests would create VM 106 on pve1:\n/);
    expect(run.stdout).toContain('  1. POST /nodes/pve1/qemu   Create VM 106 on pve1\n');
    expect(run.stdout).toMatch(/\n {7}name +db-9\n/);
    expect(run.stdout).toMatch(/\n {7}net0 +virtio,bridge=vmbr9,firewall=1,tag=20\n/);
    expect(run.stdout).toContain('  2. PUT /nodes/pve1/qemu/106/config');
    expect(run.stdout).toContain('  3. POST /nodes/pve1/qemu/106/status/start');
    expect(run.stdout).toMatch(/\n {2}qm create 106 --name db-9 --pool prod /);
    expect(run.stdout).toContain('\n  qm start 106\n');
    expect(run.stdout).toContain('\n  pvesh create /nodes/pve1/qemu --vmid 106 ');
    expect(writesTo(sim)).toEqual([]);
    expect(sim.vm(106)).toBeUndefined();
    expectNoSecrets(run.stdout + run.stderr);
  });

  test('--output json: the contract document, exactly what --yes would send', async () => {
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answersOf('db.json'), '--dry-run', '--output', 'json']);

    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(Object.keys(plan)).toEqual(['vmid', 'node', 'requests', 'commands']);
    expect(plan).toMatchObject({ vmid: 106, node: 'pve1' });
    expect(plan.requests.map((request: { method: string; path: string }) => `${request.method} ${request.path}`)).toEqual([
      'POST /nodes/pve1/qemu',
      'PUT /nodes/pve1/qemu/106/config',
      'POST /nodes/pve1/qemu/106/status/start',
    ]);
    expect(plan.requests[0].params).toMatchObject({ vmid: 106, name: 'db-9', pool: 'prod', net0: 'virtio,bridge=vmbr9,firewall=1,tag=20' });
    expect(plan.requests[1].params).toEqual({ serial0: 'socket', vga: 'serial0' });
    expect(plan.commands.qm).toMatch(/^qm create 106 /);
    expect(plan.commands.pvesh).toMatch(/^pvesh create \/nodes\/pve1\/qemu --vmid 106 /);
    expect(writesTo(sim)).toEqual([]);
  });

  test('--yes --dry-run is a dry run', async () => {
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answersOf('db.json'), '--yes', '--dry-run', '--output', 'json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).requests).toHaveLength(3);
    expect(writesTo(sim)).toEqual([]);
  });

  test('without --answers the defaults are planned', async () => {
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--dry-run', '--output', 'json']);

    expect(run.code).toBe(0);
    const create = JSON.parse(run.stdout).requests[0];
    expect(create.params).toMatchObject({ cores: 2, memory: 2048, cpu: 'host', machine: 'q35', bios: 'ovmf', 'ha-managed': 1, net0: 'virtio,bridge=vmbr9,firewall=1' });
    expect(create.params.ide2).toBe('cephfs:iso/nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso,media=cdrom');
  });

  test('substitutes missing preferred storages and bridges and says so on stderr', async () => {
    await sim.close();
    sim = await startTestCluster({ without: { storages: ['cephfs'], bridges: ['vmbr9'] } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--dry-run', '--output', 'json']);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: os.isoStorage: cephfs not found on pve1: using local for ISO images\n');
    expect(run.stderr).toContain('note: network.bridge: vmbr9 not found on pve1: using vmbr0\n');
    const create = JSON.parse(run.stdout).requests[0];
    expect(create.params.net0).toBe('virtio,bridge=vmbr0,firewall=1');
    expect(create.params.ide2).toMatch(/^local:iso\/nixos-minimal-/);
  });

  test('--save-answers writes a file that replays to the same requests, with --dry-run and with --yes', async () => {
    const saved = workspace.path('saved.json');
    const first = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answersOf('db.json'), '--dry-run', '--output', 'json', '--save-answers', saved]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`Saved the answers to ${saved}\n`);
    expect(decodeAnswers(JSON.parse(fs.readFileSync(saved, 'utf8')))._tag).toBe('Right');

    const replayed = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', saved, '--dry-run', '--output', 'json']);
    expect(JSON.parse(replayed.stdout)).toEqual(JSON.parse(first.stdout));

    const before = sim.vms().map((vm) => vm.vmid);
    sim.clearRequests();
    const created = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', saved, '--yes', '--output', 'json']);
    expect(created.code).toBe(0);
    const plan = JSON.parse(first.stdout);
    expect(writesTo(sim)).toEqual(plan.requests.map((request: { method: string; path: string }) => `${request.method} ${request.path}`));
    expect(newVms(sim, before)).toEqual([plan.vmid]);
    const config = sim.vm(plan.vmid)!.config;
    const create = plan.requests[0].params;
    expect(config).toMatchObject({ name: create.name, memory: String(create.memory), cores: String(create.cores), cpu: create.cpu, ostype: create.ostype, machine: create.machine });
    expect(config.net0).toMatch(/bridge=vmbr9,firewall=1,tag=20$/);
    expect(sim.vm(plan.vmid)!.pool).toBe('prod');
  });

  test('every answers example of docs/answers.md dry-runs on the demo cluster', async () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/answers.md'), 'utf8');
    const examples = [...doc.matchAll(/^```json answers\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [index, example] of examples.entries()) {
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', workspace.file(`example-${index}.json`, example), '--dry-run']);
      expect({ index, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ index, code: 0, stderr: '' });
    }
    expect(writesTo(sim)).toEqual([]);
  });

  test('--demo --dry-run runs against the built-in simulated cluster', async () => {
    const run = await runCli(workspace, ['--demo', '--dry-run', '--output', 'json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ vmid: 106, node: 'pve1' });
    expect(run.stderr).toMatch(/Signing in to https:\/\/127\.0\.0\.1:\d+ as root@pam\n/);
  });
});
