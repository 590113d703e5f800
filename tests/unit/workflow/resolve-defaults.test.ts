import { answeringNodeFactsToLoad, defaultNodeName, earlyFactsToLoad, factsToLoad, resolveDefaults, suggestedVmid } from '../../../src/workflow/resolve-defaults';
import type { StorageInfo } from '../../../src/workflow/cluster-facts';
import { demoBridges, demoFacts, demoNodeFacts, demoStorages, iso, NEWEST_NIXOS, OTHER_ISOS, storagesWithout, withNode } from './helpers/facts';

const noticeAt = (notices: readonly { path: string; message: string }[], path: string) => notices.filter((notice) => notice.path === path).map((notice) => notice.message);

describe('resolveDefaults on the demo cluster: the product defaults', () => {
  const { config, notices } = resolveDefaults(demoFacts());

  it('General: first online node by name, next free VM ID, HA on, start at boot off', () => {
    expect(config.general).toEqual({
      node: 'pve1',
      vmid: 104,
      vmidSource: 'suggested',
      name: null,
      pool: null,
      tags: [],
      ha: true,
      onboot: false,
      startup: { order: null, up: null, down: null },
    });
  });

  it('OS: newest NixOS minimal ISO on cephfs, Linux l26', () => {
    expect(config.os).toEqual({ media: 'iso', isoStorage: 'cephfs', iso: `cephfs:iso/${NEWEST_NIXOS}`, guestType: 'linux', ostype: 'l26' });
  });

  it('System: q35, OVMF, EFI disk on ceph-pool without pre-enrolled keys (NixOS), VirtIO SCSI single, agent on', () => {
    expect(config.system).toEqual({
      machine: 'q35',
      bios: 'ovmf',
      efiDisk: true,
      efiStorage: 'ceph-pool',
      preEnrolledKeys: false,
      scsihw: 'virtio-scsi-single',
      agent: true,
    });
  });

  it('Disks: one scsi0 on ceph-pool, 32 GiB raw, iothread, SSD, backup, io_uring', () => {
    expect(config.disks).toEqual([
      { bus: 'scsi', index: 0, storage: 'ceph-pool', sizeGiB: 32, format: 'raw', cache: 'none', discard: false, iothread: true, ssd: true, backup: true, aio: 'io_uring' },
    ]);
  });

  it('CPU, memory, network, confirm', () => {
    expect(config.cpu).toEqual({ sockets: 1, cores: 2, type: 'host' });
    expect(config.memory).toEqual({ memoryMiB: 2048, minMemoryMiB: 2048, ballooning: true, ksm: true });
    expect(config.network).toEqual({ enabled: true, bridge: 'vmbr9', vlan: null, model: 'virtio', mac: null, firewall: true, linkDown: false, mtu: null, rateMBps: null, queues: null });
    expect(config.confirm).toEqual({ start: false });
  });

  it('explains only the pre-enrolled keys decision', () => {
    expect(notices).toEqual([
      { step: 'system', path: 'system.preEnrolledKeys', message: "pre-enrolled keys off: NixOS ISOs are not signed for Microsoft's Secure Boot keys" },
    ]);
  });
});

describe('VM ID suggestion', () => {
  it('skips IDs the guest list shows in use', () => {
    expect(suggestedVmid(demoFacts({ nextVmid: 105, usedVmids: new Set([105, 106]) }))).toBe(107);
  });

  it('never suggests below 100', () => {
    expect(suggestedVmid(demoFacts({ nextVmid: 7, usedVmids: new Set() }))).toBe(100);
  });

  it('keeps a given VM ID and marks it as the user\'s', () => {
    expect(resolveDefaults(demoFacts(), { general: { vmid: 4242 } }).config.general).toMatchObject({ vmid: 4242, vmidSource: 'user' });
  });
});

describe('default node', () => {
  it('skips offline nodes', () => {
    const facts = demoFacts({ nodes: [{ name: 'pve1', online: false }, { name: 'pve2', online: true }] });
    expect(resolveDefaults(facts).config.general.node).toBe('pve2');
  });

  it('says so when no node is online', () => {
    const facts = demoFacts({ nodes: [{ name: 'pve1', online: false }] });
    const { config, notices } = resolveDefaults(facts);
    expect(config.general.node).toBe('pve1');
    expect(noticeAt(notices, 'general.node')).toEqual(['no node is online: VMs can only be created on an online node']);
  });
});

describe('substitutes when the preferred names do not exist', () => {
  it('ISO storage: cephfs missing -> the best storage holding ISO images, with a notice', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: storagesWithout('cephfs') }));
    const { config, notices } = resolveDefaults(facts);
    expect(config.os.isoStorage).toBe('local');
    expect(noticeAt(notices, 'os.isoStorage')).toEqual(['cephfs not found on pve1: using local for ISO images']);
  });

  it.each(['none', 'drive'] as const)('ISO storage with media %s: still picked (ISO may be chosen later), but without a notice', (media) => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: storagesWithout('cephfs') }));
    const { config, notices } = resolveDefaults(facts, { os: { media } });
    expect(config.os.isoStorage).toBe('local');
    expect(noticeAt(notices, 'os.isoStorage')).toEqual([]);
  });

  it('ISO storage: cephfs without iso content -> substitute, and the reason says so', () => {
    const storages = demoStorages().map((storage) => (storage.id === 'cephfs' ? { ...storage, content: ['backup' as const] } : storage));
    const { config, notices } = resolveDefaults(withNode(demoFacts(), 'pve1', demoNodeFacts({ storages })));
    expect(config.os.isoStorage).toBe('local');
    expect(noticeAt(notices, 'os.isoStorage')).toEqual(['cephfs on pve1 cannot hold ISO images: using local for ISO images']);
  });

  it('ISO storage: prefers active, then shared, then free space', () => {
    const nfs: StorageInfo = { id: 'isos-nfs', type: 'nfs', content: ['iso'], active: true, enabled: true, shared: true, availableBytes: 1 };
    const bigLocal: StorageInfo = { id: 'big', type: 'dir', content: ['iso'], active: true, enabled: true, shared: false, availableBytes: 10 ** 15 };
    const downShared: StorageInfo = { ...nfs, id: 'down-nfs', active: false, availableBytes: 10 ** 16 };
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: [bigLocal, nfs, downShared, ...storagesWithout('cephfs', 'local')] }));
    expect(resolveDefaults(facts).config.os.isoStorage).toBe('isos-nfs');
  });

  it('no NixOS ISO on the ISO storage: nothing preselected, and the OS step says why', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ isoImages: { cephfs: OTHER_ISOS.map((name) => iso('cephfs', name)) } }));
    const { config, notices } = resolveDefaults(facts);
    expect(config.os.iso).toBeNull();
    expect(noticeAt(notices, 'os.iso')).toEqual(['no nixos-minimal ISO on cephfs: choose one']);
    // Without a NixOS ISO there is no reason to turn the Microsoft keys off.
    expect(config.system.preEnrolledKeys).toBe(true);
    expect(noticeAt(notices, 'system.preEnrolledKeys')).toEqual([]);
  });

  it('disk and EFI storage: ceph-pool missing -> a shared Ceph pool if any, else the freest', () => {
    const otherRbd: StorageInfo = { ...demoStorages()[1], id: 'rbd-ssd', availableBytes: 10 };
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: [...storagesWithout('ceph-pool'), otherRbd] }));
    const { config, notices } = resolveDefaults(facts);
    expect(config.disks[0].storage).toBe('rbd-ssd');
    expect(config.system.efiStorage).toBe('rbd-ssd');
    expect(noticeAt(notices, 'disks')).toEqual(['ceph-pool not found on pve1: using rbd-ssd for disks']);
    expect(noticeAt(notices, 'system.efiStorage')).toEqual(['ceph-pool not found on pve1: using rbd-ssd for the EFI disk']);
  });

  it('disk storage without Ceph: local-lvm has more free space than local', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: storagesWithout('ceph-pool') }));
    expect(resolveDefaults(facts).config.disks[0]).toMatchObject({ storage: 'local-lvm', format: 'raw' });
  });

  it('an inactive ceph-pool is replaced by an active storage', () => {
    const storages = demoStorages().map((storage) => (storage.id === 'ceph-pool' ? { ...storage, active: false } : storage));
    const { config, notices } = resolveDefaults(withNode(demoFacts(), 'pve1', demoNodeFacts({ storages })));
    expect(config.disks[0].storage).toBe('local-lvm');
    expect(noticeAt(notices, 'disks')).toEqual(['ceph-pool is not active on pve1: using local-lvm for disks']);
  });

  it('bridge: vmbr9 missing -> vmbr0', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ bridges: demoBridges().filter((bridge) => bridge.name !== 'vmbr9') }));
    const { config, notices } = resolveDefaults(facts);
    expect(config.network.bridge).toBe('vmbr0');
    expect(noticeAt(notices, 'network.bridge')).toEqual(['vmbr9 not found on pve1: using vmbr0']);
  });

  it('bridge: neither vmbr9 nor vmbr0 -> the first active bridge by name', () => {
    const bridges = [
      { name: 'vmbr5', kind: 'bridge' as const, active: true, mtu: 1500 },
      { name: 'vmbr1', kind: 'bridge' as const, active: false, mtu: 1500 },
      { name: 'ovs0', kind: 'ovs' as const, active: true, mtu: 1500 },
    ];
    expect(resolveDefaults(withNode(demoFacts(), 'pve1', demoNodeFacts({ bridges }))).config.network.bridge).toBe('ovs0');
  });

  it('bridge: none at all -> no bridge and a notice; no notice when the NIC is off', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ bridges: [] }));
    const { config, notices } = resolveDefaults(facts);
    expect(config.network.bridge).toBeNull();
    expect(noticeAt(notices, 'network.bridge')).toEqual(['no bridge on pve1: add one, or turn off the network device']);
    expect(noticeAt(resolveDefaults(facts, { network: { enabled: false } }).notices, 'network.bridge')).toEqual([]);
  });

  it('node-dependent defaults follow the chosen node', () => {
    const facts = withNode(demoFacts(), 'pve2', demoNodeFacts({ bridges: [{ name: 'vmbr0', kind: 'bridge', active: true, mtu: 1500 }] }));
    expect(resolveDefaults(facts, { general: { node: 'pve2' } }).config.network.bridge).toBe('vmbr0');
    expect(resolveDefaults(facts, { general: { node: 'pve1' } }).config.network.bridge).toBe('vmbr9');
  });

  it('a value the user set is kept even when it does not exist (validation reports it)', () => {
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: storagesWithout('cephfs') }));
    const { config, notices } = resolveDefaults(facts, { os: { isoStorage: 'cephfs' } });
    expect(config.os.isoStorage).toBe('cephfs');
    expect(noticeAt(notices, 'os.isoStorage')).toEqual([]);
  });
});

describe('disk format', () => {
  it('raw where the storage supports it, else the storage default', () => {
    const qcowOnly: StorageInfo = { ...demoStorages()[2], id: 'qcow-only', formats: { supported: ['qcow2'], default: 'qcow2' } };
    const facts = withNode(demoFacts(), 'pve1', demoNodeFacts({ storages: [...demoStorages(), qcowOnly] }));
    const { config } = resolveDefaults(facts, { disks: [{ storage: 'local' }, { storage: 'qcow-only' }] });
    expect(config.disks.map((disk) => disk.format)).toEqual(['raw', 'qcow2']);
  });
});

describe('derived values', () => {
  it('minimum memory follows memory until set', () => {
    expect(resolveDefaults(demoFacts(), { memory: { memoryMiB: 8192 } }).config.memory.minMemoryMiB).toBe(8192);
    expect(resolveDefaults(demoFacts(), { memory: { memoryMiB: 8192, minMemoryMiB: 1024 } }).config.memory.minMemoryMiB).toBe(1024);
  });

  it('disks without an index take the lowest free slots in list order, explicit slots kept', () => {
    const { config } = resolveDefaults(demoFacts(), { disks: [{}, { index: 0, bus: 'virtio' }, { bus: 'ide' }, { bus: 'ide' }, { bus: 'ide' }, {}] });
    expect(config.disks.map((disk) => `${disk.bus}${disk.index}`)).toEqual(['scsi0', 'virtio0', 'ide0', 'ide1', 'ide3', 'scsi1']);
  });

  it('IO thread and SSD defaults follow the bus and the controller (web UI HDEdit)', () => {
    const { config } = resolveDefaults(demoFacts(), { disks: [{ bus: 'scsi' }, { bus: 'virtio' }, { bus: 'sata' }, { bus: 'ide' }] });
    expect(config.disks.map((disk) => [disk.iothread, disk.ssd])).toEqual([
      [true, true],
      [true, false],
      [false, true],
      [false, true],
    ]);
    const lsi = resolveDefaults(demoFacts(), { system: { scsihw: 'lsi' } }).config;
    expect(lsi.disks[0].iothread).toBe(false);
  });

  it('guest OS defaults: Windows 11 gets IDE, e1000 and 4096 MiB unless set', () => {
    const { config } = resolveDefaults(demoFacts(), { os: { ostype: 'win11' } });
    expect(config.os.guestType).toBe('windows');
    expect(config.disks[0].bus).toBe('ide');
    expect(config.network.model).toBe('e1000');
    expect(config.memory).toMatchObject({ memoryMiB: 4096, minMemoryMiB: 4096 });
    expect(resolveDefaults(demoFacts(), { os: { ostype: 'win11' }, memory: { memoryMiB: 8192 }, network: { model: 'virtio' } }).config).toMatchObject({
      memory: { memoryMiB: 8192 },
      network: { model: 'virtio' },
    });
  });

  it('guest type alone selects its first version', () => {
    expect(resolveDefaults(demoFacts(), { os: { guestType: 'windows' } }).config.os.ostype).toBe('win11');
  });

  it('pre-enrolled keys: on for a non-NixOS ISO, off for NixOS, as set when set', () => {
    expect(resolveDefaults(demoFacts(), { os: { iso: 'cephfs:iso/Win11_24H2_English_x64.iso' } }).config.system.preEnrolledKeys).toBe(true);
    expect(resolveDefaults(demoFacts(), { system: { preEnrolledKeys: true } }).config.system.preEnrolledKeys).toBe(true);
    expect(resolveDefaults(demoFacts(), { os: { media: 'none' } }).config.system.preEnrolledKeys).toBe(true);
  });

  it('no ISO is chosen for physical-drive or no media', () => {
    expect(resolveDefaults(demoFacts(), { os: { media: 'drive' } }).config.os.iso).toBeNull();
  });

  it('SeaBIOS turns the EFI disk off by default', () => {
    expect(resolveDefaults(demoFacts(), { system: { bios: 'seabios' } }).config.system.efiDisk).toBe(false);
  });

  it('ignores overlay keys present with undefined', () => {
    expect(resolveDefaults(demoFacts(), { cpu: { cores: undefined }, disks: [{ sizeGiB: undefined }] }).config).toMatchObject({ cpu: { cores: 2 }, disks: [{ sizeGiB: 32 }] });
  });
});

describe('before the node facts are loaded', () => {
  const facts = demoFacts({ nodeFacts: {} });

  it('keeps the product names and says nothing yet', () => {
    const { config, notices } = resolveDefaults(facts);
    expect([config.os.isoStorage, config.disks[0].storage, config.system.efiStorage, config.network.bridge]).toEqual(['cephfs', 'ceph-pool', 'ceph-pool', 'vmbr9']);
    expect(config.os.iso).toBeNull();
    expect(notices).toEqual([]);
  });

  it('factsToLoad asks for the node, then for the ISO list', () => {
    expect(factsToLoad(resolveDefaults(facts).config, facts)).toEqual([{ kind: 'node', node: 'pve1' }]);
    const partly = withNode(facts, 'pve1', demoNodeFacts({ isoImages: {} }));
    expect(factsToLoad(resolveDefaults(partly).config, partly)).toEqual([{ kind: 'iso-images', node: 'pve1', storage: 'cephfs' }]);
    expect(factsToLoad(resolveDefaults(demoFacts()).config, demoFacts())).toEqual([]);
  });
});

describe('what to fetch as soon as the node list is in (before the config can be resolved)', () => {
  const nodes = demoFacts().nodes;

  it('guesses the default node and the preferred ISO storage: the same node resolveDefaults then picks', () => {
    expect(earlyFactsToLoad(nodes, undefined)).toEqual({ node: 'pve1', isoStorage: 'cephfs' });
    expect(defaultNodeName(nodes)).toBe(resolveDefaults(demoFacts()).config.general.node);
    expect(earlyFactsToLoad(nodes, 'pve2')).toEqual({ node: 'pve2', isoStorage: 'cephfs' });
    expect(defaultNodeName(nodes, 'pve2')).toBe(resolveDefaults({ ...demoFacts(), answeringNode: 'pve2' }).config.general.node);
  });

  it("follows the answers file's node and ISO storage", () => {
    expect(earlyFactsToLoad(nodes, 'pve1', { general: { node: 'pve2' }, os: { isoStorage: 'local' } })).toEqual({ node: 'pve2', isoStorage: 'local' });
  });

  it('asks for no ISO list when the media is not an ISO image or no ISO storage is wanted', () => {
    expect(earlyFactsToLoad(nodes, undefined, { os: { media: 'none' } })).toEqual({ node: 'pve1' });
    expect(earlyFactsToLoad(nodes, undefined, { os: { isoStorage: null } })).toEqual({ node: 'pve1' });
  });

  it('skips offline nodes, and has nothing to fetch on a cluster without nodes', () => {
    expect(defaultNodeName([{ name: 'a', online: false }, { name: 'b', online: true }])).toBe('b');
    expect(defaultNodeName([{ name: 'b', online: false }, { name: 'a', online: false }])).toBe('a');
    expect(earlyFactsToLoad([], undefined)).toBeUndefined();
  });
});

describe('HA: on by default, off for a user who may not add VMs to HA', () => {
  it('is on when the user has Sys.Console on /, or the privileges are unknown', () => {
    expect(resolveDefaults({ ...demoFacts(), rootPrivileges: new Set(['Sys.Console']) }).config.general.ha).toBe(true);
    expect(resolveDefaults({ ...demoFacts(), rootPrivileges: undefined }).config.general.ha).toBe(true);
  });

  it('is off without Sys.Console on /, and a notice at the field says why', () => {
    const resolution = resolveDefaults({ ...demoFacts(), rootPrivileges: new Set(['Sys.Audit']) });
    expect(resolution.config.general.ha).toBe(false);
    expect(resolution.notices).toContainEqual(expect.objectContaining({ path: 'general.ha', message: 'HA off: adding a VM to HA needs the Sys.Console privilege on /, which this user lacks' }));
  });

  it("keeps the answers file's choice (validation then says what is missing)", () => {
    expect(resolveDefaults({ ...demoFacts(), rootPrivileges: new Set() }, { general: { ha: true } }).config.general.ha).toBe(true);
  });
});

describe('the default node: the one the user connected to, as in the web UI', () => {
  const nodes = [
    { name: 'pve1', online: true },
    { name: 'pve2', online: true },
    { name: 'pve3', online: false },
  ];

  it('is the node that answers the API when it is online', () => {
    expect(defaultNodeName(nodes, 'pve2')).toBe('pve2');
    expect(resolveDefaults({ ...demoFacts(), answeringNode: 'pve2' }).config.general.node).toBe('pve2');
  });

  it('is the first online node by name when the answering node is offline, unknown to the node list, or not known at all', () => {
    expect(defaultNodeName(nodes, 'pve3')).toBe('pve1');
    expect(defaultNodeName(nodes, 'gone')).toBe('pve1');
    expect(defaultNodeName(nodes, undefined)).toBe('pve1');
  });

  it("yields to the answers file's node", () => {
    expect(resolveDefaults({ ...demoFacts(), answeringNode: 'pve2' }, { general: { node: 'pve1' } }).config.general.node).toBe('pve1');
  });
});

describe('an answers file that names the ISO image but not its storage', () => {
  it('takes the storage from the volume ID, and reads that ISO list early', () => {
    const overlay = { os: { iso: 'local:iso/debian-12.12.0-amd64-netinst.iso' } };
    expect(resolveDefaults(demoFacts(), overlay).config.os).toMatchObject({ isoStorage: 'local', iso: 'local:iso/debian-12.12.0-amd64-netinst.iso' });
    expect(earlyFactsToLoad(demoFacts().nodes, undefined, overlay)).toEqual({ node: 'pve1', isoStorage: 'local' });
    expect(answeringNodeFactsToLoad(overlay)).toEqual({ isoStorage: 'local' });
  });
});

describe("what to read from the answering node before its name is known (by 'localhost')", () => {
  it('its facts and the preferred ISO storage when the node is left to the default', () => {
    expect(answeringNodeFactsToLoad()).toEqual({ isoStorage: 'cephfs' });
    expect(answeringNodeFactsToLoad({ os: { isoStorage: 'local' } })).toEqual({ isoStorage: 'local' });
  });

  it('no ISO list without ISO media or storage', () => {
    expect(answeringNodeFactsToLoad({ os: { media: 'none' } })).toEqual({});
    expect(answeringNodeFactsToLoad({ os: { isoStorage: null } })).toEqual({});
  });

  it('nothing when the answers file names the node: the answering one may be another', () => {
    expect(answeringNodeFactsToLoad({ general: { node: 'pve2' } })).toBeUndefined();
  });
});
