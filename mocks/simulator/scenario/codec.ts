/**
 * The scenario file: what the simulated cluster contains and how it behaves
 * (docs/simulator.md has the format with examples). Decoded with io-ts so a
 * typo is an error that names its path (`storages[1].contnet: unknown key`).
 *
 * Other simulator modules import only the *types* from here, so io-ts is
 * loaded only when a scenario is actually decoded.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeWith, formatIssues, refine } from '../../../src/shared/decode';

/**
 * An object with required and optional keys that rejects unknown keys with
 * their path (like src/shared/decode's `closed`, which has no optional keys).
 */
function strict<R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) {
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  const base = t.intersection([t.type(required), t.partial(optional)], name);
  return new t.Type<t.TypeOf<typeof base>, t.OutputOf<typeof base>, unknown>(
    name,
    base.is,
    (input, context) => {
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        const unknownKeys = Object.keys(input).filter((key) => !known.has(key));
        if (unknownKeys.length > 0) {
          return t.failures(
            unknownKeys.map((key) => ({
              value: (input as Record<string, unknown>)[key],
              context: [...context, { key, type: t.unknown, actual: (input as Record<string, unknown>)[key] }],
              message: `unknown key (known keys: ${[...known].join(', ')})`,
            })),
          );
        }
      }
      // Report the intersection as the current context entry, so decode.ts leaves its branch numbers out of paths.
      const last = context[context.length - 1];
      return base.validate(input, last ? [...context.slice(0, -1), { ...last, type: base }] : context);
    },
    base.encode,
  );
}

const nonNegative = refine(t.number, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
const positiveInteger = refine(t.number, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
const vmid = refine(t.number, (n) => Number.isInteger(n) && n >= 100 && n <= 999_999_999, 'a VM ID (100 - 999999999)');
const stringList = t.array(t.string);

/** `"all"`, or privileges per ACL path: `{ "/": ["Sys.Audit"], "/vms": ["VM.Allocate"] }` (propagating to sub-paths). */
const Privileges = t.union([t.literal('all'), t.record(t.string, stringList)]);

const NodeSpec = strict(
  { name: t.string },
  { online: t.boolean, ip: t.string, cpus: positiveInteger, memoryGiB: positiveInteger, cpuModel: t.string },
  'node',
);

const StorageSpec = strict(
  { id: t.string, type: t.string, content: stringList },
  {
    shared: t.boolean,
    nodes: stringList,
    enabled: t.boolean,
    totalGiB: nonNegative,
    usedGiB: nonNegative,
    formats: stringList,
    defaultFormat: t.string,
    isos: stringList,
    path: t.string,
    pool: t.string,
  },
  'storage',
);

const BridgeSpec = strict(
  { iface: t.string },
  {
    type: t.union([t.literal('bridge'), t.literal('OVSBridge')]),
    nodes: stringList,
    vlanAware: t.boolean,
    comment: t.string,
    ports: t.string,
    cidr: t.string,
    gateway: t.string,
    mtu: positiveInteger,
  },
  'bridge',
);

const VnetSpec = strict({ vnet: t.string, zone: t.string }, { tag: positiveInteger, alias: t.string }, 'vnet');

const PoolSpec = strict({ poolid: t.string }, { comment: t.string }, 'pool');

const GuestSpec = strict(
  { vmid, name: t.string, node: t.string },
  {
    type: t.union([t.literal('qemu'), t.literal('lxc')]),
    status: t.union([t.literal('running'), t.literal('stopped')]),
    tags: stringList,
    pool: t.string,
    memoryMiB: positiveInteger,
    cores: positiveInteger,
    template: t.boolean,
    ha: t.union([t.literal('started'), t.literal('stopped')]),
  },
  'guest',
);

const TagOptions = strict(
  {},
  {
    registered: stringList,
    userAllow: t.union([t.literal('none'), t.literal('list'), t.literal('existing'), t.literal('free')]),
    userAllowList: stringList,
    colorMap: t.string,
    shape: t.string,
    ordering: t.string,
    caseSensitive: t.boolean,
  },
  'tags',
);

const RealmSpec = strict({ realm: t.string, type: t.string }, { comment: t.string, default: t.boolean, tfa: t.string }, 'realm');

const UserSpec = strict(
  { userid: t.string, password: t.string },
  { enabled: t.boolean, totpSecret: t.string, recoveryKeys: stringList, privileges: Privileges },
  'user',
);

const TokenSpec = strict(
  { tokenid: t.string, secret: t.string },
  { privsep: t.boolean, privileges: Privileges, expire: t.number },
  'token',
);

const FaultSpec = strict(
  {},
  {
    description: t.string,
    method: t.string,
    path: t.string,
    pathRegex: t.string,
    nth: positiveInteger,
    times: positiveInteger,
    status: refine(t.number, (n) => Number.isInteger(n) && n >= 100 && n <= 999, 'an HTTP status'),
    message: t.string,
    errors: t.record(t.string, t.string),
    delayMs: nonNegative,
    hang: t.boolean,
    reset: t.boolean,
    malformed: t.boolean,
    wrongShape: t.boolean,
    body: t.unknown,
    raceVmid: t.boolean,
  },
  'fault',
);

const Without = strict(
  {},
  {
    nodes: stringList,
    storages: stringList,
    bridges: stringList,
    vnets: stringList,
    pools: stringList,
    guests: t.array(vmid),
    realms: stringList,
    users: stringList,
    tokens: stringList,
  },
  'without',
);

const Generate = strict({}, { isos: nonNegative, isoStorage: t.string, tags: nonNegative, guests: nonNegative }, 'generate');

/** The scenario file. Every key is optional; content keys replace the default cluster's list of that kind. */
export const ScenarioCodec = strict(
  {},
  {
    description: t.string,
    version: refine(t.string, (v) => /^\d+\.\d+(\.\d+)?$/.test(v), 'a PVE version like "9.1.2"'),
    clusterName: t.string,
    nodes: t.array(NodeSpec),
    answeringNode: t.string,
    storages: t.array(StorageSpec),
    bridges: t.array(BridgeSpec),
    vnets: t.array(VnetSpec),
    pools: t.array(PoolSpec),
    guests: t.array(GuestSpec),
    tags: TagOptions,
    realms: t.array(RealmSpec),
    users: t.array(UserSpec),
    tokens: t.array(TokenSpec),
    nextIdRange: strict({ lower: vmid, upper: vmid }, {}, 'nextIdRange'),
    without: Without,
    generate: Generate,
    latencyMs: nonNegative,
    authFailureDelayMs: nonNegative,
    ticketLifetimeSeconds: positiveInteger,
    taskDurationMs: nonNegative,
    oldErrorStyle: t.boolean,
    createTaskError: t.string,
    startTaskError: t.string,
    faults: t.array(FaultSpec),
  },
  'scenario',
);

/** A scenario as written in a file (or passed to startSimulator). */
export type Scenario = t.TypeOf<typeof ScenarioCodec>;
/** A node entry of `nodes`. */
export type NodeSpec = t.TypeOf<typeof NodeSpec>;
/** A storage entry of `storages`. */
export type StorageSpec = t.TypeOf<typeof StorageSpec>;
/** A bridge entry of `bridges`. */
export type BridgeSpec = t.TypeOf<typeof BridgeSpec>;
/** An SDN vnet entry of `vnets`. */
export type VnetSpec = t.TypeOf<typeof VnetSpec>;
/** A pool entry of `pools`. */
export type PoolSpec = t.TypeOf<typeof PoolSpec>;
/** A guest entry of `guests`. */
export type GuestSpec = t.TypeOf<typeof GuestSpec>;
/** The `tags` options. */
export type TagOptions = t.TypeOf<typeof TagOptions>;
/** A realm entry of `realms`. */
export type RealmSpec = t.TypeOf<typeof RealmSpec>;
/** A user entry of `users`. */
export type UserSpec = t.TypeOf<typeof UserSpec>;
/** An API token entry of `tokens`. */
export type TokenSpec = t.TypeOf<typeof TokenSpec>;
/** `"all"` or privileges per ACL path. */
export type Privileges = t.TypeOf<typeof Privileges>;
/** One injected fault (docs/simulator.md, "Faults"). */
export type FaultSpec = t.TypeOf<typeof FaultSpec>;

/** Decode a scenario, or throw an Error listing every problem with its path. */
export function decodeScenario(input: unknown, source = 'scenario'): Scenario {
  const result = decodeWith(ScenarioCodec, input);
  if (E.isLeft(result)) {
    throw new Error(`${source} is not a valid scenario:\n  ${formatIssues(result.left).join('\n  ')}`);
  }
  checkFaults(result.right.faults ?? [], source);
  return result.right;
}

const FAULT_ACTIONS = ['status', 'delayMs', 'hang', 'reset', 'malformed', 'wrongShape', 'body', 'raceVmid'] as const;

/** Rules io-ts cannot say per object: each fault needs a path and an action, and nth/times exclude each other. */
function checkFaults(faults: readonly FaultSpec[], source: string): void {
  const problems: string[] = [];
  faults.forEach((fault, index) => {
    if (!fault.path && !fault.pathRegex) problems.push(`faults[${index}]: needs "path" (glob) or "pathRegex"`);
    if (!FAULT_ACTIONS.some((action) => fault[action] !== undefined)) {
      problems.push(`faults[${index}]: needs an action (${FAULT_ACTIONS.join(', ')})`);
    }
    if (fault.nth !== undefined && fault.times !== undefined) problems.push(`faults[${index}]: "nth" and "times" exclude each other`);
    if (fault.pathRegex !== undefined) {
      try {
        new RegExp(fault.pathRegex);
      } catch {
        problems.push(`faults[${index}].pathRegex: not a valid regular expression`);
      }
    }
  });
  if (problems.length > 0) throw new Error(`${source} is not a valid scenario:\n  ${problems.join('\n  ')}`);
}
