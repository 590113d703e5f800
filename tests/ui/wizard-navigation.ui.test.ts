/**
 * Moving through the wizard over the service fakes: Back and Next keep every
 * value; validation blocks Next with the message at the field; Confirm's
 * issues jump to their field; an answers file pre-fills the steps; answers
 * are saved; a session the server ends mid-wizard asks to sign in again and
 * keeps everything.
 */
import { ProxmoxError } from '../../src/shared/proxmox-error';
import type { FakeWizard, FakeWizardOptions } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';
import { wizardPages } from './fixtures/wizard-pages';

describe('moving through the wizard', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  async function signedIn(options: FakeWizardOptions = {}): Promise<FakeWizard> {
    app = await startSignedInWithFakes(options);
    return app;
  }

  it('keeps every value through Back and Next, and Confirm shows them all', async () => {
    await signedIn();
    const { ui } = app;
    const general = await ui.step('General');
    await general.field('Name').type('web-1');
    await general.field('Resource pool').select('lab');
    await general.field('Tags').select('db');
    await general.field('Start at boot').toggle();
    await general.field('Startup order, delay and shutdown timeout').press('enter');
    await general.field('Start/shutdown order').type('3');
    const os = await ui.step('OS');
    await os.field('ISO image').select('debian-13');
    const system = await ui.step('System');
    await system.field('BIOS').press('right');
    const disks = await wizardPages(ui).disks();
    await disks.addDisk();
    const cpu = await ui.step('CPU');
    await cpu.field('Cores').type('4');
    const memory = await ui.step('Memory');
    await memory.field('Memory (MiB)').type('4096');
    const network = await ui.step('Network');
    await network.field('Bridge').select('vmbr0');
    await network.field('VLAN tag').type('7');
    await network.field('Firewall').toggle();
    await network.field('MAC address').type('BC:24:11:00:00:01');
    await ui.step('Confirm');

    const backToGeneral = await ui.step('General');
    expect(await backToGeneral.field('Name').value()).toBe('web-1');
    expect(await backToGeneral.field('Resource pool').value()).toBe('lab');
    expect(await backToGeneral.field('Tags').value()).toEqual(['db']);
    expect(await backToGeneral.field('Start at boot').value()).toBe(true);
    expect(await backToGeneral.field('Start/shutdown order').value()).toBe('3');
    expect(await (await ui.step('OS')).field('ISO image').value()).toBe('cephfs:iso/debian-13.1.0-amd64-netinst.iso');
    expect(await ui.screenText()).toContain('* debian-13.1.0-amd64-netinst.iso');
    expect(await (await ui.step('System')).field('BIOS').value()).toBe('seabios');
    // SeaBIOS has no EFI disk: its fields are shown greyed out (no list arrow), not offered.
    expect(await system.field('EFI storage').line()).not.toMatch(/ v │$/);
    await ui.step('Disks');
    const disksAgain = await ui.screenText();
    expect(disksAgain).toContain('scsi1    ceph-pool      32 GiB  raw');
    expect(disksAgain).toContain('2 disks');
    expect(await (await ui.step('CPU')).field('Cores').value()).toBe('4');
    const memoryAgain = await ui.step('Memory');
    expect(await memoryAgain.field('Memory (MiB)').value()).toBe('4096');
    expect(await memoryAgain.field('Minimum (MiB)').value()).toBe('4096');
    const networkAgain = await ui.step('Network');
    expect(await networkAgain.field('VLAN tag').value()).toBe('7');
    expect(await networkAgain.field('Firewall').value()).toBe(false);
    expect(await networkAgain.field('MAC address').value()).toBe('BC:24:11:00:00:01');

    await ui.step('Confirm');
    const summary = app.wizard.store?.config;
    expect(summary).toMatchObject({
      general: { name: 'web-1', pool: 'lab', tags: ['db'], onboot: true, startup: { order: 3 } },
      os: { iso: 'cephfs:iso/debian-13.1.0-amd64-netinst.iso' },
      system: { bios: 'seabios' },
      cpu: { cores: 4 },
      memory: { memoryMiB: 4096, minMemoryMiB: 4096 },
      network: { bridge: 'vmbr0', vlan: 7, firewall: false, mac: 'BC:24:11:00:00:01' },
    });
    expect(summary?.disks.map((disk) => `${disk.bus}${disk.index}`)).toEqual(['scsi0', 'scsi1']);
  });

  describe('validation blocks Next with the message at the field', () => {
    it('a name that is not a DNS name: said as the field is left, and Next stays with the focus there', async () => {
      await signedIn();
      const general = await app.ui.step('General');
      await general.field('Name').type('web_1');
      await app.ui.press('tab');
      expect(await general.field('Name').message()).toMatch(/^Name must be a DNS name/);
      await app.ui.press('C-n');
      expect(app.ui.shell.currentStep.title).toBe('General');
      expect(app.ui.focusedName).toBe('Name');
      expect(await app.ui.footer()).toContain('Cannot continue: see the message at Name.');
      expect(await app.ui.screenText()).toMatchSnapshot();
      await general.field('Name').type('web-1');
      expect(await general.next()).toBe('OS');
    });

    it('a VM ID the server knows as taken (another VM created meanwhile) is said at the field', async () => {
      await signedIn();
      app.data.takeVmid(150);
      const general = await app.ui.step('General');
      await general.field('VM ID').type('150');
      await app.ui.press('tab');
      expect(await general.field('VM ID').message()).toBe('VM ID 150 is already in use: choose another');
      expect(await general.next()).toBe('General');
      await general.field('VM ID').type('');
      await app.ui.press('tab');
      expect(await general.field('VM ID').value()).toBe('102');
      expect(await general.next()).toBe('OS');
    });

    it('a VLAN tag out of range, a minimum above memory', async () => {
      await signedIn();
      const memory = await app.ui.step('Memory');
      await memory.field('Minimum (MiB)').type('4096');
      expect(await memory.next()).toBe('Memory');
      expect(await memory.field('Minimum (MiB)').message()).toMatch(/^Minimum memory must be a whole number from 1 to 2048 MiB/);
      await memory.field('Minimum (MiB)').type('');
      const network = await app.ui.step('Network');
      await network.field('VLAN tag').type('5000');
      expect(await network.next()).toBe('Network');
      expect(app.ui.focusedName).toBe('VLAN tag');
      expect(await network.field('VLAN tag').message()).toBe('VLAN tag must be a whole number from 1 to 4094');
    });

    it('a number that does not parse is said at once (a rate limit with two dots)', async () => {
      await signedIn();
      const network = await app.ui.step('Network');
      await network.field('Disconnect, MTU, rate limit, multiqueue').press('enter');
      await network.field('Rate limit (MB/s)').type('1.2.3');
      expect(await network.field('Rate limit (MB/s)').message()).toBe('Rate limit must be a number');
      expect(await network.next()).toBe('Network');
    });

    it('a disk size of 0 keeps the disk dialog open with the rule at the size; Esc leaves the disk as it was', async () => {
      await signedIn();
      const disks = await wizardPages(app.ui).disks();
      await disks.openDisk(0);
      expect(await app.ui.screenText()).toContain('Disk scsi0');
      await disks.field('Size (GiB)').type('0');
      await app.ui.press('C-s');
      expect(await disks.field('Size (GiB)').message()).toMatch(/^Disk size must be from 0.001 to 131072 GiB/);
      expect(await app.ui.screenText()).toMatchSnapshot();
      await app.ui.press('escape');
      expect(app.wizard.store?.config.disks[0].sizeGiB).toBe(32);
    });

    it('the disk dialog checks the size as the field is left, as the steps do, not only on OK', async () => {
      await signedIn();
      const disks = await wizardPages(app.ui).disks();
      await disks.openDisk(0);
      await disks.field('Size (GiB)').type('abc');
      await app.ui.press('tab');
      expect(await disks.field('Size (GiB)').message()).toBe('Disk size must be a number');
      await disks.field('Size (GiB)').type('0');
      await app.ui.press('tab');
      expect(await disks.field('Size (GiB)').message()).toMatch(/^Disk size must be from 0.001 to 131072 GiB/);
      await disks.field('Size (GiB)').type('64');
      await app.ui.press('tab');
      expect(await disks.field('Size (GiB)').message()).toBeUndefined();
      await app.ui.press('C-s');
      expect(app.wizard.store?.config.disks[0].sizeGiB).toBe(64);
    });
  });

  it('edits a disk in its dialog: a bus change moves it to that bus and its options follow', async () => {
    await signedIn();
    const disks = await wizardPages(app.ui).disks();
    await disks.addDisk();
    await disks.openDisk(1);
    await disks.field('Bus').select('SATA');
    expect(await app.ui.screenText()).toContain('Disk sata0');
    expect(await disks.field('IO thread').line()).toContain('[ ] a thread of its own for I/O');
    await disks.field('Size (GiB)').type('100');
    await disks.field('Storage').select('local');
    await disks.field('Format').select('qcow2');
    await app.ui.press('C-s');
    expect(app.wizard.store?.config.disks[1]).toMatchObject({ bus: 'sata', index: 0, sizeGiB: 100, storage: 'local', format: 'qcow2', iothread: false });
    expect(await app.ui.screenText()).toContain('sata0    local         100 GiB  qcow2');
    await disks.field('Disks').press('S-up');
    expect(app.wizard.store?.config.disks.map((disk) => `${disk.bus}${disk.index}`)).toEqual(['sata0', 'scsi0']);
    expect(app.wizard.store?.plan().requests[0].params.boot).toBe('order=sata0;ide2;net0');
    await disks.field('Disks').press('S-down');
    expect(app.wizard.store?.config.disks.map((disk) => `${disk.bus}${disk.index}`)).toEqual(['scsi0', 'sata0']);
    await disks.field('Disks').press('delete');
    expect(app.wizard.store?.config.disks.map((disk) => `${disk.bus}${disk.index}`)).toEqual(['scsi0']);
    // The longest device names keep a space before the storage.
    await disks.openDisk(0);
    await disks.field('Bus').select('VirtIO Block');
    await app.ui.press('C-s');
    expect(await app.ui.screenText()).toContain('virtio0  ceph-pool      32 GiB  raw');
  });

  it("Confirm lists what is left to fix; Enter on an issue goes to its field", async () => {
    await signedIn({ answers: { network: { vlan: 5000 } } });
    await app.ui.shell.goTo('confirm');
    await app.ui.idle();
    const confirm = await app.ui.screenText();
    expect(confirm).toContain('VLAN tag must be a whole number from 1 to 4094');
    expect(app.ui.focusedName).toBe('Issues');
    expect(confirm).toMatchSnapshot();
    await app.ui.press('C-n');
    expect(await app.ui.footer()).toContain('An issue is left: Enter on one goes to its field.');
    await app.ui.press('enter');
    expect(app.ui.shell.currentStep.title).toBe('Network');
    expect(app.ui.focusedName).toBe('VLAN tag');
  });

  it('an answers file (--answers) pre-fills every step; the rest follows the defaults', async () => {
    await signedIn({ answers: { general: { name: 'db-1', pool: 'lab', tags: ['db'] }, cpu: { cores: 4 }, memory: { memoryMiB: 4096 }, network: { vlan: 7 } } });
    const general = await app.ui.step('General');
    expect(await general.field('Name').value()).toBe('db-1');
    expect(await general.field('Resource pool').value()).toBe('lab');
    expect(await general.field('VM ID').value()).toBe('102');
    expect(await (await app.ui.step('CPU')).field('Cores').value()).toBe('4');
    expect(await (await app.ui.step('Memory')).field('Minimum (MiB)').value()).toBe('4096');
    expect(await (await app.ui.step('Network')).field('VLAN tag').value()).toBe('7');
  });

  it('Save answers asks where, writes the file and says so; --save-answers writes without asking, and on create', async () => {
    await signedIn();
    await (await app.ui.step('General')).field('Name').type('web-1');
    await app.ui.step('Confirm');
    await app.ui.press('s');
    expect(await app.ui.screenText()).toContain('Write the answers file for this VM');
    await app.ui.press('enter');
    expect(app.answers.saved.map((save) => save.path)).toEqual(['web-1.json']);
    expect(await app.ui.footer()).toContain('Saved the answers to web-1.json');
    app.answers.failWith = 'EACCES: permission denied';
    await app.ui.press('s', 'enter');
    expect(await app.ui.screenText()).toContain('Could not write web-1.json: EACCES: permission denied');
    await app.ui.press('enter');

    await app.ui.close();
    await signedIn({ saveAnswersTo: '/tmp/vm.json' });
    const confirm = await wizardPages(app.ui).confirm();
    await confirm.press('s');
    expect(app.answers.saved.map((save) => save.path)).toEqual(['/tmp/vm.json']);
    await confirm.create();
    expect(app.answers.saved.map((save) => save.path)).toEqual(['/tmp/vm.json', '/tmp/vm.json']);
  });

  it('an offline node cannot be picked, and the list says why instead of doing nothing', async () => {
    await signedIn();
    const general = await app.ui.step('General');
    await general.field('Node').press('enter');
    await app.ui.type('pve3');
    await app.ui.press('enter');
    expect(await app.ui.screenText()).toContain('Node: pve3 cannot be chosen (offline)');
    await app.ui.press('escape');
    expect(app.wizard.store?.config.general.node).toBe('pve1');
  });

  it("Save answers asks before replacing a file that was there before; the session's own file it updates, and offers again", async () => {
    await signedIn();
    app.answers.existing.add('web-1.json');
    await (await app.ui.step('General')).field('Name').type('web-1');
    await app.ui.step('Confirm');
    await app.ui.press('s', 'enter');
    expect(await app.ui.screenText()).toContain('web-1.json exists already. Replace it? (y/N)');
    await app.ui.press('n');
    expect(app.answers.saved).toEqual([]);
    expect(await app.ui.footer()).toContain('Not saved: web-1.json is kept as it was.');
    await app.ui.press('s', 'C-u');
    await app.ui.type('mine.json');
    await app.ui.press('enter');
    expect(app.answers.saved.map((save) => save.path)).toEqual(['mine.json']);
    // The path is offered again, and the file this session wrote is updated without a question.
    await app.ui.press('s');
    expect(await app.ui.screenText()).toContain('mine.json');
    await app.ui.press('enter');
    expect(app.answers.saved.map((save) => save.path)).toEqual(['mine.json', 'mine.json']);
  });

  describe('a session the server ends mid-wizard', () => {
    const expired = (): ProxmoxError => new ProxmoxError('auth', 'The server no longer accepts this session (permission denied - invalid PVE ticket); sign in again.', { endpoint: 'GET /nodes/pve2/storage', status: 401 });

    it('asks for the password in a dialog, retries the failed load, and keeps the step and its input', async () => {
      await signedIn();
      const general = await app.ui.step('General');
      await general.field('Name').type('web-1');
      app.data.controls.fail('storages', expired());
      await general.field('Node').select('pve2');
      const dialog = await app.ui.screenText();
      expect(dialog).toContain('The server ended the session of root@pam');
      expect(dialog).toMatchSnapshot();
      await app.ui.type('wrong');
      await app.ui.press('enter');
      expect(await app.ui.screenText()).toContain('Sign-in failed');
      await app.ui.press('C-u');
      await app.ui.type('demo');
      await app.ui.press('enter');
      expect(app.ui.shell.currentStep.title).toBe('General');
      expect(await general.field('Name').value()).toBe('web-1');
      expect(app.data.controls.callsTo('storages').filter((call) => call.args[0] === 'pve2').length).toBeGreaterThanOrEqual(3);
      expect(await (await app.ui.step('OS')).field('ISO storage').line()).toContain('cephfs');
      expect(app.remembered).toContain('demo');
    });

    it('asks as soon as the server says so, even with nothing loading', async () => {
      await signedIn();
      await (await app.ui.step('CPU')).field('Cores').type('4');
      app.session.expire();
      await app.ui.idle();
      expect(await app.ui.screenText()).toContain('Session expired');
      await app.ui.type('demo');
      await app.ui.press('enter');
      expect(app.ui.shell.currentStep.title).toBe('CPU');
      expect(await (await app.ui.step('CPU')).field('Cores').value()).toBe('4');
    });
  });
});
