/**
 * Turns a scenario (file path, object or nothing) into the cluster content
 * and behaviour the simulator runs with: default cluster, then the
 * scenario's replacement lists, then `without`, then `generate`.
 */
import * as fs from 'node:fs';
import { ClusterContent, DEFAULT_CLUSTER } from '../content/default-cluster';
import { generateGuests, generateIsoNames, generateTags } from '../content/generate';
import type { FaultSpec, Scenario } from './codec';

/** How the simulated server behaves, with defaults applied. */
export interface Behaviour {
  /** Added to every answer (benchmarks on slow links). */
  readonly latencyMs: number;
  /** Added to 401 answers; real servers wait about 3 s (0 by default so tests and the demo stay fast). */
  readonly authFailureDelayMs: number;
  /** Ticket and CSRF token lifetime; PVE: 7200. */
  readonly ticketLifetimeSeconds: number;
  /** How long a qmcreate/qmstart/... task runs. */
  readonly taskDurationMs: number;
  /** Answer errors without the JSON `message` (PVE < 8.4). */
  readonly oldErrorStyle: boolean;
  /** Make every qmcreate task fail with this reason (the VM is removed again). */
  readonly createTaskError?: string;
  /** Make every VM start fail with this reason. */
  readonly startTaskError?: string;
}

/** A scenario with everything resolved. */
export interface ResolvedScenario {
  readonly content: ClusterContent;
  readonly behaviour: Behaviour;
  readonly faults: readonly FaultSpec[];
}

/** Default task duration: long enough to watch the progress in `--demo`, short enough not to bore. */
export const DEFAULT_TASK_DURATION_MS = 2000;

/** Read and decode a scenario file (JSON). Throws an Error naming the file and every problem. */
export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read scenario ${path}: ${(error as Error).message}`, { cause: error });
  }
  return decode(raw, path);
}

function decode(raw: unknown, source: string): Scenario {
  // Loaded here, not at the top: io-ts is only needed when there is a scenario.
  const { decodeScenario } = require('./codec') as typeof import('./codec');
  return decodeScenario(raw, source);
}

/** Resolve `scenario` (a path, an object, or undefined for the default cluster). */
export function resolveScenario(scenario: Scenario | string | undefined): ResolvedScenario {
  const decoded = typeof scenario === 'string' ? loadScenarioFile(scenario) : scenario === undefined ? {} : decode(scenario, 'scenario');
  return {
    content: generate(remove(replace(DEFAULT_CLUSTER, decoded), decoded), decoded),
    behaviour: {
      latencyMs: decoded.latencyMs ?? 0,
      authFailureDelayMs: decoded.authFailureDelayMs ?? 0,
      ticketLifetimeSeconds: decoded.ticketLifetimeSeconds ?? 7200,
      taskDurationMs: decoded.taskDurationMs ?? DEFAULT_TASK_DURATION_MS,
      oldErrorStyle: decoded.oldErrorStyle ?? false,
      createTaskError: decoded.createTaskError,
      startTaskError: decoded.startTaskError,
    },
    faults: decoded.faults ?? [],
  };
}

function replace(base: ClusterContent, scenario: Scenario): ClusterContent {
  return {
    version: scenario.version ?? base.version,
    clusterName: scenario.clusterName ?? base.clusterName,
    nodes: scenario.nodes ?? base.nodes,
    answeringNode: scenario.answeringNode ?? base.answeringNode,
    storages: scenario.storages ?? base.storages,
    bridges: scenario.bridges ?? base.bridges,
    vnets: scenario.vnets ?? base.vnets,
    pools: scenario.pools ?? base.pools,
    guests: scenario.guests ?? base.guests,
    tags: scenario.tags ?? base.tags,
    realms: scenario.realms ?? base.realms,
    users: scenario.users ?? base.users,
    tokens: scenario.tokens ?? base.tokens,
    nextIdRange: scenario.nextIdRange ?? base.nextIdRange,
  };
}

function remove(content: ClusterContent, scenario: Scenario): ClusterContent {
  const without = scenario.without;
  if (!without) return content;
  const keep = <T>(items: readonly T[], removed: readonly (string | number)[] | undefined, key: (item: T) => string | number) =>
    removed ? items.filter((item) => !removed.includes(key(item))) : items;
  return {
    ...content,
    nodes: keep(content.nodes, without.nodes, (node) => node.name),
    storages: keep(content.storages, without.storages, (storage) => storage.id),
    bridges: keep(content.bridges, without.bridges, (bridge) => bridge.iface),
    vnets: keep(content.vnets, without.vnets, (vnet) => vnet.vnet),
    pools: keep(content.pools, without.pools, (pool) => pool.poolid),
    guests: keep(content.guests, without.guests, (guest) => guest.vmid),
    realms: keep(content.realms, without.realms, (realm) => realm.realm),
    users: keep(content.users, without.users, (user) => user.userid),
    tokens: keep(content.tokens, without.tokens, (token) => token.tokenid),
  };
}

function generate(content: ClusterContent, scenario: Scenario): ClusterContent {
  const spec = scenario.generate;
  if (!spec) return content;
  let result = content;
  if (spec.isos) {
    const target = spec.isoStorage ?? result.storages.find((storage) => storage.content.includes('iso'))?.id;
    const isos = generateIsoNames(spec.isos);
    result = {
      ...result,
      storages: result.storages.map((storage) => (storage.id === target ? { ...storage, isos: [...(storage.isos ?? []), ...isos] } : storage)),
    };
  }
  const generatedTags = spec.tags ? generateTags(spec.tags) : [];
  if (generatedTags.length > 0) {
    result = { ...result, tags: { ...result.tags, registered: [...(result.tags.registered ?? []), ...generatedTags] } };
  }
  if (spec.guests) {
    const firstVmid = Math.max(999, ...result.guests.map((guest) => guest.vmid)) + 1;
    const nodes = result.nodes.map((node) => node.name);
    result = { ...result, guests: [...result.guests, ...generateGuests(spec.guests, nodes, generatedTags, firstVmid)] };
  }
  return result;
}
