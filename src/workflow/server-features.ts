/**
 * Which API features the connected Proxmox VE has. The request builder and
 * validation ask here instead of comparing version numbers themselves.
 */
import type { ServerVersion } from './cluster-facts';
import { BEYOND_SCHEMA } from './pve-schema';

function atLeast(version: ServerVersion, wanted: { readonly major: number; readonly minor: number }): boolean {
  return version.major > wanted.major || (version.major === wanted.major && version.minor >= wanted.minor);
}

/** `ha-managed=1` on create (PVE >= 9.1); older servers need a separate `POST /cluster/ha/resources`. */
export function supportsHaManagedOnCreate(version: ServerVersion): boolean {
  return atLeast(version, BEYOND_SCHEMA.haManagedSince);
}

/** `allow-ksm` (PVE >= 9.1); older servers always allow KSM and reject the parameter. */
export function supportsAllowKsm(version: ServerVersion): boolean {
  return atLeast(version, BEYOND_SCHEMA.allowKsmSince);
}

/** `9.1` for messages. */
export function versionText(wanted: { readonly major: number; readonly minor: number }): string {
  return `${wanted.major}.${wanted.minor}`;
}
