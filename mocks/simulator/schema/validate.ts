/**
 * Validation of a whole API call's parameters against the endpoint's schema
 * in the generated facts, as PVE::RESTHandler::handle does before running the
 * handler (JSONSchema::validate -> 400 "Parameter verification failed.").
 */
import type { ErrorMap } from '../http/errors';
import { checkObject, ParamInput } from './check';
import { endpointParameters, indexRange, ParameterSchema } from './facts';

const expandedCache = new Map<string, Readonly<Record<string, ParameterSchema>>>();

/**
 * The endpoint's parameters with indexed families written out (`scsi[n]` ->
 * scsi0..scsi30), as PVE's schema has them, minus `removed` (parameters the
 * simulated server version does not have yet). Undefined for endpoints the
 * facts do not describe.
 */
export function expandedParameters(endpoint: string, removed: readonly string[] = []): Readonly<Record<string, ParameterSchema>> | undefined {
  const cacheKey = `${endpoint}|${removed.join(',')}`;
  const cached = expandedCache.get(cacheKey);
  if (cached) return cached;
  const parameters = endpointParameters(endpoint);
  if (!parameters) return undefined;
  const expanded: Record<string, ParameterSchema> = {};
  for (const [name, schema] of Object.entries(parameters)) {
    if (removed.includes(name)) continue;
    const family = /^(.+)\[n\]$/.exec(name)?.[1];
    if (!family) {
      expanded[name] = schema;
      continue;
    }
    const range = indexRange(family) ?? { min: 0, max: 0 };
    for (let index = range.min; index <= range.max; index++) expanded[`${family}${index}`] = schema;
  }
  expandedCache.set(cacheKey, expanded);
  return expanded;
}

/** The per-parameter errors of a call to `endpoint` (empty when it is valid or the facts do not know the endpoint). */
export function validateParameters(
  endpoint: string,
  params: Readonly<Record<string, ParamInput>>,
  removed: readonly string[] = [],
): ErrorMap {
  const schema = expandedParameters(endpoint, removed);
  const errors: ErrorMap = {};
  if (schema) checkObject('', schema, params, errors);
  return errors;
}
