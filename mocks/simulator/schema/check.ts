/**
 * Parameter checking with the semantics of pve-common's JSONSchema.pm
 * (check_object, check_prop, check_type, check_format,
 * parse_property_string), reproducing its message texts. Written from the
 * Perl source, not from the app's validators, so that the simulator catches
 * the app's mistakes instead of sharing them.
 */
import type { ErrorMap } from '../http/errors';
import type { ParameterSchema, PropertyStringSchema } from './facts';
import { FormatFailure, namedFormat } from './formats';
import { parseBoolean, splitList } from './lists';
import { schemaPattern } from './perl-regex';

/**
 * A parameter as it arrived: a string (query string, form body or JSON
 * string/number), a JSON boolean, or a JSON array/object (which the schema
 * only allows where it says array/object).
 */
export type ParamInput = string | boolean | readonly unknown[] | { readonly [key: string]: unknown };

/** pve-common add_error: a second error on the same path is appended after a literal backslash-n (Perl's '\n'). */
export function addError(errors: ErrorMap, path: string, message: string): void {
  const key = path || '_root';
  errors[key] = errors[key] === undefined ? message : `${errors[key]}\\n${message}`;
}

const isNumber = (value: string): boolean => /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/.test(value);
const isInteger = (value: string): boolean => /^[+-]?\d+$/.test(value);

/** Perl's ref() name of a decoded JSON value that is not a plain scalar. */
function perlRef(value: ParamInput): string | undefined {
  if (typeof value === 'boolean') return 'JSON::PP::Boolean';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'HASH';
  return undefined;
}

/** check_type: false (and an error added) when `value` is not of `type`. */
function checkType(path: string, type: ParameterSchema['type'], value: ParamInput, errors: ErrorMap): boolean {
  if (!type || type === 'string' && typeof value === 'string') return true;
  const ref = perlRef(value);
  if (type === 'array' || type === 'object') {
    const ok = (type === 'array' && ref === 'ARRAY') || (type === 'object' && ref === 'HASH');
    if (!ok) addError(errors, path, `type check ('${type}') failed`);
    return ok;
  }
  if (type === 'null') {
    addError(errors, path, `type check ('null') failed - value is not null`);
    return false;
  }
  if (ref) {
    if (type === 'boolean' && ref === 'JSON::PP::Boolean') return true;
    addError(errors, path, `type check ('${type}') failed - got ${ref}`);
    return false;
  }
  const text = value as string;
  // Only '1' and '0' at this level: pve-common deliberately left the wider set
  // (true/yes/on) commented out. Property strings convert those before this check.
  const ok = type === 'boolean' ? text === '1' || text === '0' : type === 'integer' ? isInteger(text) : type === 'number' ? isNumber(text) : true;
  if (!ok) addError(errors, path, `type check ('${type}') failed - got '${text}'`);
  return ok;
}

/** check_prop: one value against one schema entry. */
export function checkProp(value: ParamInput | undefined, schema: ParameterSchema, path: string, errors: ErrorMap): void {
  if (value === undefined) {
    if (!schema.optional && !schema.alias) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (!checkType(path, schema.type, value, errors)) return;
  if (typeof value !== 'string') return; // JSON booleans, arrays and objects: nothing more to check here
  if (schema.format !== undefined) {
    try {
      checkFormat(schema.format, value, path);
    } catch (error) {
      if (!(error instanceof FormatFailure)) throw error;
      addError(errors, path, `invalid format - ${error.perlMessage}`);
      return;
    }
  }
  checkScalarConstraints(value, schema, path, errors);
}

function checkScalarConstraints(value: string, schema: ParameterSchema, path: string, errors: ErrorMap): void {
  if (schema.pattern !== undefined && !schemaPattern(schema.pattern).test(value)) {
    return addError(errors, path, 'value does not match the regex pattern');
  }
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
    return addError(errors, path, `value may only be ${schema.maxLength} characters long`);
  }
  if (schema.minLength !== undefined && [...value].length < schema.minLength) {
    return addError(errors, path, `value must be at least ${schema.minLength} characters long`);
  }
  if (isNumber(value)) {
    if (schema.maximum !== undefined && Number(value) > Number(schema.maximum)) {
      return addError(errors, path, `value must have a maximum value of ${schema.maximum}`);
    }
    if (schema.minimum !== undefined && Number(value) < Number(schema.minimum)) {
      return addError(errors, path, `value must have a minimum value of ${schema.minimum}`);
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    addError(errors, path, `value '${value}' does not have a value in the enumeration '${schema.enum.join(', ')}'`);
  }
}

/**
 * check_object: every schema key is checked (missing required ones are
 * reported), then every given key must be known (additional properties are
 * refused) and its `requires` partner present.
 */
export function checkObject(
  path: string,
  schema: Readonly<Record<string, ParameterSchema>>,
  value: Readonly<Record<string, ParamInput>>,
  errors: ErrorMap,
): void {
  for (const [key, entry] of Object.entries(schema)) checkProp(value[key], entry, path ? `${path}.${key}` : key, errors);
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const entry = schema[key];
    if (!entry) {
      addError(errors, childPath, 'property is not defined in schema and the schema does not allow additional properties');
      continue;
    }
    if (entry.requires && value[entry.requires] === undefined) {
      addError(errors, path ? `${path}.${entry.requires}` : entry.requires, `missing property - '${childPath}' requires this property`);
    }
  }
}

/** check_format: a property-string schema, or a named format with optional -list/-opt suffix. */
export function checkFormat(format: string | PropertyStringSchema, value: string, path: string): Record<string, string> | undefined {
  if (typeof format !== 'string') return parsePropertyString(format, value, path);
  const [, name, suffix] = /^(.*?)(?:-(list|opt))?$/.exec(format) as RegExpExecArray;
  const registered = namedFormat(name);
  if (!registered) return undefined; // formats the simulator does not know are accepted (see docs)
  if (suffix && registered.kind === 'hash') throw new FormatFailure(`'-${suffix}' format must have code ref, not hash\n`);
  if (suffix === 'list') {
    for (const item of splitList(value)) (registered as { check(v: string): void }).check(item);
    return undefined;
  }
  if (suffix === 'opt') {
    if (value && registered.kind === 'code') registered.check(value);
    return undefined;
  }
  if (registered.kind === 'code') {
    registered.check(value);
    return undefined;
  }
  const parsed = parsePropertyString(registered.schema, value, path);
  registered.validate?.(parsed);
  return parsed;
}

/**
 * parse_property_string: `key=value,...` with a default key written bare,
 * aliases (`volume` for `file`) and key aliases (`virtio=<mac>` sets model
 * and macaddr). Syntax errors and sub-key errors throw a FormatFailure whose
 * text is what PVE puts after "invalid format - ".
 */
export function parsePropertyString(format: PropertyStringSchema, data: string, path: string): Record<string, string> {
  const result: Record<string, string> = {};
  let defaultKey: string | undefined;
  for (const part of data.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const pair = /^([^=]+)=(.+)$/.exec(part);
    if (pair) {
      assignKey(format, result, pair[1], pair[2]);
    } else if (!part.includes('=')) {
      if (defaultKey) throw new FormatFailure(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      defaultKey = Object.keys(format).find((key) => format[key].default_key);
      if (!defaultKey) throw new FormatFailure('value without key, but schema does not define a default key\n');
      if (result[defaultKey]) throw new FormatFailure(`duplicate key in comma-separated list property: ${defaultKey}\n`);
      result[defaultKey] = part;
    } else {
      throw new FormatFailure('missing key in comma-separated list property\n');
    }
  }
  const errors: ErrorMap = {};
  checkObject(path, format, result, errors);
  if (Object.keys(errors).length > 0) throw new FormatFailure(formatErrorText(errors));
  return result;
}

function assignKey(format: PropertyStringSchema, result: Record<string, string>, givenKey: string, givenValue: string): void {
  if (result[givenKey] !== undefined) throw new FormatFailure(`duplicate key in comma-separated list property: ${givenKey}\n`);
  let key = givenKey;
  let schema: ParameterSchema | undefined = format[key];
  if (schema?.alias) {
    if (schema.keyAlias) {
      if (result[schema.keyAlias] !== undefined) throw new FormatFailure(`key alias '${schema.keyAlias}' is already defined\n`);
      result[schema.keyAlias] = key;
    }
    key = schema.alias;
    schema = format[key];
  }
  if (!schema) throw new FormatFailure(`invalid key in comma-separated list property: ${key}\n`);
  result[key] = schema.type === 'boolean' ? (parseBoolean(givenValue) ?? givenValue) : givenValue;
}

/** PVE::Exception stringify of "format error\n" with its errors (Perl's hash order; sorted here). */
function formatErrorText(errors: ErrorMap): string {
  return `format error\n${Object.keys(errors)
    .sort()
    .map((key) => `${key}: ${errors[key]}\n`)
    .join('')}`;
}
