/**
 * Privileges and ACL paths, kept simple: a user (or a privilege-separated
 * token) holds privileges on ACL paths, and a privilege on a path covers its
 * sub-paths (like a propagating ACL entry). "all" is root@pam's everything.
 */
import type { Privileges } from '../scenario/codec';

/** Every privilege of PVE 9, grouped as the login `cap` object groups them. */
export const PRIVILEGE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  vms: [
    'VM.Allocate', 'VM.Audit', 'VM.Backup', 'VM.Clone', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Cloudinit',
    'VM.Config.Disk', 'VM.Config.HWType', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console',
    'VM.GuestAgent.Audit', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite',
    'VM.GuestAgent.Unrestricted', 'VM.Migrate', 'VM.PowerMgmt', 'VM.Replicate', 'VM.Snapshot', 'VM.Snapshot.Rollback',
    'Permissions.Modify',
  ],
  storage: ['Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit', 'Permissions.Modify'],
  nodes: ['Sys.AccessNetwork', 'Sys.Audit', 'Sys.Console', 'Sys.Incoming', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog', 'Permissions.Modify'],
  dc: ['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Modify'],
  access: ['Group.Allocate', 'Permissions.Modify', 'Realm.Allocate', 'Realm.AllocateUser', 'User.Modify'],
  sdn: ['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Permissions.Modify'],
  mapping: ['Mapping.Audit', 'Mapping.Modify', 'Mapping.Use', 'Permissions.Modify'],
};

/** The ACL path each `cap` group is read from. */
const GROUP_PATHS: Readonly<Record<string, string>> = {
  vms: '/vms',
  storage: '/storage',
  nodes: '/nodes',
  dc: '/',
  access: '/access',
  sdn: '/sdn',
  mapping: '/mapping',
};

/** Whether ACL path `ancestor` covers `path` (`/vms` covers `/vms/100`, `/` covers everything). */
function covers(ancestor: string, path: string): boolean {
  if (ancestor === '/' || ancestor === path) return true;
  return path.startsWith(`${ancestor.replace(/\/+$/, '')}/`);
}

/** Whether `privileges` grant `privilege` on `path`. */
export function grants(privileges: Privileges | undefined, path: string, privilege: string): boolean {
  if (privileges === undefined) return false;
  if (privileges === 'all') return true;
  return Object.entries(privileges).some(([aclPath, list]) => list.includes(privilege) && covers(aclPath, path));
}

/** Whether `privileges` grant anything under `path` (for filtering lists such as pools). */
export function grantsBelow(privileges: Privileges | undefined, path: string, privilege: string): boolean {
  if (privileges === 'all') return true;
  if (privileges === undefined) return false;
  return Object.entries(privileges).some(([aclPath, list]) => list.includes(privilege) && (covers(aclPath, path) || covers(path, aclPath)));
}

/** The login answer's `cap` object: each group's privileges the user holds on the group's path or below. */
export function capabilities(privileges: Privileges | undefined): Record<string, Record<string, 1>> {
  const cap: Record<string, Record<string, 1>> = {};
  for (const [group, list] of Object.entries(PRIVILEGE_GROUPS)) {
    const held: Record<string, 1> = {};
    for (const privilege of list) if (grantsBelow(privileges, GROUP_PATHS[group], privilege)) held[privilege] = 1;
    cap[group] = held;
  }
  return cap;
}
