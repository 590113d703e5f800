/**
 * Asking on the terminal: only when stdin is one; hidden input in raw mode
 * with backspace, Ctrl-C cancelling (exit 130), a closed terminal failing
 * (exit 2); the terminal is always put back into line mode. And which kind of
 * second factor a typed code is.
 */
import { PassThrough } from 'node:stream';
import { RunFailure } from '../../../../src/app/unattended/run-failure';
import { secondFactorResponse } from '../../../../src/app/unattended/sign-in';
import { terminalPrompt, type TerminalInput } from '../../../../src/app/unattended/terminal-prompt';

function terminal(): { input: PassThrough & TerminalInput; output: PassThrough; modes: boolean[]; written(): string } {
  const modes: boolean[] = [];
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => modes.push(mode) });
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { input, output, modes, written: () => text };
}

async function failureOf(promise: Promise<unknown>): Promise<RunFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RunFailure) return error;
    throw error;
  }
  throw new Error('expected a RunFailure');
}

describe('terminalPrompt', () => {
  test('is not offered when stdin is not a terminal', () => {
    expect(terminalPrompt(new PassThrough(), new PassThrough())).toBeUndefined();
  });

  test('hidden: raw mode while typing, backspace edits, Enter ends, nothing echoed, line mode restored', async () => {
    const tty = terminal();
    const answer = terminalPrompt(tty.input, tty.output)!.ask('Password for root@pam: ', { hidden: true });
    tty.input.write('sekrx\u007ft');
    tty.input.write('\r');

    expect(await answer).toBe('sekrt');
    expect(tty.modes).toEqual([true, false]);
    expect(tty.written()).toBe('Password for root@pam: \n');
  });

  test('visible: line mode, the line as typed', async () => {
    const tty = terminal();
    const answer = terminalPrompt(tty.input, tty.output)!.ask('Code: ');
    tty.input.write('123456\n');

    expect(await answer).toBe('123456');
    expect(tty.modes).toEqual([]);
  });

  test('Ctrl-C cancels with exit 130 and restores line mode', async () => {
    const tty = terminal();
    const answer = terminalPrompt(tty.input, tty.output)!.ask('Password: ', { hidden: true });
    tty.input.write('abc\u0003');

    expect((await failureOf(answer)).exitCode).toBe(130);
    expect(tty.modes).toEqual([true, false]);
  });

  test('a stop request (Ctrl-C as a signal) ends a pending question with exit 130', async () => {
    const tty = terminal();
    const stop = new AbortController();
    const answer = terminalPrompt(tty.input, tty.output, stop.signal)!.ask('Code: ');
    stop.abort();

    expect((await failureOf(answer)).exitCode).toBe(130);
  });

  test('a terminal closed before an answer is exit 2', async () => {
    const tty = terminal();
    const answer = terminalPrompt(tty.input, tty.output)!.ask('Password: ', { hidden: true });
    tty.input.write('\u0004');

    expect((await failureOf(answer)).exitCode).toBe(2);
  });
});

describe('secondFactorResponse', () => {
  test.each([
    ['123456', ['totp', 'recovery'], 'totp'],
    ['4a7c-19e2-b05d-83f6', ['totp', 'recovery'], 'recovery'],
    ['cccccccbcjdifctrndncchkftchjlnbhvhtugdljibej', ['totp', 'yubico'], 'yubico'],
    ['4a7c-19e2-b05d-83f6', ['totp'], 'totp'],
    ['hello', ['recovery', 'totp'], 'recovery'],
  ] as const)('%s with %j offered is %s', (code, offered, kind) => {
    expect(secondFactorResponse(code, offered)).toEqual({ kind, code });
  });
});
