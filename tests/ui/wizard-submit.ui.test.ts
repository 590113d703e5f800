/**
 * The Submit step's outcomes over the provisioning fake: created, partial
 * (retry only what failed), a failed create (the Proxmox message; a rejected
 * parameter or a taken VM ID jumps back to its field), the VM ID race, Ctrl-C
 * while it runs, another VM afterwards, and the exit codes of docs/cli.md.
 */
import { ProxmoxError } from '../../src/shared/proxmox-error';
import type { FakeWizard, FakeWizardOptions } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';
import { wizardPages } from './fixtures/wizard-pages';
import { expectWhole } from './fixtures/screen-checks';

describe('Submit', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  /** Signed in, on Confirm, with the fakes prepared. */
  async function onConfirm(options: FakeWizardOptions = {}): Promise<FakeWizard> {
    app = await startSignedInWithFakes(options);
    await app.ui.goTo('Confirm');
    return app;
  }

  async function create(): Promise<string> {
    await (await wizardPages(app.ui).confirm()).create();
    const text = await app.ui.screenText();
    expectWhole(text.split('\n').slice(0, -1).join('\n'), 80);
    return text;
  }

  it('asks y/N first: n stays on Confirm with nothing created', async () => {
    await onConfirm();
    await app.ui.press('C-n');
    expect(await app.ui.screenText()).toContain('Create VM 102 on pve1? (y/N)');
    await app.ui.press('n');
    expect(app.ui.shell.currentStep.title).toBe('Confirm');
    expect(await app.ui.footer()).toContain('Not created: press Ctrl-N when ready.');
    expect(app.provisioning.controls.callsTo('run')).toHaveLength(0);
  });

  it('created: quits with 0 without asking', async () => {
    await onConfirm();
    expect(await create()).toContain('VM 102 created on pve1.');
    expect(app.provisioning.controls.callsTo('run')[0].args[1]).toBe('take-next');
    // The VM exists, so Back (which would only be refused) is not offered; pressing it says why.
    expect(await app.ui.footer()).not.toContain('Back');
    await app.ui.press('C-p');
    expect(app.ui.shell.currentStep.title).toBe('Submit');
    expect(await app.ui.footer()).toContain('VM 102 exists');
    await app.ui.press('C-q');
    expect(await app.ui.waitForExit()).toBe(0);
  });

  it('partial: names the VM and the failed step, retries only that step, then reports the VM created', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('serial-console', new ProxmoxError('permission', 'Permission denied for PUT /nodes/pve1/qemu/102/config: the user lacks VM.Config.Options on /vms/102; ask an administrator to grant it.', {})) });
    const partial = await create();
    expect(partial).toContain('VM 102 exists on pve1, but setting the serial console failed.');
    expect(partial).toContain('[FAIL] Set the serial console');
    expect(await app.ui.footer()).toContain('r Retry setting the serial console');
    expect(partial).toMatchSnapshot();
    await app.ui.press('C-p');
    expect(app.ui.shell.currentStep.title).toBe('Submit');
    app.provisioning.succeedStep('serial-console');
    await app.ui.press('r');
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
    const resumed = app.provisioning.controls.callsTo('resume');
    expect(resumed).toHaveLength(1);
    expect(app.provisioning.controls.callsTo('run')).toHaveLength(1);
  });

  it('partial: quitting ends with 4', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('serial-console') });
    await create();
    await app.ui.press('C-q');
    expect(await app.ui.waitForExit()).toBe(4);
  });

  it('a failed create shows the Proxmox message; a rejected parameter jumps back to its field with the message', async () => {
    const rejected = new ProxmoxError('validation', 'Proxmox rejected the parameters of POST /nodes/pve1/qemu (net0: invalid format - format error net0.tag: value must have a maximum value of 4094); correct them and try again.', {
      endpoint: 'POST /nodes/pve1/qemu',
      parameterErrors: { net0: 'invalid format - format error\nnet0.tag: value must have a maximum value of 4094' },
    });
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', rejected) });
    const failed = await create();
    expect(failed).toContain('VM 102 was not created on pve1.');
    expect(failed).toContain('e: go to the rejected field.');
    expect(failed).toMatchSnapshot();
    await app.ui.press('e');
    expect(app.ui.shell.currentStep.title).toBe('Network');
    expect(app.ui.focusedName).toBe('VLAN tag');
    const network = await app.ui.step('Network');
    expect(await network.field('VLAN tag').message()).toMatch(/^Proxmox rejected net0: invalid format - format error/);
    await network.field('VLAN tag').type('42');
    expect(await network.field('VLAN tag').message()).toBeUndefined();
  });

  it('a rejected choice picked again as it is clears the message: the cause may have been fixed on the server', async () => {
    const rejected = new ProxmoxError('validation', "Proxmox rejected the parameters of POST /nodes/pve1/qemu (net0: net0.bridge: bridge 'vmbr9' does not exist); correct them and try again.", {
      endpoint: 'POST /nodes/pve1/qemu',
      parameterErrors: { net0: "net0.bridge: bridge 'vmbr9' does not exist" },
    });
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', rejected) });
    await create();
    await app.ui.press('e');
    expect(app.ui.shell.currentStep.title).toBe('Network');
    const network = await app.ui.step('Network');
    expect(await network.field('Bridge').message()).toMatch(/^Proxmox rejected net0: net0.bridge: bridge 'vmbr9'/);
    expect(await network.next()).toBe('Network');
    await network.field('Bridge').select('vmbr9');
    expect(await network.field('Bridge').message()).toBeUndefined();
    expect(await network.next()).toBe('Confirm');
  });

  it('a failed create task: try again, nothing was left behind; quitting ends with 1', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', new ProxmoxError('server', "Creating VM 102 on pve1 failed (unable to create VM 102 - rbd error); Proxmox removed the incomplete VM, fix the cause and try again.", {})) });
    const failed = await create();
    expect(failed).toContain('r: try again.');
    await app.ui.press('C-q');
    expect(await app.ui.waitForExit()).toBe(1);
  });

  it('a create that cannot be confirmed: names the VM and node, blocks Back, r checks again and never makes a second VM; quitting ends with 1', async () => {
    const lost = new ProxmoxError('network', 'VM 102 may have been created on pve1, but this could not be confirmed (connection reset). Look for VM 102 and its create task on pve1 before creating it again.', {});
    await onConfirm({ prepare: ({ provisioning }) => provisioning.unconfirmCreate(lost) });
    const unknown = await create();
    expect(unknown).toContain('Whether VM 102 exists on pve1 could not be confirmed.');
    expect(unknown).toMatch(/r: check again \(creates it only if it is missing\)\. +Ctrl-Q: quit \(exit 1\)\./);
    expect(unknown).toMatchSnapshot();
    expect(await app.ui.footer()).toContain('r Check again');
    await app.ui.press('C-p');
    expect(app.ui.shell.currentStep.title).toBe('Submit');
    await app.ui.press('r');
    expect(await app.ui.screenText()).toContain('Whether VM 102 exists on pve1 could not be confirmed.');
    app.provisioning.confirmCreate();
    await app.ui.press('r');
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
    expect(app.provisioning.controls.callsTo('run')).toHaveLength(1);
    expect(app.provisioning.controls.callsTo('resume')).toHaveLength(2);
    expect(app.provisioning.createdVmids).toEqual([102]);
  });

  it('an unconfirmed create: quitting ends with 1', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.unconfirmCreate() });
    await create();
    await app.ui.press('C-q');
    expect(await app.ui.waitForExit()).toBe(1);
  });

  it('the VM ID race with the suggested ID: moves on to the next free one and says so', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.raceVmid(103) });
    const created = await create();
    expect(created).toContain('VM ID 102 was taken meanwhile: creating VM 103 instead.');
    expect(created).toContain('VM 103 created on pve1.');
  });

  it('the VM ID race with a typed ID: fails, and e goes back to the VM ID field with the message', async () => {
    app = await startSignedInWithFakes({ prepare: ({ provisioning }) => provisioning.raceVmid(151) });
    await (await app.ui.step('General')).field('VM ID').type('150');
    await app.ui.goTo('Confirm');
    const failed = await create();
    expect(app.provisioning.controls.callsTo('run')[0].args[1]).toBe('fail');
    expect(failed).toContain('e: choose another VM ID.');
    expect(await app.ui.footer()).toContain('e Choose another VM ID');
    await app.ui.press('e');
    expect(app.ui.shell.currentStep.title).toBe('General');
    expect(app.ui.focusedName).toBe('VM ID');
    const general = await app.ui.step('General');
    expect(await general.field('VM ID').message()).toMatch(/^VM ID 150 was taken by another VM meanwhile|^VM ID 150 is already in use/);
    expect(await general.next()).toBe('General');
  });

  it('Ctrl-C while it runs says what is done and asks; n goes on; once created, Ctrl-C quits at once', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.controls.hold('run') });
    await app.ui.press('C-n', 'y');
    await app.ui.press('C-c');
    const question = await app.ui.screenText();
    const said = question.split('\n').map((line) => line.replace(/^[│ ]+|[│ ]+$/g, '')).join(' ');
    expect(said).toContain('Nothing is done yet: the create request is on its way. VM 102 does not exist yet. Quit anyway? Not done then: the');
    expect(said).toContain('create request, the create task, HA, the serial console. (y/N)');
    expect(question).toMatchSnapshot();
    await app.ui.press('n');
    expect(app.ui.exited).toBeUndefined();
    await app.ui.press('C-p');
    expect(await app.ui.footer()).toContain('The VM is being created');
    app.provisioning.controls.release('run');
    await app.ui.idle();
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
    await app.ui.press('C-c');
    expect(await app.ui.waitForExit()).toBe(0);
  });

  it('the create ends while the quit question is open: y quits with the outcome (0), not as a cancel (130)', async () => {
    await onConfirm({ prepare: ({ provisioning }) => provisioning.controls.hold('run') });
    await app.ui.press('C-n', 'y');
    await app.ui.press('C-c');
    expect(await app.ui.screenText()).toContain('Quit anyway?');
    app.provisioning.controls.release('run');
    await app.ui.idle();
    await app.ui.press('y');
    expect(await app.ui.waitForExit()).toBe(0);
  });

  it('Ctrl-N after creating starts another VM on General with the next free VM ID', async () => {
    await onConfirm();
    await (await app.ui.step('General')).field('Name').type('web-1');
    await app.ui.goTo('Confirm');
    await create();
    await app.ui.press('C-n');
    expect(app.ui.shell.currentStep.title).toBe('General');
    const general = await app.ui.step('General');
    expect(await general.field('VM ID').value()).toBe('103');
    expect(await general.field('Name').value()).toBe('');
  });

  it('a 401 that ended the session asks once: signed in again in its dialog, r tries again without a second prompt', async () => {
    const ended = new ProxmoxError('auth', 'The server no longer accepts this session (No ticket); sign in again.', { endpoint: 'POST /nodes/pve1/qemu', status: 401 });
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', ended) });
    expect(await create()).toContain('The server no longer accepts this session');
    // The real client ends the session with the 401, which opens the dialog by itself.
    app.session.expire();
    await app.ui.idle();
    expect(await app.ui.screenText()).toContain('Session expired');
    await app.ui.type('demo');
    await app.ui.press('enter');
    app.provisioning.succeedStep('create');
    await app.ui.press('r');
    expect(await app.ui.screenText()).not.toContain('Session expired');
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
  });

  it('a session that ends during the create: r signs in again and tries again', async () => {
    const ended = new ProxmoxError('auth', 'The server no longer accepts this session (No ticket); sign in again.', { endpoint: 'POST /nodes/pve1/qemu', status: 401 });
    await onConfirm({ prepare: ({ provisioning }) => provisioning.failStep('create', ended) });
    expect(await create()).toContain('The server no longer accepts this session');
    app.provisioning.succeedStep('create');
    await app.ui.press('r');
    expect(await app.ui.screenText()).toContain('Session expired');
    await app.ui.type('demo');
    await app.ui.press('enter');
    expect(await app.ui.screenText()).toContain('VM 102 created on pve1.');
  });
});
