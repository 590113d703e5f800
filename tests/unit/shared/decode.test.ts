import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { closed, closedPartial, decodeWith, formatIssues, refine } from '../../../src/shared/decode';

const Vlan = refine(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 4094, 'a VLAN tag from 1 to 4094');
const Disk = closedPartial({ sizeGiB: refine(t.number, (n) => n > 0, 'a positive number'), bus: t.union([t.literal('scsi'), t.literal('sata')]) });
const Answers = closedPartial({
  disks: t.array(Disk),
  network: closedPartial({ vlan: t.union([t.null, Vlan]) }),
  general: closed({ name: t.string }),
});

const issues = (input: unknown) => {
  const result = decodeWith(Answers, input);
  return E.isLeft(result) ? formatIssues(result.left) : [];
};

describe('decodeWith', () => {
  it('accepts a valid value and strips nothing it knows', () => {
    const result = decodeWith(Answers, { disks: [{ sizeGiB: 32, bus: 'scsi' }], network: { vlan: null } });
    expect(result).toEqual(E.right({ disks: [{ sizeGiB: 32, bus: 'scsi' }], network: { vlan: null } }));
  });

  it('names array paths and uses the codec wording', () => {
    expect(issues({ disks: [{ sizeGiB: 1 }, { sizeGiB: -1 }] })).toEqual(['disks[1].sizeGiB: expected a positive number']);
  });

  it('prefers a refinement message over the null alternative of a union', () => {
    expect(issues({ network: { vlan: 5000 } })).toEqual(['network.vlan: expected a VLAN tag from 1 to 4094']);
  });

  it('lists literal choices', () => {
    expect(issues({ disks: [{ bus: 'ide' }] })).toEqual(['disks[0].bus: expected one of "scsi", "sata"']);
  });

  it('rejects unknown keys by name', () => {
    expect(issues({ network: { vlam: 5 } })).toEqual([expect.stringMatching(/^network\.vlam: unknown key \(known keys: vlan\)$/)]);
  });

  it('quotes keys that are not names, so a blank, empty or dotted key is still visible in the path', () => {
    expect(issues({ ' ': 1, '': 2, network: { 'v.lan': 3 } })).toEqual([
      expect.stringMatching(/^\[" "\]: unknown key/),
      expect.stringMatching(/^\[""\]: unknown key/),
      expect.stringMatching(/^network\["v\.lan"\]: unknown key/),
    ]);
  });

  it('reports unknown keys together with the other problems of the same object, and of nested ones', () => {
    const found = issues({ general: { nmae: 'x', name: 5 }, network: { vlam: 5, vlan: 0 }, extra: true });
    expect([...found].sort()).toEqual([
      expect.stringMatching(/^extra: unknown key/),
      'general.name: expected a string',
      expect.stringMatching(/^general\.nmae: unknown key/),
      expect.stringMatching(/^network\.vlam: unknown key/),
      'network.vlan: expected a VLAN tag from 1 to 4094',
    ]);
  });

  it('says a required key is missing', () => {
    expect(issues({ general: {} })).toEqual(['general.name: is required (a string)']);
  });

  it('reports the root for a wrong top-level type', () => {
    expect(issues([])).toEqual(['(root): expected an object']);
  });
});
