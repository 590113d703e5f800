/**
 * The npm package as a user gets it: `npm pack` from the built tree (make test
 * builds dist/ first), `npm install -g` of the tarball into an empty prefix,
 * then the installed command runs --version, --help and a --demo --dry-run
 * from outside the repository. Checks behaviour, not file names, so a bundled
 * build can replace dist/ without touching this test.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const BUILT = path.join(ROOT, 'dist/src/bin.js');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Installing from the warm npm cache takes seconds; a cold cache on a slow link takes longer. */
const INSTALL_TIMEOUT_MS = 180_000;

/** The environment without npm's own variables (an outer `npm run` sets some that would redirect the install). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, ...extra };
}

/** What no user needs: tests, recorded API traffic, fixtures, scenarios, TypeScript sources, source maps. */
const DEVELOPMENT_ONLY = [/(^|\/)tests?\//, /cassettes?\//, /fixtures\//, /(^|\/)scenarios\//, /(^|\/)scripts\//, /\.test\.[jt]s$/, /(?<!\.d)\.ts$/, /\.map$/];

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let packedFiles: string[];
  let installedBin: string;
  let version: string;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (make test does) before this test');
    version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-pack-'));
    // --ignore-scripts: packing must not rebuild dist/ under other tests that are using it.
    const packed = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 });
    const [report] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    tarball = path.join(work, report.filename);
    packedFiles = report.files.map((file) => file.path);
    const prefix = path.join(work, 'prefix');
    await run(NPM, ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], {
      cwd: work,
      env: cleanEnv(),
      timeout: INSTALL_TIMEOUT_MS,
    });
    installedBin = path.join(prefix, 'bin', 'pve-vm-tui');
  }, INSTALL_TIMEOUT_MS + 60_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Runs the installed command from an unrelated directory, with node on PATH and nothing of the repo around. */
  const installed = (args: readonly string[]) =>
    run(installedBin, [...args], {
      cwd: work,
      env: cleanEnv({ PATH: `${path.dirname(process.execPath)}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: work, XDG_CONFIG_HOME: path.join(work, 'config'), NODE_PATH: '' }),
      timeout: 60_000,
    });

  test('ships the program and its docs, and nothing only developers need', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'docs/answers.md', 'docs/cli.md']));
    expect(packedFiles.filter((file) => DEVELOPMENT_ONLY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  test('installs no dependencies: the bundle carries the libraries it uses', () => {
    const installedPackage = path.join(path.dirname(path.dirname(installedBin)), 'lib', 'node_modules', 'pve-vm-tui');
    expect(fs.existsSync(path.join(installedPackage, 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(installedPackage, 'node_modules'))).toBe(false);
  });

  test('the installed command prints its version and help', async () => {
    expect((await installed(['--version'])).stdout.trim()).toBe(version);
    const help = (await installed(['--help'])).stdout;
    expect(help).toContain('Usage: pve-vm-tui [options]');
    expect(help).toContain('--dry-run');
  });

  test('the installed command plans a VM on the built-in simulated cluster (--demo --dry-run)', async () => {
    const text = await installed(['--demo', '--dry-run']);
    expect(text.stdout).toMatch(/^Dry run: nothing was sent\./);

    const json = JSON.parse((await installed(['--demo', '--dry-run', '--output', 'json'])).stdout);
    expect(json).toMatchObject({ vmid: 106, node: 'pve1' });
    expect(json.requests[0]).toMatchObject({ method: 'POST', path: '/nodes/pve1/qemu' });
    expect(json.commands.qm).toMatch(/^qm create 106 /);
  }, 120_000);
});
