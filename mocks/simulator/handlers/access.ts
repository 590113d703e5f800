/** /access: realms, login (tickets, TFA, renewal) and the caller's permissions. */
import type { Route } from '../http/api';
import { PRIVILEGE_GROUPS } from '../auth/privileges';

/** Access routes (realms, login, permissions). */
export const accessRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/access/domains',
    world: true,
    handler: ({ sim }) => ({
      // pve-access-control Domains.pm index; "default": 1 is not in the return schema but real servers send it.
      data: sim.access.realms.map((realm) => ({
        realm: realm.realm,
        type: realm.type,
        ...(realm.comment !== undefined ? { comment: realm.comment } : {}),
        ...(realm.tfa !== undefined ? { tfa: realm.tfa } : {}),
        ...(realm.default ? { default: 1 } : {}),
      })),
    }),
  },
  {
    method: 'GET',
    path: '/access/ticket',
    world: true,
    handler: () => ({ data: null }),
  },
  {
    method: 'POST',
    path: '/access/ticket',
    world: true,
    allowToken: false,
    handler: ({ sim, params }) => ({ data: sim.access.login(params) }),
  },
  {
    method: 'GET',
    path: '/access/permissions',
    handler: ({ sim, principal }) => {
      const result: Record<string, Record<string, 1>> = {};
      if (!principal) return { data: result };
      const paths = ['/', '/vms', '/storage', '/nodes', '/pool', '/sdn', '/access', '/mapping'];
      const allPrivileges = [...new Set(Object.values(PRIVILEGE_GROUPS).flat())];
      for (const path of paths) {
        const held: Record<string, 1> = {};
        for (const privilege of allPrivileges) if (sim.access.can(principal, path, privilege)) held[privilege] = 1;
        if (Object.keys(held).length > 0) result[path] = held;
      }
      return { data: result };
    },
  },
];
