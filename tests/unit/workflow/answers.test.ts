import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { decodeAnswers, toAnswers } from '../../../src/workflow/answers';
import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { formatIssues } from '../../../src/shared/decode';
import { overlayArbitrary } from './helpers/arbitraries';
import { demoFacts } from './helpers/facts';

/** The example answers file of docs/cli.md, verbatim. */
const CLI_EXAMPLE = {
  version: 1,
  general: { node: 'pve2', vmid: 123, name: 'web-1', pool: 'prod', tags: ['web', 'nixos'], ha: true, onboot: false, startup: { order: 1, up: 30, down: 60 } },
  os: { media: 'iso', isoStorage: 'cephfs', iso: 'cephfs:iso/nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso', guestType: 'linux', ostype: 'l26' },
  system: { machine: 'q35', bios: 'ovmf', efiDisk: true, efiStorage: 'ceph-pool', preEnrolledKeys: false, scsihw: 'virtio-scsi-single', agent: true },
  disks: [{ bus: 'scsi', index: 0, storage: 'ceph-pool', sizeGiB: 32, format: 'raw', cache: 'none', discard: false, iothread: true, ssd: true, backup: true, aio: 'io_uring' }],
  cpu: { sockets: 1, cores: 2, type: 'host' },
  memory: { memoryMiB: 2048, minMemoryMiB: 2048, ballooning: true, ksm: true },
  network: { enabled: true, bridge: 'vmbr9', vlan: null, model: 'virtio', mac: null, firewall: true, linkDown: false, mtu: null, rateMBps: null, queues: null },
  confirm: { start: false },
};

const errors = (input: unknown): string[] => {
  const result = decodeAnswers(input);
  return E.isLeft(result) ? formatIssues(result.left) : [];
};

const facts = demoFacts();

describe('decodeAnswers', () => {
  it('reads the example of docs/cli.md', () => {
    const result = decodeAnswers(CLI_EXAMPLE);
    expect(E.isRight(result)).toBe(true);
    const { version: _version, ...overlay } = CLI_EXAMPLE;
    expect(result).toEqual(E.right(overlay));
  });

  it('the example resolves to a valid config with the requests it names', () => {
    const overlay = E.getOrElseW(() => ({}))(decodeAnswers(CLI_EXAMPLE));
    const config = resolveDefaults(facts, overlay).config;
    expect(config.general).toMatchObject({ node: 'pve2', vmid: 123, vmidSource: 'user' });
    expect(buildRequests(config, { serverVersion: facts.serverVersion }).requests[0].params).toMatchObject({
      vmid: 123,
      name: 'web-1',
      pool: 'prod',
      tags: 'web;nixos',
      startup: 'order=1,up=30,down=60',
      ide2: 'cephfs:iso/nixos-minimal-25.05.806273.992f916556fc-x86_64-linux.iso,media=cdrom',
    });
  });

  it('every key is optional: {} and a file with only a version are fine', () => {
    expect(decodeAnswers({})).toEqual(E.right({}));
    expect(decodeAnswers({ version: 1 })).toEqual(E.right({}));
    expect(decodeAnswers({ network: { vlan: 100 } })).toEqual(E.right({ network: { vlan: 100 } }));
  });

  it('names the path of a wrong type, as the contract shows', () => {
    expect(errors({ disks: [{ sizeGiB: 32 }, { sizeGiB: -1 }] })).toEqual(['disks[1].sizeGiB: expected a positive number']);
    expect(errors({ disks: [{}, { sizeGiB: '32' }] })).toEqual(['disks[1].sizeGiB: expected a positive number']);
    expect(errors({ general: { vmid: 'abc' } })).toEqual(['general.vmid: expected a whole number']);
    expect(errors({ general: { vmid: 123.5 } })).toEqual(['general.vmid: expected a whole number']);
    expect(errors({ general: { ha: 'yes' } })).toEqual(['general.ha: expected true or false']);
    expect(errors({ network: { vlan: 'none' } })).toEqual(['network.vlan: expected null or a whole number']);
    expect(errors({ general: { tags: 'web' } })).toEqual(['general.tags: expected a list']);
  });

  it('rejects enum values outside the schema with the allowed ones', () => {
    expect(errors({ os: { ostype: 'win12' } })).toEqual([expect.stringMatching(/^os\.ostype: expected one of "other", .*"win11".*"l26"/)]);
    expect(errors({ disks: [{ bus: 'nvme' }] })).toEqual(['disks[0].bus: expected one of "scsi", "virtio", "sata", "ide"']);
    expect(errors({ os: { media: 'usb' } })).toEqual(['os.media: expected one of "iso", "drive", "none"']);
  });

  it('rejects unknown keys by path, at every level', () => {
    expect(errors({ genral: {} })).toEqual([expect.stringMatching(/^genral: unknown key/)]);
    expect(errors({ network: { vlam: 5 } })).toEqual([expect.stringMatching(/^network\.vlam: unknown key/)]);
    expect(errors({ disks: [{ size: 32 }] })).toEqual([expect.stringMatching(/^disks\[0\]\.size: unknown key/)]);
    expect(errors({ general: { vmidSource: 'user' } })).toEqual([expect.stringMatching(/^general\.vmidSource: unknown key/)]);
  });

  it('reports every problem, not just the first', () => {
    expect(errors({ cpu: { cores: 'two' }, memory: { ksm: 0 } })).toHaveLength(2);
  });

  it('reads a file written before network.linkDown existed: the link stays up', () => {
    const { network: { linkDown: _linkDown, ...olderNetwork }, ...rest } = CLI_EXAMPLE;
    const overlay = E.getOrElseW(() => ({}))(decodeAnswers({ ...rest, network: olderNetwork }));
    expect(resolveDefaults(facts, overlay).config.network.linkDown).toBe(false);
    expect(errors({ network: { linkDown: 'yes' } })).toEqual(['network.linkDown: expected true or false']);
  });

  it('reports a typo in a key together with a wrong type beside it', () => {
    expect(errors({ general: { vmidd: 1, name: 5 } })).toEqual([
      expect.stringMatching(/^general\.vmidd: unknown key/),
      'general.name: expected null or a string',
    ]);
  });

  it('refuses a newer version by name, and a wrong one', () => {
    expect(errors({ version: 2 })).toEqual(['version: expected 1: this file is version 2, written by a newer pve-vm-tui']);
    expect(errors({ version: 0 })).toEqual(['version: expected 1']);
    expect(errors([])).toEqual(['(root): expected an object']);
  });
});

describe('toAnswers', () => {
  it('writes a complete version 1 file', () => {
    const file = toAnswers(resolveDefaults(facts).config);
    expect(Object.keys(file)).toEqual(['version', 'general', 'os', 'system', 'disks', 'cpu', 'memory', 'network', 'confirm']);
    expect(file.version).toBe(1);
    expect(file.general).not.toHaveProperty('vmidSource');
  });

  it('of the cli.md example is the example', () => {
    const overlay = E.getOrElseW(() => ({}))(decodeAnswers(CLI_EXAMPLE));
    expect(toAnswers(resolveDefaults(facts, overlay).config)).toEqual(CLI_EXAMPLE);
  });

  it('writes the keys in the order of the cli.md example, so a saved file reads like the wizard', () => {
    const overlay = E.getOrElseW(() => ({}))(decodeAnswers(CLI_EXAMPLE));
    expect(JSON.stringify(toAnswers(resolveDefaults(facts, overlay).config))).toBe(JSON.stringify(CLI_EXAMPLE));
  });
});

describe('round trip: answers file -> VmConfig -> answers file', () => {
  it('is stable and replays to the same requests, for random input', () => {
    fc.assert(
      fc.property(overlayArbitrary, (overlay) => {
        const config = resolveDefaults(facts, overlay).config;
        const file = toAnswers(config);
        const json = JSON.parse(JSON.stringify(file)) as unknown; // as written to disk
        const decoded = decodeAnswers(json);
        if (E.isLeft(decoded)) throw new Error(formatIssues(decoded.left).join('\n'));
        const replayed = resolveDefaults(facts, decoded.right).config;
        expect(toAnswers(replayed)).toEqual(file);
        expect(buildRequests(replayed, { serverVersion: facts.serverVersion })).toEqual(buildRequests(config, { serverVersion: facts.serverVersion }));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('keeps a replayed file independent of the defaults: another cluster gives the same config', () => {
    const file = toAnswers(resolveDefaults(facts).config);
    const otherCluster = demoFacts({ nextVmid: 500, nodeFacts: {} });
    const overlay = E.getOrElseW(() => ({}))(decodeAnswers(JSON.parse(JSON.stringify(file))));
    const { vmidSource: _a, ...original } = resolveDefaults(facts).config.general;
    const { vmidSource: _b, ...replayed } = resolveDefaults(otherCluster, overlay).config.general;
    expect(replayed).toEqual(original);
    expect(resolveDefaults(otherCluster, overlay).config.disks).toEqual(resolveDefaults(facts).config.disks);
  });
});
