import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { decodeWith } from '../../../src/shared/decode';
import { DomainsResponse, TicketResponse } from '../../../src/proxmox/codecs/access.codec';
import { ClusterOptionsResponse, ClusterStatusResponse, NextIdResponse, PoolsResponse, VmResourcesResponse } from '../../../src/proxmox/codecs/cluster.codec';
import { Boolish, Integerish, maybe, Numberish, StringList } from '../../../src/proxmox/codecs/lenient';
import { NetworkResponse } from '../../../src/proxmox/codecs/network.codec';
import { NodesResponse, VersionResponse } from '../../../src/proxmox/codecs/nodes.codec';
import { StorageContentResponse, StorageListResponse } from '../../../src/proxmox/codecs/storage.codec';
import { TaskStatusResponse, UpidResponse } from '../../../src/proxmox/codecs/tasks.codec';
import { realResponse, realResponseNames } from './fixtures';

/** Every 2xx fixture of an endpoint the app reads, with the codec for it. */
const CODEC_OF_FIXTURE: Record<string, t.Mixed> = {
  GET_access_domains: DomainsResponse,
  GET_cluster_nextid: NextIdResponse,
  GET_cluster_status: ClusterStatusResponse,
  GET_cluster_resources_vm: VmResourcesResponse,
  GET_nodes: NodesResponse,
  GET_nodes_node_network: NetworkResponse,
  GET_nodes_node_network_ovs: NetworkResponse,
  GET_nodes_node_network_simple: NetworkResponse,
  GET_nodes_node_storage_SYNTHETIC: StorageListResponse,
  GET_nodes_node_storage_storage_content_SYNTHETIC: StorageContentResponse,
  GET_nodes_node_tasks_upid_status_SYNTHETIC: TaskStatusResponse,
  GET_nodes_node_tasks_upid_status_failed_SYNTHETIC: TaskStatusResponse,
  GET_pools: PoolsResponse,
  GET_pools_poolid: PoolsResponse,
  POST_access_ticket: TicketResponse,
  POST_access_ticket_needtfa: TicketResponse,
};

/** Fixtures of endpoints the app does not read (VM config/status, task lists) or error bodies. */
const NOT_READ = new Set([
  'GET_cluster_nextid_taken',
  'GET_nodes_node_qemu',
  'GET_nodes_node_qemu_vmid_config',
  'GET_nodes_node_qemu_vmid_status_current',
  'GET_nodes_node_tasks',
]);

function decoded<A>(codec: t.Type<A, unknown, unknown>, input: unknown): A {
  const result = decodeWith(codec, input);
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
}

function issues(codec: t.Mixed, input: unknown): string[] {
  const result = decodeWith(codec, input);
  return E.isLeft(result) ? result.left.map((issue) => issue.path) : [];
}

describe('response codecs on the real response bodies', () => {
  it('every fixture is either decoded by a codec here or listed as not read by the app', () => {
    const unaccounted = realResponseNames().filter((name) => !(name in CODEC_OF_FIXTURE) && !NOT_READ.has(name));
    expect(unaccounted).toEqual([]);
  });

  it.each(Object.entries(CODEC_OF_FIXTURE))('%s decodes', (name, codec) => {
    expect(issues(codec, realResponse(name).body)).toEqual([]);
  });

  it('reads the next VM ID sent as a string as a number', () => {
    expect(decoded(NextIdResponse, realResponse('GET_cluster_nextid').body)).toBe(100);
  });

  it('reads vmid strings and template "" / 1 in the resource list', () => {
    const guests = decoded(VmResourcesResponse, realResponse('GET_cluster_resources_vm').body);
    expect(guests.map((guest) => [guest.vmid, guest.template])).toEqual([
      [100, false],
      [101, false],
      [102, false],
      [103, false],
      [9001, true],
    ]);
  });

  it('reads NeedTFA: 1 as true and keeps the half-authenticated ticket', () => {
    const answer = decoded(TicketResponse, realResponse('POST_access_ticket_needtfa').body);
    expect(answer.NeedTFA).toBe(true);
    expect(answer.ticket.startsWith('PVE:!tfa!')).toBe(true);
  });

  it('reads exists: null in network lists as "not set" and 0/1 flags as booleans', () => {
    const interfaces = decoded(NetworkResponse, realResponse('GET_nodes_node_network').body);
    expect(interfaces.find((iface) => iface.iface === 'vmbr2.2')?.exists).toBeUndefined();
    expect(interfaces.find((iface) => iface.iface === 'vmbr1')).toMatchObject({ active: true, bridge_vlan_aware: true });
  });
});

describe('lenient building blocks', () => {
  it.each([
    [100, 100],
    ['100', 100],
    [' 42 ', 42],
    ['0.5', 0.5],
  ])('Numberish reads %j as %j', (input, expected) => {
    expect(decoded(Numberish, input)).toBe(expected);
  });

  it.each(['abc', '', null, true, Number.NaN])('Numberish refuses %j', (input) => {
    expect(issues(Numberish, input)).toEqual(['']);
  });

  it('Integerish refuses fractions', () => {
    expect(issues(Integerish, '1.5')).toEqual(['']);
  });

  it.each([
    [1, true],
    ['1', true],
    [true, true],
    [0, false],
    ['0', false],
    ['', false],
    [null, false],
    [false, false],
  ])('Boolish reads %j as %j', (input, expected) => {
    expect(decoded(Boolish, input)).toBe(expected);
  });

  it('Boolish refuses anything else', () => {
    expect(issues(Boolish, 'maybe')).toEqual(['']);
    expect(issues(Boolish, 2)).toEqual(['']);
  });

  it('maybe() turns null and missing into undefined', () => {
    expect(decoded(maybe(Numberish), null)).toBeUndefined();
    expect(decoded(maybe(Numberish), undefined)).toBeUndefined();
    expect(decoded(maybe(Numberish), '7')).toBe(7);
  });

  it('StringList takes an array or a ;/,/space separated string', () => {
    expect(decoded(StringList, ['a', 'b'])).toEqual(['a', 'b']);
    expect(decoded(StringList, 'a;b, c  d')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('extra keys from newer servers are ignored', () => {
    const nodes = decoded(NodesResponse, { data: [{ node: 'pve1', status: 'online', 'new-in-pve-10': { x: 1 } }] });
    expect(nodes[0].node).toBe('pve1');
  });

  it('reads user-tag-access both parsed and as a property string', () => {
    const parsed = decoded(ClusterOptionsResponse, { data: { 'user-tag-access': { 'user-allow': 'list', 'user-allow-list': ['a', 'b'] } } });
    const raw = decoded(ClusterOptionsResponse, { data: { 'user-tag-access': 'user-allow=list,user-allow-list=a;b', 'registered-tags': 'x;y' } });
    expect(raw['user-tag-access']).toEqual(parsed['user-tag-access']);
    expect(raw['registered-tags']).toEqual(['x', 'y']);
  });
});

describe('strict where a wrong shape would mislead', () => {
  it('a task write must answer with a UPID that parses', () => {
    expect(issues(UpidResponse, { data: 'UPID:pve1:bad' })).toEqual(['data']);
    expect(issues(UpidResponse, { data: null })).toEqual(['data']);
  });

  it('a task status must be running or stopped', () => {
    expect(issues(TaskStatusResponse, { data: { status: 'paused' } })).toEqual(['data.status']);
  });

  it('a volume ID must be a storage:volume string', () => {
    expect(issues(StorageContentResponse, { data: [{ volid: 42 }, { volid: 'no-storage-prefix' }] })).toEqual(['data[0].volid', 'data[1].volid']);
  });

  it('a guest without a node or VM ID is refused, naming the path', () => {
    expect(issues(VmResourcesResponse, { data: [{ type: 'qemu', vmid: '101' }] })).toEqual(['data[0].node']);
  });

  it('an answer without the data envelope is refused', () => {
    expect(issues(VersionResponse, { version: '9.1.2' })).toEqual(['data']);
  });
});
