/**
 * The config file through the whole program (main): a profile that holds a
 * secret (password or API token) in a file others can read is refused before
 * anything is sent, with the command that fixes it and without the secret;
 * made private, the same file works. The unit tests of the rule are in
 * tests/unit/config; this is the path a user takes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningSimulator } from '../../../mocks/simulator';
import { expectNoSecrets, runCli, SECRETS, startTestCluster, Workspace } from '../unattended/harness';

describe('a config file that holds a secret', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;
  beforeEach(async () => {
    sim = await startTestCluster();
    workspace = new Workspace();
  });
  afterEach(async () => {
    await sim.close();
    workspace.remove();
  });

  /** Write the config file with one profile `lab` and the given mode; returns its path. */
  function configWith(profile: Record<string, unknown>, mode: number): string {
    const file = workspace.path('config/pve-vm-tui/config.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ profiles: { lab: { host: sim.url, fingerprint: sim.fingerprint, ...profile } }, default: 'lab' }));
    fs.chmodSync(file, mode);
    return file;
  }

  const dryRun = () => runCli(workspace, ['--answers', workspace.answers('a.json', { general: { name: 'web-1' } }), '--dry-run']);

  describe.each([
    ['a password', { user: 'root@pam', password: SECRETS.rootPassword }, 'profiles.lab.password'],
    ['an API token', { token: `root@pam!ci=${SECRETS.tokenSecret}` }, 'profiles.lab.token'],
  ])('%s', (_what, profile, secretPath) => {
    it.each([['0644', 0o644], ['0640', 0o640], ['0604', 0o604]])('readable by others (mode %s): refused with exit 2, nothing sent, the fix named, the secret not shown', async (_mode, mode) => {
      const file = configWith(profile, mode);
      const run = await dryRun();

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `pve-vm-tui: config file ${file} holds a secret (${secretPath}) and is readable by others (mode 0${mode.toString(8)}): run chmod 600 ${file}\n`,
      );
      expect(run.stdout).toBe('');
      expect(sim.requests()).toEqual([]);
      expectNoSecrets(run.stderr);
    });

    it('private (mode 600): used, and the run signs in with it', async () => {
      configWith(profile, 0o600);
      const run = await dryRun();

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('POST /nodes/pve1/qemu');
      expectNoSecrets(run.stdout + run.stderr);
    });
  });

  it('without a secret the mode does not matter (a shared profile with host and fingerprint)', async () => {
    const passwordFile = workspace.file('pw', `${SECRETS.rootPassword}\n`);
    configWith({ user: 'root@pam', passwordFile }, 0o644);
    const run = await dryRun();
    expect(run.code).toBe(0);
  });
});
