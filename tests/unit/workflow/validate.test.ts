import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { issuesOfStep, tagSuggestions, validate, validateField } from '../../../src/workflow/validate';
import type { ConfigOverlay } from '../../../src/workflow/answers.codec';
import type { VmConfig } from '../../../src/workflow/vm-config.codec';
import type { ClusterFacts } from '../../../src/workflow/cluster-facts';
import { demoFacts, demoNodeFacts, demoStorages, PVE_8_4, withNode } from './helpers/facts';

const facts = demoFacts();

/** The issues of the defaults with `overlay` applied, as `path: message`. */
function issuesFor(overlay: ConfigOverlay, onFacts: ClusterFacts = facts): string[] {
  return validate(resolveDefaults(onFacts, overlay).config, onFacts).map((issue) => `${issue.path}: ${issue.message}`);
}

/** Issues of the config with one change made after resolution (for values an overlay cannot express). */
function issuesAfter(change: (config: VmConfig) => void): string[] {
  const config = structuredClone(resolveDefaults(facts).config);
  change(config);
  return validate(config, facts).map((issue) => `${issue.path}: ${issue.message}`);
}

const valid = (overlay: ConfigOverlay) => expect(issuesFor(overlay)).toEqual([]);
const invalid = (overlay: ConfigOverlay, path: string, message: string | RegExp) =>
  expect(issuesFor(overlay)).toEqual([typeof message === 'string' ? `${path}: ${message}` : expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: ${message.source}`))]);

describe('the product defaults on the demo cluster', () => {
  it('are valid', () => valid({}));
});

describe('General', () => {
  it('VM ID: 100 and 999999999 are the edges; 99, 1e9 and 123.5 are not', () => {
    expect(issuesFor({ general: { vmid: 100 } }, demoFacts({ usedVmids: new Set() }))).toEqual([]);
    valid({ general: { vmid: 999999999 } });
    for (const vmid of [99, 1000000000, 123.5]) invalid({ general: { vmid } }, 'general.vmid', 'VM ID must be a whole number from 100 to 999999999');
  });

  it('VM ID in use', () => invalid({ general: { vmid: 101 } }, 'general.vmid', 'VM ID 101 is already in use: choose another'));

  it('node: unknown, offline, empty', () => {
    // Nodes without loaded facts also lack a preselected ISO: only the node issue matters here.
    const nodeIssues = (node: string) => issuesFor({ general: { node } }).filter((issue) => issue.startsWith('general.'));
    expect(nodeIssues('pve9')).toEqual(['general.node: Node pve9 is not in this cluster']);
    expect(nodeIssues('pve3')).toEqual(['general.node: Node pve3 is offline: choose an online node']);
    expect(nodeIssues('')).toEqual(['general.node: Node is required: choose the node the VM runs on']);
  });

  it('name: DNS names only', () => {
    valid({ general: { name: 'web-1' } });
    valid({ general: { name: 'web-1.prod.example.org' } });
    valid({ general: { name: null } });
    for (const name of ['web_1', '-web', 'web-', 'web..1', 'web 1', '']) {
      invalid({ general: { name } }, 'general.name', 'Name must be a DNS name: letters, digits and hyphens (not first or last), parts separated by dots');
    }
  });

  it('pool: pve-poolid, at most 3 levels, and must exist', () => {
    valid({ general: { pool: 'prod' } });
    valid({ general: { pool: 'lab/ci' } });
    invalid({ general: { pool: 'a/b/c/d' } }, 'general.pool', 'Resource pool must be a pool ID: letters, digits, . - _, at most 3 levels (a/b/c)');
    invalid({ general: { pool: 'pro d' } }, 'general.pool', /Resource pool must be a pool ID/);
    invalid({ general: { pool: 'staging' } }, 'general.pool', 'Resource pool staging does not exist');
  });

  it('tags: pve-tag pattern, no duplicates (case-insensitive)', () => {
    valid({ general: { tags: ['web', 'nixos', '_x', 'a.b+c-d'] } });
    invalid({ general: { tags: ['web', 'has space'] } }, 'general.tags[1]', /Tag "has space" may only contain/);
    invalid({ general: { tags: ['-web'] } }, 'general.tags[0]', /Tag "-web" may only contain/);
    invalid({ general: { tags: ['web', 'nixos', 'Web'] } }, 'general.tags[2]', 'Tag Web is given twice');
  });

  describe('tags the user may not set (Proxmox would fail the create task after allocating the disks)', () => {
    const withTags = (tags: Partial<ClusterFacts['tags']>): ClusterFacts => ({
      ...facts,
      tags: { existing: ['web', 'prod'], userTagAccess: 'existing', allowedTags: ['web', 'approved'], registered: ['prod'], sysModifyOnRoot: false, ...tags },
    });
    const tagIssues = (tags: string[], onFacts: ClusterFacts) => issuesFor({ general: { tags } }, onFacts);

    it('a registered tag needs Sys.Modify on /, whatever the policy', () => {
      for (const userTagAccess of ['free', 'existing', 'list', 'none'] as const) {
        expect(tagIssues(['web', 'prod'], withTags({ userTagAccess, allowedTags: ['web'] }))).toEqual([
          "general.tags[1]: Tag 'prod' is registered by the datacenter: only users with Sys.Modify on / may set it; remove it or ask an admin",
        ]);
      }
    });

    it('user-tag-access existing: tags in use on guests the user sees (and the allow list) pass, new ones do not', () => {
      expect(tagIssues(['web', 'approved'], withTags({}))).toEqual([]);
      expect(tagIssues(['brand-new'], withTags({}))).toEqual([
        "general.tags[0]: Tag 'brand-new' is new, and the datacenter lets you set only tags already in use; pick an existing one or ask an admin",
      ]);
    });

    it('user-tag-access list: only the allowed tags', () => {
      expect(tagIssues(['approved'], withTags({ userTagAccess: 'list', allowedTags: ['approved'] }))).toEqual([]);
      expect(tagIssues(['web'], withTags({ userTagAccess: 'list', allowedTags: ['approved'] }))).toEqual([
        "general.tags[0]: Tag 'web' is not in the datacenter's allowed tags; pick one of them or ask an admin",
      ]);
    });

    it('user-tag-access none: no tag at all', () => {
      expect(tagIssues(['web'], withTags({ userTagAccess: 'none', allowedTags: [] }))).toEqual([
        "general.tags[0]: Tag 'web' cannot be set: the datacenter lets only admins (Sys.Modify on /) set tags; remove it or ask an admin",
      ]);
    });

    it('user-tag-access free: any tag but a registered one', () => {
      expect(tagIssues(['brand-new'], withTags({ userTagAccess: 'free', allowedTags: [] }))).toEqual([]);
    });

    it('Sys.Modify on / sets anything, registered tags included', () => {
      expect(tagIssues(['prod', 'brand-new'], withTags({ userTagAccess: 'none', allowedTags: [], sysModifyOnRoot: true }))).toEqual([]);
    });

    it('suggests only the existing tags this user may set', () => {
      expect(tagSuggestions(withTags({}).tags)).toEqual(['web']);
      expect(tagSuggestions(withTags({ userTagAccess: 'none', allowedTags: [] }).tags)).toEqual([]);
      expect(tagSuggestions(withTags({ sysModifyOnRoot: true }).tags)).toEqual(['web', 'prod']);
    });

    it('tags compare exactly, as Proxmox compares them: Web is not the existing web, and the message names it', () => {
      expect(tagIssues(['Web'], withTags({}))).toEqual([expect.stringMatching(/^general\.tags\[0\]: Tag 'Web' is new \(did you mean 'web'\?\), /)]);
    });
  });

  it('startup order, delay and timeout: whole numbers from 0', () => {
    valid({ general: { startup: { order: 0, up: 30, down: 60 } } });
    invalid({ general: { startup: { order: -1 } } }, 'general.startup.order', 'Start/shutdown order must be a whole number of at least 0');
    invalid({ general: { startup: { up: 1.5 } } }, 'general.startup.up', 'Startup delay must be a whole number of at least 0');
    invalid({ general: { startup: { down: -5 } } }, 'general.startup.down', 'Shutdown timeout must be a whole number of at least 0');
  });

  it('startup order needs Sys.Modify on / (qemu-server: it changes how the host boots)', () => {
    const withoutSysModify = (facts: ClusterFacts): ClusterFacts => ({ ...facts, tags: { ...facts.tags, sysModifyOnRoot: false } });
    const message = 'Start/shutdown order, delay and timeout need the Sys.Modify privilege on / (they change how the node boots); leave them empty or ask an admin';
    const check = (startup: Partial<VmConfig['general']['startup']>) => {
      const { config } = resolveDefaults(demoFacts(), { general: { startup } });
      return validate(config, withoutSysModify(demoFacts())).filter((issue) => issue.path.startsWith('general.startup'));
    };
    expect(check({})).toEqual([]);
    expect(check({ up: 30 })).toEqual([expect.objectContaining({ path: 'general.startup.up', message })]);
    expect(check({ order: 2, down: 60 })).toEqual([expect.objectContaining({ path: 'general.startup.order', message })]);
    // A malformed value is reported as such first.
    expect(check({ order: -1 })).toEqual([expect.objectContaining({ path: 'general.startup.order', message: 'Start/shutdown order must be a whole number of at least 0' })]);
  });

  it('Add to HA needs Sys.Console on / (ha-managed and the HA resource); unknown privileges refuse nothing', () => {
    const without: ClusterFacts = { ...demoFacts(), rootPrivileges: new Set(['Sys.Audit']) };
    expect(issuesFor({ general: { ha: true } }, without)).toEqual([
      'general.ha: Add to HA needs the Sys.Console privilege on / (the HA manager is cluster-wide); turn it off or ask an admin',
    ]);
    expect(issuesFor({ general: { ha: false } }, without)).toEqual([]);
    expect(issuesFor({ general: { ha: true } }, { ...demoFacts(), rootPrivileges: new Set(['Sys.Console']) })).toEqual([]);
    expect(issuesFor({ general: { ha: true } }, { ...demoFacts(), rootPrivileges: undefined })).toEqual([]);
  });

});

describe('OS', () => {
  it('an ISO is required only when the media is an ISO image', () => {
    invalid({ os: { iso: null } }, 'os.iso', 'ISO image is required when the media is an ISO image');
    valid({ os: { media: 'none', iso: null } });
    valid({ os: { media: 'drive', iso: null } });
  });

  it('the ISO must be on the chosen storage and exist there', () => {
    invalid({ os: { isoStorage: 'cephfs', iso: 'local:iso/debian-12.0.0-amd64-netinst.iso' } }, 'os.iso', 'ISO image local:iso/debian-12.0.0-amd64-netinst.iso is not on the ISO storage cephfs');
    invalid({ os: { iso: 'cephfs:iso/gone.iso' } }, 'os.iso', 'ISO image cephfs:iso/gone.iso does not exist on cephfs');
    valid({ os: { isoStorage: 'local', iso: 'local:iso/debian-12.0.0-amd64-netinst.iso' } });
    // Without a storage, the ISO's own is taken.
    valid({ os: { iso: 'local:iso/debian-12.0.0-amd64-netinst.iso' } });
  });

  it("an ISO whose file name has a ',' or '=' is refused: it would split the ide2 drive option", () => {
    const odd = 'local:iso/debian,12=netinst.iso';
    const nodeFacts = demoNodeFacts();
    const onFacts = withNode(facts, 'pve1', { ...nodeFacts, isoImages: { ...nodeFacts.isoImages, local: [{ volid: odd, fileName: 'debian,12=netinst.iso', sizeBytes: 1, ctime: 1 }] } });
    expect(issuesFor({ os: { isoStorage: 'local', iso: odd } }, onFacts)).toEqual([
      "os.iso: ISO image local:iso/debian,12=netinst.iso has a ',' or '=' in its name, which Proxmox cannot take in a drive option: rename the file on local",
    ]);
  });

  it('the ISO storage must exist and hold ISO images', () => {
    invalid({ os: { isoStorage: 'nfs-isos' } }, 'os.isoStorage', 'ISO storage nfs-isos does not exist on pve1');
    invalid({ os: { isoStorage: 'ceph-pool' } }, 'os.isoStorage', 'ISO storage ceph-pool cannot hold ISO images');
    invalid({ os: { isoStorage: null } }, 'os.isoStorage', 'ISO storage is required when the media is an ISO image');
  });

  it('the version must belong to the guest type', () => {
    valid({ os: { guestType: 'windows', ostype: 'win10' } });
    invalid({ os: { guestType: 'linux', ostype: 'win11' } }, 'os.ostype', 'Version win11 is not a Linux version');
  });
});

describe('System', () => {
  it('the EFI disk needs an image storage', () => {
    invalid({ system: { efiStorage: null } }, 'system.efiStorage', 'EFI storage is required for the EFI disk');
    invalid({ system: { efiStorage: 'cephfs' } }, 'system.efiStorage', 'EFI storage cephfs cannot hold VM disks');
    invalid({ system: { efiStorage: 'x' } }, 'system.efiStorage', /EFI storage "x" is not a storage ID/);
    valid({ system: { efiStorage: null, bios: 'seabios' } });
    valid({ system: { efiStorage: null, efiDisk: false } });
  });
});

describe('Disks', () => {
  it('size: 0.001 to 131072 GiB with at most 3 decimals', () => {
    valid({ disks: [{ sizeGiB: 0.001 }] });
    valid({ disks: [{ sizeGiB: 131072 }] });
    valid({ disks: [{ sizeGiB: 12.125 }] });
    for (const sizeGiB of [0, 0.0005, 131072.001, 1.0001, -1]) {
      invalid({ disks: [{ sizeGiB }] }, 'disks[0].sizeGiB', 'Disk size must be from 0.001 to 131072 GiB, with at most 3 decimals');
    }
  });

  it('slot ranges come from qemu-server: scsi 0-30, virtio 0-15, sata 0-5, ide 0-3', () => {
    valid({ disks: [{ bus: 'scsi', index: 30 }, { bus: 'virtio', index: 15 }, { bus: 'sata', index: 5 }, { bus: 'ide', index: 3 }] });
    invalid({ disks: [{ bus: 'scsi', index: 31 }] }, 'disks[0].index', 'SCSI slot must be a whole number from 0 to 30');
    invalid({ disks: [{ bus: 'virtio', index: 16 }] }, 'disks[0].index', 'VirtIO slot must be a whole number from 0 to 15');
    invalid({ disks: [{ bus: 'sata', index: 6 }] }, 'disks[0].index', 'SATA slot must be a whole number from 0 to 5');
    invalid({ disks: [{ bus: 'ide', index: 4 }] }, 'disks[0].index', 'IDE slot must be a whole number from 0 to 3');
    invalid({ disks: [{ bus: 'scsi', index: -1 }] }, 'disks[0].index', 'SCSI slot must be a whole number from 0 to 30');
  });

  it('devices are unique, and ide2 belongs to the CD drive', () => {
    invalid({ disks: [{ bus: 'scsi', index: 1 }, { bus: 'scsi', index: 1 }] }, 'disks[1].index', 'scsi1 is already used by another disk');
    invalid({ disks: [{ bus: 'ide', index: 2 }] }, 'disks[0].index', 'ide2 is the CD/DVD drive: choose another slot');
    invalid({ os: { media: 'none' }, disks: [{ bus: 'ide', index: 2 }] }, 'disks[0].index', 'ide2 is the CD/DVD drive: choose another slot');
  });

  it('zero disks is allowed (a diskless VM boots from the CD or the network)', () => valid({ disks: [] }));

  it('storage must exist and hold VM disks; format must be supported there', () => {
    invalid({ disks: [{ storage: 'nope' }] }, 'disks[0].storage', 'Disk storage nope does not exist on pve1');
    invalid({ disks: [{ storage: 'cephfs' }] }, 'disks[0].storage', 'Disk storage cephfs cannot hold VM disks');
    invalid({ disks: [{ format: 'qcow2' }] }, 'disks[0].format', 'Format qcow2 is not supported by ceph-pool (supported: raw)');
    valid({ disks: [{ storage: 'local', format: 'qcow2' }] });
  });

  it('IO thread exists on SCSI and VirtIO only (schema), and on SCSI needs VirtIO SCSI single', () => {
    invalid({ disks: [{ bus: 'sata', iothread: true }] }, 'disks[0].iothread', 'IO thread is only available on SCSI and VirtIO disks');
    invalid({ disks: [{ bus: 'ide', iothread: true }] }, 'disks[0].iothread', 'IO thread is only available on SCSI and VirtIO disks');
    invalid({ system: { scsihw: 'virtio-scsi-pci' }, disks: [{ iothread: true }] }, 'disks[0].iothread', 'IO thread on a SCSI disk needs the VirtIO SCSI single controller (System step)');
    valid({ disks: [{ bus: 'virtio', iothread: true }] });
  });

  it('SSD emulation does not exist on VirtIO (schema)', () => {
    invalid({ disks: [{ bus: 'virtio', ssd: true }] }, 'disks[0].ssd', 'SSD emulation is only available on SCSI, SATA and IDE disks');
  });
});

describe('CPU', () => {
  it('sockets from 1, cores 1 to 256, whole numbers', () => {
    valid({ cpu: { sockets: 1, cores: 1 } });
    invalid({ cpu: { sockets: 0 } }, 'cpu.sockets', 'Sockets must be a whole number of at least 1');
    invalid({ cpu: { cores: 0 } }, 'cpu.cores', 'Cores must be a whole number from 1 to 256');
    invalid({ cpu: { cores: 257 } }, 'cpu.cores', 'Cores must be a whole number from 1 to 256');
    invalid({ cpu: { cores: 1.5 } }, 'cpu.cores', 'Cores must be a whole number from 1 to 256');
  });

  it('sockets x cores must fit the node (12 CPUs on pve1)', () => {
    valid({ cpu: { sockets: 2, cores: 6 } });
    invalid({ cpu: { sockets: 2, cores: 7 } }, 'cpu.cores', 'Sockets x cores (14) exceeds the 12 CPUs of pve1: the VM would not start');
  });

  it('type: a model the node offers', () => {
    valid({ cpu: { type: 'x86-64-v2-AES' } });
    invalid({ cpu: { type: 'EPYC-Genoa' } }, 'cpu.type', 'CPU type EPYC-Genoa is not offered by pve1');
    invalid({ cpu: { type: 'host,flags=+aes' } }, 'cpu.type', 'CPU type must be a CPU model name (letters, digits, - _ . +)');
  });
});

describe('Memory', () => {
  it('memory 16 to 4178944 MiB', () => {
    valid({ memory: { memoryMiB: 16 } });
    valid({ memory: { memoryMiB: 4178944 } });
    invalid({ memory: { memoryMiB: 15 } }, 'memory.memoryMiB', 'Memory must be a whole number from 16 to 4178944 MiB');
    invalid({ memory: { memoryMiB: 4178945 } }, 'memory.memoryMiB', 'Memory must be a whole number from 16 to 4178944 MiB');
  });

  it('minimum memory 1 to memory, checked only with ballooning', () => {
    valid({ memory: { memoryMiB: 4096, minMemoryMiB: 4096 } });
    valid({ memory: { memoryMiB: 4096, minMemoryMiB: 1 } });
    invalid({ memory: { memoryMiB: 4096, minMemoryMiB: 4097 } }, 'memory.minMemoryMiB', 'Minimum memory must be a whole number from 1 to 4096 MiB (the memory)');
    invalid({ memory: { minMemoryMiB: 0 } }, 'memory.minMemoryMiB', 'Minimum memory must be a whole number from 1 to 2048 MiB (the memory)');
    valid({ memory: { minMemoryMiB: 99999, ballooning: false } });
  });

  it('KSM off needs PVE 9.1', () => {
    valid({ memory: { ksm: false } });
    const old = demoFacts({ serverVersion: PVE_8_4 });
    expect(issuesFor({ memory: { ksm: false } }, old)).toEqual(['memory.ksm: Turning KSM off needs Proxmox VE 9.1 or newer (the server runs 8.4.1)']);
    expect(issuesFor({}, old)).toEqual([]);
  });
});

describe('Network', () => {
  it('VLAN 1 to 4094', () => {
    valid({ network: { vlan: 1 } });
    valid({ network: { vlan: 4094 } });
    invalid({ network: { vlan: 0 } }, 'network.vlan', 'VLAN tag must be a whole number from 1 to 4094');
    invalid({ network: { vlan: 4095 } }, 'network.vlan', 'VLAN tag must be a whole number from 1 to 4094');
  });

  it('MAC: unicast XX:XX:XX:XX:XX:XX', () => {
    valid({ network: { mac: 'BC:24:11:12:34:56' } });
    valid({ network: { mac: 'bc:24:11:12:34:56' } });
    const message = 'MAC address must be a unicast address XX:XX:XX:XX:XX:XX (hex digits; the second digit even)';
    invalid({ network: { mac: '01:00:5E:00:00:01' } }, 'network.mac', message); // multicast bit set
    invalid({ network: { mac: 'BC:24:11:12:34' } }, 'network.mac', message);
    invalid({ network: { mac: 'BC-24-11-12-34-56' } }, 'network.mac', message);
    invalid({ network: { mac: 'GG:24:11:12:34:56' } }, 'network.mac', message);
  });

  it('MTU: 1 (inherit) or 576 to 65520, virtio only', () => {
    for (const mtu of [1, 576, 1500, 9000]) valid({ network: { mtu } });
    for (const mtu of [2, 575, 65521, 0]) invalid({ network: { mtu } }, 'network.mtu', 'MTU must be 1 (same as the bridge) or a whole number from 576 to 65520');
    invalid({ network: { mtu: 1500, model: 'e1000' } }, 'network.mtu', 'MTU can only be set on VirtIO network devices');
  });

  it("MTU: at most the bridge's (vmbr9 has 9000, vmbr0 the default 1500), since qemu-server would not start the VM", () => {
    valid({ network: { bridge: 'vmbr9', mtu: 9000 } });
    valid({ network: { bridge: 'vmbr0', mtu: 1500 } });
    valid({ network: { bridge: 'vmbr0', mtu: 1 } });
    invalid({ network: { bridge: 'vmbr9', mtu: 9001 } }, 'network.mtu', "MTU 9001 is bigger than the MTU of bridge vmbr9 (9000): the VM would not start; use 9000 or less, or 1 for the bridge's");
    invalid({ network: { bridge: 'vmbr0', mtu: 9000 } }, 'network.mtu', "MTU 9000 is bigger than the MTU of bridge vmbr0 (1500): the VM would not start; use 1500 or less, or 1 for the bridge's");
    // A bridge whose configuration sets no MTU follows its ports (maybe jumbo): nothing to check against.
    valid({ network: { bridge: 'vmbr1', mtu: 9000 } });
  });

  it('rate 0 to 10240 MB/s, decimals allowed', () => {
    valid({ network: { rateMBps: 0 } });
    valid({ network: { rateMBps: 12.5 } });
    valid({ network: { rateMBps: 10240 } });
    invalid({ network: { rateMBps: -1 } }, 'network.rateMBps', 'Rate limit must be a number from 0 to 10240 MB/s');
    invalid({ network: { rateMBps: 10240.5 } }, 'network.rateMBps', 'Rate limit must be a number from 0 to 10240 MB/s');
  });

  it('multiqueue 1 to 64', () => {
    valid({ network: { queues: 1 } });
    valid({ network: { queues: 64 } });
    invalid({ network: { queues: 0 } }, 'network.queues', 'Multiqueue must be a whole number from 1 to 64');
    invalid({ network: { queues: 65 } }, 'network.queues', 'Multiqueue must be a whole number from 1 to 64');
  });

  it('bridge: required, a bridge name, on the node', () => {
    invalid({ network: { bridge: null } }, 'network.bridge', 'Bridge is required: choose one, or turn off the network device');
    invalid({ network: { bridge: 'vmbr7' } }, 'network.bridge', 'Bridge vmbr7 does not exist on pve1');
    invalid({ network: { bridge: 'vm br' } }, 'network.bridge', 'Bridge "vm br" is not a bridge name (letters, digits, - _ .)');
  });

  it('nothing is checked when there is no network device', () => {
    valid({ network: { enabled: false, bridge: null, vlan: 99999, mac: 'x', mtu: 3 } });
  });
});

describe('cluster checks wait for the node facts', () => {
  it('skips storage and bridge existence while the node is not loaded', () => {
    const unloaded = demoFacts({ nodeFacts: {} });
    expect(issuesFor({ os: { iso: 'cephfs:iso/whatever.iso' }, network: { bridge: 'vmbr7' } }, unloaded)).toEqual([]);
  });

  it('checks against the chosen node', () => {
    const facts2 = withNode(facts, 'pve2', demoNodeFacts({ storages: demoStorages().filter((storage) => storage.id !== 'ceph-pool') }));
    expect(issuesFor({ general: { node: 'pve2' }, disks: [{ storage: 'ceph-pool' }] }, facts2)).toContain('disks[0].storage: Disk storage ceph-pool does not exist on pve2');
  });
});

describe('issuesOfStep and validateField', () => {
  const config = resolveDefaults(facts, { general: { name: 'bad_name' }, network: { vlan: 0 }, disks: [{}, { sizeGiB: 0 }] }).config;

  it('filter by step', () => {
    const all = validate(config, facts);
    expect(issuesOfStep(all, 'network').map((issue) => issue.path)).toEqual(['network.vlan']);
    expect(issuesOfStep(all, 'cpu')).toEqual([]);
  });

  it('filter by field, including what lies inside it', () => {
    expect(validateField('disks[1]', config, facts).map((issue) => issue.path)).toEqual(['disks[1].sizeGiB']);
    expect(validateField('disks[0]', config, facts)).toEqual([]);
    expect(validateField('general.name', config, facts)).toHaveLength(1);
  });

  it('issues of a config changed after resolution', () => {
    expect(issuesAfter((c) => (c.disks[0].bus = 'virtio'))).toEqual(['disks[0].ssd: SSD emulation is only available on SCSI, SATA and IDE disks']);
  });
});
