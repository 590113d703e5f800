/**
 * Nothing secret is left behind by whole sessions of the program:
 *
 * - main() interactively on a fake terminal with --log-file and
 *   --save-answers, signing in as alice@pve with a TOTP code, signed out by
 *   the server mid-wizard (the password is typed again in the dialog), then
 *   creating the VM;
 * - main() --yes with an API token (--token), --log-file and --save-answers.
 *
 * Then the logs and the saved answers files, and every file under
 * tests/**\/__snapshots__, mocks/cassettes and docs/, are scanned for the
 * passwords, the TOTP secret, the token secret, every ticket and CSRF token
 * the simulator issued in those sessions, and the shapes of such secrets.
 *
 * The test cluster's secrets are its own distinctive values rather than the
 * demo's (`demo`, JBSWY3DPEHPK3PXP, the all-zero token), which docs/cli.md
 * publishes on purpose and which a scan could not tell from ordinary words.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { RunningSimulator } from '../../mocks/simulator';
import { startSimulator } from '../../mocks/simulator';
import { main } from '../../src/main';
import { CapturedStream, runCli, Workspace } from '../integration/unattended/harness';
import { FakeTerminal, keyBytes } from './harness/fake-terminal';

jest.setTimeout(60_000);

/** The test cluster's secrets: distinctive, so finding one anywhere is never a coincidence. */
const SECRETS = {
  rootPassword: 'Root-Pw-9vQ2#xL',
  alicePassword: 'Alice-Pw-3kZ8!wP',
  totpSecret: 'KRSXG5CTMVRXEZLUKN2HE2LOM4',
  tokenSecret: '7d3e9a51-2c4b-4f8e-a1d6-5b0c9e2f7a38',
} as const;

/** Shapes of real secrets (placeholders such as `[ticket-1]` deliberately do not match). */
const SECRET_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ['ticket with a signature', /PVE:[^\s"']*?::(?!\[)[A-Za-z0-9+/=]{8,}/],
  ['URL-encoded ticket with a signature', /PVE%3A[^\s"']*?%3A%3A(?!%5B)[A-Za-z0-9%+/=]{8,}/i],
  ['CSRF token', /\b[0-9A-F]{8}:(?!\[)[A-Za-z0-9+/]{16,}/],
  ['API token with its secret', /PVEAPIToken[= ][^\s"'=]+=(?!\[)[0-9a-f-]{8,}/i],
  ['password in a form body', /(?:^|[?&\s])password=(?!%5B|\[)[^&\s"]+/],
  ['TOTP answer', /\btotp:\d{6}\b/],
];

/** The demo cluster's credentials, published in docs/cli.md and docs/simulator.md so anyone can try --demo. */
const PUBLISHED_DEMO_SECRETS = ['demo', 'JBSWY3DPEHPK3PXP', '00000000-0000-0000-0000-000000000000'];

/** A shape's matches in `text`, except the published demo values (`password=demo` in docs/simulator.md's curl example). */
function shapeFound(text: string, shape: RegExp): boolean {
  const matches = text.match(new RegExp(shape.source, `${shape.flags.replace('g', '')}g`)) ?? [];
  return matches.some((match) => !PUBLISHED_DEMO_SECRETS.some((published) => match.trim().endsWith(`=${published}`)));
}

/** Each known secret found in `text`, and each shape of one. */
function secretsIn(text: string, known: readonly string[]): string[] {
  const found = SECRET_SHAPES.filter(([, shape]) => shapeFound(text, shape)).map(([name]) => name);
  for (const secret of known) if (text.includes(secret) || text.includes(encodeURIComponent(secret))) found.push(`known secret ${secret.slice(0, 6)}...`);
  return found;
}

/** The repository's files that could carry a secret by mistake. */
function repositoryFiles(): string[] {
  const root = path.resolve(__dirname, '../..');
  const under = (dir: string, keep: (file: string) => boolean): string[] =>
    (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter(keep).map((file) => path.join(root, dir, file));
  return [
    ...under('tests', (file) => file.includes('__snapshots__') && file.endsWith('.snap')),
    ...under('mocks/cassettes', (file) => file.endsWith('.json')),
    ...under('docs', (file) => file.endsWith('.md')),
  ];
}

/** The test cluster: root and alice (TOTP) with the secrets above, a token, tasks that end at once. */
function startCluster(): Promise<RunningSimulator> {
  return startSimulator({
    scenario: {
      taskDurationMs: 0,
      users: [
        { userid: 'root@pam', password: SECRETS.rootPassword, privileges: 'all' },
        { userid: 'alice@pve', password: SECRETS.alicePassword, totpSecret: SECRETS.totpSecret, privileges: 'all' },
      ],
      tokens: [{ tokenid: 'root@pam!ci', secret: SECRETS.tokenSecret, privsep: false }],
    },
  });
}

/** main() on a fake terminal, driven by keys and read from the screen, as a user would. */
class InteractiveRun {
  readonly terminal = new FakeTerminal(80, 24);
  readonly stderr = new CapturedStream();
  readonly exited: Promise<number>;

  constructor(argv: readonly string[], env: NodeJS.ProcessEnv) {
    const stdin = this.terminal.input as PassThrough;
    this.exited = main({ argv, env: { TERM: 'xterm-256color', ...env }, stdin, stdout: this.terminal.output, stderr: this.stderr });
  }

  async waitFor(pattern: RegExp, what: string): Promise<void> {
    for (let round = 0; round < 500; round++) {
      const text = (await this.terminal.screenLines()).join('\n');
      if (pattern.test(text)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${what}; the screen shows:\n${(await this.terminal.screenLines()).join('\n')}`);
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.terminal.send(keyBytes(key));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Ctrl-N until `step` shows (Next waits while the step's data is still loading). */
  async nextTo(step: string): Promise<void> {
    const shown = new RegExp(`${step} (\\d/9)?\\n`);
    for (let attempt = 0; attempt < 50; attempt++) {
      await this.press('C-n');
      for (let wait = 0; wait < 10; wait++) {
        if (shown.test((await this.terminal.screenLines())[0] + '\n')) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    throw new Error(`could not go on to ${step}; the screen shows:\n${(await this.terminal.screenLines()).join('\n')}`);
  }

  async type(text: string): Promise<void> {
    for (const char of text) await this.press(char);
  }
}

describe('secrets never reach logs, saved answers, snapshots, cassettes or docs', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;
  const written: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startCluster();
    workspace = new Workspace();
    await interactiveSession();
    await unattendedRunWithToken();
  });
  afterAll(async () => {
    await sim.close();
    workspace.remove();
  });

  /** alice@pve with TOTP, a session the server ends mid-wizard, a VM created; log and answers kept. */
  async function interactiveSession(): Promise<void> {
    const passwordFile = workspace.file('alice-password', `${SECRETS.alicePassword}\n`);
    const log = workspace.path('interactive.log');
    const answers = workspace.path('interactive-answers.json');
    const argv = ['--host', sim.url, '--fingerprint', sim.fingerprint, '--user', 'alice@pve', '--password-file', passwordFile, '--log-file', log, '--save-answers', answers];
    const run = new InteractiveRun(argv, { XDG_CONFIG_HOME: workspace.path('config'), HOME: workspace.dir });
    try {
      await run.waitFor(/Realm\s+pve/, 'the Login step');
      await run.press('enter');
      await run.waitFor(/has a second factor/, 'the second-factor dialog');
      await run.type(sim.totpCode('alice@pve') ?? '');
      await run.press('enter');
      await run.waitFor(/Resource pool/, 'the General step');
      // The server ends the session: pve2's storages are refused, and the app asks for the password again.
      // Only pve2's: a late prefetch of pve1's storages would open the dialog while "pve2" is being typed.
      sim.addFault({ method: 'GET', path: '/nodes/pve2/storage', status: 401, message: 'permission denied - invalid PVE ticket', times: 1 });
      await run.press('enter');
      await run.type('pve2');
      await run.press('enter');
      await run.waitFor(/Session expired/, 'the sign-in dialog');
      await run.type(SECRETS.alicePassword);
      await run.press('enter');
      await run.waitFor(/has a second factor/, 'the second factor again');
      // A fresh code: the simulator does not take one code twice within its window in a row of tests.
      await run.type(sim.totpCode('alice@pve') ?? '');
      await run.press('enter');
      for (const step of ['OS', 'System', 'Disks', 'CPU', 'Memory', 'Network', 'Confirm']) await run.nextTo(step);
      await run.press('C-n');
      await run.waitFor(/\(y\/N\)/, 'the create question');
      await run.press('y');
      await run.waitFor(/VM \d+ created on pve2/, 'the VM created');
      await run.press('C-q');
      expect(await run.exited).toBe(0);
    } finally {
      run.terminal.dispose();
    }
    written.interactiveLog = fs.readFileSync(log, 'utf8');
    written.interactiveAnswers = fs.readFileSync(answers, 'utf8');
    written.interactiveStderr = run.stderr.text;
  }

  /** --yes with an API token, log and answers kept. */
  async function unattendedRunWithToken(): Promise<void> {
    const log = workspace.path('token.log');
    const answers = workspace.path('token-answers.json');
    const argv = ['--host', sim.url, '--fingerprint', sim.fingerprint, '--token', `root@pam!ci=${SECRETS.tokenSecret}`, '--answers', workspace.answers('in.json', { general: { name: 'token-vm' } }), '--yes', '--log-file', log, '--save-answers', answers];
    const run = await runCli(workspace, argv);
    expect(run.code).toBe(0);
    written.tokenLog = fs.readFileSync(log, 'utf8');
    written.tokenAnswers = fs.readFileSync(answers, 'utf8');
    written.tokenOutput = run.stdout + run.stderr;
  }

  const known = (): string[] => [...Object.values(SECRETS), ...sim.issuedSecrets()];

  it('the sessions ran: tickets were issued, two VMs created, the logs and answers written', () => {
    expect(sim.issuedSecrets().length).toBeGreaterThanOrEqual(4);
    expect(sim.vms().filter((vm) => vm.vmid >= 106 && vm.vmid < 9000)).toHaveLength(2);
    expect(written.interactiveLog).toMatch(/POST \/access\/ticket -> 200/);
    expect(written.interactiveLog).toMatch(/POST \/nodes\/pve2\/qemu -> 200/);
    expect(written.tokenLog).toMatch(/using API token root@pam!ci/);
    expect(JSON.parse(written.interactiveAnswers)).toMatchObject({ version: 1, general: { node: 'pve2' } });
    expect(JSON.parse(written.tokenAnswers)).toMatchObject({ version: 1, general: { name: 'token-vm' } });
  });

  it('the scanner finds what it looks for (so a clean result means something)', () => {
    for (const secret of known()) expect(secretsIn(`in a line: ${secret} .`, known())).not.toEqual([]);
    expect(secretsIn('body: username=alice%40pve&password=totp:123456', [])).toEqual(['password in a form body', 'TOTP answer']);
    expect(secretsIn('curl --data-urlencode password=demo https://127.0.0.1:8006/', [])).toEqual([]);
  });

  it.each(['interactiveLog', 'interactiveAnswers', 'interactiveStderr', 'tokenLog', 'tokenAnswers', 'tokenOutput'])('%s holds no secret', (name) => {
    expect(secretsIn(written[name], known())).toEqual([]);
  });

  it('no snapshot, cassette or doc holds a secret of these sessions or the shape of one', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(20);
    const found = files.map((file) => [path.relative(path.resolve(__dirname, '../..'), file), secretsIn(fs.readFileSync(file, 'utf8'), known())] as const).filter(([, hits]) => hits.length > 0);
    expect(found).toEqual([]);
  });
});
