/** /nodes/{node}/qemu: list, create, config, pending, status, start/stop, destroy. */
import type { Call, Route } from '../http/api';
import type { Simulation } from '../simulation';
import type { GuestState } from '../state/cluster';
import { guestFigures, guestName } from '../state/guest-stats';

/**
 * The VM code (create, update, lifecycle, config formatting), loaded on the
 * first VM call: `--demo` does not need it to reach the login screen.
 */
type VmCode = typeof import('../qemu/create') & typeof import('../qemu/manage') & typeof import('../qemu/config-format');
let vmCodeModule: VmCode | undefined;
function vm(): VmCode {
  vmCodeModule ??= { ...require('../qemu/create'), ...require('../qemu/manage'), ...require('../qemu/config-format') } as VmCode;
  return vmCodeModule;
}

/** The figures vmstatus reports for a VM (list and status/current). */
function vmStatus(sim: Simulation, guest: GuestState): Record<string, unknown> {
  const figures = guestFigures(guest, sim.clock());
  const running = guest.status === 'running';
  return {
    vmid: guest.vmid,
    name: guestName(guest),
    status: guest.status,
    cpus: figures.cpus,
    maxmem: figures.maxmem,
    mem: figures.mem,
    maxdisk: figures.maxdisk,
    disk: figures.disk,
    cpu: figures.cpu,
    uptime: figures.uptime,
    netin: figures.netin,
    netout: figures.netout,
    diskread: figures.diskread,
    diskwrite: figures.diskwrite,
    ...(running && guest.pid ? { pid: guest.pid } : {}),
    ...(guest.lock ? { lock: guest.lock } : {}),
    ...(guest.config.tags ? { tags: guest.config.tags } : {}),
    ...(guest.template ? { template: 1 } : {}),
    ...(guest.config.serial0 ? { serial: 1 } : {}),
  };
}

function listVms(call: Call) {
  const { sim, principal, params } = call;
  const guests = [...sim.cluster.guests.values()]
    .filter((guest) => guest.type === 'qemu' && guest.node === params.node)
    .filter((guest) => !principal || sim.access.can(principal, `/vms/${guest.vmid}`, 'VM.Audit'))
    .sort((a, b) => a.vmid - b.vmid);
  return { data: guests.map((guest) => vmStatus(sim, guest)) };
}

function currentStatus(call: Call) {
  const { sim, params } = call;
  const guest = vm().requireVm(sim, params.node, params.vmid);
  const ha = sim.cluster.ha.get(`vm:${guest.vmid}`);
  const agent = /^(?:enabled=)?1/.test(guest.config.agent ?? '');
  return {
    data: {
      ...vmStatus(sim, guest),
      qmpstatus: guest.status,
      ha: ha ? { managed: 1, state: ha.state } : { managed: 0 },
      ...(agent ? { agent: 1 } : {}),
      ...(guest.status === 'running' ? { 'running-machine': 'pc-q35-9.2+pve1', 'running-qemu': '9.2.0' } : {}),
    },
  };
}

function getConfig(call: Call) {
  const { sim, params } = call;
  const guest = vm().requireVm(sim, params.node, params.vmid);
  const config = vm().effectiveConfig(guest, params.current === '1');
  if (guest.lock) config.lock = guest.lock;
  return { data: { ...vm().typedConfig(config), digest: vm().configDigest(guest.config) } };
}

function pending(call: Call) {
  const { sim, params } = call;
  const guest = vm().requireVm(sim, params.node, params.vmid);
  const keys = [...new Set([...Object.keys(guest.config), ...Object.keys(guest.pending), ...guest.pendingDelete])].sort();
  return {
    data: keys.map((key) => ({
      key,
      ...(guest.config[key] !== undefined ? { value: guest.config[key] } : {}),
      ...(guest.pending[key] !== undefined ? { pending: guest.pending[key] } : {}),
      ...(guest.pendingDelete.includes(key) ? { delete: 1 } : {}),
    })),
  };
}

const VM_CONFIG_PRIVILEGES = [
  'VM.Config.Disk', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Config.Cloudinit',
];

/** VM routes. */
export const qemuRoutes: readonly Route[] = [
  { method: 'GET', path: '/nodes/{node}/qemu', proxyToNode: true, handler: listVms },
  { method: 'POST', path: '/nodes/{node}/qemu', proxyToNode: true, handler: (call) => vm().createVm(call) },
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}',
    proxyToNode: true,
    handler: (call) => {
      vm().requireVm(call.sim, call.params.node, call.params.vmid);
      return { data: ['config', 'pending', 'status', 'rrd', 'rrddata', 'firewall', 'snapshot', 'agent'].map((subdir) => ({ subdir })) };
    },
  },
  { method: 'GET', path: '/nodes/{node}/qemu/{vmid}/config', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.Audit'] }, handler: getConfig },
  {
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxyToNode: true,
    permission: { path: '/vms/{vmid}', privileges: VM_CONFIG_PRIVILEGES, any: true },
    handler: (call) => vm().updateConfig(call, false),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxyToNode: true,
    permission: { path: '/vms/{vmid}', privileges: VM_CONFIG_PRIVILEGES, any: true },
    handler: (call) => vm().updateConfig(call, true),
  },
  { method: 'GET', path: '/nodes/{node}/qemu/{vmid}/pending', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.Audit'] }, handler: pending },
  { method: 'GET', path: '/nodes/{node}/qemu/{vmid}/status/current', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.Audit'] }, handler: currentStatus },
  { method: 'POST', path: '/nodes/{node}/qemu/{vmid}/status/start', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.PowerMgmt'] }, handler: (call) => vm().startVm(call) },
  { method: 'POST', path: '/nodes/{node}/qemu/{vmid}/status/stop', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.PowerMgmt'] }, handler: (call) => vm().stopVm(call) },
  { method: 'DELETE', path: '/nodes/{node}/qemu/{vmid}', proxyToNode: true, permission: { path: '/vms/{vmid}', privileges: ['VM.Allocate'] }, handler: (call) => vm().destroyVm(call) },
];
