/**
 * TLS as the interactive user meets it, against the simulator with the real
 * client: a self-signed server that is not trusted is refused on the Login
 * step before any request byte, showing the presented fingerprint (whole
 * bytes per row) and the --fingerprint that pins it, and `c` prints the
 * command to copy on the terminal's own screen; pinned or trusted through its
 * CA it works; a certificate that changes after it was pinned is refused
 * mid-wizard, naming both fingerprints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type RunningSimulator } from '../../mocks/simulator';
import { createCertificate } from '../../mocks/simulator/certificate';
import { startAppAgainst, type SimulatedApp } from './fixtures/simulated-app';
import { until } from './fixtures/wizard-app';

/** The screen as read: box lines gone, rows joined; a fingerprint broken after a colon is one word again. */
async function readable(app: SimulatedApp): Promise<string> {
  return (await app.ui.screenText())
    .replace(/[│┌┐└┘─]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/([0-9A-F]{2}:) (?=[0-9A-F]{2}[:) ])/g, '$1');
}

async function signIn(app: SimulatedApp): Promise<void> {
  await until(app.ui, async () => /Realm\s+pam/.test(await app.ui.screenText()), 'the realm list');
  await app.ui.press('enter');
  await until(app.ui, async () => (await app.ui.screenText()).includes('Resource pool'), 'the General step');
}

describe('TLS on the Login step', () => {
  let sim: RunningSimulator;
  let app: SimulatedApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await sim.close();
  });

  it('not trusted: refused before any request, with the fingerprint and how to pin it; c prints the command to copy', async () => {
    sim = await startSimulator();
    app = await startAppAgainst(sim, { trust: {} });
    const ui = app.ui;
    await until(ui, async () => (await ui.screenText()).includes('not trusted'), 'the TLS refusal');
    const text = await readable(app);
    expect(text).toContain(`The server's certificate is not trusted (self-signed certificate, SHA-256 ${sim.fingerprint})`);
    expect(text).toContain(`pin it with --fingerprint ${sim.fingerprint} or trust its CA with --ca-file`);
    expect(text).toContain('Could not load the realms: the server certificate was not accepted.');
    // No row breaks inside a byte of the fingerprint.
    expect(await ui.screenText()).not.toMatch(/[0-9A-F]{2}:[0-9A-F]{1,2}\s*│\n│ [0-9A-F]/);

    expect(await ui.footer()).toMatch(/c Copy the fingerprint/);

    await ui.press('enter');
    await until(ui, async () => (await ui.footer()).includes('Not signed in'), 'the sign-in to fail');
    expect(ui.shell.currentStep.title).toBe('Login');
    expect(sim.requests()).toEqual([]);

    await ui.press('c');
    expect(ui.terminal.onAlternateScreen).toBe(false);
    const copied = (await ui.terminal.copiedLines()).join('\n');
    expect(copied).toContain(`pve-vm-tui --host ${sim.url} --fingerprint ${sim.fingerprint}`);
    await ui.press('escape');
    expect(ui.terminal.onAlternateScreen).toBe(true);
    expect(ui.shell.currentStep.title).toBe('Login');
  });

  it('pinned (--fingerprint): signs in; c is not offered', async () => {
    sim = await startSimulator();
    app = await startAppAgainst(sim, { trust: { fingerprint: sim.fingerprint } });
    expect(await app.ui.footer()).not.toContain('Copy the fingerprint');
    await signIn(app);
  });

  it('trusted through its CA (--ca-file): signs in', async () => {
    const ca = createCertificate({ commonName: 'pve-vm-tui test CA', isCa: true });
    sim = await startSimulator({ certificate: createCertificate({ commonName: 'pve1', issuer: ca }) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-ca-'));
    try {
      const caFile = path.join(dir, 'ca.pem');
      fs.writeFileSync(caFile, ca.cert);
      app = await startAppAgainst(sim, { trust: { caFile } });
      await signIn(app);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a certificate that changes after it was pinned: refused mid-wizard, naming the pinned and the presented one', async () => {
    sim = await startSimulator();
    const pinned = sim.fingerprint;
    const running = await startAppAgainst(sim, { trust: { fingerprint: pinned } });
    app = running;
    await signIn(running);
    // The server is replaced at the same address with a new certificate.
    const port = sim.port;
    await sim.close();
    sim = await startSimulator({ port });
    await (await running.ui.step('General')).field('Node').select('pve2');
    await running.ui.press('C-n');
    await until(running.ui, async () => (await running.ui.screenText()).includes('[ Retry ]'), 'the refusal on OS');
    expect(running.ui.shell.currentStep.title).toBe('OS');
    expect(await readable(running)).toContain(`does not match the pinned fingerprint (expected ${pinned}, presented ${sim.fingerprint})`);
    expect(sim.requests()).toEqual([]);
  });
});
