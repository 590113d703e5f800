/** Executable entry (bin/pve-vm-tui.js): run main with the real process and set the exit code. */
import { main } from './main';

main({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug: say so in one line; the stack goes to stderr only with DEBUG set, never secrets.
    process.stderr.write(`pve-vm-tui: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.PVE_VM_TUI_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = 70;
  },
);
