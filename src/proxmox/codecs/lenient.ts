/**
 * io-ts building blocks for Proxmox answers. Real servers are loose where the
 * schema is not: numbers come as strings (`/cluster/nextid` -> "100", vmid in
 * older resource lists), booleans as 0/1, true/false, "1", "" or null, and
 * every object may carry keys newer than ours. These codecs accept all of that
 * and hand the services clean values. Where a wrong shape would mislead (a
 * task ID, a volume ID, a task status) the endpoint codecs stay strict.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

const identity = <A>(value: A): A => value;

/** A number, or a string holding one ("100"). */
export const Numberish = new t.Type<number, number, unknown>(
  'a number',
  (input): input is number => typeof input === 'number' && Number.isFinite(input),
  (input, context) => {
    if (typeof input === 'number' && Number.isFinite(input)) return t.success(input);
    if (typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input)) return t.success(Number(input));
    return t.failure(input, context);
  },
  identity,
);

/** A whole number, or a string holding one. */
export const Integerish = new t.Type<number, number, unknown>(
  'an integer',
  (input): input is number => Number.isInteger(input),
  (input, context) =>
    pipe(
      Numberish.validate(input, context),
      E.chain((value) => (Number.isInteger(value) ? t.success(value) : t.failure(input, context))),
    ),
  identity,
);

const TRUE_VALUES = new Set<unknown>([true, 1, '1', 'true', 'yes', 'on']);
const FALSE_VALUES = new Set<unknown>([false, 0, '0', 'false', 'no', 'off', '', null]);

/**
 * A Proxmox boolean: 0/1, true/false, their string forms, or null/"" for
 * "not set" (`exists: null` in network lists, `template: ""` in resources).
 */
export const Boolish = new t.Type<boolean, boolean, unknown>(
  'a boolean (0/1)',
  (input): input is boolean => typeof input === 'boolean',
  (input, context) => {
    if (TRUE_VALUES.has(input)) return t.success(true);
    if (FALSE_VALUES.has(input)) return t.success(false);
    return t.failure(input, context);
  },
  identity,
);

/** A field that may be missing or null; both decode to undefined. */
export function maybe<C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C> | undefined, unknown, unknown> {
  return new t.Type<t.TypeOf<C> | undefined, unknown, unknown>(
    codec.name,
    (input): input is t.TypeOf<C> | undefined => input === undefined || codec.is(input),
    (input, context) => (input === undefined || input === null ? t.success(undefined) : codec.validate(input, context)),
    identity,
  );
}

/** An object with required and optional fields; unknown keys are allowed (and kept, though nobody reads them). */
export function fields<R extends t.Props, O extends t.Props>(required: R, optional: O, name?: string) {
  return t.intersection([t.type(required), t.partial(optional)], name);
}

/** A list of strings sent either as an array or as one string split on `;`, `,` or spaces (older servers). */
export const StringList = new t.Type<string[], string[], unknown>(
  'a list of strings',
  (input): input is string[] => Array.isArray(input) && input.every((item) => typeof item === 'string'),
  (input, context) => {
    if (typeof input === 'string') return t.success(splitList(input));
    if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return t.success(input as string[]);
    return t.failure(input, context);
  },
  identity,
);

/** Proxmox's list splitting (PVE::Tools::split_list): `;`, `,` and whitespace separate, empty items drop. */
export function splitList(text: string): string[] {
  return text.split(/[;,\s]+/).filter((item) => item.length > 0);
}

/** A string that is not empty: where an empty one would only fail later (a volume ID, a node name). */
export const NonEmptyString = new t.Type<string, string, unknown>(
  'a non-empty string',
  (input): input is string => typeof input === 'string' && input.length > 0,
  (input, context) => (typeof input === 'string' && input.length > 0 ? t.success(input) : t.failure(input, context)),
  identity,
);

/**
 * The `{ "data": ... }` envelope every /api2/json answer has. Decodes to the
 * inner value; a decode problem's path starts with `data` so it points into
 * the body as the server sent it.
 */
export function dataOf<C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C>, unknown, unknown> {
  const envelope = t.type({ data: codec });
  return new t.Type<t.TypeOf<C>, unknown, unknown>(
    `{ data: ${codec.name} }`,
    (input): input is t.TypeOf<C> => codec.is(input),
    (input, context) =>
      pipe(
        envelope.validate(input, context),
        E.map((body) => body.data as t.TypeOf<C>),
      ),
    identity,
  );
}
