import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { buildRequests } from '../../../src/workflow/build-requests';
import { toDryRun } from '../../../src/workflow/dry-run';
import { renderPveshCommands, renderQmCommand, shellQuote } from '../../../src/workflow/render-commands';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import type { ConfigOverlay } from '../../../src/workflow/answers.codec';
import { demoFacts, NEWEST_NIXOS, PVE_8_4, PVE_9_1 } from './helpers/facts';
import type { ServerVersion } from '../../../src/workflow/cluster-facts';

const answers: ConfigOverlay = { general: { node: 'pve2', vmid: 123, name: 'web-1', tags: ['web', 'nixos'] }, confirm: { start: true } };
const plan = (serverVersion: ServerVersion = PVE_9_1, overlay: ConfigOverlay = answers) => buildRequests(resolveDefaults(demoFacts(), overlay).config, { serverVersion });

describe('shellQuote', () => {
  it('leaves plain words alone', () => {
    expect(shellQuote('web-1')).toBe('web-1');
    expect(shellQuote(2048)).toBe('2048');
    expect(shellQuote('vm:123')).toBe('vm:123');
    expect(shellQuote('/nodes/pve2/qemu')).toBe('/nodes/pve2/qemu');
  });

  it('single-quotes property strings, lists and anything a shell would interpret', () => {
    expect(shellQuote('order=scsi0;ide2;net0')).toBe("'order=scsi0;ide2;net0'");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(shellQuote('')).toBe("''");
  });

  it("writes a single quote as '\\''", () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('round-trips any text through a real POSIX shell', () => {
    const samples = fc.sample(fc.string({ unit: 'binary', minLength: 0, maxLength: 20 }).filter((text) => !text.includes('\0')), { numRuns: 200, seed: 7 });
    samples.push("it's", '$HOME', '`id`', 'a;b', '"q"', '\\', '*', '~', '!', '-n', 'order=scsi0;ide2');
    const script = `printf '%s\\0' ${samples.map(shellQuote).join(' ')}`;
    const echoed = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(echoed).toEqual(samples);
  });
});

describe('renderQmCommand', () => {
  it('renders qm create, qm set and qm start on PVE 9.1 (HA inside the create)', () => {
    const lines = renderQmCommand(plan()).split('\n');
    expect(lines).toEqual([
      `qm create 123 --name web-1 --tags 'web;nixos' --ha-managed 1 --ostype l26 --ide2 'cephfs:iso/${NEWEST_NIXOS},media=cdrom' --machine q35 --bios ovmf` +
        " --efidisk0 'ceph-pool:1,efitype=4m,pre-enrolled-keys=0' --scsihw virtio-scsi-single --agent 1" +
        " --scsi0 'ceph-pool:32,aio=io_uring,backup=1,format=raw,iothread=1,ssd=1' --sockets 1 --cores 2 --numa 0 --cpu host --memory 2048" +
        " --net0 'virtio,bridge=vmbr9,firewall=1' --boot 'order=scsi0;ide2;net0'",
      'qm set 123 --serial0 socket --vga serial0',
      'qm start 123',
    ]);
  });

  it('adds ha-manager on older servers', () => {
    expect(renderQmCommand(plan(PVE_8_4)).split('\n').slice(2)).toEqual(['ha-manager add vm:123 --state started', 'qm start 123']);
  });

  it('quotes a value with a quote in it so the shell gets it back unchanged', () => {
    const quoted = plan(PVE_9_1, { general: { vmid: 123, name: "o'neil" } });
    expect(renderQmCommand(quoted)).toContain("--name 'o'\\''neil'");
  });
});

describe('renderPveshCommands', () => {
  it('renders the same requests as pvesh create/set', () => {
    const lines = renderPveshCommands(plan(PVE_8_4)).split('\n');
    expect(lines[0]).toMatch(/^pvesh create \/nodes\/pve2\/qemu --vmid 123 --name web-1 --tags 'web;nixos' --ostype l26 /);
    expect(lines.slice(1)).toEqual([
      'pvesh set /nodes/pve2/qemu/123/config --serial0 socket --vga serial0',
      'pvesh create /cluster/ha/resources --sid vm:123 --state started',
      'pvesh create /nodes/pve2/qemu/123/status/start',
    ]);
  });
});

describe('toDryRun', () => {
  it('has exactly the contract keys: vmid, node, requests {method, path, params}, commands {qm, pvesh}', () => {
    const planned = plan();
    const output = toDryRun(planned);
    expect(Object.keys(output)).toEqual(['vmid', 'node', 'requests', 'commands']);
    expect(output.vmid).toBe(123);
    expect(output.node).toBe('pve2');
    expect(output.requests.map((request) => Object.keys(request))).toEqual(planned.requests.map(() => ['method', 'path', 'params']));
    expect(output.requests[1]).toEqual({ method: 'PUT', path: '/nodes/pve2/qemu/123/config', params: { serial0: 'socket', vga: 'serial0' } });
    expect(output.commands).toEqual({ qm: renderQmCommand(planned), pvesh: renderPveshCommands(planned) });
    expect(JSON.parse(JSON.stringify(output))).toEqual(output);
  });
});
