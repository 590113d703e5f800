import type { Container } from 'inversify';
import type { Readable, Writable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { ExitCode } from '../shared/exit-codes';
import { noticePanel } from '../widgets/notice-panel';
import { createTerminalScreen, guardTerminal, UnsupportedTerminalError } from './terminal-screen';

export interface InteractiveIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Runs the full-screen app until the user quits; resolves with the exit code. */
export function runInteractive(container: Container, io: InteractiveIo): Promise<number> {
  const config = container.get<AppConfig>(AppConfig);
  let screen;
  try {
    screen = createTerminalScreen({ env: io.env, input: io.stdin, output: io.stdout });
  } catch (error) {
    if (error instanceof UnsupportedTerminalError) {
      io.stderr.write(`pve-vm-tui: ${error.message}\n`);
      return Promise.resolve(ExitCode.Usage);
    }
    throw error;
  }
  return new Promise((resolve) => {
    const unguard = guardTerminal(screen, {
      onFatal: (reason) => {
        if (reason.kind === 'crash') io.stderr.write(`pve-vm-tui: crashed: ${(reason.error as Error)?.message ?? reason.error}\n`);
        resolve(reason.kind === 'signal' ? 128 + signalNumber(reason.signal) : 70);
      },
    });
    const server = config.server.kind === 'remote' ? config.server.url : config.server.kind === 'demo' ? 'the simulated cluster' : 'no server configured';
    noticePanel(
      screen,
      'pve-vm-tui · Login',
      `Server: ${server}\n\nNo server to talk to yet: this build has no Proxmox client and no simulated cluster.\n\nCtrl-C or Ctrl-Q quits.`,
    );
    screen.key(['C-c', 'C-q'], () => {
      unguard();
      screen.destroy();
      resolve(ExitCode.Cancelled);
    });
    screen.render();
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 }[signal as string] ?? 0;
}
