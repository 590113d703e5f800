import { NUMBER_FIELDS, parseNumberInput } from '../../../src/workflow/field-input';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { demoFacts } from './helpers/facts';

describe('parseNumberInput', () => {
  it('reads whole numbers, trimming blanks', () => {
    expect(parseNumberInput('cpu.cores', ' 4 ')).toEqual({ ok: true, value: 4 });
    expect(parseNumberInput('general.vmid', '123')).toEqual({ ok: true, value: 123 });
  });

  it('reads decimals where the field takes them', () => {
    expect(parseNumberInput('disks[2].sizeGiB', '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberInput('network.rateMBps', '12.')).toEqual({ ok: true, value: 12 });
    expect(parseNumberInput('cpu.cores', '1.5')).toEqual({ ok: false, issue: { step: 'cpu', path: 'cpu.cores', message: 'Cores must be a whole number' } });
  });

  it('names the field when the text is not a number', () => {
    expect(parseNumberInput('network.vlan', 'ten')).toEqual({ ok: false, issue: { step: 'network', path: 'network.vlan', message: 'VLAN tag must be a whole number' } });
    expect(parseNumberInput('disks[1].sizeGiB', '32G')).toEqual({ ok: false, issue: { step: 'disks', path: 'disks[1].sizeGiB', message: 'Disk size must be a number' } });
  });

  it('empty text is "none" for optional fields and missing for the others', () => {
    expect(parseNumberInput('network.mtu', '')).toEqual({ ok: true, value: null });
    expect(parseNumberInput('memory.memoryMiB', '  ')).toEqual({ ok: false, issue: { step: 'memory', path: 'memory.memoryMiB', message: 'Memory is required' } });
  });

  it('knows every number field of VmConfig and nothing else', () => {
    const config = resolveDefaults(demoFacts(), { general: { startup: { order: 1, up: 1, down: 1 } }, network: { vlan: 1, mtu: 1, rateMBps: 1, queues: 1 } }).config;
    const numberPaths: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'number') numberPaths.push(path);
      else if (Array.isArray(value)) value.forEach((item) => walk(item, `${path}[]`));
      else if (value && typeof value === 'object') Object.entries(value).forEach(([key, item]) => walk(item, path ? `${path}.${key}` : key));
    };
    walk(config, '');
    expect(Object.keys(NUMBER_FIELDS).sort()).toEqual(numberPaths.sort());
    expect(() => parseNumberInput('general.name', 'x')).toThrow('not a number field');
  });
});
