/**
 * The built app in a real terminal (tmux at 80x24) against --demo's
 * simulated cluster, as a user runs it: scripts/e2e-tmux.sh signs in, walks
 * the wizard with the defaults, creates the VM, quits, and checks the
 * terminal is restored. Without tmux the test fails and says so (CI installs
 * it in .ci/run): a missing tier must not pass unnoticed.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/e2e-tmux.sh');
/** The script waits up to 30 s per screen; the whole walk takes a few seconds. */
const TIMEOUT_MS = 180_000;

function runScript(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT], { cwd: ROOT, timeout: TIMEOUT_MS, env: { ...process.env, E2E_TIMEOUT: '30' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the built app in tmux (scripts/e2e-tmux.sh)', () => {
  it(
    'creates a VM on the simulated cluster with the defaults and restores the terminal',
    async () => {
      const result = await runScript();
      if (result.code !== 0) throw new Error(`scripts/e2e-tmux.sh failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
      expect(result.stdout).toContain('e2e-tmux: OK');
    },
    TIMEOUT_MS + 10_000,
  );
});
