/**
 * Proxmox task IDs (pve-common src/PVE/UPID.pm):
 * `UPID:$node:$pid:$pstart:$starttime:$type:$id:$user:` with pid, pstart and
 * starttime as upper-case hex (pstart may grow to 9 digits after ~497 days of
 * uptime). The node in the UPID is where the task runs, and so where its
 * status must be asked for.
 */
const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export interface Upid {
  readonly raw: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  /** Seconds since the epoch. */
  readonly startTime: number;
  /** Worker type: `qmcreate`, `qmstart`, ... */
  readonly type: string;
  /** Worker ID, for VM tasks the VM ID. */
  readonly id: string;
  /** Who started it: `user@realm` or a token `user@realm!token`. */
  readonly user: string;
}

/** Parses a UPID; undefined when it is not one. */
export function parseUpid(text: string): Upid | undefined {
  const match = UPID_PATTERN.exec(text);
  if (!match) return undefined;
  return {
    raw: text,
    node: match[1],
    pid: parseInt(match[3], 16),
    pstart: parseInt(match[4], 16),
    startTime: parseInt(match[5], 16),
    type: match[6],
    id: match[7],
    user: match[8],
  };
}

export function isUpid(text: unknown): text is string {
  return typeof text === 'string' && parseUpid(text) !== undefined;
}
