/**
 * `--answers FILE --yes`: the VM is created on the simulated cluster as the
 * answers say, progress goes to stderr, the result to stdout (text or JSON),
 * and every way of authenticating works without a UI.
 */
import * as fs from 'node:fs';
import type { RunningSimulator } from '../../../mocks/simulator';
import { expectNoSecrets, loginFlags, newVms, runCli, SECRETS, startTestCluster, testScenario, Workspace, writesTo } from './harness';

describe('--answers FILE --yes', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;
  let existing: number[];

  beforeEach(async () => {
    workspace = new Workspace();
    sim = await startTestCluster();
    existing = sim.vms().map((vm) => vm.vmid);
  });
  afterEach(async () => {
    await sim.close();
    workspace.remove();
  });

  const webAnswers = { version: 1, general: { name: 'web-7', tags: ['web', 'nixos'] }, cpu: { cores: 4 }, memory: { memoryMiB: 4096 } };

  test('creates the VM as the answers say: exit 0, one result line on stdout, progress on stderr', async () => {
    const answers = workspace.answers('web.json', webAnswers);
    const logFile = workspace.path('run.log');
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--log-file', logFile]);

    expect(run.code).toBe(0);
    const [vmid] = newVms(sim, existing);
    expect(run.stdout).toBe(`VM ${vmid} created on pve1.\n`);
    const vm = sim.vm(vmid)!;
    expect(vm.config).toMatchObject({ name: 'web-7', cores: '4', memory: '4096', tags: 'web;nixos', serial0: 'socket', vga: 'serial0', ostype: 'l26' });
    expect(vm.config.net0).toMatch(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr9,firewall=1$/);
    expect(vm.lock).toBeUndefined();
    // One line per step change, the task's log indented under its step.
    expect(run.stderr).toContain(`[1/2] Create VM ${vmid} on pve1: running\n`);
    expect(run.stderr).toMatch(/\n {6}scsi0: successfully created disk 'ceph-pool:vm-\d+-disk-\d,/);
    expect(run.stderr).toContain(`[1/2] Create VM ${vmid} on pve1: done\n`);
    expect(run.stderr).toContain(`[2/2] Set the serial console of VM ${vmid} (serial0=socket, vga=serial0): done\n`);
    // No spinner or cursor movement: stderr is not a terminal.
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\u001b[');
    expectNoSecrets(run.stdout + run.stderr + fs.readFileSync(logFile, 'utf8'));
  });

  test("creates on the node it is connected to, whose facts it read by 'localhost' with the cluster's, not again by name", async () => {
    await sim.close();
    sim = await startTestCluster({ answeringNode: 'pve2' });
    const answers = workspace.answers('web.json', webAnswers);
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VM \d+ created on pve2\.\n$/);
    const reads = sim.requests().filter((request) => request.method === 'GET').map((request) => request.path);
    expect(reads.filter((read) => /^\/nodes\/pve2\/(storage|network|capabilities)/.test(read))).toEqual([]);
    expect(reads.filter((read) => read.startsWith('/nodes/localhost/'))).toHaveLength(5);
  });

  test('a user who may not add VMs to HA (no Sys.Console on /) gets HA off by default, and the VM is created', async () => {
    await sim.close();
    const vmCreator = {
      userid: 'dave@pve',
      password: 'Dave-Pw-3kR9',
      privileges: {
        '/': ['Sys.Audit'],
        '/vms': ['VM.Allocate', 'VM.Audit', 'VM.PowerMgmt', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Config.Network', 'VM.Config.Disk', 'VM.Config.CDROM'],
        '/storage': ['Datastore.AllocateSpace', 'Datastore.Audit'],
        '/sdn': ['SDN.Use'],
      },
    };
    sim = await startTestCluster({ users: [...(testScenario().users ?? []), vmCreator] });
    const defaults = await runCli(workspace, [...loginFlags(sim, workspace, 'dave@pve', 'Dave-Pw-3kR9'), '--answers', workspace.answers('web.json', webAnswers), '--yes', '--output', 'json']);
    expect(defaults.code).toBe(0);
    const result = JSON.parse(defaults.stdout);
    expect(result.status).toBe('created');
    expect(sim.vm(result.vmid)?.ha).toBeUndefined();
    // Asked for, HA is refused before any write, at its field.
    const writes = writesTo(sim).length;
    const withHa = await runCli(workspace, [...loginFlags(sim, workspace, 'dave@pve', 'Dave-Pw-3kR9'), '--answers', workspace.answers('ha.json', { ...webAnswers, general: { ...webAnswers.general, ha: true } }), '--yes']);
    expect(withHa.code).toBe(2);
    expect(withHa.stderr).toContain('general.ha: Add to HA needs the Sys.Console privilege on /');
    expect(writesTo(sim)).toHaveLength(writes);
  });

  test('--output json prints the result document of the contract', async () => {
    const answers = workspace.answers('web.json', { ...webAnswers, confirm: { start: true } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--output', 'json']);

    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['vmid', 'node', 'status', 'steps', 'error']);
    expect(result).toMatchObject({ node: 'pve1', status: 'created', error: null });
    expect(newVms(sim, existing)).toEqual([result.vmid]);
    expect(result.steps.map((step: { step: string; state: string }) => `${step.step}:${step.state}`)).toEqual(['create:done', 'serial-console:done', 'start:done']);
    expect(result.steps[2]).toMatchObject({ method: 'POST', path: `/nodes/pve1/qemu/${result.vmid}/status/start` });
    expect(sim.vm(result.vmid)?.status).toBe('running');
  });

  test('a VM that fails to start is a partial success: exit 4, the VM stays, the result names the step', async () => {
    await sim.close();
    sim = await startTestCluster({ startTaskError: 'start failed: QEMU exited with code 1' });
    const answers = workspace.answers('start.json', { general: { ha: false }, confirm: { start: true } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--output', 'json']);

    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'partial', error: { step: 'start' } });
    expect(result.steps.map((step: { state: string }) => step.state)).toEqual(['done', 'done', 'failed']);
    expect(sim.vm(result.vmid)).toMatchObject({ status: 'stopped', config: { serial0: 'socket' } });
    expect(run.stderr).toContain(`pve-vm-tui: VM ${result.vmid} exists on pve1, but "Start VM ${result.vmid}" failed: `);
    expect(run.stderr).toContain(`To finish by hand, run on pve1: qm start ${result.vmid}\n`);
  });

  test('signs in with an API token (--token); the secret appears nowhere', async () => {
    const answers = workspace.answers('web.json', webAnswers);
    const logFile = workspace.path('token.log');
    const run = await runCli(workspace, [
      '--host', sim.url, '--fingerprint', sim.fingerprint, '--token', `root@pam!ci=${SECRETS.tokenSecret}`,
      '--answers', answers, '--yes', '--log-file', logFile,
    ]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('with API token root@pam!ci');
    expect(sim.requests().some((request) => request.path === '/access/ticket')).toBe(false);
    expect(newVms(sim, existing)).toHaveLength(1);
    expectNoSecrets(run.stdout + run.stderr + fs.readFileSync(logFile, 'utf8'));
  });

  test('signs in from environment variables', async () => {
    const answers = workspace.answers('web.json', webAnswers);
    const run = await runCli(workspace, ['--answers', answers, '--yes'], {
      env: {
        PROXMOX_VE_ENDPOINT: sim.url,
        PROXMOX_VE_FINGERPRINT: sim.fingerprint,
        PROXMOX_VE_USERNAME: 'root@pam',
        PROXMOX_VE_PASSWORD: SECRETS.rootPassword,
      },
    });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Signing in to ${sim.url} as root@pam`);
    expect(newVms(sim, existing)).toHaveLength(1);
  });

  test('signs in from a config file profile with a password file', async () => {
    const passwordFile = workspace.file('pve-password', SECRETS.rootPassword);
    workspace.file(
      'config/pve-vm-tui/config.json',
      JSON.stringify({ profiles: { lab: { host: sim.url, fingerprint: sim.fingerprint, user: 'root@pam', passwordFile } }, default: 'lab' }),
    );
    const answers = workspace.answers('web.json', webAnswers);
    const run = await runCli(workspace, ['--answers', answers, '--yes', '--output', 'json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('created');
  });

  test('on PVE 8 (no ha-managed on create) HA is registered by a separate request after the serial console', async () => {
    await sim.close();
    sim = await startTestCluster({ version: '8.4.1' });
    const answers = workspace.answers('web.json', { general: { name: 'web-ha' }, confirm: { start: true } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--output', 'json']);

    expect(run.code).toBe(0);
    const { vmid } = JSON.parse(run.stdout);
    expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu', `PUT /nodes/pve1/qemu/${vmid}/config`, 'POST /cluster/ha/resources', `POST /nodes/pve1/qemu/${vmid}/status/start`]);
    expect(sim.vm(vmid)).toMatchObject({ ha: 'started', status: 'running' });
  });

  test('writes exactly the planned requests, in order', async () => {
    const answers = workspace.answers('web.json', { ...webAnswers, general: { ...webAnswers.general, ha: false } });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers, '--yes', '--output', 'json']);

    const { vmid } = JSON.parse(run.stdout);
    expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu', `PUT /nodes/pve1/qemu/${vmid}/config`]);
  });
});
