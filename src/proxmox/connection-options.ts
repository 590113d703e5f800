import { token } from '../shared/token';

/**
 * Where the client connects and how it trusts the server. The proxmox layer
 * has its own shape (it may not import src/config); the composition root maps
 * AppConfig onto it, and SessionService.useEndpoint() can change it at run time.
 */
export interface ProxmoxEndpoint {
  /** `https://host:8006`, without `/api2/json`. */
  readonly url: string;
  /** Pin the server certificate by SHA-256 (`AA:BB:...`, any case, colons optional). */
  readonly fingerprint?: string;
  /** A PEM bundle trusted in addition to the CA roots bundled with Node.js. */
  readonly caFile?: string;
  /** Skip certificate verification entirely (`--insecure`). */
  readonly insecure?: boolean;
}

/** Whether two endpoints are the same server trusted the same way (a ticket from one is good on the other). */
export function sameEndpoint(a: ProxmoxEndpoint, b: ProxmoxEndpoint): boolean {
  return a.url === b.url && a.fingerprint === b.fingerprint && a.caFile === b.caFile && Boolean(a.insecure) === Boolean(b.insecure);
}

/** Timing knobs of the client; everything has a sensible default (see `defaultClientOptions`). */
export interface ProxmoxClientOptions {
  /** The server to start with (from the config); SessionService.useEndpoint() can change it. */
  readonly endpoint?: ProxmoxEndpoint;
  /** Connect + response limit for an ordinary request. */
  readonly requestTimeoutMs: number;
  /** Limit for task status/log polls: short, because the next poll comes soon anyway. */
  readonly pollTimeoutMs: number;
  /** Renew the ticket once it is this old (the web UI renews about every 15 minutes). */
  readonly renewTicketAfterMs: number;
  /** After a failed background renewal that may be transient, try again this much later. */
  readonly renewRetryMs: number;
  /** Proxmox tickets live 2 hours; past that a renewal cannot succeed. */
  readonly ticketLifetimeMs: number;
}
export const ProxmoxClientOptions = token<ProxmoxClientOptions>('ProxmoxClientOptions');

export const defaultClientOptions: ProxmoxClientOptions = {
  requestTimeoutMs: 15_000,
  pollTimeoutMs: 10_000,
  renewTicketAfterMs: 15 * 60_000,
  renewRetryMs: 60_000,
  ticketLifetimeMs: 2 * 60 * 60_000,
};

/** Host and port of an endpoint URL, for messages (`pve1.example.org:8006`). */
export function describeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return url;
  }
}
