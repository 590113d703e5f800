/** Cluster-wide reads: version, nodes, status, resources, next VM ID, options, pools, storages, SDN vnets. */
import type { Call, Route } from '../http/api';
import { parameterError, serverError } from '../http/errors';
import type { Simulation } from '../simulation';
import type { GuestState } from '../state/cluster';
import { guestFigures, guestName } from '../state/guest-stats';
import { hashString } from '../content/random';
import { allowedTags } from '../auth/vm-permissions';

const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/** A node's certificate fingerprint: the simulator's own for the answering node, a stable made-up one for the others. */
function nodeFingerprint(sim: Simulation, node: string): string {
  if (node === sim.cluster.answeringNode?.name && sim.certificateFingerprint) return sim.certificateFingerprint;
  let hex = '';
  for (let i = 0; hex.length < 64; i++) hex += hashString(`${node}:${i}`).toString(16).padStart(8, '0');
  return hex.slice(0, 64).toUpperCase().match(/../g)!.join(':');
}

function nodeEntries(call: Call) {
  const { sim, principal } = call;
  const now = sim.clock();
  return sim.cluster.nodes
    .filter((node) => !principal || sim.access.can(principal, `/nodes/${node.name}`, 'Sys.Audit'))
    .map((node) =>
      node.online
        ? {
            id: `node/${node.name}`,
            type: 'node',
            node: node.name,
            status: 'online',
            level: '',
            ssl_fingerprint: nodeFingerprint(sim, node.name),
            uptime: Math.floor((now - node.bootMs) / 1000),
            cpu: Number((0.02 + (node.nodeid % 5) / 100).toFixed(4)),
            maxcpu: node.cpus,
            mem: Math.round(node.memoryBytes * 0.42),
            maxmem: node.memoryBytes,
            disk: 9_900_000_000 + node.nodeid * 123_456_789,
            maxdisk: 100_861_726_720,
          }
        : { id: `node/${node.name}`, type: 'node', node: node.name, status: 'offline', level: '', ssl_fingerprint: nodeFingerprint(sim, node.name) },
    );
}

/** A guest as /cluster/resources lists it. */
export function guestResource(sim: Simulation, guest: GuestState) {
  const nodeOnline = sim.cluster.node(guest.node)?.online ?? false;
  const ha = sim.cluster.ha.get(`${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`);
  const figures = guestFigures(guest, sim.clock());
  return {
    id: `${guest.type}/${guest.vmid}`,
    type: guest.type,
    vmid: guest.vmid,
    node: guest.node,
    name: guestName(guest),
    // pvestatd has no fresh data for guests on an offline node.
    status: nodeOnline ? guest.status : 'unknown',
    template: flag(guest.template),
    ...(guest.config.tags ? { tags: guest.config.tags } : {}),
    ...(guest.pool ? { pool: guest.pool } : {}),
    ...(guest.lock ? { lock: guest.lock } : {}),
    ...(ha ? { hastate: ha.state } : {}),
    maxcpu: figures.cpus,
    maxmem: figures.maxmem,
    maxdisk: figures.maxdisk,
    mem: figures.mem,
    disk: figures.disk,
    cpu: figures.cpu,
    uptime: figures.uptime,
    netin: figures.netin,
    netout: figures.netout,
    diskread: figures.diskread,
    diskwrite: figures.diskwrite,
  };
}

function storageResources(call: Call) {
  const { sim, principal } = call;
  return sim.cluster.nodes.flatMap((node) =>
    sim.cluster
      .storagesOn(node.name)
      .filter((storage) => !principal || sim.access.can(principal, `/storage/${storage.id}`, 'Datastore.Audit'))
      .map((storage) => ({
        id: `storage/${node.name}/${storage.id}`,
        type: 'storage',
        storage: storage.id,
        node: node.name,
        status: node.online ? 'available' : 'unknown',
        content: storage.content.join(','),
        plugintype: storage.type,
        shared: flag(storage.shared),
        disk: storage.usedBytes,
        maxdisk: storage.totalBytes,
      })),
  );
}

function sdnResources(sim: Simulation) {
  const zones = ['localnetwork', ...new Set(sim.cluster.vnets.map((vnet) => vnet.zone))];
  return sim.cluster.nodes.flatMap((node) =>
    zones.map((zone) => ({ id: `sdn/${node.name}/${zone}`, type: 'sdn', sdn: zone, node: node.name, status: node.online ? 'ok' : 'unknown' })),
  );
}

function resources(call: Call) {
  const { sim, principal, params } = call;
  const type = params.type;
  const visibleGuests = [...sim.cluster.guests.values()].filter((guest) => !principal || sim.access.can(principal, `/vms/${guest.vmid}`, 'VM.Audit'));
  const list: unknown[] = [];
  if (!type || type === 'vm') list.push(...visibleGuests.sort((a, b) => a.vmid - b.vmid).map((guest) => guestResource(sim, guest)));
  if (!type || type === 'node') list.push(...nodeEntries(call).map((entry) => ({ ...entry, ...(entry.status === 'online' ? { 'cgroup-mode': 2 } : {}) })));
  if (!type || type === 'storage') list.push(...storageResources(call));
  if (!type || type === 'sdn') list.push(...sdnResources(sim));
  if (!type) {
    list.push(
      ...sim.cluster.pools
        .filter((pool) => !principal || sim.access.can(principal, `/pool/${pool.poolid}`, 'Pool.Audit'))
        .map((pool) => ({ id: `/pool/${pool.poolid}`, type: 'pool', pool: pool.poolid })),
    );
  }
  return { data: list };
}

function nextId(call: Call) {
  const { sim, params } = call;
  if (params.vmid !== undefined) {
    // pve-manager Cluster.pm nextid: the given ID comes back as sent (a string), or a parameter error.
    if (!sim.cluster.guest(Number(params.vmid))) return { data: params.vmid };
    throw parameterError({ vmid: `VM ${params.vmid} already exists` });
  }
  const free = sim.cluster.nextFreeVmid();
  const { lower, upper } = sim.cluster.nextIdRange;
  if (free === undefined) throw serverError(`unable to get any free VMID in range [${lower}, ${upper}]`);
  return { data: String(free) }; // a JSON string, as real servers send it
}

function clusterOptions(call: Call) {
  const { sim, principal } = call;
  const options = sim.cluster.tagOptions;
  const tagStyle: Record<string, string | number> = {};
  if (options.colorMap !== undefined) tagStyle['color-map'] = options.colorMap;
  if (options.shape !== undefined) tagStyle.shape = options.shape;
  if (options.ordering !== undefined) tagStyle.ordering = options.ordering;
  if (options.caseSensitive) tagStyle['case-sensitive'] = 1;
  const base = { console: 'xtermjs', 'tag-style': tagStyle, 'allowed-tags': [...allowedTags(sim, principal).allowed].sort() };
  // Without Sys.Audit on / only these three come back (pve-manager Cluster.pm get_options).
  if (!principal || !sim.access.can(principal, '/', 'Sys.Audit')) return { data: base };
  const { lower, upper } = sim.cluster.nextIdRange;
  return {
    data: {
      ...base,
      keyboard: 'en-us',
      mac_prefix: 'BC:24:11',
      ha: { shutdown_policy: 'conditional' },
      ...(lower !== 100 || upper !== 1_000_000 ? { 'next-id': { lower, upper } } : {}),
      ...(options.registered && options.registered.length > 0 ? { 'registered-tags': options.registered } : {}),
      ...(options.userAllow !== undefined
        ? {
            'user-tag-access': {
              'user-allow': options.userAllow,
              ...(options.userAllowList ? { 'user-allow-list': options.userAllowList } : {}),
            },
          }
        : {}),
    },
  };
}

function clusterStatus({ sim }: Call) {
  const online = sim.cluster.nodes.filter((node) => node.online).length;
  return {
    data: [
      { type: 'cluster', id: 'cluster', name: sim.cluster.clusterName, version: 7, nodes: sim.cluster.nodes.length, quorate: flag(online * 2 > sim.cluster.nodes.length) },
      ...sim.cluster.nodes.map((node) => ({
        type: 'node',
        id: `node/${node.name}`,
        name: node.name,
        ip: node.ip,
        level: '',
        local: flag(node === sim.cluster.answeringNode),
        nodeid: node.nodeid,
        online: flag(node.online),
      })),
    ],
  };
}

function pools(call: Call) {
  const { sim, principal, params } = call;
  const visible = sim.cluster.pools.filter((pool) => !principal || sim.access.can(principal, `/pool/${pool.poolid}`, 'Pool.Audit'));
  if (params.poolid === undefined) {
    return { data: visible.map((pool) => ({ poolid: pool.poolid, ...(pool.comment !== undefined ? { comment: pool.comment } : {}) })) };
  }
  const pool = visible.find((candidate) => candidate.poolid === params.poolid);
  if (!pool) throw serverError(`pool '${params.poolid}' does not exist`);
  const members = [...sim.cluster.guests.values()]
    .filter((guest) => guest.pool === pool.poolid && (!params.type || params.type === guest.type))
    .map((guest) => {
      const { id, type, vmid, node, name, status, template, ...stats } = guestResource(sim, guest);
      return { id, type, vmid, node, name, status, template, ...stats };
    });
  return { data: [{ poolid: pool.poolid, ...(pool.comment !== undefined ? { comment: pool.comment } : {}), members }] };
}

function storageConfig(call: Call) {
  const { sim, principal, params } = call;
  return {
    data: sim.cluster.storages
      .filter((storage) => !params.type || storage.type === params.type)
      .filter((storage) => !principal || sim.access.can(principal, `/storage/${storage.id}`, 'Datastore.Audit'))
      .map((storage) => ({
        storage: storage.id,
        type: storage.type,
        content: storage.content.join(','),
        ...(storage.shared ? { shared: 1 } : {}),
        ...(storage.nodes ? { nodes: storage.nodes.join(',') } : {}),
        ...(storage.path ? { path: storage.path } : {}),
        ...(storage.pool ? { pool: storage.pool } : {}),
        digest: hashString(storage.id).toString(16).padStart(8, '0').repeat(5),
      })),
  };
}

/** Cluster-wide routes. */
export const clusterRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/version',
    handler: ({ sim }) => {
      const [major, minor] = sim.cluster.version.split('.');
      return { data: { version: sim.cluster.version, release: `${major}.${minor}`, repoid: hashString(sim.cluster.version).toString(16).padStart(8, '0'), console: 'xtermjs' } };
    },
  },
  { method: 'GET', path: '/nodes', handler: (call) => ({ data: nodeEntries(call) }) },
  { method: 'GET', path: '/cluster/status', permission: { path: '/', privileges: ['Sys.Audit'] }, handler: clusterStatus },
  { method: 'GET', path: '/cluster/resources', handler: resources },
  { method: 'GET', path: '/cluster/nextid', handler: nextId },
  { method: 'GET', path: '/cluster/options', handler: clusterOptions },
  { method: 'GET', path: '/pools', handler: pools },
  { method: 'GET', path: '/storage', handler: storageConfig },
  {
    method: 'GET',
    path: '/cluster/sdn/vnets',
    handler: ({ sim, principal }) => ({
      data: sim.cluster.vnets
        .filter((vnet) => !principal || sim.access.can(principal, `/sdn/zones/${vnet.zone}/${vnet.vnet}`, 'SDN.Audit'))
        .map((vnet) => ({
          vnet: vnet.vnet,
          zone: vnet.zone,
          type: 'vnet',
          ...(vnet.tag !== undefined ? { tag: vnet.tag } : {}),
          ...(vnet.alias !== undefined ? { alias: vnet.alias } : {}),
          digest: hashString(vnet.vnet).toString(16).padStart(8, '0').repeat(5),
        })),
    }),
  },
];
