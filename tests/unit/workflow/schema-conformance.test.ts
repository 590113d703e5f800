/**
 * Every request the builder makes, checked against the official schema facts
 * by an independent checker (helpers/schema-param-validator.ts), for varied
 * configs and for random configs that pass validate(): "a config that passes
 * validation is accepted by Proxmox". The last block proves the checker
 * catches wrong builder output.
 */
import fc from 'fast-check';
import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { validate } from '../../../src/workflow/validate';
import type { ConfigOverlay } from '../../../src/workflow/answers.codec';
import type { RequestPlan } from '../../../src/workflow/request-plan';
import { checkRequest } from './helpers/schema-param-validator';
import { overlayArbitrary } from './helpers/arbitraries';
import { demoFacts, PVE_8_4, PVE_9_1 } from './helpers/facts';
import type { ServerVersion } from '../../../src/workflow/cluster-facts';

const facts = demoFacts();

function planFor(overlay: ConfigOverlay, serverVersion: ServerVersion): RequestPlan {
  const config = resolveDefaults({ ...facts, serverVersion }, overlay).config;
  return buildRequests(config, { serverVersion });
}

const schemaErrors = (plan: RequestPlan): string[] => plan.requests.flatMap((request) => checkRequest(request).map((error) => `${request.method} ${request.path}: ${error}`));

const VARIED: Record<string, ConfigOverlay> = {
  'product defaults': {},
  'many disks on several buses': {
    system: { scsihw: 'virtio-scsi-single' },
    disks: [
      { bus: 'scsi', index: 0 },
      { bus: 'scsi', index: 30, sizeGiB: 0.001 },
      { bus: 'virtio', index: 15, sizeGiB: 131072, cache: 'writeback', discard: true },
      { bus: 'sata', index: 5, storage: 'local', format: 'qcow2' },
      { bus: 'ide', index: 0, backup: false, aio: 'threads' },
      { bus: 'ide', index: 3, storage: 'local-lvm' },
      { bus: 'sata', sizeGiB: 12.125 },
      { bus: 'virtio', storage: 'local', format: 'vmdk', cache: 'directsync' },
    ],
  },
  'no network': { network: { enabled: false } },
  'VLAN + MAC + MTU + rate + queues': { network: { vlan: 4094, mac: 'BC:24:11:AB:CD:EF', mtu: 9000, rateMBps: 10240, queues: 64 } },
  'MTU inherit, rate 0, queues 1': { network: { vlan: 1, mtu: 1, rateMBps: 0, queues: 1, firewall: false } },
  'other NIC model': { network: { model: 'e1000e', mac: '02:00:00:00:00:01' } },
  'disconnected NIC (link down)': { network: { linkDown: true, firewall: false } },
  'no media': { os: { media: 'none' } },
  'physical drive': { os: { media: 'drive' } },
  'tags, pool, startup order, name, onboot': {
    general: { name: 'web-1.prod.example.org', pool: 'lab/ci', tags: ['web', 'nixos', 'a.b+c-d'], onboot: true, startup: { order: 3, up: 30, down: 120 } },
  },
  'startup order only': { general: { startup: { order: 0 } } },
  'Windows 11 on SeaBIOS, i440fx': { os: { guestType: 'windows', ostype: 'win11', iso: 'cephfs:iso/Win11_24H2_English_x64.iso' }, system: { bios: 'seabios', machine: 'pc' } },
  'no EFI disk, no agent, LSI controller': { system: { efiDisk: false, agent: false, scsihw: 'lsi' }, disks: [{ iothread: false }] },
  'memory: balloon and KSM off': { memory: { memoryMiB: 65536, minMemoryMiB: 1024, ksm: false } },
  'memory: no ballooning': { memory: { memoryMiB: 16, ballooning: false } },
  'no disks at all, start': { disks: [], confirm: { start: true } },
  'HA off': { general: { ha: false }, confirm: { start: true } },
  'more CPUs': { cpu: { sockets: 2, cores: 6, type: 'x86-64-v2-AES' } },
};

describe('varied configs: every request parameter conforms to the schema', () => {
  describe.each(Object.entries(VARIED))('%s', (_, overlay) => {
    it('passes validation (the premise)', () => {
      expect(validate(resolveDefaults(facts, overlay).config, facts)).toEqual([]);
    });

    it.each([
      ['9.1', PVE_9_1],
      ['8.4', PVE_8_4],
    ] as const)('conforms on PVE %s', (_version, serverVersion) => {
      if (overlay.memory?.ksm === false && serverVersion === PVE_8_4) return; // refused by validation on 8.4 (tested there)
      expect(schemaErrors(planFor(overlay, serverVersion))).toEqual([]);
    });
  });
});

describe('random configs that pass validation conform to the schema', () => {
  it.each([
    ['9.1', PVE_9_1],
    ['8.4', PVE_8_4],
  ] as const)('on PVE %s', (_version, serverVersion) => {
    const versionFacts = { ...facts, serverVersion };
    let validCount = 0;
    fc.assert(
      fc.property(overlayArbitrary, (randomOverlay) => {
        const config = resolveDefaults(versionFacts, randomOverlay).config;
        if (validate(config, versionFacts).length > 0) return;
        validCount++;
        expect(schemaErrors(buildRequests(config, { serverVersion }))).toEqual([]);
      }),
      { numRuns: 1000, seed: 20261126 },
    );
    // Guard against a vacuous property: enough generated configs must be valid (about one in six with these generators).
    expect(validCount).toBeGreaterThan(100);
  });
});

describe('the checker rejects wrong builder output', () => {
  const base = planFor({ network: { vlan: 100 } }, PVE_9_1);
  const create = base.requests[0];
  const corrupt = (params: Record<string, string | number | undefined>) => {
    const merged = Object.fromEntries(Object.entries({ ...create.params, ...params }).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
    return checkRequest({ ...create, params: merged });
  };

  it('accepts the uncorrupted request', () => expect(checkRequest(create)).toEqual([]));

  it.each([
    ['iothread on a SATA disk', { sata0: 'ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1' }, /sata0\.iothread: unknown key/],
    ['SSD emulation on VirtIO', { virtio0: 'ceph-pool:32,ssd=1' }, /virtio0\.ssd: unknown key/],
    ['a slot past the bus', { scsi31: 'ceph-pool:32' }, /scsi31: not a parameter/],
    ['VLAN out of range', { net0: 'virtio,bridge=vmbr9,tag=4095' }, /net0\.tag: 4095 is above the maximum 4094/],
    ['MTU above the maximum', { net0: 'virtio,bridge=vmbr9,mtu=65521' }, /net0\.mtu: 65521 is above/],
    ['multicast MAC', { net0: 'virtio=01:00:5E:00:00:01,bridge=vmbr9' }, /net0\.macaddr: .* is not a valid mac-addr/],
    ['MAC given twice', { net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr9,macaddr=BC:24:11:00:00:02' }, /net0\.macaddr: given twice/],
    ['boolean as true', { agent: 'true' }, /agent\.enabled: expected 0 or 1/],
    ['misspelt EFI key', { efidisk0: 'ceph-pool:1,efitype=4m,pre-enrolled-key=0' }, /efidisk0\.pre-enrolled-key: unknown key/],
    ['EFI type not in the enum', { efidisk0: 'ceph-pool:1,efitype=8m' }, /efidisk0\.efitype: "8m" is not one of 2m, 4m/],
    ['VM ID below 100', { vmid: 99 }, /vmid: 99 is below the minimum 100/],
    ['memory below 16 MiB', { memory: 8 }, /memory\.current: 8 is below the minimum 16/],
    ['tag with a space inside a list item', { tags: 'web;ni xos!' }, /tags\[2\]: "xos!" is not a valid pve-tag/],
    ['unknown parameter', { 'ha-manged': 1 }, /ha-manged: not a parameter/],
    ['boot order naming a missing disk', { boot: 'order=scsi1;ide2;net0' }, /boot: scsi1 is in the boot order but not in the request/],
    ['CD media not in the enum', { ide2: 'none,media=dvd' }, /ide2\.media: "dvd" is not one of cdrom, disk/],
    ['cache mode not in the enum', { scsi0: 'ceph-pool:32,cache=fast' }, /scsi0\.cache: "fast" is not one of/],
    ['volume without a storage', { scsi0: ':32' }, /scsi0\.file: .* is not a valid pve-volume-id-or-qm-path/],
    ['startup with an unknown part', { startup: 'order=1,delay=5' }, /startup: .* is not a valid pve-startup-order/],
    ['bad DNS name', { name: 'web_1' }, /name: "web_1" is not a valid dns-name/],
    ['the node in the parameters', { node: 'pve1' }, /node: given both in the path and as a parameter/],
  ])('%s', (_, params, expected) => {
    expect(corrupt(params)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('rejects a missing required parameter and a wrong endpoint', () => {
    const { vmid: _vmid, ...withoutVmid } = create.params;
    expect(checkRequest({ ...create, params: withoutVmid })).toEqual(['vmid: required but missing']);
    expect(checkRequest({ method: 'PATCH', path: '/nodes/pve1/qemu', params: {} })).toEqual(['PATCH /nodes/pve1/qemu: no such endpoint in the schema']);
  });

  it('checks the follow-up requests too', () => {
    expect(checkRequest({ method: 'PUT', path: '/nodes/pve1/qemu/104/config', params: { serial0: 'pty', vga: 'serial9' } })).toEqual([
      expect.stringMatching(/serial0: "pty" does not match/),
      expect.stringMatching(/vga\.type: "serial9" is not one of/),
    ]);
    expect(checkRequest({ method: 'POST', path: '/cluster/ha/resources', params: { sid: 'vm:99', state: 'running' } })).toEqual([
      expect.stringMatching(/sid: "vm:99" is not a valid pve-ha-resource-or-vm-id/),
      expect.stringMatching(/state: "running" is not one of/),
    ]);
  });
});
