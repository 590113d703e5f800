/**
 * How qemu-server writes values into a VM config: property strings with the
 * default key first and the other keys sorted, booleans as 1/0, NICs as
 * `<model>=<mac>,...`, a computed boot order, and typed values in
 * GET .../config (integers and booleans as JSON numbers).
 */
import { parsePropertyString } from '../schema/check';
import { splitList } from '../schema/lists';
import type { ParameterSchema, PropertyStringSchema } from '../schema/facts';
import { expandedParameters } from '../schema/validate';

const CONFIG_SCHEMA_ENDPOINT = 'PUT /nodes/{node}/qemu/{vmid}/config';

/** Drive keys: disks and CD-ROMs on a bus, the EFI vars disk and the TPM state. */
export const DRIVE_KEY = /^(?:(ide|sata|scsi|virtio)(\d+)|efidisk0|tpmstate0)$/;
/** NIC keys (net0..net31). */
export const NET_KEY = /^net(\d+)$/;

/** The config schema entry of `key`. */
export function configSchema(key: string): ParameterSchema | undefined {
  return expandedParameters(CONFIG_SCHEMA_ENDPOINT)?.[key];
}

/** Parse a (validated) property-string value of a config key. */
export function parseConfigValue(key: string, value: string): Record<string, string> {
  const format = configSchema(key)?.format;
  if (!format || typeof format === 'string') return {};
  return parsePropertyString(format as PropertyStringSchema, value, key);
}

/** `first,k1=v1,k2=v2` with the keys sorted, as PVE::JSONSchema print_property_string writes them. */
export function printOptions(first: string | undefined, options: Readonly<Record<string, string>>, skip: readonly string[] = []): string {
  const rest = Object.keys(options)
    .filter((key) => !skip.includes(key) && options[key] !== undefined)
    .sort()
    .map((key) => `${key}=${options[key]}`);
  return [...(first !== undefined ? [first] : []), ...rest].join(',');
}

/** A drive as written to the config: the volume first, then its options sorted (the `format` is not kept). */
export function printDrive(volume: string, options: Readonly<Record<string, string>>): string {
  return printOptions(volume, options, ['file', 'format']);
}

/** A NIC as qemu-server prints it: `virtio=BC:24:11:..,bridge=vmbr0,firewall=1`. */
export function printNet(net: Readonly<Record<string, string>>): string {
  const model = net.macaddr ? `${net.model}=${net.macaddr}` : net.model;
  return printOptions(model, net, ['model', 'macaddr']);
}

/** Sizes as PVE formats them in `size=`: the largest unit that divides evenly. */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

const BUS_ORDER = ['ide', 'sata', 'scsi', 'virtio'];

/** The boot order create_vm computes when none is given: first disk, first CD-ROM, first NIC. */
export function defaultBootOrder(config: Readonly<Record<string, string>>): string {
  const drives = Object.keys(config)
    .map((key) => ({ key, match: /^(ide|sata|scsi|virtio)(\d+)$/.exec(key) }))
    .filter((entry): entry is { key: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => BUS_ORDER.indexOf(a.match[1]) - BUS_ORDER.indexOf(b.match[1]) || Number(a.match[2]) - Number(b.match[2]));
  const isCdrom = (key: string) => /(?:^|,)media=cdrom(?:,|$)/.test(config[key]);
  const disk = drives.find((drive) => !isCdrom(drive.key))?.key;
  const cdrom = drives.find((drive) => isCdrom(drive.key))?.key;
  const net = Object.keys(config)
    .filter((key) => NET_KEY.test(key))
    .sort((a, b) => Number(NET_KEY.exec(a)![1]) - Number(NET_KEY.exec(b)![1]))[0];
  return `order=${[disk, cdrom, net].filter((device): device is string => device !== undefined).join(';')}`;
}

/** The datacenter's `tag-style` settings that decide how tags are written. */
export interface TagStyle {
  /** `case-sensitive`: keep each tag's case; otherwise tags are lower-cased. */
  readonly caseSensitive?: boolean;
  /** `ordering`: `config` keeps the given order; anything else (the default) sorts. */
  readonly ordering?: string;
}

/** Perl's `cmp` (code-point order). */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Tags as pve-guest-common get_unique_tags writes them: lower-cased unless the
 * tag style is case-sensitive, sorted (case-insensitively unless
 * case-sensitive) unless the ordering is `config`, duplicates dropped, joined
 * with `;`.
 */
export function uniqueTags(tags: string, style: TagStyle = {}): string {
  const caseSensitive = style.caseSensitive === true;
  const given = splitList(tags);
  const ordered = style.ordering === 'config' ? given : [...given].sort((a, b) => (caseSensitive ? byCodePoint(a, b) : byCodePoint(a.toLowerCase(), b.toLowerCase())));
  const unique = new Set(ordered.map((tag) => (caseSensitive ? tag : tag.toLowerCase())));
  return [...unique].join(';');
}

/** Config values typed as the API returns them: integer/number/boolean keys as JSON numbers. */
export function typedConfig(config: Readonly<Record<string, string>>): Record<string, string | number> {
  const typed: Record<string, string | number> = {};
  for (const key of Object.keys(config).sort()) {
    const type = configSchema(key)?.type;
    const value = config[key];
    typed[key] = (type === 'integer' || type === 'number' || type === 'boolean') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return typed;
}
