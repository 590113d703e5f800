/**
 * An independent checker of request parameters against the official schema
 * facts (src/generated/pve-api-facts.json), written for the conformance test.
 * It deliberately shares no code with src/workflow (not its validate(), not
 * its property-string writer): it parses what the builder wrote, the way the
 * Proxmox server would, and reports every deviation.
 *
 * Stricter than Proxmox in one way: booleans must be 0/1, because the product
 * promises to send them so.
 */
import { pveApiFacts, type ParameterSchema, type PropertyStringSchema } from '../../../../src/generated/pve-api-facts';

/** A request as the dry-run output lists it. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** Every problem found in a request: `scsi0.iothread: unknown key`. */
export function checkRequest(request: WireRequest): string[] {
  const endpoint = findEndpoint(request.method, request.path);
  if (!endpoint) return [`${request.method} ${request.path}: no such endpoint in the schema`];
  const errors: string[] = [];
  for (const [name, value] of Object.entries(endpoint.pathParams)) {
    errors.push(...checkValue(name, value, endpoint.parameters[name]));
  }
  for (const [name, value] of Object.entries(request.params)) {
    if (name in endpoint.pathParams) {
      errors.push(`${name}: given both in the path and as a parameter`);
      continue;
    }
    const schema = parameterSchema(endpoint.parameters, name);
    if (!schema) errors.push(`${name}: not a parameter of ${endpoint.key}`);
    else errors.push(...checkValue(name, value, schema));
  }
  for (const [name, schema] of Object.entries(endpoint.parameters)) {
    if (!schema.optional && !(name in endpoint.pathParams) && !(name in request.params)) errors.push(`${name}: required but missing`);
  }
  errors.push(...checkBootOrder(request.params));
  return errors;
}

interface FoundEndpoint {
  readonly key: string;
  readonly parameters: Readonly<Record<string, ParameterSchema>>;
  readonly pathParams: Record<string, string>;
}

function findEndpoint(method: string, path: string): FoundEndpoint | undefined {
  for (const [key, endpoint] of Object.entries(pveApiFacts.endpoints)) {
    const [endpointMethod, template] = key.split(' ');
    if (endpointMethod !== method) continue;
    const names: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (match) {
      const pathParams = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      return { key, parameters: endpoint.parameters, pathParams };
    }
  }
  return undefined;
}

/** `scsi0` -> the `scsi[n]` schema when 0 is within the family's range. */
function parameterSchema(parameters: Readonly<Record<string, ParameterSchema>>, name: string): ParameterSchema | undefined {
  if (parameters[name]) return parameters[name];
  const indexed = /^([a-z]+)(\d+)$/.exec(name);
  if (!indexed) return undefined;
  const [, family, index] = indexed;
  const range = pveApiFacts.indexed[family];
  if (!range || Number(index) < range.min || Number(index) > range.max || String(Number(index)) !== index) return undefined;
  return parameters[`${family}[n]`];
}

function checkValue(name: string, value: string | number, schema: ParameterSchema): string[] {
  if (typeof schema.format === 'object') return checkPropertyString(name, String(value), schema.format);
  switch (schema.type) {
    case 'boolean':
      return value === 0 || value === 1 || value === '0' || value === '1' ? [] : [`${name}: expected 0 or 1, got ${JSON.stringify(value)}`];
    case 'integer':
    case 'number':
      return checkNumber(name, value, schema);
    default:
      return checkString(name, String(value), schema);
  }
}

function checkNumber(name: string, value: string | number, schema: ParameterSchema): string[] {
  const text = String(value);
  const valid = schema.type === 'integer' ? /^-?\d+$/.test(text) : /^-?\d+(\.\d+)?$/.test(text);
  if (!valid) return [`${name}: expected ${schema.type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`];
  const number = Number(text);
  if (schema.minimum !== undefined && number < Number(schema.minimum)) return [`${name}: ${number} is below the minimum ${schema.minimum}`];
  if (schema.maximum !== undefined && number > Number(schema.maximum)) return [`${name}: ${number} is above the maximum ${schema.maximum}`];
  return [];
}

function checkString(name: string, value: string, schema: ParameterSchema): string[] {
  if (schema.enum && !schema.enum.includes(value)) return [`${name}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`];
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return [`${name}: longer than ${schema.maxLength}`];
  if (schema.minLength !== undefined && value.length < schema.minLength) return [`${name}: shorter than ${schema.minLength}`];
  if (schema.pattern && !perlPattern(schema.pattern).test(value)) return [`${name}: ${JSON.stringify(value)} does not match ${schema.pattern}`];
  if (typeof schema.format === 'string') return checkFormat(name, value, schema.format);
  return [];
}

/** A schema pattern as an anchored JS regex: `(?^:` is Perl's flag-reset group, `{,N}` means `{0,N}`. */
function perlPattern(pattern: string): RegExp {
  const js = pattern.replace(/\(\?\^:/g, '(?:').replace(/\{,(\d+)\}/g, '{0,$1}');
  return new RegExp(`^(?:${js})$`);
}

function formatRegex(format: string): RegExp | undefined {
  const fact = pveApiFacts.formats[format];
  return fact?.regex ? new RegExp(fact.regex, fact.flags ?? '') : undefined;
}

/** Registered formats: regexes from the facts, prose rules written out here. */
function checkFormat(name: string, value: string, format: string): string[] {
  if (format.endsWith('-list')) {
    const items = value.split(/[,;\s]+/).filter(Boolean);
    return items.flatMap((item, i) => checkFormat(`${name}[${i}]`, item, format.slice(0, -'-list'.length)));
  }
  const regex = formatRegex(format);
  if (regex) return regex.test(value) ? [] : [`${name}: ${JSON.stringify(value)} is not a valid ${format}`];
  const rule = FORMAT_RULES[format];
  if (!rule) return [`${name}: the checker does not know format ${format}`];
  return rule(value) ? [] : [`${name}: ${JSON.stringify(value)} is not a valid ${format}`];
}

const storageId = (text: string) => (formatRegex('pve-storage-id') as RegExp).test(text) && text.length >= 2;

/** Formats the facts describe in words (their `rule`), and the ones the create endpoint names without a fact. */
const FORMAT_RULES: Record<string, (value: string) => boolean> = {
  'pve-volume-id-or-qm-path': (value) => {
    if (value === 'none' || value === 'cdrom' || value.startsWith('/')) return true;
    const colon = value.indexOf(':');
    return colon > 0 && storageId(value.slice(0, colon)) && value.length > colon + 1;
  },
  'pve-startup-order': (value) =>
    value.split(',').every((part, i) => /^(?:up|down)=\d+$/.test(part) || /^order=\d+$/.test(part) || (i === 0 && /^\d+$/.test(part))),
  'pve-ha-resource-or-vm-id': (value) => /^(?:(?:vm|ct):)?[1-9]\d{2,8}$/.test(value),
  // `[[cputype=]<string>][,flags=...]...`: the wizard writes only the model name.
  'pve-vm-cpu-conf': (value) => /^(?:cputype=)?[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(value),
  // `[[legacy=]<[acdn]{1,4}>] [,order=<device[;device...]>]`; the devices are checked against the params in checkBootOrder.
  'pve-qm-boot': (value) => /^(?:order=[a-z]+\d+(?:;[a-z]+\d+)*|(?:legacy=)?[acdn]{1,4})$/.test(value),
};

/**
 * A property string parsed as pve-common's parse_property_string does: the
 * default key may come first without `key=`, aliases map to their key, a
 * `keyAlias` key (`virtio=MAC`) sets both the model and the MAC.
 */
function checkPropertyString(name: string, value: string, format: PropertyStringSchema): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const defaultKey = Object.keys(format).find((key) => format[key].default_key);
  value.split(',').forEach((part, position) => {
    const equals = part.indexOf('=');
    let key = equals < 0 ? undefined : part.slice(0, equals);
    const text = equals < 0 ? part : part.slice(equals + 1);
    if (key === undefined) {
      if (position !== 0 || !defaultKey) return void errors.push(`${name}: "${part}" has no key`);
      key = defaultKey;
    }
    const entry = format[key];
    if (!entry) return void errors.push(`${name}.${key}: unknown key`);
    if (entry.alias && entry.keyAlias) {
      setOnce(seen, entry.keyAlias, key, name, errors);
      setOnce(seen, entry.alias, text, name, errors);
      return;
    }
    setOnce(seen, entry.alias ?? key, text, name, errors);
  });
  for (const [key, text] of seen) {
    const entry = format[key];
    if (entry) errors.push(...checkValue(`${name}.${key}`, text, entry));
  }
  for (const [key, entry] of Object.entries(format)) {
    if (!entry.optional && !entry.alias && !seen.has(key)) errors.push(`${name}.${key}: required but missing`);
  }
  return errors;
}

function setOnce(seen: Map<string, string>, key: string, value: string, name: string, errors: string[]): void {
  if (seen.has(key)) errors.push(`${name}.${key}: given twice`);
  seen.set(key, value);
}

/** Beyond one value: every device in `boot=order=...` must be a device the same request creates. */
function checkBootOrder(params: Readonly<Record<string, string | number>>): string[] {
  const boot = params.boot;
  if (typeof boot !== 'string' || !boot.startsWith('order=')) return [];
  return boot
    .slice('order='.length)
    .split(';')
    .filter((device) => !(device in params))
    .map((device) => `boot: ${device} is in the boot order but not in the request`);
}
