/**
 * The VM permission checks of qemu-server and pve-guest-common that depend on
 * the cluster (which pool a VM is in, which tags exist): RPCEnvironment
 * check_vm_perm, qemu-server's per-key $check_vm_modify_config_perm and
 * serial-port rule, and GuestHelpers get_allowed_tags / assert_tag_permissions.
 * Checks throw the 403 PVE raises; the tag check can also report its reason
 * for a worker task to fail with.
 */
import { permissionError, serverError } from '../http/errors';
import type { Simulation } from '../simulation';
import { splitTags } from '../state/cluster';
import type { Principal } from './access';

/** qemu-server's `$authuser eq 'root@pam'` shortcut: root's ticket, not one of root's API tokens. */
export function isRootSession(principal: Principal): boolean {
  return principal.userid === 'root@pam' && principal.tokenid === undefined;
}

/**
 * check_vm_perm: the privileges on the given pool, else on `/vms/<id>`, whose
 * ACLs include those of the pool the VM is in (PVE's permissions() merges them).
 * Returns the ACL path that failed, or undefined when granted.
 */
function missingVmPrivilege(sim: Simulation, principal: Principal, vmid: number, pool: string | undefined, privileges: readonly string[], any: boolean): string | undefined {
  const holdsOn = (path: string) => (any ? privileges.some((p) => sim.access.can(principal, path, p)) : privileges.every((p) => sim.access.can(principal, path, p)));
  if (pool !== undefined && holdsOn(`/pool/${pool}`)) return undefined;
  const memberOf = sim.cluster.guest(vmid)?.pool;
  if (holdsOn(`/vms/${vmid}`) || (memberOf !== undefined && holdsOn(`/pool/${memberOf}`))) return undefined;
  const missing = any ? privileges.join('|') : privileges.find((p) => !sim.access.can(principal, `/vms/${vmid}`, p));
  return `/vms/${vmid}, ${missing}`;
}

/** check_vm_perm, throwing 403 `Permission check failed (/vms/<id>, <privilege>)`. */
export function checkVmPerm(sim: Simulation, principal: Principal, vmid: number, pool: string | undefined, privileges: readonly string[], any = false): void {
  const missing = missingVmPrivilege(sim, principal, vmid, pool, privileges, any);
  if (missing !== undefined) throw permissionError(missing);
}

/** Whether `principal` passes check_vm_perm (the `$noerr` form). */
export function vmPermitted(sim: Simulation, principal: Principal, vmid: number, privilege: string): boolean {
  return missingVmPrivilege(sim, principal, vmid, undefined, [privilege], false) === undefined;
}

/** Config keys per privilege group (qemu-server API2/Qemu.pm $cpuoptions, $memoryoptions, ...). */
const CPU_OPTIONS = new Set(['cores', 'cpu', 'runningcpu', 'cpulimit', 'cpuunits', 'numa', 'smp', 'sockets', 'vcpus']);
const MEMORY_OPTIONS = new Set(['memory', 'balloon', 'shares', 'allow-ksm']);
const HWTYPE_OPTIONS = new Set(['acpi', 'hotplug', 'kvm', 'machine', 'runningmachine', 'scsihw', 'smbios1', 'tablet', 'vga', 'watchdog', 'audio0', 'rng0']);
const GENERAL_OPTIONS = new Set([
  'agent', 'autostart', 'bios', 'description', 'keyboard', 'localtime', 'migrate_downtime', 'migrate_speed', 'name', 'onboot', 'ostype',
  'protection', 'reboot', 'startdate', 'startup', 'tdf', 'template',
]);
const POWER_OPTIONS = new Set(['freeze']);
const DISK_OPTIONS = new Set(['boot', 'bootdisk', 'vmstatestorage']);
const CLOUDINIT_OPTIONS = new Set(['cicustom', 'cipassword', 'citype', 'ciuser', 'ciupgrade', 'nameserver', 'searchdomain', 'sshkeys']);

/** Keys whose permission depends on the value and is checked elsewhere (drives, serial ports, USB, PCI, virtiofs, tags). */
const CHECKED_ELSEWHERE = /^(?:(?:ide|sata|scsi|virtio|unused|serial|usb|hostpci|virtiofs)\d+|efidisk0|tpmstate0|cdrom|tags)$/;

/** What one config key needs: privileges on the VM (any of them when `any`), and whether it is root's alone. */
function privilegesForKey(key: string): { readonly privileges: readonly string[]; readonly any?: boolean } | 'root-only' {
  if (CPU_OPTIONS.has(key) || /^numa\d+$/.test(key)) return { privileges: ['VM.Config.CPU'] };
  if (MEMORY_OPTIONS.has(key)) return { privileges: ['VM.Config.Memory'] };
  if (HWTYPE_OPTIONS.has(key)) return { privileges: ['VM.Config.HWType'] };
  if (GENERAL_OPTIONS.has(key)) return { privileges: ['VM.Config.Options'] };
  if (POWER_OPTIONS.has(key)) return { privileges: ['VM.PowerMgmt'] };
  if (DISK_OPTIONS.has(key)) return { privileges: ['VM.Config.Disk'] };
  if (/^net\d+$/.test(key) || key === 'running-nets-host-mtu') return { privileges: ['VM.Config.Network'] };
  if (CLOUDINIT_OPTIONS.has(key) || /^ipconfig\d+$/.test(key)) return { privileges: ['VM.Config.Cloudinit', 'VM.Config.Network'], any: true };
  if (key === 'vmstate') return { privileges: ['VM.Config.Disk', 'VM.PowerMgmt'] };
  return 'root-only';
}

/**
 * $check_vm_modify_config_perm: each key needs its group's privilege on the VM
 * (or the pool it is created in); `startup` also Sys.Modify on `/` because it
 * changes how the host boots. Keys outside every group are root@pam's.
 */
export function checkModifyConfigPerm(sim: Simulation, principal: Principal, vmid: number, pool: string | undefined, keys: readonly string[]): void {
  if (isRootSession(principal)) return;
  for (const key of keys) {
    if (CHECKED_ELSEWHERE.test(key)) continue;
    const needed = privilegesForKey(key);
    if (needed === 'root-only') throw serverError(`only root can set '${key}' config`);
    checkVmPerm(sim, principal, vmid, pool, needed.privileges, needed.any);
    if (key === 'startup') sim.access.check(principal, '/', ['Sys.Modify']);
  }
}

/** $check_vm_create_serial_perm: a socket serial port needs VM.Config.HWType; a host device is root's. */
export function checkSerialPerm(sim: Simulation, principal: Principal, vmid: number, pool: string | undefined, params: Readonly<Record<string, string>>, verb = 'set'): void {
  if (isRootSession(principal)) return;
  for (const key of Object.keys(params).filter((name) => /^serial\d+$/.test(name))) {
    if (params[key] !== 'socket') throw serverError(`only root can ${verb} '${key}' config for real devices`);
    checkVmPerm(sim, principal, vmid, pool, ['VM.Config.HWType']);
  }
}

/** The tags a user may set and the datacenter's registered tags (GuestHelpers get_allowed_tags). */
export interface AllowedTags {
  readonly allowed: ReadonlySet<string>;
  readonly registered: ReadonlySet<string>;
  /** `user-allow=free`: any new tag. */
  readonly freeform: boolean;
}

/** Whether `principal` may modify any tag: Sys.Modify on `/`. */
export function mayModifyAnyTag(sim: Simulation, principal: Principal | undefined): boolean {
  return principal !== undefined && sim.access.can(principal, '/', 'Sys.Modify');
}

/**
 * get_allowed_tags: the user-allow-list (unless user-allow=none), the tags of
 * guests the user may audit (with `free` or `existing`), and for a privileged
 * user (Sys.Modify on /) all of those plus the registered tags; everyone else
 * loses the registered tags.
 */
export function allowedTags(sim: Simulation, principal: Principal | undefined): AllowedTags {
  const options = sim.cluster.tagOptions;
  const userAllow = options.userAllow ?? 'free';
  const privileged = mayModifyAnyTag(sim, principal);
  const registered = new Set(options.registered ?? []);
  const allowed = new Set<string>();
  if (userAllow !== 'none' || privileged) for (const tag of options.userAllowList ?? []) allowed.add(tag);
  if (userAllow === 'free' || userAllow === 'existing' || privileged) {
    for (const guest of sim.cluster.guests.values()) {
      if (!privileged && (principal === undefined || !vmPermitted(sim, principal, guest.vmid, 'VM.Audit'))) continue;
      for (const tag of splitTags(guest.config.tags)) allowed.add(tag);
    }
  }
  for (const tag of registered) {
    if (privileged) allowed.add(tag);
    else allowed.delete(tag);
  }
  return { allowed, registered, freeform: userAllow === 'free' };
}

/**
 * assert_tag_permissions: VM.Config.Options on the VM, then for every tag whose
 * count changes between the old and the new value, unless the user holds
 * Sys.Modify on `/`: it must be allowed (or new tags free) and not registered.
 * Returns what failed (`/, Sys.Modify for modifying tag 'x'`), the text inside
 * "Permission check failed (...)", or undefined when permitted.
 */
export function tagPermissionProblem(sim: Simulation, principal: Principal, vmid: number, oldTags: string | undefined, newTags: string | undefined): string | undefined {
  const options = missingVmPrivilege(sim, principal, vmid, undefined, ['VM.Config.Options'], false);
  if (options !== undefined) return options;
  if (mayModifyAnyTag(sim, principal)) return undefined;
  const count = (tags: string | undefined) => splitTags(tags).reduce((counts, tag) => counts.set(tag, (counts.get(tag) ?? 0) + 1), new Map<string, number>());
  const before = count(oldTags);
  const after = count(newTags);
  const changed = [...new Set([...after.keys(), ...before.keys()])].filter((tag) => (after.get(tag) ?? 0) !== (before.get(tag) ?? 0));
  if (changed.length === 0) return undefined;
  const { allowed, registered, freeform } = allowedTags(sim, principal);
  const refused = changed.find((tag) => (!allowed.has(tag) && !freeform) || registered.has(tag));
  return refused === undefined ? undefined : `/, Sys.Modify for modifying tag '${refused}'`;
}

/** assert_tag_permissions for a synchronous call: a 403 when refused. */
export function checkTagPermissions(sim: Simulation, principal: Principal, vmid: number, oldTags: string | undefined, newTags: string | undefined): void {
  const problem = tagPermissionProblem(sim, principal, vmid, oldTags, newTags);
  if (problem !== undefined) throw permissionError(problem);
}
