/**
 * The simulator's own parameter validation (pve-common JSONSchema semantics
 * over the generated facts): what the web UI sends passes, and wrong values
 * are refused with Proxmox's message texts.
 */
import type { ParamInput } from '../../../mocks/simulator/schema/check';
import { validateParameters } from '../../../mocks/simulator/schema/validate';

const CREATE = 'POST /nodes/{node}/qemu';
const create = (params: Record<string, ParamInput>, removed: string[] = []) => validateParameters(CREATE, { node: 'pve1', vmid: '123', ...params }, removed);

describe('create parameters the web UI sends are accepted', () => {
  test('the default Linux VM of the pve-api README', () => {
    expect(
      create({
        name: 'test',
        ide2: 'local:iso/debian-13.iso,media=cdrom',
        ostype: 'l26',
        scsihw: 'virtio-scsi-single',
        scsi0: 'local-lvm:32,iothread=on',
        sockets: '1',
        cores: '1',
        numa: '0',
        cpu: 'x86-64-v2-AES',
        memory: '2048',
        net0: 'virtio,bridge=vmbr0,firewall=1',
      }),
    ).toEqual({});
  });

  test('with every optional addition: start, HA, agent, pool, tags, startup, serial console, EFI, TPM, balloon, KSM', () => {
    expect(
      create({
        name: 'web-1.example.org',
        start: '1',
        'ha-managed': '1',
        agent: '1',
        pool: 'lab/ci',
        tags: 'web;nixos',
        onboot: '1',
        startup: 'order=1,up=30,down=60',
        vga: 'serial0',
        serial0: 'socket',
        machine: 'q35',
        bios: 'ovmf',
        efidisk0: 'ceph-pool:1,efitype=4m,pre-enrolled-keys=1',
        tpmstate0: 'ceph-pool:1,version=v2.0',
        balloon: '1024',
        shares: '500',
        'allow-ksm': '0',
        scsi0: 'ceph-pool:32,aio=io_uring,backup=0,cache=none,discard=on,iothread=1,replicate=0,ssd=1,mbps_rd=100,iops_wr=1000',
        scsi1: 'ceph-pool:0.5,format=raw',
        net0: 'virtio=BC:24:11:2E:C4:7A,bridge=vmbr9,firewall=1,tag=20,mtu=1,rate=12.5,queues=4,link_down=1',
      }),
    ).toEqual({});
  });

  test('a Windows 11 VM with a second CD for the VirtIO drivers', () => {
    expect(
      create({
        ostype: 'win11',
        machine: 'pc-q35-9.2+pve1',
        ide2: 'cephfs:iso/Win11_24H2.iso,media=cdrom',
        ide0: 'cephfs:iso/virtio-win-0.1.271.iso,media=cdrom',
        sata0: 'local-lvm:64',
        net0: 'e1000=BC:24:11:00:00:01,bridge=vmbr0',
        boot: 'order=sata0;ide2;ide0;net0',
        cpu: 'host,flags=+aes;-pcid',
      }),
    ).toEqual({});
  });

  test('physical drive or no media, and booleans in property strings written as on/yes/true', () => {
    expect(create({ ide2: 'cdrom,media=cdrom', scsi0: 'local-lvm:8,ssd=yes,discard=on,iothread=true' })).toEqual({});
    expect(create({ ide2: 'none,media=cdrom' })).toEqual({});
  });

  test('JSON bodies may carry real booleans', () => {
    expect(create({ start: true, numa: false })).toEqual({});
  });
});

describe('wrong create parameters are refused with Proxmox\'s messages', () => {
  test.each<[string, Record<string, ParamInput>, Record<string, string>]>([
    ['a VM ID below 100', { vmid: '99' }, { vmid: 'invalid format - value does not look like a valid VM ID\n' }],
    ['a VM ID that is not a number', { vmid: 'abc' }, { vmid: "type check ('integer') failed - got 'abc'" }],
    ['a missing VM ID', { vmid: undefined as unknown as string }, { vmid: 'property is missing and it is not optional' }],
    ['cores 0', { cores: '0' }, { cores: 'value must have a minimum value of 1' }],
    ['cores 1.5', { cores: '1.5' }, { cores: "type check ('integer') failed - got '1.5'" }],
    ['cpulimit above 128', { cpulimit: '200' }, { cpulimit: 'value must have a maximum value of 128' }],
    ['an unknown ostype', { ostype: 'linux' }, { ostype: "value 'linux' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, wvista, win7, win8, win10, win11, l24, l26, solaris'" }],
    ['a top-level boolean written as "true"', { start: 'true' }, { start: "type check ('boolean') failed - got 'true'" }],
    ['a name that is not a DNS name', { name: 'web_1' }, { name: 'invalid format - value does not look like a valid DNS name\n' }],
    ['a bad tag', { tags: 'web;prod!' }, { tags: 'invalid format - invalid characters in tag\n' }],
    ['a pool nested four levels', { pool: 'a/b/c/d' }, { pool: "invalid format - pool name 'a/b/c/d' nested too deeply (max levels = 3)\n" }],
    ['a startup order that does not parse', { startup: 'order=first' }, { startup: 'invalid format - unable to parse startup options\n' }],
    ['a serial port that is neither a device nor socket', { serial0: 'tcp' }, { serial0: 'value does not match the regex pattern' }],
    ['a description over 8192 characters', { description: 'x'.repeat(8193) }, { description: 'value may only be 8192 characters long' }],
    ['an unknown parameter', { colour: 'blue' }, { colour: 'property is not defined in schema and the schema does not allow additional properties' }],
    ['a disk index beyond the bus', { scsi31: 'local-lvm:8' }, { scsi31: 'property is not defined in schema and the schema does not allow additional properties' }],
    ['memory below 16 MiB', { memory: '8' }, { memory: 'invalid format - format error\nmemory.current: value must have a minimum value of 16\n' }],
    ['a disk option that is not a boolean', { scsi0: 'local-lvm:32,iothread=maybe' }, { scsi0: "invalid format - format error\nscsi0.iothread: type check ('boolean') failed - got 'maybe'\n" }],
    ['an unknown cache mode', { scsi0: 'local-lvm:32,cache=fast' }, { scsi0: "invalid format - format error\nscsi0.cache: value 'fast' does not have a value in the enumeration 'none, writethrough, writeback, unsafe, directsync'\n" }],
    ['a disk without a volume', { scsi0: 'iothread=1' }, { scsi0: 'invalid format - format error\nscsi0.file: property is missing and it is not optional\n' }],
    ['a disk size without storage', { scsi0: '32' }, { scsi0: "invalid format - format error\nscsi0.file: invalid format - unable to parse volume ID '32'\n\n" }],
    ['an unknown key in a property string', { net0: 'virtio,bridge=vmbr0,colour=blue' }, { net0: 'invalid format - invalid key in comma-separated list property: colour\n' }],
    ['two NIC models', { net0: 'virtio,e1000' }, { net0: 'invalid format - duplicate key in comma-separated list property: model\n' }],
    ['a key without value', { net0: 'virtio,bridge=' }, { net0: 'invalid format - missing key in comma-separated list property\n' }],
    ['a NIC without model', { net0: 'bridge=vmbr0' }, { net0: 'invalid format - format error\nnet0.model: property is missing and it is not optional\n' }],
    ['a VLAN tag above 4094', { net0: 'virtio,bridge=vmbr0,tag=5000' }, { net0: 'invalid format - format error\nnet0.tag: value must have a maximum value of 4094\n' }],
    [
      'a multicast MAC address',
      { net0: 'virtio=01:00:5E:00:00:01,bridge=vmbr0' },
      { net0: 'invalid format - format error\nnet0.macaddr: invalid format - value does not look like a valid unicast MAC address\n\n' },
    ],
    ['an EFI type that does not exist', { efidisk0: 'ceph-pool:1,efitype=8m' }, { efidisk0: "invalid format - format error\nefidisk0.efitype: value '8m' does not have a value in the enumeration '2m, 4m'\n" }],
    ['a CPU model that does not exist', { cpu: 'Haswel' }, { cpu: "invalid format - Built-in cputype 'Haswel' is not defined (missing 'custom-' prefix?)\n" }],
    [
      'a CPU flag a VM may not set',
      { cpu: 'host,flags=+avx' },
      { cpu: 'invalid format - VM-specific CPU flags must be a subset of: pcid, spec-ctrl, ibpb, ssbd, virt-ssbd, amd-ssbd, amd-no-ssb, pdpe1gb, md-clear, hv-tlbflush, hv-evmcs, aes\n' },
    ],
    ['a boot device that does not exist', { boot: 'order=scsi0;floppy0' }, { boot: "invalid format - format error\nboot.order: invalid format - invalid boot device 'floppy0'\n\n" }],
    ['force without archive', { force: '1' }, { archive: "missing property - 'force' requires this property" }],
    ['a JSON boolean for a string', { name: true }, { name: "type check ('string') failed - got JSON::PP::Boolean" }],
    ['a JSON list for an integer', { cores: ['1'] }, { cores: "type check ('integer') failed - got ARRAY" }],
  ])('%s', (_, params, errors) => {
    expect(create(params)).toEqual(errors);
  });

  test('several wrong parameters are all reported at once', () => {
    expect(Object.keys(create({ cores: '0', sockets: 'x', name: 'a_b' })).sort()).toEqual(['cores', 'name', 'sockets']);
  });

  test('parameters a server version does not have are unknown there', () => {
    expect(create({ 'ha-managed': '1' }, ['ha-managed'])).toEqual({
      'ha-managed': 'property is not defined in schema and the schema does not allow additional properties',
    });
  });

  test('Perl interpolates the pattern between ^ and $, so a top-level alternation anchors only its outer ends', () => {
    // /dev/parport\d+|/dev/usb/lp\d+ as m/^$pattern$/: the first branch has no end anchor, the second no start anchor.
    expect(create({ parallel0: '/dev/parport0' })).toEqual({});
    expect(create({ parallel0: '/dev/parport0x' })).toEqual({});
    expect(create({ parallel0: 'x/dev/usb/lp0' })).toEqual({});
    expect(create({ parallel0: 'COM1' })).toEqual({ parallel0: 'value does not match the regex pattern' });
  });
});

describe('other endpoints validate their parameters too', () => {
  test('GET /cluster/resources type must be one of the enumeration', () => {
    expect(validateParameters('GET /cluster/resources', { type: 'vms' })).toEqual({
      type: "value 'vms' does not have a value in the enumeration 'vm, storage, node, sdn'",
    });
  });

  test('GET /nodes/{node}/storage takes a content list and format=1', () => {
    expect(validateParameters('GET /nodes/{node}/storage', { node: 'pve1', content: 'iso,images', format: '1' })).toEqual({});
    expect(validateParameters('GET /nodes/{node}/storage', { node: 'pve1', content: 'isos' })).toEqual({ content: "invalid format - invalid content type 'isos'\n" });
  });

  test('PUT config takes the serial console and a delete list', () => {
    expect(validateParameters('PUT /nodes/{node}/qemu/{vmid}/config', { node: 'pve1', vmid: '100', serial0: 'socket', vga: 'serial0', delete: 'ide2,net1' })).toEqual({});
    expect(validateParameters('PUT /nodes/{node}/qemu/{vmid}/config', { node: 'pve1', vmid: '100', delete: 'ide2,1bad' })).toEqual({
      delete: "invalid format - invalid configuration ID '1bad'\n",
    });
  });

  test('the node name in the path is checked', () => {
    expect(validateParameters('GET /nodes/{node}/network', { node: 'pve_1' })).toEqual({ node: 'invalid format - value does not look like a valid node name\n' });
  });
});
