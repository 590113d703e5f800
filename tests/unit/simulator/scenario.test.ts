/** Scenario files: decoding with readable errors, and how they change the default cluster. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeScenario } from '../../../mocks/simulator/scenario/codec';
import { loadScenarioFile, resolveScenario } from '../../../mocks/simulator/scenario/resolve';

const SCENARIO_DIR = path.join(__dirname, '../../../mocks/scenarios');

describe('scenario decoding', () => {
  test('an unknown key is an error naming its path and the known keys', () => {
    expect(() => decodeScenario({ storages: [{ id: 'nas', type: 'nfs', content: ['iso'] }, { id: 'x', type: 'dir', contnet: ['iso'] }] })).toThrow(
      /storages\[1\]\.contnet: unknown key \(known keys: id, type, content, shared/,
    );
  });

  test('a wrong type names the path and what was expected', () => {
    expect(() => decodeScenario({ nodes: [{ name: 'pve1', online: 'yes' }] })).toThrow(/nodes\[0\]\.online: expected true or false/);
    expect(() => decodeScenario({ latencyMs: -5 })).toThrow(/latencyMs: expected a number >= 0/);
    expect(() => decodeScenario({ version: 'nine' })).toThrow(/version: expected a PVE version like "9.1.2"/);
  });

  test('a missing required key is named', () => {
    expect(() => decodeScenario({ users: [{ userid: 'bob@pve' }] })).toThrow(/users\[0\]\.password: is required/);
  });

  test('every fault needs a path and an action; nth and times exclude each other', () => {
    expect(() => decodeScenario({ faults: [{ status: 500 }] })).toThrow(/faults\[0\]: needs "path" \(glob\) or "pathRegex"/);
    expect(() => decodeScenario({ faults: [{ path: '/version' }] })).toThrow(/faults\[0\]: needs an action/);
    expect(() => decodeScenario({ faults: [{ path: '/version', status: 500, nth: 1, times: 2 }] })).toThrow(/faults\[0\]: "nth" and "times" exclude each other/);
    expect(() => decodeScenario({ faults: [{ pathRegex: '(', hang: true }] })).toThrow(/faults\[0\]\.pathRegex: not a valid regular expression/);
  });

  test.each(fs.readdirSync(SCENARIO_DIR).filter((name) => name.endsWith('.json')))('the shipped scenario %s is valid', (name) => {
    expect(() => loadScenarioFile(path.join(SCENARIO_DIR, name))).not.toThrow();
  });

  test('a file that is not JSON is reported with its name', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-')), 'broken.json');
    fs.writeFileSync(file, '{ "latencyMs": ');
    expect(() => loadScenarioFile(file)).toThrow(new RegExp(`cannot read scenario ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });
});

describe('scenario resolution', () => {
  test('without a scenario: the demo cluster of docs/cli.md with the default behaviour', () => {
    const { content, behaviour } = resolveScenario(undefined);
    expect(content.nodes.map((node) => [node.name, node.online])).toEqual([['pve1', true], ['pve2', true], ['pve3', false]]);
    expect(content.storages.map((storage) => storage.id)).toEqual(['cephfs', 'ceph-pool', 'local', 'local-lvm']);
    expect(content.storages[0].isos?.filter((iso) => iso.startsWith('nixos-minimal-')).length).toBeGreaterThan(3);
    expect(content.pools.map((pool) => pool.poolid)).toEqual(['prod', 'lab', 'lab/ci']);
    expect(content.users.find((user) => user.userid === 'alice@pve')?.totpSecret).toBe('JBSWY3DPEHPK3PXP');
    expect(content.tokens[0]).toMatchObject({ tokenid: 'root@pam!demo', secret: '00000000-0000-0000-0000-000000000000' });
    expect(behaviour).toEqual({ latencyMs: 0, authFailureDelayMs: 0, ticketLifetimeSeconds: 7200, taskDurationMs: 2000, oldErrorStyle: false, createTaskError: undefined, startTaskError: undefined });
  });

  test('a content key replaces that list; `without` removes entries by name', () => {
    const { content } = resolveScenario({ pools: [{ poolid: 'only' }], without: { storages: ['cephfs'], bridges: ['vmbr9'] } });
    expect(content.pools).toEqual([{ poolid: 'only' }]);
    expect(content.storages.map((storage) => storage.id)).not.toContain('cephfs');
    expect(content.bridges.map((bridge) => bridge.iface)).not.toContain('vmbr9');
    expect(content.nodes).toHaveLength(3);
  });

  test('generate adds thousands of distinct ISOs, valid tags and guests', () => {
    const { content } = loadAndResolve('large-lists.json');
    const isos = content.storages.find((storage) => storage.id === 'cephfs')?.isos ?? [];
    expect(isos.length).toBe(5000 + 9);
    expect(new Set(isos).size).toBe(isos.length);
    const tags = content.tags.registered ?? [];
    expect(tags.length).toBe(2000 + 2);
    expect(tags.every((tag) => /^[a-z0-9_][a-z0-9_\-+.]*$/i.test(tag))).toBe(true);
    expect(content.guests.length).toBe(1000 + 7);
    expect(new Set(content.guests.map((guest) => guest.vmid)).size).toBe(content.guests.length);
  });

  test('generated lists are the same on every run', () => {
    expect(loadAndResolve('large-lists.json').content).toEqual(loadAndResolve('large-lists.json').content);
  });
});

function loadAndResolve(name: string) {
  return resolveScenario(path.join(SCENARIO_DIR, name));
}
