import { fieldForApiParameter } from '../../../src/workflow/api-field-map';
import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { isWithin } from '../../../src/workflow/field-message';
import { demoFacts, PVE_8_4 } from './helpers/facts';

const config = resolveDefaults(demoFacts(), { disks: [{ bus: 'scsi' }, { bus: 'virtio', index: 3 }, { bus: 'sata' }] }).config;
const path = (param: string, message?: string) => fieldForApiParameter(param, config, message)?.path;

describe('fieldForApiParameter', () => {
  it.each([
    ['vmid', 'general.vmid'],
    ['name', 'general.name'],
    ['pool', 'general.pool'],
    ['tags', 'general.tags'],
    ['onboot', 'general.onboot'],
    ['startup', 'general.startup'],
    ['ha-managed', 'general.ha'],
    ['sid', 'general.ha'],
    ['ostype', 'os.ostype'],
    ['ide2', 'os.iso'],
    ['machine', 'system.machine'],
    ['bios', 'system.bios'],
    ['efidisk0', 'system.efiStorage'],
    ['scsihw', 'system.scsihw'],
    ['agent', 'system.agent'],
    ['scsi0', 'disks[0]'],
    ['virtio3', 'disks[1]'],
    ['sata0', 'disks[2]'],
    ['sockets', 'cpu.sockets'],
    ['cores', 'cpu.cores'],
    ['cpu', 'cpu.type'],
    ['memory', 'memory.memoryMiB'],
    ['balloon', 'memory.minMemoryMiB'],
    ['allow-ksm', 'memory.ksm'],
    ['net0', 'network'],
    ['start', 'confirm.start'],
  ])('%s -> %s', (param, expected) => {
    expect(path(param)).toBe(expected);
  });

  it('gives the step with the path', () => {
    expect(fieldForApiParameter('net0', config)).toEqual({ step: 'network', path: 'network' });
  });

  it('narrows property-string errors by the sub-key in the message', () => {
    expect(path('net0', 'invalid format - format error\nnet0.tag: value must have a maximum value of 4094\n')).toBe('network.vlan');
    expect(path('net0', 'net0.macaddr: value does not look like a valid unicast MAC address')).toBe('network.mac');
    expect(path('net0', "invalid format - format error\nnet0.link_down: type check ('boolean') failed - got 'x'\n")).toBe('network.linkDown');
    expect(path('scsi0', 'scsi0.size: invalid format')).toBe('disks[0].sizeGiB');
    expect(path('virtio3', 'virtio3.cache: value is not one of ...')).toBe('disks[1].cache');
    expect(path('efidisk0', 'efidisk0.pre-enrolled-keys: type check failed')).toBe('system.preEnrolledKeys');
    expect(path('startup', 'startup.up: value must be an integer')).toBe('general.startup.up');
  });

  it('the CD drive maps to the media choice when there is no ISO', () => {
    const noMedia = resolveDefaults(demoFacts(), { os: { media: 'none' } }).config;
    expect(fieldForApiParameter('ide2', noMedia)?.path).toBe('os.media');
  });

  it('a disk device the config does not have maps to the Disks step', () => {
    expect(path('scsi7')).toBe('disks');
  });

  it('parameters no field produces map to nothing', () => {
    expect(path('serial0')).toBeUndefined();
    expect(path('vga')).toBeUndefined();
    expect(path('hookscript')).toBeUndefined();
  });

  it('every parameter the builder sends maps to a field (or is one of the fixed ones)', () => {
    const fixed = new Set(['serial0', 'vga', 'numa', 'boot']);
    const full = resolveDefaults(demoFacts(), {
      general: { name: 'a', pool: 'prod', tags: ['x'], onboot: true, startup: { order: 1 } },
      memory: { minMemoryMiB: 100, ksm: false },
      confirm: { start: true },
    }).config;
    for (const version of [demoFacts().serverVersion, PVE_8_4]) {
      for (const request of buildRequests(full, { serverVersion: version }).requests) {
        for (const param of Object.keys(request.params)) {
          const field = fieldForApiParameter(param, full);
          if (!fixed.has(param)) expect({ param, mapped: field !== undefined }).toEqual({ param, mapped: true });
        }
      }
    }
  });

  it('isWithin relates a narrowed path to its field', () => {
    expect(isWithin('disks[1].cache', 'disks[1]')).toBe(true);
    expect(isWithin('disks[10]', 'disks[1]')).toBe(false);
  });
});
