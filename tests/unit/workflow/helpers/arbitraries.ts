/**
 * fast-check generators of wizard input (overlays) over the demo cluster's
 * names, shared by the conformance, answers round-trip and store fuzz tests.
 */
import fc from 'fast-check';
import { pveApiFacts } from '../../../../src/generated/pve-api-facts';
import type { ConfigOverlay } from '../../../../src/workflow/answers.codec';

/** An optional key: absent or a value. */
export const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** One disk of an overlay, any bus, maybe without a slot. */
export const diskArbitrary = fc.record(
  {
    bus: fc.constantFrom('scsi' as const, 'virtio' as const, 'sata' as const, 'ide' as const),
    index: optional(fc.integer({ min: 0, max: 31 })),
    storage: optional(fc.constantFrom('ceph-pool', 'local', 'local-lvm')),
    sizeGiB: optional(fc.constantFrom(0.001, 0.5, 1, 32, 100.25, 131072)),
    format: optional(fc.constantFrom('raw' as const, 'qcow2' as const, 'vmdk' as const)),
    cache: optional(fc.constantFrom('none', 'writeback', 'writethrough', 'directsync', 'unsafe')),
    discard: optional(fc.boolean()),
    iothread: optional(fc.boolean()),
    ssd: optional(fc.boolean()),
    backup: optional(fc.boolean()),
    aio: optional(fc.constantFrom('io_uring', 'native', 'threads')),
  },
  { requiredKeys: ['bus'] },
);
/** Overlays over the demo cluster's names; many are valid, some are not (validate() sorts them). */
export const overlayArbitrary: fc.Arbitrary<ConfigOverlay> = fc.record(
  {
    general: fc.record(
      {
        vmid: fc.integer({ min: 100, max: 999999999 }),
        name: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}[a-z0-9](\.[a-z]{2,4})?$/), { nil: null }),
        pool: fc.option(fc.constantFrom('prod', 'lab', 'lab/ci'), { nil: null }),
        tags: fc.uniqueArray(fc.stringMatching(/^[a-z0-9_][a-z0-9_+.-]{0,8}$/), { maxLength: 4, selector: (tag) => tag.toLowerCase() }),
        ha: fc.boolean(),
        onboot: fc.boolean(),
        startup: fc.record({ order: fc.option(fc.nat(10)), up: fc.option(fc.nat(600)), down: fc.option(fc.nat(600)) }),
      },
      { requiredKeys: [] },
    ),
    os: fc.record({ media: fc.constantFrom('iso' as const, 'drive' as const, 'none' as const) }, { requiredKeys: [] }),
    system: fc.record(
      {
        machine: fc.constantFrom('q35' as const, 'pc' as const),
        bios: fc.constantFrom('ovmf' as const, 'seabios' as const),
        efiDisk: fc.boolean(),
        efiStorage: fc.constantFrom('ceph-pool', 'local', 'local-lvm'),
        preEnrolledKeys: fc.boolean(),
        scsihw: fc.constantFrom(...(pveApiFacts.endpoints['POST /nodes/{node}/qemu'].parameters.scsihw.enum ?? [])),
        agent: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    disks: fc.array(diskArbitrary, { maxLength: 6 }),
    cpu: fc.record({ sockets: fc.integer({ min: 1, max: 3 }), cores: fc.integer({ min: 1, max: 6 }), type: fc.constantFrom('host', 'kvm64', 'x86-64-v2-AES') }, { requiredKeys: [] }),
    memory: fc.record({ memoryMiB: fc.integer({ min: 16, max: 65536 }), minMemoryMiB: fc.integer({ min: 1, max: 65536 }), ballooning: fc.boolean(), ksm: fc.boolean() }, { requiredKeys: [] }),
    network: fc.record(
      {
        enabled: fc.boolean(),
        bridge: fc.constantFrom('vmbr0', 'vmbr9'),
        vlan: fc.option(fc.integer({ min: 1, max: 4094 }), { nil: null }),
        model: fc.constantFrom('virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3'),
        mac: fc.option(fc.constantFrom('BC:24:11:00:00:01', '02:AB:CD:EF:01:23', 'aa:bb:cc:dd:ee:ff'), { nil: null }),
        firewall: fc.boolean(),
        linkDown: fc.boolean(),
        mtu: fc.option(fc.constantFrom(1, 576, 1500, 9000, 65520), { nil: null }),
        rateMBps: fc.option(fc.constantFrom(0, 0.5, 100, 10240), { nil: null }),
        queues: fc.option(fc.integer({ min: 1, max: 64 }), { nil: null }),
      },
      { requiredKeys: [] },
    ),
    confirm: fc.record({ start: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

