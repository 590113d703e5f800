import { buildRequests } from '../../../src/workflow/build-requests';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import type { ConfigOverlay } from '../../../src/workflow/answers.codec';
import { demoFacts, NEWEST_NIXOS, PVE_8_4, PVE_9_1 } from './helpers/facts';
import type { ServerVersion } from '../../../src/workflow/cluster-facts';

function plan(overlay: ConfigOverlay = {}, serverVersion: ServerVersion = PVE_9_1) {
  return buildRequests(resolveDefaults(demoFacts(), overlay).config, { serverVersion });
}
const createParams = (overlay: ConfigOverlay = {}, serverVersion?: ServerVersion) => plan(overlay, serverVersion).requests[0].params;

describe('buildRequests: the product defaults on PVE 9.1', () => {
  const result = plan();

  it('creates on the chosen node with every parameter written out, in a stable order', () => {
    expect(result.requests[0]).toMatchObject({ step: 'create', method: 'POST', path: '/nodes/pve1/qemu', returnsTask: true });
    expect(Object.entries(result.requests[0].params)).toEqual([
      ['vmid', 104],
      ['ha-managed', 1],
      ['ostype', 'l26'],
      ['ide2', `cephfs:iso/${NEWEST_NIXOS},media=cdrom`],
      ['machine', 'q35'],
      ['bios', 'ovmf'],
      ['efidisk0', 'ceph-pool:1,efitype=4m,pre-enrolled-keys=0'],
      ['scsihw', 'virtio-scsi-single'],
      ['agent', 1],
      ['scsi0', 'ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1'],
      ['sockets', 1],
      ['cores', 2],
      ['numa', 0],
      ['cpu', 'host'],
      ['memory', 2048],
      ['net0', 'virtio,bridge=vmbr9,firewall=1'],
      ['boot', 'order=scsi0;ide2;net0'],
    ]);
  });

  it('then sets the serial console; HA is inside the create task; no start', () => {
    expect(result.requests.slice(1)).toEqual([
      {
        step: 'serial-console',
        method: 'PUT',
        path: '/nodes/pve1/qemu/104/config',
        params: { serial0: 'socket', vga: 'serial0' },
        returnsTask: false,
        title: expect.any(String),
      },
    ]);
    expect(result).toMatchObject({ vmid: 104, node: 'pve1' });
  });

  it('starts last when asked', () => {
    const started = plan({ confirm: { start: true } });
    expect(started.requests.map((request) => request.step)).toEqual(['create', 'serial-console', 'start']);
    expect(started.requests[2]).toMatchObject({ method: 'POST', path: '/nodes/pve1/qemu/104/status/start', params: {}, returnsTask: true });
    // start=1 in the create call would start before the serial console is set.
    expect(started.requests[0].params.start).toBeUndefined();
  });
});

describe('HA on servers before 9.1', () => {
  it('registers HA with a separate request, state per start', () => {
    const stopped = plan({}, PVE_8_4);
    expect(stopped.requests[0].params['ha-managed']).toBeUndefined();
    expect(stopped.requests.map((request) => request.step)).toEqual(['create', 'serial-console', 'ha']);
    expect(stopped.requests[2]).toMatchObject({ method: 'POST', path: '/cluster/ha/resources', params: { sid: 'vm:104', state: 'stopped' }, returnsTask: false });
    const started = plan({ confirm: { start: true } }, PVE_8_4);
    expect(started.requests.map((request) => request.step)).toEqual(['create', 'serial-console', 'ha', 'start']);
    expect(started.requests[2].params).toEqual({ sid: 'vm:104', state: 'started' });
  });

  it('sends nothing for HA when it is off', () => {
    expect(plan({ general: { ha: false } }, PVE_8_4).requests.map((request) => request.step)).toEqual(['create', 'serial-console']);
    expect(createParams({ general: { ha: false } })['ha-managed']).toBeUndefined();
  });
});

describe('General parameters', () => {
  it('name, pool, tags joined with ;, onboot, startup with only the parts set', () => {
    const params = createParams({ general: { name: 'web-1', pool: 'prod', tags: ['web', 'nixos'], onboot: true, startup: { order: 1, down: 60 } } });
    expect(params).toMatchObject({ name: 'web-1', pool: 'prod', tags: 'web;nixos', onboot: 1, startup: 'order=1,down=60' });
  });

  it('omits what the web UI omits: empty name, no pool, no tags, onboot off, no startup', () => {
    const params = createParams();
    for (const key of ['name', 'pool', 'tags', 'onboot', 'startup', 'start']) expect(params[key]).toBeUndefined();
  });
});

describe('CD drive and boot order', () => {
  it('physical drive', () => {
    expect(createParams({ os: { media: 'drive' } })).toMatchObject({ ide2: 'cdrom,media=cdrom', boot: 'order=scsi0;ide2;net0' });
  });

  it('no media: an empty drive that is not in the boot order', () => {
    expect(createParams({ os: { media: 'none' } })).toMatchObject({ ide2: 'none,media=cdrom', boot: 'order=scsi0;net0' });
  });

  it('no disks and no network: boots from the CD only', () => {
    expect(createParams({ disks: [], network: { enabled: false } }).boot).toBe('order=ide2');
  });

  it('nothing to boot from: no boot parameter', () => {
    expect(createParams({ disks: [], network: { enabled: false }, os: { media: 'none' } }).boot).toBeUndefined();
  });
});

describe('System', () => {
  it('pre-enrolled keys on for a non-NixOS ISO', () => {
    expect(createParams({ os: { iso: 'cephfs:iso/Win11_24H2_English_x64.iso' } }).efidisk0).toBe('ceph-pool:1,efitype=4m,pre-enrolled-keys=1');
  });

  it('SeaBIOS and i440fx are server defaults: not sent, and no EFI disk', () => {
    const params = createParams({ system: { bios: 'seabios', machine: 'pc' } });
    expect([params.bios, params.machine, params.efidisk0]).toEqual([undefined, undefined, undefined]);
  });

  it('OVMF without an EFI disk', () => {
    expect(createParams({ system: { efiDisk: false } })).toMatchObject({ bios: 'ovmf' });
    expect(createParams({ system: { efiDisk: false } }).efidisk0).toBeUndefined();
  });

  it('agent off is not sent', () => expect(createParams({ system: { agent: false } }).agent).toBeUndefined());
});

describe('Disks', () => {
  it('keep their slots in the order the user gave them; the first one boots', () => {
    const params = createParams({ disks: [{ bus: 'sata', index: 1 }, { bus: 'scsi', index: 0 }, { bus: 'virtio', index: 3 }] });
    expect(Object.keys(params).filter((key) => /^(scsi|sata|virtio|ide)\d+$/.test(key))).toEqual(['ide2', 'sata1', 'scsi0', 'virtio3']);
    expect(params).toMatchObject({
      sata1: 'ceph-pool:32,aio=io_uring,backup=1,format=raw,ssd=1',
      scsi0: 'ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1',
      virtio3: 'ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1',
      boot: 'order=sata1;ide2;net0',
    });
  });

  it('writes cache, discard, no backup, decimal sizes', () => {
    const params = createParams({ disks: [{ storage: 'local', format: 'qcow2', sizeGiB: 0.5, cache: 'writeback', discard: true, backup: false, aio: 'native', ssd: false, iothread: false }] });
    expect(params.scsi0).toBe('local:0.5,aio=native,backup=0,cache=writeback,discard=on,format=qcow2');
  });
});

describe('Memory (the web UI mapping)', () => {
  it('ballooning on and minimum = memory: no balloon parameter', () => {
    expect(createParams({ memory: { memoryMiB: 4096 } })).toMatchObject({ memory: 4096 });
    expect(createParams({ memory: { memoryMiB: 4096 } }).balloon).toBeUndefined();
  });

  it('minimum below memory: balloon=minimum', () => {
    expect(createParams({ memory: { memoryMiB: 4096, minMemoryMiB: 1024 } })).toMatchObject({ memory: 4096, balloon: 1024 });
  });

  it('ballooning off: balloon=0', () => {
    expect(createParams({ memory: { ballooning: false } }).balloon).toBe(0);
  });

  it('KSM off: allow-ksm=0 on 9.1; never sent on older servers (validation refuses it there)', () => {
    expect(createParams({ memory: { ksm: false } })['allow-ksm']).toBe(0);
    expect(createParams({})['allow-ksm']).toBeUndefined();
    expect(createParams({ memory: { ksm: false } }, PVE_8_4)['allow-ksm']).toBeUndefined();
  });
});

describe('Network', () => {
  it('VLAN, MAC, MTU, rate and queues', () => {
    const params = createParams({ network: { vlan: 100, mac: 'bc:24:11:12:34:56', mtu: 9000, rateMBps: 12.5, queues: 4 } });
    expect(params.net0).toBe('virtio=BC:24:11:12:34:56,bridge=vmbr9,firewall=1,mtu=9000,queues=4,rate=12.5,tag=100');
  });

  it('firewall off is omitted; another model', () => {
    expect(createParams({ network: { firewall: false, model: 'e1000' } }).net0).toBe('e1000,bridge=vmbr9');
  });

  it("Disconnect: link_down=1 only when set (a connected link is the server's default)", () => {
    expect(createParams({ network: { linkDown: true } }).net0).toBe('virtio,bridge=vmbr9,firewall=1,link_down=1');
    expect(createParams({ network: { linkDown: false } }).net0).toBe('virtio,bridge=vmbr9,firewall=1');
    expect(createParams({ network: { linkDown: true, mtu: 1500, firewall: false } }).net0).toBe('virtio,bridge=vmbr9,link_down=1,mtu=1500');
  });

  it('no network device: no net0', () => {
    expect(createParams({ network: { enabled: false } }).net0).toBeUndefined();
  });
});
