/**
 * Every screen that loads data in each state: loading (spinner and what is
 * loading), empty (say so and what to do), error (the message, the failed
 * request, Retry; input kept) and success, over the service fakes so each
 * load is held, failed or released exactly when the test says. Plain-text
 * snapshots at 80x24.
 */
import { defaultClusterData } from '../../mocks/fakes';
import { ProxmoxError } from '../../src/shared/proxmox-error';
import { Secret } from '../../src/shared/secret';
import { startWizardWithFakes, type FakeWizard, type FakeWizardOptions } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';
import { wizardPages } from './fixtures/wizard-pages';
import { expectWhole } from './fixtures/screen-checks';

const refused = (endpoint: string): ProxmoxError =>
  new ProxmoxError('network', `Could not reach pve1.example.org:8006 for ${endpoint} (connection refused); check the address and that the server is running, then try again.`, { endpoint });

describe('loading, empty, error and success states', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  async function signedIn(options: FakeWizardOptions = {}): Promise<FakeWizard> {
    app = await startSignedInWithFakes(options);
    return app;
  }

  async function screen(): Promise<string> {
    const text = await app.ui.screenText();
    expectWhole(text, 80);
    return text;
  }

  describe('Login', () => {
    it('success: the realms from the server (default pam) and the demo login filled in; Enter signs in', async () => {
      app = await startWizardWithFakes();
      const text = await screen();
      expect(text).toContain('Realm         pam  Linux PAM standard authentication');
      expect(app.ui.focusedName).toBe('Sign in');
      expect(text).toMatchSnapshot();
      await (await wizardPages(app.ui).login()).signIn();
      expect((await app.ui.lines())[0]).toContain('root@pam');
      expect(app.remembered).toEqual(['demo']);
    });

    it('loading and error: the realm list in its own place with Retry, while signing in still works', async () => {
      app = await startWizardWithFakes({ prepare: ({ session }) => session.controls.hold('realms') });
      const loading = await screen();
      expect(loading).toContain('Realm         | Loading realms...');
      expect(loading).toMatchSnapshot();
      app.session.controls.fail('realms', refused('GET /access/domains')).release('realms');
      await app.ui.idle();
      const error = await screen();
      expect(error).toContain('Could not reach pve1.example.org:8006 for GET');
      expect(error).toContain('[ Retry ]');
      expect(error).toMatchSnapshot();
      await (await wizardPages(app.ui).login()).field('Retry').press('enter');
      expect(await app.ui.screenText()).toContain('Realm         pam');
    });

    it('a wrong password: the reason at the Password field, the form stays', async () => {
      app = await startWizardWithFakes({ login: { password: new Secret('wrong') } });
      await app.ui.press('enter');
      const text = await screen();
      expect(app.ui.shell.currentStep.title).toBe('Login');
      expect(await (await wizardPages(app.ui).login()).field('Password').message()).toMatch(/^Sign-in failed: the user name, realm or password/);
      expect(await app.ui.footer()).toContain('Not signed in: the reason is shown at Password.');
      expect(text).not.toContain('wrong');
      expect(text).toMatchSnapshot();
    });

    it('a second factor: asks for the code, says why a wrong one failed, signs in with the right one', async () => {
      app = await startWizardWithFakes({ login: { user: 'alice@pve' } });
      await app.ui.press('enter');
      const dialog = await screen();
      expect(dialog).toContain('alice@pve has a second factor. Enter the 6-digit code');
      expect(dialog).toMatchSnapshot();
      await app.ui.type('654321');
      await app.ui.press('enter');
      expect(await screen()).toContain('The second-factor code was not accepted');
      await app.ui.press('C-u');
      await app.ui.type('123456');
      await app.ui.press('enter');
      expect(app.ui.shell.currentStep.title).toBe('General');
      expect((await app.ui.lines())[0]).toContain('alice@pve');
    });

    it('Esc at the second factor: not signed in, and the form says so', async () => {
      app = await startWizardWithFakes({ login: { user: 'alice@pve' } });
      await app.ui.press('enter', 'escape');
      expect(app.ui.shell.currentStep.title).toBe('Login');
      expect(await screen()).toContain('Not signed in: the second factor was cancelled.');
    });

    it('an API token (--token): signs in by itself and moves on; a rejected token shows the error with Retry', async () => {
      app = await startWizardWithFakes({ login: { token: { tokenId: 'root@pam!demo', secret: new Secret('bad') } } });
      const error = await screen();
      expect(error).toContain('The server rejected the API token');
      expect(error).not.toContain('bad');
      expect(error).toMatchSnapshot();
      await app.ui.close();
      app = await startWizardWithFakes({ login: { token: { tokenId: 'root@pam!demo', secret: new Secret('00000000-0000-0000-0000-000000000000') } } });
      expect(app.ui.shell.currentStep.title).toBe('General');
      expect(await app.ui.footer()).toContain('Signed in with API token root@pam!demo');
    });

    it('no server configured: asks for it, and says what is wrong with what was typed', async () => {
      app = await startWizardWithFakes({ login: { askServer: true } });
      const login = await wizardPages(app.ui).login();
      await login.field('Server').type('http://pve1');
      await app.ui.press('tab');
      expect(await login.field('Server').message()).toMatch(/^Server: use https:\/\/ \(Proxmox VE serves its API/);
      await login.field('Server').type('pve2.example.org');
      await app.ui.press('tab');
      expect(app.session.endpoint?.url).toBe('https://pve2.example.org:8006');
      expect(await screen()).toMatchSnapshot();
    });
  });

  describe('General', () => {
    it('loading, then success: what is loading while the cluster data comes, then the fields', async () => {
      app = await startWizardWithFakes({ prepare: ({ data }) => data.controls.hold('pools') });
      await app.ui.press('enter');
      const loading = await screen();
      expect(loading).toContain("Loading the cluster's nodes, VM IDs, pools and tags...");
      expect(loading).toMatchSnapshot();
      app.data.controls.release('pools');
      await app.ui.idle();
      const ready = await screen();
      expect(ready).toContain('VM ID                 102');
      expect(ready).toMatchSnapshot();
    });

    it('error: the message, the failed request and Retry; Retry loads again', async () => {
      app = await startWizardWithFakes({ prepare: ({ data }) => data.controls.fail('pools', refused('GET /pools')) });
      await app.ui.press('enter');
      const error = await screen();
      expect(error).toContain('Request: GET /pools');
      expect(app.ui.focusedName).toBe('Retry');
      expect(error).toMatchSnapshot();
      await app.ui.press('enter');
      expect(await app.ui.screenText()).toContain('Resource pool');
      expect(app.ui.focusedName).toBe('Node');
    });

    it('empty: says the VM goes to no pool when the cluster has none', async () => {
      await signedIn({ cluster: { ...defaultClusterData, pools: [] } });
      const text = await screen();
      expect(text).toContain('No pools: the VM goes to no pool.');
      expect(text).toMatchSnapshot();
    });
  });

  describe('OS', () => {
    it('success: the newest NixOS minimal ISO on cephfs is chosen, Linux 6.x - 2.6 Kernel', async () => {
      await signedIn();
      await app.ui.step('OS');
      const text = await screen();
      expect(text).toContain('* nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso');
      expect(text).toContain('6.x - 2.6 Kernel');
      expect(text).toMatchSnapshot();
    });

    it('loading: the ISO list says what it loads; the other fields stay usable', async () => {
      await signedIn({ prepare: ({ data }) => data.controls.hold('isoImages') });
      const os = await app.ui.step('OS');
      const loading = await screen();
      expect(loading).toContain('ISO image     | Loading ISO images on cephfs...');
      expect(loading).toMatchSnapshot();
      await os.field('Guest OS').select('Other');
      await app.ui.press('C-n');
      expect(app.ui.shell.currentStep.title).toBe('OS');
      expect(await app.ui.footer()).toContain('Still loading ISO images on cephfs: wait a moment.');
      app.data.controls.release('isoImages');
      await app.ui.idle();
      expect(await screen()).toContain('* nixos-minimal-25.05');
      expect(await os.next()).toBe('System');
    });

    it('empty: no ISO image on the storage says what to do, and that no NixOS ISO was found', async () => {
      await signedIn();
      const os = await app.ui.step('OS');
      await os.field('ISO storage').select('local');
      const text = await screen();
      expect(text).toContain('No ISO images on local.');
      expect(text).toMatchSnapshot();
    });

    it('error: the ISO list shows the failure and Retry in its place', async () => {
      await signedIn({ prepare: ({ data }) => data.controls.fail('isoImages', refused('GET /nodes/pve1/storage/cephfs/content'), Infinity) });
      await app.ui.step('OS');
      const error = await screen();
      expect(error).toContain('/nodes/pve1/storage/cephfs/content (connection refused)');
      expect(error).toMatchSnapshot();
      const retry = (await app.ui.step('OS')).field('Retry');
      app.data.controls.recover('isoImages');
      await retry.press('enter');
      expect(await screen()).toContain('* nixos-minimal-25.05');
    });

    it("error: the node's storages fail to load: the step's error with Retry", async () => {
      await signedIn({ prepare: ({ data }) => data.controls.fail('bridges', refused('GET /nodes/pve1/network'), Infinity) });
      await app.ui.press('C-n');
      const error = await screen();
      expect(app.ui.shell.currentStep.title).toBe('OS');
      expect(error).toContain('Request: GET /nodes/pve1/network');
      expect(error).toMatchSnapshot();
      app.data.controls.recover('bridges');
      await app.ui.press('enter');
      expect(await screen()).toContain('ISO storage');
    });
  });

  describe('System, Disks, Network: the node\'s storages and bridges', () => {
    it('loading: a step that needs them says what it waits for, Next says so too, then the fields', async () => {
      await signedIn({ prepare: ({ data }) => data.controls.hold('bridges') });
      await app.ui.press('C-n');
      expect(app.ui.shell.currentStep.title).toBe('OS');
      const loading = await screen();
      expect(loading).toContain('Loading storages and bridges on pve1...');
      expect(loading).toMatchSnapshot();
      await app.ui.press('C-n');
      expect(app.ui.shell.currentStep.title).toBe('OS');
      expect(await app.ui.footer()).toContain('Still loading storages and bridges on pve1: wait a moment.');
      app.data.controls.release('bridges');
      await app.ui.idle();
      expect(await screen()).toContain('ISO storage');
      expect(await (await app.ui.step('System')).field('EFI storage').line()).toContain('ceph-pool');
    });
  });

  describe('Confirm', () => {
    it('loading: waits for what the checks need (the ISO list of the storage) before the summary', async () => {
      await signedIn({ answers: { os: { isoStorage: 'local' } }, prepare: ({ data }) => data.controls.hold('isoImages') });
      await app.ui.shell.goTo('confirm');
      await app.ui.idle();
      const loading = await screen();
      expect(loading).toContain('Loading ISO images on local...');
      expect(loading).toMatchSnapshot();
      await app.ui.press('C-n');
      expect(await app.ui.footer()).toContain('Still loading');
      app.data.controls.release('isoImages');
      await app.ui.idle();
      expect(await screen()).toContain('Summary');
    });
  });

  describe('CPU', () => {
    it("success: the Type list names each model's vendor in words (QEMU's generic models are not 'default')", async () => {
      await signedIn();
      await app.ui.step('CPU');
      await (await app.ui.step('CPU')).field('Type').press('enter');
      const list = await screen();
      expect(list).toMatch(/x86-64-v2-AES +generic/);
      expect(list).not.toMatch(/x86-64-v2-AES +default/);
      await app.ui.press('escape');
    });

    it('error: the CPU model list fails in its place; the type stays host', async () => {
      await signedIn({ prepare: ({ data }) => data.controls.fail('cpuModels', refused('GET /nodes/pve1/capabilities/qemu/cpu'), Infinity) });
      await app.ui.step('CPU');
      const error = await screen();
      expect(error).toContain('/nodes/pve1/capabilities/qemu/cpu (connection refused)');
      expect(error).toMatchSnapshot();
      app.data.controls.recover('cpuModels');
      await (await app.ui.step('CPU')).field('Retry').press('enter');
      expect(await screen()).toContain('Type          host');
    });
  });

  describe('Network', () => {
    it('empty: a node without bridges says what to do', async () => {
      await signedIn({ cluster: { ...defaultClusterData, bridges: { pve1: [], pve2: [] } } });
      const network = await app.ui.step('Network');
      const text = await screen();
      expect(text).toContain('No bridges on pve1.');
      expect(text).toMatchSnapshot();
      await network.field('No network').toggle();
      expect(await network.next()).toBe('Confirm');
    });

    it('a missing vmbr9: the substitute is named at the Bridge field', async () => {
      const withoutVmbr9 = { pve1: [defaultClusterData.bridges.pve1[0]], pve2: [defaultClusterData.bridges.pve2[0]] };
      await signedIn({ cluster: { ...defaultClusterData, bridges: withoutVmbr9 } });
      const network = await app.ui.step('Network');
      expect(await network.field('Bridge').message()).toBe('vmbr9 not found on pve1: using vmbr0');
    });
  });

  describe('Submit', () => {
    it('running, then created: each step with its state, the VM ID and node, Ctrl-N for another VM', async () => {
      await signedIn({ prepare: ({ provisioning }) => provisioning.controls.hold('run') });
      await app.ui.goTo('Confirm');
      await app.ui.press('C-n', 'y');
      const running = await screen();
      expect(running).toContain('Creating VM 102 on pve1...');
      expect(running).toMatchSnapshot();
      app.provisioning.controls.release('run');
      await app.ui.idle();
      const created = await screen();
      expect(created).toContain('VM 102 created on pve1.');
      expect(created).toContain('[ OK ] Set the serial console of VM 102');
      expect(created).toMatchSnapshot();
    });
  });
});
