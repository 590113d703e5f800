/**
 * The simulated Proxmox VE cluster: an HTTPS server on loopback that behaves
 * like the PVE API (envelope, errors, tickets, CSRF, TFA, tokens, tasks,
 * parameter validation from the official schema) with scenario-driven content
 * and injectable faults. Used by `pve-vm-tui --demo`, the end-to-end tests and
 * the benchmarks; docs/simulator.md describes it.
 */
import { createCertificate, type CertificateBundle } from './certificate';
import { FaultSet } from './faults';
import { Router } from './http/api';
import { RequestLogEntry, SimulatorServer } from './http/server';
import { ROUTES } from './routes';
import type { FaultSpec, Scenario, TokenSpec, UserSpec } from './scenario/codec';
import { ResolvedScenario, resolveScenario } from './scenario/resolve';
import { Simulation } from './simulation';
import { effectiveConfig } from './state/cluster';
import type { TaskRecord } from './state/tasks';

/** The scenario format and one fault entry (docs/simulator.md). */
export type { FaultSpec, Scenario } from './scenario/codec';
/** One line of `requests()`. */
export type { RequestLogEntry } from './http/server';

/** Options of startSimulator. */
export interface SimulatorOptions {
  /** TCP port; 0 or unset picks a free one. */
  readonly port?: number;
  /** Listen address; loopback by default (the simulator never listens on other interfaces unless told). */
  readonly host?: string;
  /** A scenario object, or the path of a scenario JSON file. Unset: the default demo cluster. */
  readonly scenario?: Scenario | string;
  /** Milliseconds since the epoch; tests inject one to expire tickets and finish tasks without waiting. */
  readonly clock?: () => number;
  /** Receives one line per answered request (method, path, status; never secrets). */
  readonly onRequest?: (line: string) => void;
  /**
   * Serve this certificate instead of a fresh self-signed one: one issued by
   * a test CA (to try `--ca-file`), or the same one across restarts.
   */
  readonly certificate?: Pick<CertificateBundle, 'cert' | 'key' | 'fingerprint'>;
}

/** Login data for the demo and tests. */
export interface SimulatorCredentials {
  /** A user with full rights and no second factor (root@pam / demo by default). */
  readonly login?: { readonly username: string; readonly password: string };
  /** A user with TOTP (alice@pve by default). */
  readonly totp?: { readonly username: string; readonly password: string; readonly secret: string; readonly recoveryKeys: readonly string[] };
  /** An API token; `value` is what `--token` takes (`USER@REALM!ID=SECRET`). */
  readonly token?: { readonly tokenid: string; readonly secret: string; readonly value: string };
  readonly users: readonly UserSpec[];
  readonly tokens: readonly TokenSpec[];
}

/** A VM as the simulated cluster has it now. */
export interface VmSnapshot {
  readonly vmid: number;
  readonly node: string;
  readonly status: 'running' | 'stopped';
  readonly lock?: string;
  readonly pool?: string;
  /** The config with pending changes applied (what GET .../config shows). */
  readonly config: Readonly<Record<string, string>>;
  readonly pending: Readonly<Record<string, string>>;
  /** The HA resource state, when HA-managed. */
  readonly ha?: string;
}

/** A started simulator: where it listens, how to log in, what it holds, and how to stop it. */
export interface RunningSimulator {
  /** `https://127.0.0.1:PORT`; the API is below `/api2/json`. */
  readonly url: string;
  readonly port: number;
  /** SHA-256 fingerprint of the server certificate, `AA:BB:...`, for pinning. */
  readonly fingerprint: string;
  /** The server certificate (PEM), for clients that prefer to trust it as a CA. */
  readonly certificatePem: string;
  readonly credentials: SimulatorCredentials;
  /** The content and behaviour in effect. */
  readonly scenario: ResolvedScenario;
  /** A VM (qemu guest) by ID, or undefined. */
  vm(vmid: number): VmSnapshot | undefined;
  /** Every qemu VM, by ID. */
  vms(): VmSnapshot[];
  /** A task by UPID (its log lines and exit status), or undefined. */
  task(upid: string): TaskRecord | undefined;
  tasks(): TaskRecord[];
  /** Every request answered (or hanging) so far, oldest first. */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Add a fault at run time; returns its id. */
  addFault(fault: FaultSpec): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** The current TOTP code of a user on the simulator clock (default: the TOTP demo user). */
  totpCode(userid?: string): string | undefined;
  /** Every ticket (TFA challenge tickets too) and CSRF token handed out so far: what a secrets scan looks for. */
  issuedSecrets(): string[];
  /**
   * The server goes away but the cluster stays: stop listening (connecting is
   * refused, as on a closed port) and drop every connection, letting an answer
   * being written finish first. Safe to call from `onRequest`.
   */
  pause(): Promise<void>;
  /** Listen again on the same port, with the same certificate and state. */
  resume(): Promise<void>;
  /**
   * Off: every answer closes its connection (`Connection: close`), so each
   * request connects anew; with pause() the next request is then refused
   * rather than sent down a pooled connection that has just been dropped.
   */
  setKeepAlive(enabled: boolean): void;
  /** Stop: closes the listener and every connection, cancels pending delays. */
  close(): Promise<void>;
}

function credentialsOf(scenario: ResolvedScenario): SimulatorCredentials {
  const { users, tokens } = scenario.content;
  const login = users.find((user) => !user.totpSecret && user.privileges === 'all' && user.enabled !== false) ?? users.find((user) => !user.totpSecret);
  const totp = users.find((user) => user.totpSecret);
  const token = tokens[0];
  return {
    ...(login ? { login: { username: login.userid, password: login.password } } : {}),
    ...(totp?.totpSecret ? { totp: { username: totp.userid, password: totp.password, secret: totp.totpSecret, recoveryKeys: totp.recoveryKeys ?? [] } } : {}),
    ...(token ? { token: { tokenid: token.tokenid, secret: token.secret, value: `${token.tokenid}=${token.secret}` } } : {}),
    users,
    tokens,
  };
}

/** Start the simulated cluster. Rejects when the scenario is invalid or the port is taken. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const scenario = resolveScenario(options.scenario);
  const clock = options.clock ?? Date.now;
  const certificate = options.certificate ?? createCertificate();
  const sim = new Simulation(scenario.content, scenario.behaviour, clock, certificate.fingerprint);
  const server = new SimulatorServer(sim, new Router(ROUTES), new FaultSet(scenario.faults), certificate, options.onRequest);
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 0, host);
  const snapshot = (vmid: number): VmSnapshot | undefined => {
    const guest = sim.cluster.guest(vmid);
    if (!guest || guest.type !== 'qemu') return undefined;
    const ha = sim.cluster.ha.get(`vm:${vmid}`);
    return {
      vmid,
      node: guest.node,
      status: guest.status,
      lock: guest.lock,
      pool: guest.pool,
      config: effectiveConfig(guest, false),
      pending: { ...guest.pending },
      ha: ha?.state,
    };
  };
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    fingerprint: certificate.fingerprint,
    certificatePem: certificate.cert,
    credentials: credentialsOf(scenario),
    scenario,
    vm: (vmid) => {
      sim.tasks.advance();
      return snapshot(vmid);
    },
    vms: () => {
      sim.tasks.advance();
      return [...sim.cluster.guests.keys()].sort((a, b) => a - b).map(snapshot).filter((vm): vm is VmSnapshot => vm !== undefined);
    },
    task: (upid) => sim.tasks.get(upid),
    tasks: () => sim.tasks.list(),
    requests: () => server.requests(),
    clearRequests: () => server.clearRequests(),
    addFault: (fault) => server.faults.add(fault),
    removeFault: (id) => server.faults.remove(id),
    clearFaults: () => server.faults.clear(),
    issuedSecrets: () => [...sim.access.tickets.issued],
    totpCode: (userid) => sim.access.totpCode(userid ?? credentialsOf(scenario).totp?.username ?? ''),
    pause: () => server.pause(),
    resume: () => server.resume(port, host),
    setKeepAlive: (enabled) => server.setKeepAlive(enabled),
    close: () => server.close(),
  };
}
