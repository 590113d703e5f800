/**
 * The Proxmox VE API facts the workflow builds on, read once from the
 * generated schema (src/generated/pve-api-facts.json, PVE 9.1.2 apidoc) so
 * enums, ranges and regexes are never copied by hand. Where a rule is not in
 * the schema (the web UI or qemu-server adds it), the constant says where it
 * comes from.
 */
import { pveApiFacts, type ParameterSchema, type PropertyStringSchema } from '../generated/pve-api-facts';

/** The create endpoint's key in the facts. */
export const CREATE_VM_ENDPOINT = 'POST /nodes/{node}/qemu';

/** A parameter of an endpoint; throws at load time when the schema lacks it (a stale facts file). */
export function endpointParameter(endpoint: string, name: string): ParameterSchema {
  const found = pveApiFacts.endpoints[endpoint]?.parameters[name];
  if (!found) throw new Error(`pve-api-facts: ${endpoint} has no parameter ${name}`);
  return found;
}

/** One key of an endpoint parameter's property string (`vga` `type` of the config update). */
export function endpointPropertyKey(endpoint: string, name: string, key: string): ParameterSchema {
  const format = endpointParameter(endpoint, name).format;
  const found = typeof format === 'object' ? format[key] : undefined;
  if (!found) throw new Error(`pve-api-facts: ${endpoint} ${name} has no key ${key}`);
  return found;
}

/** A parameter of `POST /nodes/{node}/qemu` (`scsi[n]` for indexed families). */
export function createParameter(name: string): ParameterSchema {
  return endpointParameter(CREATE_VM_ENDPOINT, name);
}

/** The property-string sub-schema of a create parameter (`scsi[n]`, `net[n]`, `efidisk0`). */
export function propertyStringOf(name: string): PropertyStringSchema {
  const format = createParameter(name).format;
  if (typeof format !== 'object') throw new Error(`pve-api-facts: ${name} is not a property string`);
  return format;
}

/** One key of a create parameter's property string (`net[n]` `tag`). */
export function propertyKey(name: string, key: string): ParameterSchema {
  return endpointPropertyKey(CREATE_VM_ENDPOINT, name, key);
}

/** Whether a property string accepts a key: `sata[n]` has no `iothread`, `virtio[n]` no `ssd`. */
export function propertyStringHasKey(name: string, key: string): boolean {
  return key in propertyStringOf(name);
}

/** The enum of a schema entry; throws when it has none. */
export function enumOf(schema: ParameterSchema): readonly string[] {
  if (!schema.enum) throw new Error('pve-api-facts: expected an enum');
  return schema.enum;
}

/** An inclusive numeric range; an absent bound is open. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
}

/** `minimum`/`maximum` of a schema entry (some are strings in the apidoc, e.g. bwlimit). */
export function rangeOf(schema: ParameterSchema): NumberRange {
  const toNumber = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));
  return { min: toNumber(schema.minimum), max: toNumber(schema.maximum) };
}

/** A pve-common format's regex (already anchored), with its case flag. */
export function formatRegex(name: string): RegExp {
  const format = pveApiFacts.formats[name];
  if (!format?.regex) throw new Error(`pve-api-facts: format ${name} has no regex`);
  return new RegExp(format.regex, format.flags ?? '');
}

/** Valid slot numbers of an indexed family (`scsi` 0..30), from qemu-server's constants. */
export function indexRange(family: string): { readonly min: number; readonly max: number } {
  const range = pveApiFacts.indexed[family];
  if (!range) throw new Error(`pve-api-facts: no index range for ${family}`);
  return range;
}

/** The create parameter name of a disk bus' family: `scsi` -> `scsi[n]`. */
export function familyParameter(bus: string): string {
  return `${bus}[n]`;
}

/** Enums and ranges the wizard's fields are checked against. */
export const SCHEMA = {
  vmid: rangeOf(createParameter('vmid')),
  ostypes: enumOf(createParameter('ostype')),
  scsiControllers: enumOf(createParameter('scsihw')),
  bios: enumOf(createParameter('bios')),
  cores: rangeOf(createParameter('cores')),
  sockets: rangeOf(createParameter('sockets')),
  /** `memory` is a property string `[current=]<integer>` in PVE 9; its minimum is on `current`. */
  memory: rangeOf(propertyKey('memory', 'current')),
  balloon: rangeOf(createParameter('balloon')),
  cacheModes: enumOf(propertyKey('scsi[n]', 'cache')),
  aioModes: enumOf(propertyKey('scsi[n]', 'aio')),
  diskFormats: enumOf(propertyKey('scsi[n]', 'format')),
  efiTypes: enumOf(propertyKey('efidisk0', 'efitype')),
  netModels: enumOf(propertyKey('net[n]', 'model')),
  vlanTag: rangeOf(propertyKey('net[n]', 'tag')),
  mtu: rangeOf(propertyKey('net[n]', 'mtu')),
  queues: rangeOf(propertyKey('net[n]', 'queues')),
  rate: rangeOf(propertyKey('net[n]', 'rate')),
  haStates: enumOf(endpointParameter('POST /cluster/ha/resources', 'state')),
  vgaTypes: enumOf(endpointPropertyKey('PUT /nodes/{node}/qemu/{vmid}/config', 'vga', 'type')),
} as const;

/** Formats of pve-common the wizard's text fields must match. */
export const FORMATS = {
  dnsName: formatRegex('dns-name'),
  tag: formatRegex('pve-tag'),
  poolId: formatRegex('pve-poolid'),
  macAddress: formatRegex('mac-addr'),
  storageId: formatRegex('pve-storage-id'),
  bridgeId: formatRegex('pve-bridge-id'),
  node: formatRegex('pve-node'),
} as const;

/**
 * Rules the schema does not state, with their source. Each one narrows what
 * the schema allows to what the web UI (and so Proxmox's own users) can enter,
 * or what qemu-server accepts beyond the parameter check.
 */
export const BEYOND_SCHEMA = {
  /** Web UI ProcessorEdit.js: cores 1..256 (the schema has only a minimum). */
  maxCores: 256,
  /** Web UI pveMemoryField maxValue (4 TiB in MiB); the schema has only a minimum. */
  maxMemoryMiB: 4178944,
  /** Web UI MemoryEdit.js: minimum memory (balloon) 1..memory; balloon=0 means "no balloon device". */
  minBalloonMiB: 1,
  /** Web UI HDEdit.js: disk size 0.001..131072 GiB with 3 decimals. */
  diskSizeGiB: { min: 0.001, max: 131072, decimals: 3 },
  /** Web UI NetworkEdit.js / qemu-server: an MTU is 1 ("same as bridge") or 576..65520, virtio only. */
  mtuFloor: 576,
  mtuInherit: 1,
  /** Web UI NetworkEdit.js: rate limit 0..10240 MB/s (the schema has only a minimum). */
  maxRateMBps: 10240,
  /** Web UI NetworkEdit.js: multiqueue 1..64 (the schema allows 0, which means the same as unset). */
  minQueues: 1,
  /** qemu-server: ide2 is the CD/DVD drive on x86_64 (PVE.qemu.Architecture.defaultCDDrive). */
  cdDrive: { bus: 'ide', index: 2 },
  /** PVE 9.1 added `ha-managed` on create (qemu-server 9.0.24) and `allow-ksm` (qemu-server 9.0.27). */
  haManagedSince: { major: 9, minor: 1 },
  allowKsmSince: { major: 9, minor: 1 },
} as const;
