import { summarize, SCSI_CONTROLLER_LABELS } from '../../../src/workflow/summary';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { STEP_NAMES } from '../../../src/workflow/vm-config.codec';
import { SCHEMA } from '../../../src/workflow/pve-schema';
import { demoFacts, NEWEST_NIXOS } from './helpers/facts';

const rows = (overlay = {}) => Object.fromEntries(summarize(resolveDefaults(demoFacts(), overlay).config).map((section) => [section.step, Object.fromEntries(section.rows.map((row) => [row.label, row.value]))]));

describe('summarize', () => {
  it('has one section per step, in step order', () => {
    expect(summarize(resolveDefaults(demoFacts()).config).map((section) => section.step)).toEqual([...STEP_NAMES]);
  });

  it('describes the defaults in words', () => {
    const summary = rows();
    expect(summary.general).toMatchObject({ Node: 'pve1', 'VM ID': '104', Name: '(none)', 'High availability': 'yes', 'Start at boot': 'no', 'Start/shutdown order': 'any' });
    expect(summary.os).toEqual({ Media: 'ISO image', 'ISO storage': 'cephfs', 'ISO image': NEWEST_NIXOS, 'Guest OS': 'Linux 6.x - 2.6 Kernel (l26)' });
    expect(summary.system).toEqual({
      Machine: 'q35',
      BIOS: 'OVMF (UEFI)',
      'EFI disk': 'ceph-pool, pre-enrolled keys off',
      'SCSI controller': 'VirtIO SCSI single',
      'QEMU guest agent': 'yes',
      Console: 'serial (serial0, vga=serial0): no graphical display',
    });
    expect(summary.disks).toEqual({ scsi0: 'ceph-pool, 32 GiB, raw, aio io_uring, IO thread, SSD, backup' });
    expect(summary.cpu).toEqual({ Sockets: '1', Cores: '2', 'Total cores': '2', Type: 'host' });
    expect(summary.memory).toEqual({ Memory: '2048 MiB', 'Minimum memory': '2048 MiB', 'Ballooning device': 'yes', KSM: 'yes' });
    expect(summary.network).toMatchObject({ Bridge: 'vmbr9', Model: 'VirtIO (paravirtualized)', 'VLAN tag': 'none', 'MAC address': 'auto', Firewall: 'yes' });
    expect(summary.confirm).toEqual({ 'Start after created': 'no' });
  });

  it('shows what the user chose', () => {
    const summary = rows({
      general: { tags: ['web', 'nixos'], startup: { order: 2, up: 30 } },
      os: { media: 'none' },
      system: { bios: 'seabios', machine: 'pc' },
      disks: [],
      memory: { ballooning: false },
      network: { enabled: false },
    });
    expect(summary.general).toMatchObject({ Tags: 'web, nixos', 'Start/shutdown order': 'order 2, up 30s' });
    expect(summary.os).toEqual({ Media: 'none', 'Guest OS': 'Linux 6.x - 2.6 Kernel (l26)' });
    expect(summary.system).toMatchObject({ Machine: 'i440fx (default)', BIOS: 'SeaBIOS' });
    expect(summary.system).not.toHaveProperty('EFI disk');
    expect(summary.disks).toEqual({ Disks: 'none' });
    expect(summary.memory['Minimum memory']).toBe('n/a (no ballooning)');
    expect(summary.network).toEqual({ 'Network device': 'none' });
  });

  it('reads a rate limit of 0 as Proxmox does: unlimited', () => {
    expect(rows({ network: { rateMBps: 0 } }).network['Rate limit']).toBe('unlimited');
    expect(rows({ network: { rateMBps: 12.5 } }).network['Rate limit']).toBe('12.5 MB/s');
  });

  it('names a disconnected NIC, and only then', () => {
    expect(rows({ network: { linkDown: true } }).network).toMatchObject({ Firewall: 'yes', Link: 'disconnected (link down)' });
    expect(rows().network).not.toHaveProperty('Link');
  });

  it('has a label for every SCSI controller of the schema', () => {
    expect(Object.keys(SCSI_CONTROLLER_LABELS).sort()).toEqual([...SCHEMA.scsiControllers].sort());
  });
});
