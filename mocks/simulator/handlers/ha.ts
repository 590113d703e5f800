/** /cluster/ha/resources: list, show, add (the separate HA registration of PVE < 9.1 clients). */
import type { Call, Route } from '../http/api';
import { serverError } from '../http/errors';
import type { HaResourceState } from '../state/cluster';

/** `vm:100`, `ct:105`, or a bare VM ID resolved by the guest's type (pve-ha-manager parse_sid). */
function normalizeSid(call: Call, sid: string): string {
  if (!/^\d+$/.test(sid)) return sid;
  const guest = call.sim.cluster.guest(Number(sid));
  return `${guest?.type === 'lxc' ? 'ct' : 'vm'}:${sid}`;
}

function entry(resource: HaResourceState) {
  return {
    sid: resource.sid,
    type: resource.type,
    state: resource.state,
    max_restart: resource.maxRestart,
    max_relocate: resource.maxRelocate,
    ...(resource.comment !== undefined ? { comment: resource.comment } : {}),
    ...(resource.failback !== undefined ? { failback: Number(resource.failback) } : {}),
    digest: 'ab34cd56ef78ab34cd56ef78ab34cd56ef78ab34',
  };
}

function addResource(call: Call) {
  const { sim, params } = call;
  const sid = normalizeSid(call, params.sid);
  const [type, id] = sid.split(':');
  if (params.type !== undefined && params.type !== type) throw serverError('types does not match');
  const guest = sim.cluster.guest(Number(id));
  const expected = type === 'ct' ? 'lxc' : 'qemu';
  if (!guest || guest.type !== expected) throw serverError(`resource '${sid}' does not exist in cluster`);
  if (sim.cluster.ha.has(sid)) throw serverError(`resource ID '${sid}' already defined`);
  sim.cluster.ha.set(sid, {
    sid,
    type: type as 'vm' | 'ct',
    state: params.state ?? 'started',
    maxRestart: Number(params.max_restart ?? 1),
    maxRelocate: Number(params.max_relocate ?? 1),
    comment: params.comment,
    failback: params.failback,
  });
  return { data: null };
}

/** HA resource routes. */
export const haRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/cluster/ha/resources',
    permission: { path: '/', privileges: ['Sys.Audit'] },
    handler: ({ sim, params }) => ({ data: [...sim.cluster.ha.values()].filter((r) => !params.type || r.type === params.type).map(entry) }),
  },
  {
    method: 'GET',
    path: '/cluster/ha/resources/{sid}',
    permission: { path: '/', privileges: ['Sys.Audit'] },
    handler: (call) => {
      const sid = normalizeSid(call, call.params.sid);
      const resource = call.sim.cluster.ha.get(sid);
      if (!resource) throw serverError(`no such resource '${sid}'`);
      return { data: entry(resource) };
    },
  },
  { method: 'POST', path: '/cluster/ha/resources', permission: { path: '/', privileges: ['Sys.Console'] }, handler: addResource },
];
