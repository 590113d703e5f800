import * as t from 'io-ts';
import * as E from 'fp-ts/Either';

/** One problem found while decoding, with a path in the input (`disks[1].sizeGiB`). */
export interface DecodeIssue {
  /** Where in the input, in JavaScript accessor form; empty for the root. */
  readonly path: string;
  /** What was expected there, in words a user understands. */
  readonly message: string;
}

/**
 * Decode `input` with `codec`, turning io-ts errors into one short issue per
 * path (io-ts' own PathReporter prints one line per union alternative).
 */
export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, input: unknown): E.Either<DecodeIssue[], A> {
  const result = codec.decode(input);
  return E.isRight(result) ? result : E.left(toIssues(result.left));
}

/** `path: message` lines, for logs and one-line CLI errors. */
export function formatIssues(issues: readonly DecodeIssue[], root = ''): string[] {
  return issues.map((issue) => `${joinPath(root, issue.path) || '(root)'}: ${issue.message}`);
}

export function joinPath(parent: string, child: string): string {
  if (!parent) return child;
  if (!child) return parent;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}

function toIssues(errors: t.Errors): DecodeIssue[] {
  const byPath = new Map<string, { issue: DecodeIssue; explicit: boolean }>();
  for (const error of errors) {
    const issue = toIssue(error);
    const explicit = Boolean(error.message);
    // Union alternatives fail at the same path: keep one issue per path, and
    // prefer a codec's own wording ("expected a VLAN tag 1-4094") to a generic one.
    const seen = byPath.get(issue.path);
    if (!seen || (explicit && !seen.explicit)) byPath.set(issue.path, { issue, explicit });
  }
  return [...byPath.values()].map((entry) => entry.issue);
}

function toIssue(error: t.ValidationError): DecodeIssue {
  const path = pathOf(error.context);
  if (error.message) return { path, message: error.message };
  const entry = deepestNamedEntry(error.context);
  const message = error.value === undefined ? `is required (${describe(entry.type)})` : `expected ${describe(entry.type)}`;
  return { path, message };
}

/** The entry to describe: the outermost union/refinement under the last property key, else the last entry. */
function deepestNamedEntry(context: t.Context): t.ContextEntry {
  let candidate = context[context.length - 1];
  for (let i = context.length - 1; i > 0; i--) {
    const parent = context[i - 1].type;
    if (isUnion(parent)) candidate = context[i - 1];
    else break;
  }
  return candidate;
}

function pathOf(context: t.Context): string {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type;
    // Unions and intersections add an entry per alternative (key "0", "1", ...): not part of the input's path.
    if (isUnion(parent) || isIntersection(parent)) continue;
    const key = context[i].key;
    path = /^\d+$/.test(key) && isArrayLike(parent) ? `${path}[${key}]` : joinPath(path, readableKey(key));
  }
  return path;
}

/**
 * A key as a path shows it: a name as it is (`general`, `vm-1`), anything
 * else quoted (`[""]`, `[" "]`, `["a.b"]`), so a blank or dotted key from a
 * file is still visible and unambiguous in a message.
 */
function readableKey(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

function isUnion(type: t.Decoder<unknown, unknown>): boolean {
  return type instanceof t.UnionType;
}

function isIntersection(type: t.Decoder<unknown, unknown>): boolean {
  return type instanceof t.IntersectionType;
}

function isArrayLike(type: t.Decoder<unknown, unknown>): boolean {
  return type instanceof t.ArrayType || type instanceof t.ReadonlyArrayType || type instanceof t.TupleType;
}

/** Words for a codec's expectation. Codecs with a sentence-like name ("a positive number") keep it. */
export function describe(type: t.Decoder<unknown, unknown>): string {
  const name = type.name;
  if (type instanceof t.UnionType && (type.types as t.Mixed[]).every((member) => member instanceof t.LiteralType)) {
    return `one of ${(type.types as t.LiteralType<string | number | boolean>[]).map((member) => JSON.stringify(member.value)).join(', ')}`;
  }
  if (type instanceof t.LiteralType) return JSON.stringify(type.value);
  if (name === 'string') return 'a string';
  if (name === 'number') return 'a number';
  if (name === 'boolean') return 'true or false';
  if (name === 'Int') return 'an integer';
  if (name === 'null') return 'null';
  if (name.startsWith('{') || type instanceof t.InterfaceType || type instanceof t.PartialType || type instanceof t.ExactType) {
    return 'an object';
  }
  if (name.startsWith('Array<') || name.startsWith('ReadonlyArray<')) return 'a list';
  if (type instanceof t.UnionType) return (type.types as t.Mixed[]).map(describe).join(' or ');
  return name;
}

/**
 * An object codec that rejects keys it does not know, naming each one
 * (`profiles.lab.hots: unknown key`). io-ts' `t.exact` silently strips them,
 * which would hide a typo in a config or answers file.
 */
export function closed<P extends t.Props>(props: P, name?: string): t.ExactC<t.TypeC<P>> {
  return rejectUnknownKeys(t.exact(t.type(props), name), props);
}

/** Like `closed`, with every key optional. */
export function closedPartial<P extends t.Props>(props: P, name?: string): t.ExactC<t.PartialC<P>> {
  return rejectUnknownKeys(t.exact(t.partial(props), name), props);
}

/**
 * `codec`, failing also on keys outside `props`. Unknown keys are reported
 * together with the codec's own failures (a typo does not hide a wrong type
 * next to it: `{vmidd: 1, name: 5}` names both `vmidd` and `name`).
 */
function rejectUnknownKeys<C extends t.ExactType<t.Any>>(codec: C, props: t.Props): C {
  const known = new Set(Object.keys(props));
  const validate: t.Validate<unknown, t.TypeOf<C>> = (input, context): t.Validation<t.TypeOf<C>> => {
    const unknownKeys = unknownKeyErrors(input, context, known);
    const decoded = codec.validate(input, context);
    if (unknownKeys.length === 0) return decoded;
    return t.failures([...unknownKeys, ...(E.isLeft(decoded) ? decoded.left : [])]);
  };
  return new t.ExactType(codec.name, codec.is, validate, codec.encode, codec.type) as unknown as C;
}

/** One error per key of an object `input` that is not in `known`. */
function unknownKeyErrors(input: unknown, context: t.Context, known: ReadonlySet<string>): t.ValidationError[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  const record = input as Record<string, unknown>;
  return Object.keys(record)
    .filter((key) => !known.has(key))
    .map((key) => ({
      value: record[key],
      context: [...context, { key, type: t.unknown, actual: record[key] }],
      message: `unknown key (known keys: ${[...known].join(', ')})`,
    }));
}

/** An io-ts refinement whose failure message is given in words. */
export function refine<A, O>(
  base: t.Type<A, O, unknown>,
  predicate: (value: A) => boolean,
  expectation: string,
): t.Type<A, O, unknown> {
  return new t.Type<A, O, unknown>(
    expectation,
    (value): value is A => base.is(value) && predicate(value),
    (input, context) => {
      const decoded = base.validate(input, context);
      if (E.isLeft(decoded)) return decoded;
      return predicate(decoded.right) ? decoded : t.failure(input, context, `expected ${expectation}`);
    },
    base.encode,
  );
}
