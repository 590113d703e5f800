/**
 * The built program as a child process (`make test` builds dist/ before
 * jest): exit codes reach the shell through bin/pve-vm-tui.js, and a real
 * SIGINT stops an unattended run with 130.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningSimulator } from '../../../mocks/simulator';
import { SECRETS, startTestCluster, Workspace } from './harness';

const BIN = path.resolve(__dirname, '../../../bin/pve-vm-tui.js');
const BUILT = path.resolve(__dirname, '../../../dist/src/bin.js');

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin; `onStderr` sees stderr as it arrives and may act on the child. */
function runBin(args: readonly string[], workspace: Workspace, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<ChildRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: workspace.dir, XDG_CONFIG_HOME: workspace.path('config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('the built pve-vm-tui as a process', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;

  beforeAll(() => {
    if (!fs.existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (make test does) before these tests');
  });
  beforeEach(async () => {
    workspace = new Workspace();
    sim = await startTestCluster();
  });
  afterEach(async () => {
    await sim.close();
    workspace.remove();
  });

  test('a partial success reaches the shell as exit code 4, the JSON result on stdout', async () => {
    sim.addFault({ method: 'PUT', path: '/nodes/*/qemu/*/config', status: 500, message: 'got timeout while waiting for the config lock' });
    const answers = workspace.answers('web.json', { general: { name: 'web-bin' } });
    const passwordFile = workspace.file('pw', SECRETS.rootPassword);
    const run = await runBin(
      ['--host', sim.url, '--fingerprint', sim.fingerprint, '--user', 'root@pam', '--password-file', passwordFile, '--answers', answers, '--yes', '--output', 'json'],
      workspace,
    );

    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'partial', vmid: 106, error: { step: 'serial-console' } });
    expect(run.stderr).not.toMatch(/\bat .+\.js:\d+/); // no stack trace
  });

  test('SIGINT during the create of an unattended --demo run: the run stops before the next step, exit 130', async () => {
    const answers = workspace.answers('web.json', { general: { name: 'web-sigint' } });
    let sent = false;
    const run = await runBin(['--demo', '--answers', answers, '--yes', '--output', 'json'], workspace, (text, child) => {
      if (!sent && /Create VM 106 on pve1: running/.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    });

    // The demo's create task takes seconds, so the signal always arrives while it runs.
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({ vmid: 106, status: 'cancelled' });
    expect(run.stderr).toContain('Stopping after the current step');
    expect(run.stderr).toContain('pve-vm-tui: cancelled after creating VM 106 on pve1.');
  });
});
