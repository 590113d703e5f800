/** The workflow's hand-written lists agree with the schema they stand for. */
import { GUEST_OS_TYPES, describeOstype, guestTypeOf, osHardwareDefaults } from '../../../src/workflow/os-types';
import { BEYOND_SCHEMA, SCHEMA, indexRange, propertyStringHasKey } from '../../../src/workflow/pve-schema';
import { DISK_BUSES } from '../../../src/workflow/vm-config.codec';
import { DISK_DEFAULTS, PREFERRED_DISK_FORMAT } from '../../../src/workflow/product-defaults';
import { NIC_MODEL_LABELS } from '../../../src/workflow/summary';

describe('the OS list', () => {
  it('offers only ostypes of the schema, each once', () => {
    const ostypes = GUEST_OS_TYPES.flatMap((type) => type.versions.map((version) => version.ostype));
    expect(ostypes.filter((ostype) => !SCHEMA.ostypes.includes(ostype))).toEqual([]);
    expect(new Set(ostypes).size).toBe(ostypes.length);
  });

  it('labels l26 as the product asks and knows each ostype\'s type', () => {
    expect(describeOstype('l26')).toBe('Linux 6.x - 2.6 Kernel');
    expect(describeOstype('win11')).toBe('Microsoft Windows 11/2022/2025');
    expect(describeOstype('other')).toBe('Other');
    expect(guestTypeOf('w2k8')).toBe('windows');
    expect(guestTypeOf('w2k3')).toBeUndefined(); // in the API enum, not offered by the UI
  });

  it('suggests hardware the schema has', () => {
    for (const ostype of SCHEMA.ostypes) {
      const defaults = osHardwareDefaults(ostype);
      expect(SCHEMA.netModels).toContain(defaults.nicModel);
      expect(SCHEMA.scsiControllers).toContain(defaults.scsihw);
      expect(DISK_BUSES).toContain(defaults.diskBus);
    }
  });
});

describe('schema-derived values', () => {
  it('reads ranges the issue names', () => {
    expect(SCHEMA.vmid).toEqual({ min: 100, max: 999999999 });
    expect(SCHEMA.vlanTag).toEqual({ min: 1, max: 4094 });
    expect(SCHEMA.mtu).toEqual({ min: 1, max: 65520 });
    expect(SCHEMA.queues.max).toBe(64);
    expect(SCHEMA.memory.min).toBe(16);
    expect(indexRange('scsi')).toEqual({ min: 0, max: 30 });
  });

  it('the product defaults are values of the schema', () => {
    expect(SCHEMA.cacheModes).toContain(DISK_DEFAULTS.cache);
    expect(SCHEMA.aioModes).toContain(DISK_DEFAULTS.aio);
    expect(SCHEMA.diskFormats).toContain(PREFERRED_DISK_FORMAT);
    expect(SCHEMA.efiTypes).toContain('4m');
    expect(SCHEMA.vgaTypes).toContain('serial0');
    expect(SCHEMA.haStates).toEqual(expect.arrayContaining(['started', 'stopped']));
    expect(SCHEMA.bios).toEqual(expect.arrayContaining(['ovmf', 'seabios']));
  });

  it('the CD drive slot exists, and bus options follow the schema', () => {
    const { bus, index } = BEYOND_SCHEMA.cdDrive;
    expect(index).toBeLessThanOrEqual(indexRange(bus).max);
    expect(DISK_BUSES.filter((candidate) => propertyStringHasKey(`${candidate}[n]`, 'iothread'))).toEqual(['scsi', 'virtio']);
    expect(DISK_BUSES.filter((candidate) => !propertyStringHasKey(`${candidate}[n]`, 'ssd'))).toEqual(['virtio']);
  });

  it('NIC labels name schema models', () => {
    expect(Object.keys(NIC_MODEL_LABELS).filter((model) => !SCHEMA.netModels.includes(model))).toEqual([]);
  });
});
