/**
 * The whole app against the simulated cluster, driven by keys as a user
 * drives it: sign in, walk the steps, create the VM, and check what the
 * cluster got. Real services, real client, real TLS (pinned).
 */
import { startWizardWithSimulator, type SimulatedWizard, until } from './fixtures/wizard-app';

const STEPS = ['General', 'OS', 'System', 'Disks', 'CPU', 'Memory', 'Network', 'Confirm'];

jest.setTimeout(30_000);

describe('walking the wizard on the simulated cluster', () => {
  let app: SimulatedWizard;
  afterEach(async () => app?.close());

  /** Enter signs in (the demo credentials are pre-filled); resolves once General shows its fields. */
  async function signIn(): Promise<void> {
    await app.ui.press('enter');
    await until(app.ui, async () => (await app.ui.screenText()).includes('Resource pool'), 'the General step');
  }

  /** Ctrl-N until `title` shows; a step still loading its data says so, and Ctrl-N is pressed again a moment later. */
  async function nextUntil(title: string): Promise<void> {
    await until(
      app.ui,
      async () => {
        if (app.ui.shell.currentStep.title === title) return true;
        await app.ui.press('C-n');
        return app.ui.shell.currentStep.title === title;
      },
      `the ${title} step`,
    );
  }

  async function createAndWait(): Promise<string> {
    await app.ui.press('C-n');
    expect(await app.ui.screenText()).toMatch(/Create VM \d+ on pve1\? \(y\/N\)/);
    await app.ui.press('y');
    await until(app.ui, async () => /VM \d+ (created|exists|was not)/.test(await app.ui.screenText()), 'the result');
    return app.ui.screenText();
  }

  it('creates a VM with the defaults: Enter to sign in, Ctrl-N through the steps, y', async () => {
    app = await startWizardWithSimulator();
    expect((await app.ui.lines())[0]).toContain('Login 1/9');
    await signIn();
    expect((await app.ui.lines())[0]).toMatch(/pve-demo \| root@pam +General 2\/9/);
    const seen: string[] = [];
    for (const step of STEPS.slice(1)) {
      await nextUntil(step);
      seen.push(app.ui.shell.currentStep.title);
    }
    expect(seen).toEqual(STEPS.slice(1));
    const result = await createAndWait();
    expect(result).toContain('VM 106 created on pve1.');
    for (const row of ['[ OK ] Send the create request', '[ OK ] Wait for the create task of VM 106', '[ OK ] Add to HA', '[ OK ] Set the serial console']) expect(result).toContain(row);
    const vm = app.sim.vm(106);
    expect(vm?.config).toMatchObject({
      scsi0: expect.stringMatching(/^ceph-pool:vm-106-disk-\d+/),
      ide2: 'cephfs:iso/nixos-minimal-25.11.1042.8e5f7b9c0d1a-x86_64-linux.iso,media=cdrom',
      ostype: 'l26',
      cores: '2',
      memory: '2048',
      net0: expect.stringContaining('bridge=vmbr9'),
      serial0: 'socket',
      vga: 'serial0',
    });
    expect(vm?.ha).toBe('stopped');
    await app.ui.press('C-q');
    expect(await app.ui.waitForExit()).toBe(0);
  });

  it("defaults to the node it is connected to, whose facts come with the cluster's (by 'localhost'), each read once", async () => {
    app = await startWizardWithSimulator({ scenario: { answeringNode: 'pve2' } });
    await signIn();
    for (const step of STEPS.slice(1)) await nextUntil(step);
    await app.ui.press('C-n');
    expect(await app.ui.screenText()).toMatch(/Create VM \d+ on pve2\? \(y\/N\)/);
    const reads = app.sim.requests().map((request) => `${request.method} ${request.path}`);
    // The answering node is pve2 (not the first by name): its facts were read before its name was known, and not again by name.
    expect(reads.filter((read) => /^GET \/nodes\/pve2\//.test(read))).toEqual([]);
    expect(reads.filter((read) => read.startsWith('GET /nodes/localhost/')).sort()).toEqual([
      'GET /nodes/localhost/capabilities/qemu/cpu',
      'GET /nodes/localhost/network',
      'GET /nodes/localhost/storage',
      'GET /nodes/localhost/storage',
      'GET /nodes/localhost/storage/cephfs/content',
    ]);
    expect(reads.filter((read) => read === 'GET /cluster/status')).toHaveLength(1);
  });

  it('Ctrl-C while the create task runs: the question says Proxmox goes on with it, and what would be left undone', async () => {
    app = await startWizardWithSimulator({ scenario: { taskDurationMs: 10_000 } });
    await signIn();
    for (const step of STEPS.slice(1)) await nextUntil(step);
    await app.ui.press('C-n', 'y');
    await until(app.ui, async () => (await app.ui.screenText()).includes('[ .. ] Wait for the create task'), 'the create task running');
    await app.ui.press('C-c');
    const question = await app.ui.screenText();
    expect(question).toContain('Proxmox goes on with the create');
    expect(question).toContain('task and HA. Quit anyway? Not done then: the serial console.');
    await app.ui.press('y');
    // Quit while it was being created: 130 (docs/cli.md), though Proxmox finishes the VM.
    expect(await app.ui.waitForExit()).toBe(130);
  });

  it('builds a 3-disk, VLAN-tagged, tagged, pooled VM with a chosen ISO by keyboard alone', async () => {
    app = await startWizardWithSimulator();
    await signIn();
    const general = await app.ui.step('General');
    await general.field('Name').type('web-1');
    await general.field('Resource pool').select('prod');
    await general.field('Tags').select('web');
    await general.field('Tags').select('nixos');
    await nextUntil('OS');
    const os = await app.ui.step('OS');
    await os.field('ISO image').select('debian-13');
    await nextUntil('Disks');
    const disks = await app.ui.step('Disks');
    await disks.field('Disks').press('a', 'a');
    expect(await app.ui.screenText()).toContain('3 disks');
    await nextUntil('Network');
    const network = await app.ui.step('Network');
    await network.field('Bridge').select('vmbr9');
    await network.field('VLAN tag').type('42');
    await nextUntil('Confirm');
    const summary = await app.ui.screenText();
    expect(summary).toContain('web-1');
    const result = await createAndWait();
    expect(result).toContain('VM 106 created on pve1.');
    const config = app.sim.vm(106)?.config ?? {};
    expect(Object.keys(config).filter((key) => /^scsi\d+$/.test(key)).sort()).toEqual(['scsi0', 'scsi1', 'scsi2']);
    expect(config.net0).toContain('tag=42');
    expect(config.tags).toBe('web;nixos');
    expect(config.ide2).toBe('cephfs:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom');
    expect(app.sim.vm(106)?.pool).toBe('prod');
  });

  it('signs in with a TOTP second factor', async () => {
    app = await startWizardWithSimulator({ login: { user: 'alice@pve' } });
    await app.ui.press('enter');
    await until(app.ui, async () => (await app.ui.screenText()).includes('alice@pve has a second factor'), 'the second-factor dialog');
    await app.ui.type('000000');
    await app.ui.press('enter');
    await until(app.ui, async () => (await app.ui.screenText()).includes('code was not accepted'), 'the rejection');
    await app.ui.press('C-u');
    await app.ui.type(app.sim.totpCode('alice@pve') ?? '');
    await app.ui.press('enter');
    await until(app.ui, async () => (await app.ui.screenText()).includes('Resource pool'), 'the General step');
    expect((await app.ui.lines())[0]).toContain('alice@pve');
  });

  it('signs in with a recovery key instead of the TOTP code', async () => {
    app = await startWizardWithSimulator({ login: { user: 'alice@pve' } });
    await app.ui.press('enter');
    // As a user does: type once the dialog asks (keys typed before it opens go to the Login step).
    await until(app.ui, async () => (await app.ui.screenText()).includes('alice@pve has a second factor'), 'the second-factor dialog');
    await app.ui.type(app.sim.credentials.totp?.recoveryKeys[0] ?? '');
    await app.ui.press('tab', 'right', 'enter');
    await until(app.ui, async () => (await app.ui.screenText()).includes('Resource pool'), 'the General step');
  });

  it('signs in with the API token of --token and moves on by itself', async () => {
    app = await startWizardWithSimulator({ login: { token: { tokenId: 'root@pam!demo', secret: new (await import('../../src/shared/secret')).Secret('00000000-0000-0000-0000-000000000000') } } });
    await until(app.ui, async () => app.ui.shell.currentStep.title === 'General' && (await app.ui.screenText()).includes('Resource pool'), 'the General step');
    expect((await app.ui.lines())[0]).toContain('root@pam!demo');
    expect(await app.ui.footer()).toContain('Signed in with API token root@pam!demo');
  });

  it('moves to the next free VM ID when the suggested one is taken meanwhile', async () => {
    app = await startWizardWithSimulator();
    await signIn();
    await nextUntil('Confirm');
    app.sim.addFault({ method: 'POST', path: '/nodes/*/qemu', raceVmid: true, times: 1 });
    const result = await createAndWait();
    expect(result).toContain('VM 107 created on pve1.');
    // The note is the log's first line: the log follows its end, Home scrolls back to it.
    await app.ui.press('home');
    expect(await app.ui.screenText()).toContain('VM ID 106 was taken meanwhile: creating VM 107 instead.');
  });

  it("refuses a certificate it cannot verify, and says which fingerprint to pin and how", async () => {
    app = await startWizardWithSimulator({ pinCertificate: false });
    await until(app.ui, async () => (await app.ui.screenText()).includes('Could not load the realms'), 'the realm error');
    await app.ui.press('enter');
    const text = (await app.ui.lines()).map((line) => line.replace(/^│ ?|\s*│$/g, '')).join('');
    expect(text).toContain("The server's certificate is not trusted");
    expect(text.replace(/\s/g, '')).toContain(`--fingerprint${app.sim.fingerprint}`);
    expect(app.ui.shell.currentStep.title).toBe('Login');
    expect(await app.ui.footer()).toContain('Not signed in: the reason is shown above.');
  });
});
