/**
 * qemu-server's per-key permission checks on create and update
 * ($check_vm_modify_config_perm, serial ports, root@pam's shortcut) and
 * pve-guest-common's tag permissions (user-tag-access, registered tags,
 * Sys.Modify on /), as the simulated cluster enforces them.
 */
import { RunningSimulator, Scenario, startSimulator } from '../../../mocks/simulator';
import { PveClient, TestClock, wizardPayload } from './pve-client';

type Privileges = Record<string, string[]>;

const CONFIG_PRIVILEGES = ['VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Config.Network', 'VM.Config.Disk', 'VM.Config.CDROM'];

/** What a user needs besides the VM.Config.* privileges to create the wizard's VM: allocate it, its disk and its NIC. */
const ALLOCATE: Privileges = { '/vms': ['VM.Allocate', 'VM.Audit'], '/storage': ['Datastore.AllocateSpace', 'Datastore.Audit'], '/sdn': ['SDN.Use'] };

/** ALLOCATE plus every VM.Config.* privilege on /vms, minus `without`. */
function configurer(...without: string[]): Privileges {
  return { ...ALLOCATE, '/vms': [...ALLOCATE['/vms'], ...CONFIG_PRIVILEGES.filter((privilege) => !without.includes(privilege))] };
}

describe('simulated permission checks of create and update', () => {
  let sim: RunningSimulator;
  let clock: TestClock;
  let root: PveClient;
  let bob: PveClient;

  /** A simulator with root@pam and bob@pve (holding `privileges`), both signed in. */
  async function start(privileges: Privileges, scenario: Scenario = {}): Promise<void> {
    clock = new TestClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        taskDurationMs: 0,
        realms: [{ realm: 'pam', type: 'pam' }, { realm: 'pve', type: 'pve' }],
        users: [
          { userid: 'root@pam', password: 'demo', privileges: 'all' },
          { userid: 'bob@pve', password: 'pw', privileges },
        ],
        ...scenario,
      },
    });
    root = new PveClient(sim);
    await root.login('root@pam', 'demo');
    bob = new PveClient(sim);
    await bob.login('bob@pve', 'pw');
  }

  afterEach(() => sim.close());

  const taskPath = (upid: string, suffix: string) => `/nodes/${upid.split(':')[1]}/tasks/${encodeURIComponent(upid)}/${suffix}`;
  const exitStatus = async (client: PveClient, upid: string) => (await client.get(taskPath(upid, 'status'))).body.data.exitstatus;

  describe('config keys need their privilege group ($check_vm_modify_config_perm)', () => {
    test('VM.Allocate, Datastore.AllocateSpace and SDN.Use alone do not create the wizard VM', async () => {
      await start(ALLOCATE);
      const answer = await bob.post('/nodes/pve1/qemu', wizardPayload(106, { startup: 'order=1', agent: 1 }));
      expect([answer.status, answer.reason]).toEqual([403, 'Permission check failed (/vms/106, VM.Config.Options)']);
      expect(sim.vm(106)).toBeUndefined();
    });

    test.each([
      ['VM.Config.CPU', { cores: 2 }],
      ['VM.Config.Memory', { memory: 4096 }],
      ['VM.Config.HWType', { vga: 'serial0' }],
      ['VM.Config.Options', { agent: 1 }],
      ['VM.Config.Network', { net0: 'virtio,bridge=vmbr0' }],
      ['VM.Config.Disk', { boot: 'order=scsi0' }],
    ])('without %s the create answers 403 naming it', async (missing, keys) => {
      await start(configurer(missing));
      // Only the keys of the group in question, so the first refusal is the one under test.
      const answer = await bob.post('/nodes/pve1/qemu', { vmid: 106, ...keys });
      expect([answer.status, answer.reason]).toEqual([403, `Permission check failed (/vms/106, ${missing})`]);
    });

    test('with every VM.Config privilege the wizard VM is created', async () => {
      await start(configurer());
      const answer = await bob.post('/nodes/pve1/qemu', wizardPayload(106, { agent: 1, boot: 'order=scsi0;ide2;net0', 'allow-ksm': 0 }));
      expect(answer.status).toBe(200);
      expect(await exitStatus(bob, answer.body.data)).toBe('OK');
    });

    test('startup also needs Sys.Modify on / (it changes how the host boots)', async () => {
      await start(configurer());
      const refused = await bob.post('/nodes/pve1/qemu', wizardPayload(106, { startup: 'order=1' }));
      expect(refused.reason).toBe('Permission check failed (/, Sys.Modify)');
      await sim.close();
      await start({ ...configurer(), '/': ['Sys.Modify'] });
      expect((await bob.post('/nodes/pve1/qemu', wizardPayload(106, { startup: 'order=1' }))).status).toBe(200);
    });

    test('keys outside every group are root@pam\'s; root@pam passes without any check', async () => {
      await start(configurer());
      const refused = await bob.post('/nodes/pve1/qemu', wizardPayload(106, { args: '-no-reboot' }));
      expect([refused.status, refused.reason]).toEqual([500, "only root can set 'args' config"]);
      expect((await root.post('/nodes/pve1/qemu', wizardPayload(107, { args: '-no-reboot' }))).status).toBe(200);
    });

    test('privileges on the pool the VM is created in count like privileges on the VM', async () => {
      await start({ '/pool/lab': ['VM.Allocate', ...CONFIG_PRIVILEGES], '/storage': ALLOCATE['/storage'], '/sdn': ALLOCATE['/sdn'] });
      expect((await bob.post('/nodes/pve1/qemu', wizardPayload(106, { pool: 'lab' }))).status).toBe(200);
      const outside = await bob.post('/nodes/pve1/qemu', wizardPayload(107));
      expect([outside.status, outside.reason]).toEqual([403, 'Permission check failed']);
    });

    test('serial0=socket needs VM.Config.HWType; a host device is root@pam\'s', async () => {
      await start(configurer('VM.Config.HWType'));
      expect((await bob.post('/nodes/pve1/qemu', { vmid: 106, serial0: 'socket' })).reason).toBe('Permission check failed (/vms/106, VM.Config.HWType)');
      await sim.close();
      await start(configurer());
      expect((await bob.post('/nodes/pve1/qemu', { vmid: 106, serial0: 'socket' })).status).toBe(200);
      expect((await bob.post('/nodes/pve1/qemu', { vmid: 107, serial0: '/dev/ttyS0' })).reason).toBe("only root can set 'serial0' config for real devices");
    });

    test('an update checks each key too: HWType sets the serial console but not the cores', async () => {
      await start({ '/vms': ['VM.Audit', 'VM.Config.HWType'] });
      expect((await root.post('/nodes/pve1/qemu', wizardPayload(106))).status).toBe(200);
      expect((await bob.put('/nodes/pve1/qemu/106/config', { serial0: 'socket', vga: 'serial0' })).status).toBe(200);
      const cores = await bob.put('/nodes/pve1/qemu/106/config', { cores: 4 });
      expect([cores.status, cores.reason]).toEqual([403, 'Permission check failed (/vms/106, VM.Config.CPU)']);
      const disk = await bob.put('/nodes/pve1/qemu/106/config', { delete: 'scsi0' });
      expect(disk.reason).toBe('Permission check failed (/vms/106, VM.Config.Disk)');
      expect(sim.vm(106)?.config).toMatchObject({ serial0: 'socket', vga: 'serial0', cores: '1' });
    });
  });

  describe('tags (assert_tag_permissions in the create worker)', () => {
    const TAGS = { registered: ['prod'], userAllow: 'existing' as const, userAllowList: ['approved'] };

    test('without Sys.Modify on /, a new tag fails the create task after the disks exist; the VM and its disks are removed', async () => {
      await start(configurer(), { tags: TAGS });
      const answer = await bob.post('/nodes/pve1/qemu', wizardPayload(106, { tags: 'web;brand-new' }));
      expect(answer.status).toBe(200);
      expect(await exitStatus(bob, answer.body.data)).toBe("unable to create VM 106 - Permission check failed (/, Sys.Modify for modifying tag 'brand-new')");
      const log = (await bob.get(taskPath(answer.body.data, 'log'))).body.data.map((line: { t: string }) => line.t);
      expect(log[0]).toMatch(/^scsi0: successfully created disk/);
      expect(sim.vm(106)).toBeUndefined();
      expect((await root.get('/nodes/pve1/storage/ceph-pool/content', { vmid: 106 })).body.data).toEqual([]);
    });

    test.each([
      ['existing', 'web', 'OK'],
      ['existing', 'approved', 'OK'],
      ['existing', 'prod', "Permission check failed (/, Sys.Modify for modifying tag 'prod')"],
      ['free', 'brand-new', 'OK'],
      ['free', 'prod', "Permission check failed (/, Sys.Modify for modifying tag 'prod')"],
      ['list', 'approved', 'OK'],
      ['list', 'web', "Permission check failed (/, Sys.Modify for modifying tag 'web')"],
      ['none', 'approved', "Permission check failed (/, Sys.Modify for modifying tag 'approved')"],
    ] as const)('user-tag-access %s, tag %s: %s', async (userAllow, tag, outcome) => {
      await start(configurer(), { tags: { ...TAGS, userAllow } });
      const upid = (await bob.post('/nodes/pve1/qemu', wizardPayload(106, { tags: tag }))).body.data;
      expect(await exitStatus(bob, upid)).toBe(outcome === 'OK' ? 'OK' : `unable to create VM 106 - ${outcome}`);
    });

    test('Sys.Modify on / may set any tag, registered ones included', async () => {
      await start({ ...configurer(), '/': ['Sys.Modify'] }, { tags: { ...TAGS, userAllow: 'none' } });
      const upid = (await bob.post('/nodes/pve1/qemu', wizardPayload(106, { tags: 'prod;brand-new' }))).body.data;
      expect(await exitStatus(bob, upid)).toBe('OK');
      expect(sim.vm(106)?.config.tags).toBe('brand-new;prod');
    });

    test('tags need VM.Config.Options on the VM itself, checked in the worker', async () => {
      await start(ALLOCATE, { tags: TAGS });
      const answer = await bob.post('/nodes/pve1/qemu', { vmid: 106, tags: 'web' });
      expect(answer.status).toBe(200);
      expect(await exitStatus(bob, answer.body.data)).toBe('unable to create VM 106 - Permission check failed (/vms/106, VM.Config.Options)');
    });

    test('an update adding or removing a tag the user may not touch is a 403; unchanged tags pass', async () => {
      await start(configurer(), { tags: TAGS });
      await root.post('/nodes/pve1/qemu', wizardPayload(106, { tags: 'prod;web' }));
      expect((await bob.put('/nodes/pve1/qemu/106/config', { tags: 'prod;web;approved' })).status).toBe(200);
      expect((await bob.put('/nodes/pve1/qemu/106/config', { tags: 'web;approved' })).reason).toBe("Permission check failed (/, Sys.Modify for modifying tag 'prod')");
      expect((await bob.put('/nodes/pve1/qemu/106/config', { delete: 'tags' })).reason).toBe("Permission check failed (/, Sys.Modify for modifying tag 'prod')");
    });

    test('allowed-tags in /cluster/options are the tags of guests the user may audit, without registered ones', async () => {
      await start({ '/vms/100': ['VM.Audit'] }, { tags: TAGS });
      expect((await bob.get('/cluster/options')).body.data['allowed-tags']).toEqual(['approved', 'web']);
      expect((await root.get('/cluster/options')).body.data['allowed-tags']).toEqual(expect.arrayContaining(['approved', 'db', 'nixos', 'prod', 'web']));
    });
  });

  describe('GET /access/permissions', () => {
    test('path=/ answers that path only, with what the caller holds there (also nothing)', async () => {
      await start({ '/vms': ['VM.Audit'] });
      expect((await bob.get('/access/permissions', { path: '/' })).body.data).toEqual({ '/': {} });
      expect((await bob.get('/access/permissions', { path: '/vms/100' })).body.data).toEqual({ '/vms/100': { 'VM.Audit': 1 } });
      expect((await root.get('/access/permissions', { path: '/' })).body.data['/']).toMatchObject({ 'Sys.Modify': 1, 'VM.Allocate': 1 });
      expect((await bob.get('/access/permissions', { userid: 'root@pam' })).reason).toBe('Permission check failed (/access, Sys.Audit)');
    });

    test('an API token reads its own privileges', async () => {
      await start({});
      root.useToken(sim.credentials.token!.value);
      expect((await root.get('/access/permissions', { path: '/' })).body.data['/']).toMatchObject({ 'Sys.Modify': 1 });
    });
  });
});
