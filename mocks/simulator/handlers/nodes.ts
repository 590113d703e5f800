/** Per-node reads: status, network interfaces, CPU models, machine types, storages and their content. */
import { BUILTIN_CPU_MODELS } from '../content/cpu-models';
import type { Call, Route } from '../http/api';
import { serverError } from '../http/errors';
import { splitList } from '../schema/lists';
import type { Simulation } from '../simulation';
import { BridgeState, GiB, isoCtime, isoSizeBytes, NodeState, StorageState } from '../state/cluster';

const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
/** Code-point order, like Perl's `cmp` (and without localeCompare's ICU start-up cost). */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function nodeOf(sim: Simulation, name: string): NodeState {
  const node = sim.cluster.node(name);
  if (!node) throw serverError(`hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
  return node;
}

function nodeStatus({ sim, params }: Call) {
  const node = nodeOf(sim, params.node);
  const used = Math.round(node.memoryBytes * 0.42);
  const release = sim.versionAtLeast('9.0') ? '6.14.8-2-pve' : '6.8.12-9-pve';
  return {
    data: {
      uptime: Math.floor((sim.clock() - node.bootMs) / 1000),
      cpu: Number((0.02 + (node.nodeid % 5) / 100).toFixed(4)),
      wait: 0.0004,
      idle: 0,
      loadavg: ['0.42', '0.37', '0.33'],
      cpuinfo: { model: node.cpuModel, cpus: node.cpus, cores: node.cpus / 2, sockets: 1, mhz: '2999.998', hvm: '1', user_hz: 100 },
      memory: { total: node.memoryBytes, used, free: node.memoryBytes - used, available: node.memoryBytes - used },
      swap: { total: 8 * GiB, used: 0, free: 8 * GiB },
      rootfs: { total: 100_861_726_720, used: 9_900_000_000, free: 90_961_726_720, avail: 85_780_000_000 },
      ksm: { shared: 0 },
      kversion: `Linux ${release} #1 SMP PREEMPT_DYNAMIC PMX ${release.replace('-pve', '')} (2025-07-22T10:04Z) x86_64`,
      'current-kernel': { sysname: 'Linux', release, version: '#1 SMP PREEMPT_DYNAMIC PMX', machine: 'x86_64' },
      'boot-info': { mode: 'efi', secureboot: 0 },
      pveversion: `pve-manager/${sim.cluster.version}/${(0x5eed + sim.cluster.version.length).toString(16)}c0ffee`,
    },
  };
}

function bridgeEntry(bridge: BridgeState, priority: number): Record<string, unknown> {
  const common = {
    iface: bridge.iface,
    active: 1,
    autostart: 1,
    families: ['inet'],
    method6: 'manual',
    priority,
    // Only an MTU set in the interfaces file is listed; without one the bridge has the kernel's 1500.
    ...(bridge.mtu !== undefined ? { mtu: bridge.mtu } : {}),
    // ifupdown2 keeps the comment's line break; real answers have it too.
    ...(bridge.comment !== undefined ? { comments: `${bridge.comment}\n` } : {}),
  };
  if (bridge.type === 'OVSBridge') {
    return { ...common, type: 'OVSBridge', ovs_type: 'OVSBridge', ...(bridge.ports ? { ovs_ports: bridge.ports } : {}), method: 'manual' };
  }
  const address = bridge.cidr?.split('/');
  return {
    ...common,
    type: 'bridge',
    method: address ? 'static' : 'manual',
    ...(bridge.ports ? { bridge_ports: bridge.ports } : {}),
    bridge_stp: 'off',
    bridge_fd: '0',
    ...(bridge.vlanAware ? { bridge_vlan_aware: 1, bridge_vids: '2-4094' } : {}),
    ...(address ? { cidr: bridge.cidr, address: address[0], netmask: address[1] } : {}),
    ...(bridge.gateway && address ? { gateway: bridge.gateway } : {}),
  };
}

function networkEntries(sim: Simulation, node: string): Array<Record<string, unknown>> {
  const bridges = sim.cluster.bridgesOn(node);
  const ports = bridges.map((bridge) => bridge.ports).filter((port): port is string => Boolean(port));
  const nics = ports.map((iface, index) => ({ iface, type: bridges.some((b) => b.type === 'OVSBridge' && b.ports === iface) ? 'OVSPort' : 'eth', active: 1, exists: 1, families: ['inet'], method: 'manual', method6: 'manual', priority: 3 + index }));
  return [...nics, ...bridges.map((bridge, index) => bridgeEntry(bridge, 10 + index))];
}

function vnetEntries(sim: Simulation): Array<Record<string, unknown>> {
  return sim.cluster.vnets.map((vnet) => ({ iface: vnet.vnet, type: 'vnet', active: 1, ...(vnet.alias ? { comments: vnet.alias } : {}) }));
}

function network(call: Call) {
  const { sim, params } = call;
  nodeOf(sim, params.node);
  const local = networkEntries(sim, params.node);
  const type = params.type;
  let entries: Array<Record<string, unknown>>;
  if (type === 'any_bridge') entries = [...local.filter((entry) => entry.type === 'bridge' || entry.type === 'OVSBridge'), ...vnetEntries(sim)];
  else if (type === 'any_local_bridge') entries = local.filter((entry) => entry.type === 'bridge' || entry.type === 'OVSBridge');
  else if (type === 'include_sdn') entries = [...local, ...vnetEntries(sim)];
  else if (type === 'vnet') entries = vnetEntries(sim);
  else if (type) entries = local.filter((entry) => entry.type === type);
  else entries = local;
  return { data: entries.sort((a, b) => byText(String(a.iface), String(b.iface))) };
}

function storageEntry(storage: StorageState, withFormats: boolean): Record<string, unknown> {
  const avail = Math.max(0, storage.totalBytes - storage.usedBytes);
  const entry: Record<string, unknown> = {
    storage: storage.id,
    type: storage.type,
    content: storage.content.join(','),
    active: flag(storage.enabled),
    enabled: flag(storage.enabled),
    shared: flag(storage.shared),
    total: storage.totalBytes,
    used: storage.usedBytes,
    avail,
    used_fraction: storage.totalBytes === 0 ? 0 : Number((storage.usedBytes / storage.totalBytes).toFixed(6)),
  };
  if (withFormats) {
    // `format` is the old [ {fmt: 1, ...}, default ] pair the web UI reads; `formats` the documented object.
    entry.format = [Object.fromEntries(storage.formats.map((format) => [format, 1])), storage.defaultFormat];
    entry.formats = { supported: storage.formats, default: storage.defaultFormat };
    entry.select_existing = 0;
  }
  return entry;
}

function nodeStorages(call: Call) {
  const { sim, principal, params } = call;
  nodeOf(sim, params.node);
  const wanted = params.content ? splitList(params.content) : undefined;
  // Disabled storages are listed (enabled: 0, active: 0) unless the caller asks for enabled ones only.
  const storages = sim.cluster.storages
    .filter((storage) => !storage.nodes || storage.nodes.includes(params.node))
    .filter((storage) => params.enabled !== '1' || storage.enabled)
    .filter((storage) => !params.storage || storage.id === params.storage)
    .filter((storage) => !wanted || wanted.some((content) => storage.content.includes(content)))
    .filter((storage) => !params.target || storage.shared || sim.cluster.storageAvailableOn(storage, params.target))
    .filter(
      (storage) =>
        !principal ||
        sim.access.can(principal, `/storage/${storage.id}`, 'Datastore.Audit') ||
        sim.access.can(principal, `/storage/${storage.id}`, 'Datastore.AllocateSpace'),
    );
  return { data: storages.map((storage) => storageEntry(storage, params.format === '1')) };
}

function contentEntries(sim: Simulation, storage: StorageState, node: string): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = [];
  if (storage.content.includes('iso')) {
    for (const name of storage.isos) {
      entries.push({ volid: `${storage.id}:iso/${name}`, content: 'iso', format: 'iso', size: isoSizeBytes(name), ctime: isoCtime(name) });
    }
  }
  if (storage.content.includes('vztmpl')) {
    const name = 'debian-12-standard_12.7-1_amd64.tar.zst';
    entries.push({ volid: `${storage.id}:vztmpl/${name}`, content: 'vztmpl', format: 'tzst', size: 126_432_541, ctime: isoCtime(name) });
  }
  if (storage.content.includes('backup')) {
    const name = 'vzdump-qemu-100-2025_06_01-02_00_01.vma.zst';
    entries.push({ volid: `${storage.id}:backup/${name}`, content: 'backup', format: 'vma.zst', size: 3_221_225_472, ctime: 1_748_743_201, vmid: 100, subtype: 'qemu' });
  }
  for (const volume of sim.cluster.volumesOn(storage, node)) {
    entries.push({ volid: volume.volid, content: 'images', format: volume.format, size: volume.sizeBytes, used: 0, ctime: volume.ctime, vmid: volume.vmid });
  }
  return entries;
}

function storageContent(call: Call) {
  const { sim, params } = call;
  nodeOf(sim, params.node);
  const storage = sim.cluster.storage(params.storage);
  if (!storage) throw serverError(`storage '${params.storage}' does not exist`);
  if (!sim.cluster.storageAvailableOn(storage, params.node)) throw serverError(`storage '${storage.id}' is not available on node '${params.node}'`);
  const entries = contentEntries(sim, storage, params.node)
    .filter((entry) => !params.content || entry.content === params.content)
    .filter((entry) => params.vmid === undefined || String(entry.vmid) === params.vmid)
    .sort((a, b) => byText(String(a.volid), String(b.volid)));
  return { data: entries };
}

const MACHINES = [
  { id: 'pc-q35-9.2+pve1', type: 'q35', version: '9.2+pve1' },
  { id: 'pc-q35-9.0', type: 'q35', version: '9.0' },
  { id: 'pc-i440fx-9.2+pve1', type: 'i440fx', version: '9.2+pve1' },
  { id: 'pc-i440fx-9.0', type: 'i440fx', version: '9.0' },
];

/** Per-node routes. */
export const nodeRoutes: readonly Route[] = [
  { method: 'GET', path: '/nodes/{node}/status', proxyToNode: true, permission: { path: '/nodes/{node}', privileges: ['Sys.Audit'] }, handler: nodeStatus },
  { method: 'GET', path: '/nodes/{node}/network', proxyToNode: true, handler: network },
  { method: 'GET', path: '/nodes/{node}/capabilities/qemu/cpu', handler: () => ({ data: BUILTIN_CPU_MODELS }) },
  { method: 'GET', path: '/nodes/{node}/capabilities/qemu/machines', proxyToNode: true, handler: () => ({ data: MACHINES }) },
  {
    method: 'GET',
    path: '/nodes/{node}/capabilities/qemu',
    proxyToNode: true,
    handler: () => ({ data: [{ name: 'cpu' }, { name: 'cpu-flags' }, { name: 'machines' }] }),
  },
  { method: 'GET', path: '/nodes/{node}/storage', proxyToNode: true, handler: nodeStorages },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    proxyToNode: true,
    permission: { path: '/storage/{storage}', privileges: ['Datastore.Audit', 'Datastore.AllocateSpace'], any: true },
    handler: storageContent,
  },
];
