/** /access: realms, login (tickets, TFA, renewal) and the caller's permissions. */
import type { Principal } from '../auth/access';
import type { Call, Route } from '../http/api';
import { PRIVILEGE_GROUPS } from '../auth/privileges';

/** The ACL paths listed when no `path` is asked for. */
const PERMISSION_PATHS = ['/', '/vms', '/storage', '/nodes', '/pool', '/sdn', '/access', '/mapping'];

/**
 * GET /access/permissions (pve-access-control AccessControl.pm permissions):
 * the caller's own effective privileges (a token's, for token calls), or those
 * of `userid` (another user's needs Sys.Audit on /access; a user may read their
 * own tokens'). With `path`, only that path, even when nothing is held there.
 * Each privilege maps to its propagate flag (always 1 here).
 */
function permissions(call: Call) {
  const { sim, params } = call;
  const caller = call.principal as Principal;
  const callerId = sim.access.taskUser(caller);
  const subjectId = params.userid ?? callerId;
  const [userid, tokenName] = subjectId.split('!');
  if (subjectId !== callerId && userid !== callerId) sim.access.check(caller, '/access', ['Sys.Audit']);
  const subject: Principal = { userid, ...(tokenName !== undefined ? { tokenid: subjectId } : {}) };
  // The login `cap` groups leave out the pool privileges; the permission dump has them.
  const allPrivileges = [...new Set([...Object.values(PRIVILEGE_GROUPS).flat(), 'Pool.Allocate', 'Pool.Audit'])].sort();
  const held = (path: string): Record<string, 1> =>
    Object.fromEntries(allPrivileges.filter((privilege) => sim.access.can(subject, path, privilege)).map((privilege) => [privilege, 1 as const]));
  if (params.path !== undefined) return { data: { [params.path]: held(params.path) } };
  const result: Record<string, Record<string, 1>> = {};
  for (const path of PERMISSION_PATHS) {
    const privileges = held(path);
    if (Object.keys(privileges).length > 0) result[path] = privileges;
  }
  return { data: result };
}

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
  { method: 'GET', path: '/access/permissions', handler: permissions },
];
