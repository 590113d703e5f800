/**
 * Every way an unattended run can end short of "created", against the
 * simulated cluster: each with its exit code of docs/cli.md, one or two lines
 * on stderr that say what failed and what to do, and what was (not) left on
 * the cluster.
 */
import * as fs from 'node:fs';
import type { RunningSimulator } from '../../../mocks/simulator';
import { CapturedStream, expectNoSecrets, loginFlags, newVms, runCli, SECRETS, startTestCluster, terminalStdin, Workspace, writesTo } from './harness';

describe('unattended runs that do not end in "created"', () => {
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

  const answers = (content: object = { general: { name: 'web-1' } }) => workspace.answers('web.json', content);

  describe('before the first write: exit 3 (connection, TLS, sign-in)', () => {
    test('connection refused', async () => {
      const closed = await startTestCluster();
      await closed.close();
      const run = await runCli(workspace, [...loginFlags(closed, workspace), '--answers', answers(), '--yes']);

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^pve-vm-tui: Could not reach 127\.0\.0\.1:\d+ for POST \/access\/ticket \(connection refused\); check the address/m);
      expect(run.stderr).toMatch(/\n {12}Nothing was changed on the cluster\.\n$/);
      expect(run.stdout).toBe('');
    });

    test('a certificate that does not match the pinned fingerprint', async () => {
      const wrong = Array.from({ length: 32 }, () => 'AB').join(':');
      const flags = loginFlags(sim, workspace).map((flag) => (flag === sim.fingerprint ? wrong : flag));
      const run = await runCli(workspace, [...flags, '--answers', answers(), '--yes']);

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^pve-vm-tui: .*fingerprint/im);
      expect(sim.requests()).toEqual([]);
    });

    test('a wrong password', async () => {
      const logFile = workspace.path('run.log');
      const run = await runCli(workspace, [...loginFlags(sim, workspace, 'root@pam', 'not-the-password'), '--answers', answers(), '--yes', '--log-file', logFile]);

      expect(run.code).toBe(3);
      expect(run.stderr).toContain('pve-vm-tui: Sign-in failed: the user name, realm or password was not accepted; check them and try again.\n');
      expect(run.stderr + fs.readFileSync(logFile, 'utf8')).not.toContain('not-the-password');
      expect(writesTo(sim)).toEqual([]);
    });

    test('reading the cluster fails', async () => {
      sim.addFault({ method: 'GET', path: '/pools', status: 500, message: "cfs-lock 'file-user_cfg' error: got lock request timeout" });
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes']);

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^pve-vm-tui: The server could not complete GET \/pools: cfs-lock 'file-user_cfg' error: got lock request timeout \(HTTP 500\)/m);
      expect(run.stderr).toMatch(/Nothing was changed on the cluster\.\n$/);
      expect(writesTo(sim)).toEqual([]);
    });

    test('a user with a second factor and no terminal to ask on', async () => {
      const run = await runCli(workspace, [...loginFlags(sim, workspace, 'alice@pve', SECRETS.alicePassword), '--answers', answers(), '--yes']);

      expect(run.code).toBe(3);
      expect(run.stderr).toContain('pve-vm-tui: alice@pve needs a second factor; run in a terminal, or use an API token (--token).\n');
      expectNoSecrets(run.stdout + run.stderr);
      expect(writesTo(sim)).toEqual([]);
    });
  });

  describe('on a terminal, what is missing is asked', () => {
    test('the second factor: a TOTP code typed on the terminal signs in', async () => {
      const stdin = terminalStdin();
      const stderr = new CapturedStream();
      stderr.when(/Second factor for alice@pve \(TOTP code, or a recovery key\): $/, () => stdin.write(`${sim.totpCode('alice@pve')}\n`));
      const run = await runCli(workspace, [...loginFlags(sim, workspace, 'alice@pve', SECRETS.alicePassword), '--answers', answers(), '--yes'], { stdin, stderr });

      expect(run.code).toBe(0);
      expect(newVms(sim, existing)).toHaveLength(1);
      expectNoSecrets(run.stdout + run.stderr);
    });

    test('the password, without echo', async () => {
      const stdin = terminalStdin();
      const stderr = new CapturedStream();
      stderr.when(/Password for root@pam: $/, () => stdin.write(`${SECRETS.rootPassword}\r`));
      const logFile = workspace.path('run.log');
      const argv = ['--host', sim.url, '--fingerprint', sim.fingerprint, '--user', 'root@pam', '--answers', answers(), '--yes', '--log-file', logFile];
      const run = await runCli(workspace, argv, { stdin, stderr });

      expect(run.code).toBe(0);
      expect(stdin.rawModes).toEqual([true, false]);
      expectNoSecrets(run.stdout + run.stderr + fs.readFileSync(logFile, 'utf8'));
    });
  });

  describe('incomplete command lines: exit 2, nothing sent', () => {
    test('no password and no terminal', async () => {
      const run = await runCli(workspace, ['--host', sim.url, '--fingerprint', sim.fingerprint, '--user', 'root@pam', '--answers', answers(), '--yes']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('pve-vm-tui: signing in needs a password for root@pam, and stdin is not a terminal to ask on.\n');
      expect(run.stderr).toContain('Give --password-file PATH (or PROXMOX_VE_PASSWORD) with --user USER@REALM, or an API token (--token).');
      expect(sim.requests()).toEqual([]);
    });

    test('no server', async () => {
      const run = await runCli(workspace, ['--answers', answers(), '--yes']);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^pve-vm-tui: no server to connect to\.\n {12}Give --host URL/);
    });
  });

  test('the create task fails: exit 1, no VM left, the result says failed', async () => {
    await sim.close();
    sim = await startTestCluster({ createTaskError: "rbd error: rbd: couldn't connect to the cluster!" });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes', '--output', 'json']);

    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ vmid: 106, node: 'pve1', status: 'failed', error: { step: 'create', kind: 'server' } });
    expect(result.steps.map((step: { state: string }) => step.state)).toEqual(['failed', 'not-run']);
    expect(newVms(sim, existing)).toEqual([]);
    expect(run.stderr).toContain("pve-vm-tui: Creating VM 106 on pve1 failed (unable to create VM 106 - rbd error: rbd: couldn't connect to the cluster!); nothing was left behind: fix the cause and try again.\n");
    expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu']);
    // "nothing was left behind" is said only after asking the cluster.
    expect(sim.requests().map((request) => `${request.method} ${request.path}`)).toContain('GET /nodes/pve1/qemu/106/status/current');
  });

  describe('the answer to the create is lost: the run looks on the cluster instead of creating again', () => {
    test.each([
      ['the connection drops after the server acted on the request', { reset: true }],
      ['the answer is not JSON', { malformed: true }],
    ])('%s: the create task is found and followed, the run goes on, and there is one VM', async (_what, fault) => {
      sim.addFault({ method: 'POST', path: '/nodes/*/qemu', nth: 1, ...fault });
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes', '--output', 'json']);

      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ vmid: 106, status: 'created', error: null });
      expect(newVms(sim, existing)).toEqual([106]);
      expect(sim.vm(106)?.config).toMatchObject({ name: 'web-1', serial0: 'socket' });
      expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu', 'PUT /nodes/pve1/qemu/106/config']);
    });

    test('signed in with an API token: its create task is recognised as ours too', async () => {
      sim.addFault({ method: 'POST', path: '/nodes/*/qemu', nth: 1, reset: true });
      const token = ['--host', sim.url, '--fingerprint', sim.fingerprint, '--token', `root@pam!ci=${SECRETS.tokenSecret}`];
      const run = await runCli(workspace, [...token, '--answers', answers(), '--yes', '--output', 'json']);

      expect(run.code).toBe(0);
      expect(newVms(sim, existing)).toEqual([106]);
      expect(writesTo(sim).filter((write) => write === 'POST /nodes/pve1/qemu')).toHaveLength(1);
    });

    test('and the cluster cannot be asked either: exit 1, status unknown, naming the VM ID and node to check', async () => {
      sim.addFault({ method: 'POST', path: '/nodes/*/qemu', nth: 1, reset: true });
      sim.addFault({ method: 'GET', path: '/nodes/*/tasks', status: 500, message: 'cluster not ready - no quorum?' });
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes', '--output', 'json']);

      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ vmid: 106, node: 'pve1', status: 'unknown', error: { step: 'create' } });
      expect(result.steps.map((step: { state: string }) => step.state)).toEqual(['unknown', 'not-run']);
      expect(run.stderr).toContain('pve-vm-tui: VM 106 may have been created on pve1, but this could not be confirmed');
      expect(run.stderr).toContain('Check on pve1 before running again: qm status 106');
      expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu']);
    });
  });

  test('the serial console update fails: exit 4, the VM stays, the message names the VM, the step and the command that finishes it', async () => {
    sim.addFault({ method: 'PUT', path: '/nodes/*/qemu/*/config', status: 500, message: 'got timeout while waiting for the config lock' });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes']);

    expect(run.code).toBe(4);
    expect(run.stdout).toBe('VM 106 created on pve1, but "Set the serial console of VM 106 (serial0=socket, vga=serial0)" failed.\n');
    expect(run.stderr).toContain('pve-vm-tui: VM 106 exists on pve1, but "Set the serial console of VM 106 (serial0=socket, vga=serial0)" failed: ');
    expect(run.stderr).toContain('got timeout while waiting for the config lock');
    expect(run.stderr).toMatch(/\n {12}To finish by hand, run on pve1: qm set 106 --serial0 socket --vga serial0\n$/);
    expect(sim.vm(106)).toMatchObject({ config: { name: 'web-1' } });
    expect(sim.vm(106)?.config.serial0).toBeUndefined();
  });

  test('the serial console update fails, as JSON: status partial with the failed step', async () => {
    sim.addFault({ method: 'PUT', path: '/nodes/*/qemu/*/config', status: 500, message: 'got timeout while waiting for the config lock' });
    const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes', '--output', 'json']);

    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ vmid: 106, node: 'pve1', status: 'partial', error: { step: 'serial-console', kind: 'server' } });
    expect(result.steps.map((step: { step: string; state: string }) => `${step.step}:${step.state}`)).toEqual(['create:done', 'serial-console:failed']);
    expect(result.error.message).toContain('VM 106 exists on pve1');
  });

  describe('the VM ID race: someone else creates the VM ID between the check and the create', () => {
    beforeEach(() => {
      sim.addFault({ method: 'POST', path: '/nodes/*/qemu', nth: 1, raceVmid: true });
    });

    test('a suggested VM ID moves on to the next free one and says so', async () => {
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers({ general: { name: 'web-race' } }), '--yes', '--output', 'json']);

      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ vmid: 107, status: 'created' });
      expect(run.stderr).toContain('VM ID 106 was taken by someone else meanwhile; creating VM 107 instead.\n');
      expect(run.stderr).toContain('[2/2] Set the serial console of VM 107 (serial0=socket, vga=serial0): done\n');
      expect(sim.vm(107)?.config).toMatchObject({ name: 'web-race', serial0: 'socket' });
      expect(sim.vm(106)?.config.name).not.toBe('web-race');
      expect(result.steps[1].path).toBe('/nodes/pve1/qemu/107/config');
    });

    test('a VM ID the answers file names is the user\'s: exit 1, naming the ID and what to do', async () => {
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers({ general: { name: 'web-race', vmid: 150 } }), '--yes', '--output', 'json']);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('pve-vm-tui: VM ID 150 was taken by someone else after it was checked; nothing was created.\n');
      expect(run.stderr).toContain('Choose another general.vmid in the answers file, or leave it out to take the next free ID, then run again.\n');
      expect(JSON.parse(run.stdout)).toMatchObject({ vmid: 150, status: 'failed', error: { step: 'create', kind: 'conflict' } });
      expect(sim.vms().filter((vm) => vm.config.name === 'web-race')).toEqual([]);
    });
  });

  describe('Ctrl-C: exit 130', () => {
    test('while reading the cluster: ends at once, nothing written', async () => {
      const stop = new AbortController();
      const stderr = new CapturedStream();
      stderr.when(/Reading the cluster/, () => stop.abort());
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes'], { stderr, signal: stop.signal });

      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/pve-vm-tui: cancelled\.\n {12}Nothing was changed on the cluster\.\n$/);
      expect(writesTo(sim)).toEqual([]);
    });

    test('during the create: stops before the next step and says what is left', async () => {
      const stop = new AbortController();
      const stderr = new CapturedStream();
      stderr.when(/Create VM 106 on pve1: running/, () => stop.abort());
      const run = await runCli(workspace, [...loginFlags(sim, workspace), '--answers', answers(), '--yes', '--output', 'json'], { stderr, signal: stop.signal });

      expect(run.code).toBe(130);
      expect(JSON.parse(run.stdout)).toMatchObject({ vmid: 106, status: 'cancelled', error: { step: 'serial-console', kind: 'cancelled' } });
      expect(run.stderr).toContain('Stopping after the current step');
      expect(run.stderr).toContain('pve-vm-tui: cancelled after creating VM 106 on pve1.\n');
      expect(run.stderr).toMatch(/To finish by hand, run on pve1: qm set 106 --serial0 socket --vga serial0\n$/);
      expect(writesTo(sim)).toEqual(['POST /nodes/pve1/qemu']);
      expect(sim.vm(106)?.config.serial0).toBeUndefined();
    });
  });
});
