/**
 * Runs the whole program in-process (main with fake stdio) against the
 * simulated cluster over real loopback HTTPS, with the certificate pinned as
 * a user would. Each run gets a private config directory, so the developer's
 * own ~/.config/pve-vm-tui never leaks in.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { startSimulator, type RunningSimulator, type Scenario } from '../../../mocks/simulator';
import { main } from '../../../src/main';

/** Passwords and token secrets of the test cluster: distinctive, so a leak is easy to find. */
export const SECRETS = {
  rootPassword: 'Root-Pw-7q2Lx9!',
  alicePassword: 'Alice-Pw-4mN8zK',
  tokenSecret: '5f0c9b1e-2a7d-4c3e-9b8a-6d1f0e2c4a7b',
} as const;

/** The demo cluster with test users, and tasks that end at once (no waiting in tests). */
export function testScenario(extra: Scenario = {}): Scenario {
  return {
    taskDurationMs: 0,
    users: [
      { userid: 'root@pam', password: SECRETS.rootPassword, privileges: 'all' },
      { userid: 'alice@pve', password: SECRETS.alicePassword, totpSecret: 'JBSWY3DPEHPK3PXP', recoveryKeys: ['4a7c-19e2-b05d-83f6'], privileges: 'all' },
    ],
    tokens: [{ tokenid: 'root@pam!ci', secret: SECRETS.tokenSecret, privsep: false }],
    ...extra,
  };
}

/** A writable that keeps what was written and tells listeners synchronously (to act at an exact point of a run). */
export class CapturedStream extends Writable {
  text = '';
  private readonly watchers: ((text: string) => void)[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const piece = chunk.toString();
    this.text += piece;
    for (const watcher of this.watchers) watcher(piece);
    callback();
  }

  /** Call `action` once, as soon as a written piece matches `pattern`. */
  when(pattern: RegExp, action: () => void): void {
    let done = false;
    this.watchers.push((piece) => {
      if (!done && pattern.test(piece)) {
        done = true;
        action();
      }
    });
  }
}

/** stdin as a terminal: `isTTY` and a raw-mode switch that records its calls. */
export function terminalStdin(): PassThrough & { isTTY: boolean; rawModes: boolean[]; setRawMode(mode: boolean): void } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; rawModes: boolean[]; setRawMode(mode: boolean): void };
  stream.isTTY = true;
  stream.rawModes = [];
  stream.setRawMode = (mode: boolean) => void stream.rawModes.push(mode);
  return stream;
}

/** What one run printed and returned. */
export interface RunOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: PassThrough;
  readonly stdout?: CapturedStream;
  readonly stderr?: CapturedStream;
  readonly signal?: AbortSignal;
}

/** A temporary directory for files of one test file (answers, password files, logs, config). */
export class Workspace {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-unattended-'));

  /** Write a file (mode 0600) and return its path. */
  file(name: string, content: string): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  /** An answers file from an object. */
  answers(name: string, answers: unknown): string {
    return this.file(name, JSON.stringify(answers));
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs main() with these arguments and fake streams; env holds only a private config directory unless given. */
export async function runCli(workspace: Workspace, argv: readonly string[], options: RunOptions = {}): Promise<RunOutcome> {
  const stdout = options.stdout ?? new CapturedStream();
  const stderr = options.stderr ?? new CapturedStream();
  const stdin = options.stdin ?? new PassThrough();
  const env = { XDG_CONFIG_HOME: workspace.path('config'), HOME: workspace.dir, ...options.env };
  const code = await main({ argv, env, stdin, stdout, stderr, signal: options.signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A simulator for one test; `close()` it in afterEach. */
export function startTestCluster(extra: Scenario = {}): Promise<RunningSimulator> {
  return startSimulator({ scenario: testScenario(extra) });
}

/** Flags that connect to `sim` as root@pam with a password file, certificate pinned. */
export function loginFlags(sim: RunningSimulator, workspace: Workspace, user = 'root@pam', password: string = SECRETS.rootPassword): string[] {
  const passwordFile = workspace.file(`password-${user}`, `${password}\n`);
  return ['--host', sim.url, '--fingerprint', sim.fingerprint, '--user', user, '--password-file', passwordFile];
}

/** Every write the simulator received, as `METHOD path`, except signing in. */
export function writesTo(sim: RunningSimulator): string[] {
  return sim
    .requests()
    .filter((request) => request.method !== 'GET' && !(request.method === 'POST' && request.path === '/access/ticket'))
    .map((request) => `${request.method} ${request.path}`);
}

/** VMs the test run created (the default cluster's guests excluded). */
export function newVms(sim: RunningSimulator, before: readonly number[]): number[] {
  return sim
    .vms()
    .map((vm) => vm.vmid)
    .filter((vmid) => !before.includes(vmid));
}

/** Secret shapes that must never appear in any output: tickets (also half-authenticated TFA ones) and CSRF tokens. */
const SECRET_SHAPES = [/PVE:[^\s"]*:[0-9A-F]{8}::/, /PVE:!tfa!/, /\b[0-9A-F]{8}:[A-Za-z0-9+/]{16,}={0,2}/];

/** Asserts that no password, token secret, ticket or CSRF token is in `text`. */
export function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  for (const shape of SECRET_SHAPES) expect(text).not.toMatch(shape);
}
