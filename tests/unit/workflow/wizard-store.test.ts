import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { decodeWith } from '../../../src/shared/decode';
import { buildRequests } from '../../../src/workflow/build-requests';
import { VmConfig } from '../../../src/workflow/vm-config.codec';
import { nextDiskSlot, WizardSnapshot, WizardStore, type WizardChange } from '../../../src/workflow/wizard-store';
import * as actions from '../../../src/workflow/wizard-actions';
import type { WizardAction } from '../../../src/workflow/wizard-actions';
import { demoBridges, demoFacts, demoNodeFacts, iso, NEWEST_NIXOS, storagesWithout, withNode } from './helpers/facts';
import { diskArbitrary } from './helpers/arbitraries';

const slots = (store: WizardStore) => store.config.disks.map((disk) => `${disk.bus}${disk.index}`);

describe('WizardStore basics', () => {
  it('starts from the resolved defaults', () => {
    const store = new WizardStore(demoFacts());
    expect(store.config.general.vmid).toBe(104);
    expect(store.notices.map((notice) => notice.path)).toEqual(['system.preEnrolledKeys']);
    expect(store.noticesOf('system')).toHaveLength(1);
    expect(store.noticesOf('network')).toEqual([]);
  });

  it('tells listeners about every action with the new state; dispose stops that', () => {
    const store = new WizardStore(demoFacts());
    const seen: WizardChange[] = [];
    const subscription = store.onDidChange((change) => seen.push(change));
    store.update(actions.setCores(4));
    expect(seen).toHaveLength(1);
    expect(seen[0].action).toEqual(actions.setCores(4));
    expect(seen[0].state.config.cpu.cores).toBe(4);
    subscription.dispose();
    store.update(actions.setCores(6));
    expect(seen).toHaveLength(1);
  });

  it('keeps the last good value when a number field sends NaN or Infinity', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setCores(Number.NaN));
    store.update(actions.setStartup({ order: Number.POSITIVE_INFINITY, up: null, down: null }));
    store.update(actions.updateDisk(0, { sizeGiB: Number.NaN }));
    expect(store.config.cpu.cores).toBe(2);
    expect(store.config.general.startup.order).toBeNull();
    expect(store.config.disks[0].sizeGiB).toBe(32);
  });

  it('issues: all, per step, recomputed after a change', () => {
    const store = new WizardStore(demoFacts());
    expect(store.issues()).toEqual([]);
    store.update(actions.setVlan(5000));
    expect(store.issues('network').map((issue) => issue.path)).toEqual(['network.vlan']);
    expect(store.issues('cpu')).toEqual([]);
    store.update(actions.setVlan(50));
    expect(store.issues()).toEqual([]);
  });

  it('plan() is the request plan of the current config on this server', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setName('web-1'));
    expect(store.plan()).toEqual(buildRequests(store.config, { serverVersion: demoFacts().serverVersion }));
  });
});

describe('General', () => {
  it('a typed VM ID is the user\'s; reset makes it the suggestion again', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setVmid(777));
    expect(store.config.general).toMatchObject({ vmid: 777, vmidSource: 'user' });
    expect(store.isUserSet('general.vmid')).toBe(true);
    store.update(actions.resetField('general', 'vmid'));
    expect(store.config.general).toMatchObject({ vmid: 104, vmidSource: 'suggested' });
  });

  it('empty text means none', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setName(''));
    store.update(actions.setPool(''));
    expect([store.config.general.name, store.config.general.pool]).toEqual([null, null]);
  });

  it('a node change re-resolves what the user did not set and keeps what they did', () => {
    const facts = withNode(
      demoFacts(),
      'pve2',
      demoNodeFacts({ storages: storagesWithout('ceph-pool'), bridges: demoBridges().filter((bridge) => bridge.name !== 'vmbr9') }),
    );
    const store = new WizardStore(facts);
    store.update(actions.addDisk());
    store.update(actions.updateDisk(1, { storage: 'local' }));
    store.update(actions.setNode('pve2'));
    expect(store.config.network.bridge).toBe('vmbr0');
    expect(store.config.disks.map((disk) => disk.storage)).toEqual(['local-lvm', 'local']);
    expect(store.config.system.efiStorage).toBe('local-lvm');
    expect(store.notices.map((notice) => notice.message)).toEqual(
      expect.arrayContaining(['vmbr9 not found on pve2: using vmbr0', 'ceph-pool not found on pve2: using local-lvm for disks']),
    );
    store.update(actions.setBridge('vmbr9'));
    store.update(actions.setNode('pve1'));
    store.update(actions.setNode('pve2'));
    expect(store.config.network.bridge).toBe('vmbr9'); // the user's choice stays (and validation reports it)
    expect(store.issues('network').map((issue) => issue.message)).toEqual(['Bridge vmbr9 does not exist on pve2']);
  });
});

describe('OS', () => {
  it('changing the ISO storage re-picks the newest NixOS ISO there', () => {
    const local = [iso('local', 'nixos-minimal-24.11.719113.50ab793786d9-x86_64-linux.iso'), iso('local', 'debian-12.0.0-amd64-netinst.iso')];
    const store = new WizardStore(withNode(demoFacts(), 'pve1', demoNodeFacts({ isoImages: { ...demoNodeFacts().isoImages, local } })));
    expect(store.config.os.iso).toBe(`cephfs:iso/${NEWEST_NIXOS}`);
    store.update(actions.setIsoStorage('local'));
    expect(store.config.os.iso).toBe('local:iso/nixos-minimal-24.11.719113.50ab793786d9-x86_64-linux.iso');
  });

  it('an ISO the user chose stays, until the storage changes away from it', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setIso('cephfs:iso/debian-12.0.0-amd64-netinst.iso'));
    store.update(actions.setIsoStorage('cephfs'));
    expect(store.config.os.iso).toBe('cephfs:iso/debian-12.0.0-amd64-netinst.iso');
    store.update(actions.setIsoStorage('local'));
    expect(store.isUserSet('os.iso')).toBe(false);
    expect(store.config.os.iso).toBeNull(); // no NixOS ISO on local
    expect(store.noticesOf('os').map((notice) => notice.message)).toEqual(['no nixos-minimal ISO on local: choose one']);
  });

  it('an ISO list arriving later fills the default ISO in (set-facts)', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ isoImages: {} }));
    const store = new WizardStore(facts);
    expect(store.config.os.iso).toBeNull();
    expect(store.notices).toEqual([]);
    store.update(actions.setFacts(demoFacts()));
    expect(store.config.os.iso).toBe(`cephfs:iso/${NEWEST_NIXOS}`);
  });

  it('choosing a NixOS ISO turns pre-enrolled keys off, another ISO turns them on, unless the user set them', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setIso('cephfs:iso/Win11_24H2_English_x64.iso'));
    expect(store.config.system.preEnrolledKeys).toBe(true);
    store.update(actions.setIso(`cephfs:iso/${NEWEST_NIXOS}`));
    expect(store.config.system.preEnrolledKeys).toBe(false);
    store.update(actions.setPreEnrolledKeys(true));
    expect(store.config.system.preEnrolledKeys).toBe(true);
    expect(store.noticesOf('system')).toEqual([]);
  });

  it('the guest type selects its first version unless the current one belongs to it', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setGuestType('windows'));
    expect(store.config.os.ostype).toBe('win11');
    store.update(actions.setOstype('win10'));
    store.update(actions.setGuestType('windows'));
    expect(store.config.os.ostype).toBe('win10');
    store.update(actions.setGuestType('linux'));
    expect(store.config.os.ostype).toBe('l26');
  });
});

describe('Memory', () => {
  it('minimum follows memory until set; reset makes it follow again', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setMemory(4096));
    expect(store.config.memory.minMemoryMiB).toBe(4096);
    store.update(actions.setMinMemory(1024));
    store.update(actions.setMemory(8192));
    expect(store.config.memory).toMatchObject({ memoryMiB: 8192, minMemoryMiB: 1024 });
    store.update(actions.resetField('memory', 'minMemoryMiB'));
    expect(store.config.memory.minMemoryMiB).toBe(8192);
  });
});

describe('Disks', () => {
  it('a new disk takes the lowest free slot: after removing scsi1 from scsi0..scsi2 it is scsi1, and scsi2 keeps its slot', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.addDisk());
    store.update(actions.addDisk());
    expect(slots(store)).toEqual(['scsi0', 'scsi1', 'scsi2']);
    store.update(actions.removeDisk(1));
    expect(slots(store)).toEqual(['scsi0', 'scsi2']);
    store.update(actions.addDisk());
    expect(slots(store)).toEqual(['scsi0', 'scsi2', 'scsi1']);
  });

  it('IDE skips ide2 (the CD drive) and a full bus adds nothing', () => {
    const store = new WizardStore(demoFacts());
    for (let i = 0; i < 4; i++) store.update(actions.addDisk('ide'));
    expect(slots(store)).toEqual(['scsi0', 'ide0', 'ide1', 'ide3']);
    expect(nextDiskSlot(store.config, 'ide')).toBeUndefined();
    store.update(actions.addDisk('ide'));
    expect(slots(store)).toHaveLength(4);
  });

  it('a new disk without a bus uses the last disk\'s bus', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.addDisk('virtio'));
    store.update(actions.addDisk());
    expect(slots(store)).toEqual(['scsi0', 'virtio0', 'virtio1']);
  });

  it('moving a disk changes the order (the first boots), not the slots', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.addDisk('sata'));
    store.update(actions.moveDisk(1, 0));
    expect(slots(store)).toEqual(['sata0', 'scsi0']);
    expect(store.plan().requests[0].params.boot).toBe('order=sata0;ide2;net0');
  });

  it('a bus change takes the new bus\' lowest free slot and its IO thread / SSD defaults', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.addDisk('virtio'));
    store.update(actions.updateDisk(0, { iothread: true, ssd: true }));
    store.update(actions.updateDisk(0, { bus: 'virtio' }));
    expect(slots(store)).toEqual(['virtio1', 'virtio0']);
    expect(store.config.disks[0]).toMatchObject({ iothread: true, ssd: false });
    store.update(actions.updateDisk(0, { bus: 'sata' }));
    expect(store.config.disks[0]).toMatchObject({ bus: 'sata', index: 0, iothread: false, ssd: true });
  });

  it('disks from an answers file without slots get their slots written down at the first edit', () => {
    const store = new WizardStore(demoFacts(), { disks: [{}, {}, {}] });
    store.update(actions.removeDisk(0));
    expect(slots(store)).toEqual(['scsi1', 'scsi2']);
  });

  it('out-of-range positions change nothing', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.removeDisk(5));
    store.update(actions.moveDisk(0, 9));
    store.update(actions.updateDisk(3, { sizeGiB: 1 }));
    expect(slots(store)).toEqual(['scsi0']);
    expect(store.config.disks[0].sizeGiB).toBe(32);
  });

  it('isUserSet knows disk fields', () => {
    const store = new WizardStore(demoFacts());
    expect(store.isUserSet('disks')).toBe(false);
    store.update(actions.updateDisk(0, { sizeGiB: 64 }));
    expect(store.isUserSet('disks')).toBe(true);
    expect(store.isUserSet('disks[0].sizeGiB')).toBe(true);
    expect(store.isUserSet('disks[0].storage')).toBe(false);
  });
});

describe('answers and snapshots', () => {
  it('load-answers starts over from a file\'s overlay', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setCores(8));
    store.update(actions.loadAnswers({ cpu: { sockets: 2 } }));
    expect(store.config.cpu).toEqual({ sockets: 2, cores: 2, type: 'host' });
  });

  it('a snapshot is JSON, decodes with its codec and restores the same config', () => {
    const store = new WizardStore(demoFacts());
    store.update(actions.setName('web-1'));
    store.update(actions.setMinMemory(512));
    store.update(actions.addDisk('sata'));
    const snapshot = store.snapshot();
    const decoded = decodeWith(WizardSnapshot, JSON.parse(JSON.stringify(snapshot)));
    expect(E.isRight(decoded)).toBe(true);
    expect(WizardStore.fromSnapshot(demoFacts(), snapshot).config).toEqual(store.config);
  });

  it('the snapshot codec rejects a damaged snapshot', () => {
    const snapshot = new WizardStore(demoFacts()).snapshot() as unknown as { config: { cpu: Record<string, unknown> } };
    snapshot.config.cpu.cores = 'two';
    expect(E.isLeft(decodeWith(WizardSnapshot, snapshot))).toBe(true);
  });
});

describe('fuzz: any sequence of actions leaves a valid state', () => {
  const anyNumber = fc.oneof(fc.integer({ min: -10, max: 100000 }), fc.double({ noDefaultInfinity: false }), fc.constantFrom(Number.NaN, 0.5, 4094, 4095));
  const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'vmbr0', 'vmbr9', 'local', 'cephfs', 'ceph-pool', 'pve2', 'pve3', 'nope'));
  const action: fc.Arbitrary<WizardAction> = fc.oneof(
    anyText.map(actions.setNode),
    anyNumber.map(actions.setVmid),
    anyText.map(actions.setName),
    fc.array(anyText, { maxLength: 3 }).map(actions.setTags),
    fc.boolean().map(actions.setHa),
    fc.record({ order: fc.option(anyNumber), up: fc.option(anyNumber), down: fc.option(anyNumber) }).map(actions.setStartup),
    fc.constantFrom('iso' as const, 'drive' as const, 'none' as const).map(actions.setMedia),
    anyText.map(actions.setIsoStorage),
    anyText.map(actions.setIso),
    fc.constantFrom('linux' as const, 'windows' as const, 'solaris' as const, 'other' as const).map(actions.setGuestType),
    fc.constantFrom('ovmf' as const, 'seabios' as const).map(actions.setBios),
    anyText.map(actions.setEfiStorage),
    fc.option(fc.constantFrom('scsi' as const, 'virtio' as const, 'sata' as const, 'ide' as const), { nil: undefined }).map(actions.addDisk),
    fc.nat(6).map(actions.removeDisk),
    fc.tuple(fc.nat(6), fc.nat(6)).map(([from, to]) => actions.moveDisk(from, to)),
    fc.tuple(fc.nat(6), diskArbitrary).map(([position, patch]) => actions.updateDisk(position, patch)),
    anyNumber.map(actions.setCores),
    anyNumber.map(actions.setMemory),
    anyNumber.map(actions.setMinMemory),
    fc.boolean().map(actions.setKsm),
    fc.boolean().map(actions.setNetworkEnabled),
    fc.option(anyNumber, { nil: null }).map(actions.setVlan),
    anyText.map(actions.setMac),
    fc.option(anyNumber, { nil: null }).map(actions.setMtu),
    fc.constantFrom('general' as const, 'memory' as const).chain((step) =>
      step === 'general' ? fc.constantFrom(actions.resetField('general', 'vmid'), actions.resetField('general', 'node')) : fc.constant(actions.resetField('memory', 'minMemoryMiB')),
    ),
    fc.constantFrom(demoFacts(), demoFacts({ nodeFacts: {} }), withNode(demoFacts(), 'pve1', demoNodeFacts({ bridges: [], storages: [] }))).map(actions.setFacts),
  );

  it('the snapshot still decodes, the config is a VmConfig, validation and the builder do not throw', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (sequence) => {
        const store = new WizardStore(demoFacts());
        for (const step of sequence) store.update(step);
        const snapshot = JSON.parse(JSON.stringify(store.snapshot())) as unknown;
        expect(E.isRight(decodeWith(WizardSnapshot, snapshot))).toBe(true);
        expect(E.isRight(decodeWith(VmConfig, store.config))).toBe(true);
        store.issues();
        store.plan();
        expect(WizardStore.fromSnapshot(store.state.facts, store.snapshot()).config).toEqual(store.config);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
