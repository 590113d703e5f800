import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Boolish, dataOf, fields, Integerish, maybe, NonEmptyString, splitList, StringList } from './lenient';

/**
 * `GET /cluster/status`: one `cluster` entry (absent on a single node) and one
 * entry per node; `local` marks the node that answered. Only `type`, `name`
 * and `local` are read.
 */
export const ClusterStatusResponse = dataOf(t.array(fields({ type: t.string, name: t.string }, { local: maybe(Boolish) })));
export type ClusterStatusResponse = t.TypeOf<typeof ClusterStatusResponse>;

/** `GET /cluster/nextid`: the schema says integer, real servers send a string ("100"). */
export const NextIdResponse = dataOf(Integerish);
export type NextIdResponse = t.TypeOf<typeof NextIdResponse>;

const UserTagAccessObject = fields({}, { 'user-allow': maybe(t.string), 'user-allow-list': maybe(StringList) });

/**
 * `user-tag-access` comes parsed (`{"user-allow":"list","user-allow-list":[...]}`)
 * from current servers; the property-string form `user-allow=list,user-allow-list=a;b`
 * is accepted too, as datacenter.cfg writes it.
 */
const UserTagAccess = new t.Type<t.TypeOf<typeof UserTagAccessObject>, unknown, unknown>(
  'user-tag-access',
  (input): input is t.TypeOf<typeof UserTagAccessObject> => UserTagAccessObject.is(input),
  (input, context) => UserTagAccessObject.validate(typeof input === 'string' ? parsePropertyString(input) : input, context),
  (value) => value,
);

function parsePropertyString(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key && rest.length) result[key.trim()] = rest.join('=').trim();
  }
  return result;
}

/**
 * `GET /cluster/options`: the parsed datacenter.cfg plus `allowed-tags`. Only
 * the tag settings are read; everything else is ignored. Users without
 * Sys.Audit get only `allowed-tags`, `tag-style` and `console`.
 */
export const ClusterOptionsResponse = dataOf(
  fields(
    {},
    {
      'allowed-tags': maybe(StringList),
      'registered-tags': maybe(StringList),
      'user-tag-access': maybe(UserTagAccess),
    },
  ),
);
export type ClusterOptionsResponse = t.TypeOf<typeof ClusterOptionsResponse>;

/**
 * `GET /cluster/resources?type=vm`: guests anywhere in the cluster. vmid and
 * node are required (a guest without them would hide a used VM ID); older
 * servers send vmid as a string and `template` as "" or 1.
 */
export const VmResourcesResponse = dataOf(
  t.array(
    fields(
      { type: t.string, vmid: Integerish, node: NonEmptyString },
      { id: maybe(t.string), name: maybe(t.string), tags: maybe(t.string), template: maybe(Boolish), status: maybe(t.string) },
    ),
  ),
);
export type VmResourcesResponse = t.TypeOf<typeof VmResourcesResponse>;

/** Tags of a guest as the API stores them: `a;b` (older configs: `a, b`). */
export const tagsOf = (text: string | undefined): string[] => (text ? splitList(text) : []);

/** `GET /pools`: pool IDs (nested pools as `a/b`, PVE >= 8.1). */
export const PoolsResponse = dataOf(t.array(fields({ poolid: NonEmptyString }, { comment: maybe(t.string) })));
export type PoolsResponse = t.TypeOf<typeof PoolsResponse>;

/** Writes that answer `null` (PUT config, POST /cluster/ha/resources); a UPID is tolerated (POST config may return one). */
export const AnyDataResponse = new t.Type<unknown, unknown, unknown>(
  '{ data: ... }',
  (_input): _input is unknown => true,
  (input, context) =>
    pipe(
      t.type({ data: t.unknown }).validate(input, context),
      E.map((body) => body.data),
    ),
  (value) => value,
);
