/**
 * The terminal is restored whatever ends the built app (bin/pve-vm-tui.js in
 * tmux at 80x24): SIGTERM, SIGHUP and SIGINT sent to the process, and an
 * uncaught exception (the test-only PVE_VM_TUI_TEST_CRASH_AFTER_MS). For each,
 * scripts/e2e-terminal-safety.sh checks the exit code (143, 129, 130, 70),
 * the normal screen, the cursor, the line discipline and stderr. Without tmux
 * the test fails and says so (CI installs it in .ci/run).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/e2e-terminal-safety.sh');
/** The script waits up to 30 s per screen; each case takes a second or two. */
const TIMEOUT_MS = 240_000;

function runScript(cases: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT, ...cases], { cwd: ROOT, timeout: TIMEOUT_MS, env: { ...process.env, E2E_TIMEOUT: '30' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the built app restores the terminal however it ends (scripts/e2e-terminal-safety.sh)', () => {
  it(
    'SIGTERM 143, SIGHUP 129, SIGINT 130, an uncaught exception 70: normal screen, cursor shown, icanon echo isig',
    async () => {
      const result = await runScript(['SIGTERM', 'SIGHUP', 'SIGINT', 'crash']);
      if (result.code !== 0) throw new Error(`scripts/e2e-terminal-safety.sh failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
      for (const [name, code] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130], ['crash', 70]] as const) {
        expect(result.stdout).toContain(`e2e-terminal-safety: OK (${name}): exit ${code}, normal screen, cursor shown, icanon echo isig`);
      }
    },
    TIMEOUT_MS + 10_000,
  );
});
