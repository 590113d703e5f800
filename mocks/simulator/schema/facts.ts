/**
 * Lazy access to the generated PVE API facts (src/generated). The JSON is
 * about 180 KB; parsing it costs a few milliseconds that `--demo` should not
 * pay before the login screen, so it is loaded on the first validation.
 */
import type { EndpointFact, ParameterSchema, PveApiFacts } from '../../../src/generated/pve-api-facts';

/** The facts' types, re-exported for the simulator's own modules. */
export type { EndpointFact, ParameterSchema, PropertyStringSchema, PveApiFacts } from '../../../src/generated/pve-api-facts';

let loaded: PveApiFacts | undefined;

/** The facts, loaded on first use. */
export function facts(): PveApiFacts {
  if (!loaded) {
    // A plain require keeps the JSON out of the start-up path (an import would load it eagerly).
    loaded = (require('../../../src/generated/pve-api-facts') as { pveApiFacts: PveApiFacts }).pveApiFacts;
  }
  return loaded;
}

/** Whether the facts have been loaded yet (tests check the start-up path stays lazy). */
export function factsLoaded(): boolean {
  return loaded !== undefined;
}

/** The parameter schema of `METHOD /path/{param}`, or undefined when the facts do not describe it. */
export function endpointParameters(endpoint: string): Readonly<Record<string, ParameterSchema>> | undefined {
  return facts().endpoints[endpoint]?.parameters;
}

/** Index range of an indexed family (`scsi` -> 0..30). */
export function indexRange(family: string): { min: number; max: number } | undefined {
  return facts().indexed[family];
}

/** Whether `name` is one of the facts' endpoint keys. */
export function endpointFact(endpoint: string): EndpointFact | undefined {
  return facts().endpoints[endpoint];
}
