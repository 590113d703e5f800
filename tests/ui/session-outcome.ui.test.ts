/**
 * What a whole interactive session ends with (docs/cli.md, exit codes):
 * quitting with nothing running ends with the worst outcome of every run of
 * the session, a VM made before "Create another VM" included; 130 only when
 * nothing was submitted or when quitting during a run. And what Submit
 * offers while a run is in progress: no step change, Ctrl-C to stop.
 */
import { ProxmoxError } from '../../src/shared/proxmox-error';
import type { FakeWizard, FakeWizardOptions } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';
import { wizardPages } from './fixtures/wizard-pages';

describe('the session outcome', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  async function onConfirm(options: FakeWizardOptions = {}): Promise<void> {
    app = await startSignedInWithFakes(options);
    await app.ui.goTo('Confirm');
  }

  async function create(): Promise<string> {
    await (await wizardPages(app.ui).confirm()).create();
    return app.ui.screenText();
  }

  /** Ctrl-Q, answering y when asked (a step with input asks first). */
  async function quit(): Promise<number> {
    await app.ui.press('C-q');
    if (app.ui.exited === undefined && (await app.ui.screenText()).includes('(y/N)')) await app.ui.press('y');
    return app.ui.waitForExit();
  }

  it('ends with 0 after "Create another VM" and quitting the second wizard without creating', async () => {
    await onConfirm();
    expect(await create()).toContain('VM 102 created on pve1.');
    await app.ui.press('C-n');
    expect(app.ui.shell.currentStep.title).toBe('General');
    expect(await quit()).toBe(0);
  });

  it('ends with the worst outcome: a half-made VM (4) outweighs a later clean create', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('serial-console') });
    expect(await create()).toContain('VM 102 exists on pve1, but setting the serial console failed.');
    app.provisioning.succeedStep('serial-console');
    await app.ui.press('C-n');
    await app.ui.goTo('Confirm');
    expect(await create()).toContain('VM 103 created on pve1.');
    expect(await quit()).toBe(4);
  });

  it('counts the last outcome of a VM: a partial create retried to the end is created (0)', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('serial-console') });
    await create();
    app.provisioning.succeedStep('serial-console');
    await app.ui.press('r');
    await app.ui.idle();
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
    expect(await quit()).toBe(0);
  });

  it('ends with 1 after a failed create, also when the user went back to change it and quit there', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', new ProxmoxError('server', 'storage ceph-pool is full', {})) });
    expect(await create()).toContain('VM 102 was not created on pve1.');
    await app.ui.press('C-p');
    expect(app.ui.shell.currentStep.title).toBe('Confirm');
    expect(await quit()).toBe(1);
  });

  it('ends with 130 when nothing was submitted', async () => {
    await onConfirm();
    expect(await quit()).toBe(130);
  });

  it('ends with 130 when quitting during a run, even after an earlier VM was created', async () => {
    await onConfirm();
    await create();
    await app.ui.press('C-n');
    await app.ui.goTo('Confirm');
    app.provisioning.controls.hold('run');
    await app.ui.press('C-n', 'y');
    expect(await app.ui.screenText()).toContain('Creating VM 103 on pve1...');
    expect(await quit()).toBe(130);
    app.provisioning.controls.release('run');
  });

  it('offers no step change while the create runs: Ctrl-N and Ctrl-P only say why, Ctrl-C stops', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.controls.hold('run') });
    await app.ui.press('C-n', 'y');
    const footer = await app.ui.footer();
    expect(footer).toContain('Up/Down Scroll the log');
    expect(footer).toContain('Ctrl-C Stop and quit (asks first)');
    expect(footer).toContain('F1 Help');
    expect(footer).not.toMatch(/Ctrl-N|Ctrl-P|Next step|Back/);
    await app.ui.press('C-p');
    expect(app.ui.shell.currentStep.title).toBe('Submit');
    expect(await app.ui.footer()).toContain('The VM is being created: wait for the result');
    await app.ui.press('C-n');
    expect(app.ui.shell.currentStep.title).toBe('Submit');
    app.provisioning.controls.release('run');
    await app.ui.idle();
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
    expect(await app.ui.footer()).toContain('Ctrl-N Create another VM');
  });
});
