/**
 * TLS through the whole program (main --yes / --dry-run) against the
 * simulator: a self-signed server the user has not trusted is refused before
 * any request byte, with the certificate's fingerprint and the exact
 * --fingerprint that pins it (exit 3); --fingerprint and --ca-file (a CA and
 * the leaf it issued) work; a certificate that changed after it was pinned
 * is refused naming both fingerprints. The client's TLS unit and wire tests
 * are in tests/unit/proxmox and tests/integration/proxmox/tls.int.test.ts.
 */
import { startSimulator, type RunningSimulator } from '../../../mocks/simulator';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { runCli, SECRETS, testScenario, Workspace } from '../unattended/harness';

describe('TLS, as a user meets it', () => {
  let sim: RunningSimulator;
  let workspace: Workspace;
  beforeEach(() => {
    workspace = new Workspace();
  });
  afterEach(async () => {
    await sim?.close();
    workspace.remove();
  });

  /** A dry run signed in as root with a password file, trusting the server as `trust` says. */
  const dryRun = (trust: string[]) => {
    const password = workspace.file('pw', `${SECRETS.rootPassword}\n`);
    return runCli(workspace, ['--host', sim.url, ...trust, '--user', 'root@pam', '--password-file', password, '--answers', workspace.answers('a.json', {}), '--dry-run']);
  };

  it('a self-signed server without trust: exit 3 before any request, naming its fingerprint and the --fingerprint that pins it', async () => {
    sim = await startSimulator({ scenario: testScenario() });
    const run = await dryRun([]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`pve-vm-tui: The server's certificate is not trusted (self-signed certificate, SHA-256 ${sim.fingerprint})`);
    expect(run.stderr).toContain(`pin it with --fingerprint ${sim.fingerprint} or trust its CA with --ca-file`);
    expect(run.stdout).toBe('');
    // No request byte (the password!) went to a server that was not accepted.
    expect(sim.requests()).toEqual([]);
  });

  it('pinned with --fingerprint (any case, with or without colons): works', async () => {
    sim = await startSimulator({ scenario: testScenario() });
    expect((await dryRun(['--fingerprint', sim.fingerprint])).code).toBe(0);
    expect((await dryRun(['--fingerprint', sim.fingerprint.replace(/:/g, '').toLowerCase()])).code).toBe(0);
  });

  describe('trusted through --ca-file', () => {
    const ca = createCertificate({ commonName: 'pve-vm-tui test CA', isCa: true });

    it('a leaf the CA issued for 127.0.0.1: works', async () => {
      sim = await startSimulator({ scenario: testScenario(), certificate: createCertificate({ commonName: 'pve1', issuer: ca }) });
      const run = await dryRun(['--ca-file', workspace.file('ca.pem', ca.cert)]);
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    });

    it('a leaf of another CA: refused, naming the fingerprint and both ways to trust it', async () => {
      const other = createCertificate({ commonName: 'another CA', isCa: true });
      sim = await startSimulator({ scenario: testScenario(), certificate: createCertificate({ commonName: 'pve1', issuer: other }) });
      const run = await dryRun(['--ca-file', workspace.file('ca.pem', ca.cert)]);

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/The server's certificate is not trusted \((issued by an unknown CA|issuer not in the trusted CAs)/);
      expect(run.stderr).toContain(`--fingerprint ${sim.fingerprint}`);
      expect(sim.requests()).toEqual([]);
    });

    it('a CA file that does not exist: a usage error (exit 2) naming it, nothing sent', async () => {
      sim = await startSimulator({ scenario: testScenario() });
      const run = await dryRun(['--ca-file', workspace.path('missing.pem')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`pve-vm-tui: --ca-file ${workspace.path('missing.pem')}: no such file\n`);
      expect(sim.requests()).toEqual([]);
    });
  });

  it('a certificate that changed after it was pinned: refused, naming the pinned and the presented fingerprint', async () => {
    const first = await startSimulator({ scenario: testScenario() });
    const pinned = first.fingerprint;
    const port = first.port;
    expect((await runCli(workspace, ['--host', first.url, '--fingerprint', pinned, '--user', 'root@pam', '--password-file', workspace.file('pw', SECRETS.rootPassword), '--dry-run'])).code).toBe(0);
    await first.close();
    // The same server address, a new certificate (a reinstalled node, or someone in between).
    sim = await startSimulator({ scenario: testScenario(), port });
    const run = await dryRun(['--fingerprint', pinned]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`pve-vm-tui: The server's certificate does not match the pinned fingerprint (expected ${pinned}, presented ${sim.fingerprint}); make sure this is the right server, then update --fingerprint.`);
    expect(sim.requests()).toEqual([]);
  });
});
