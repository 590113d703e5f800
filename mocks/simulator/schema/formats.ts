/**
 * The named formats of PVE's JSON schema (`format: 'dns-name'`, `'pve-tag-list'`,
 * ...). Simple ones come from the generated facts (regex) with the message
 * texts of pve-common's verifiers; the rest are written here after their Perl
 * source. Formats neither here nor in the facts are accepted unchecked (see
 * docs/simulator.md, "Where the simulator approximates").
 */
import * as net from 'node:net';
import { isBuiltinCpuModel, VM_CPU_FLAGS } from '../content/cpu-models';
import { facts, PropertyStringSchema } from './facts';
import { formatRegex } from './perl-regex';

/** A failed check, carrying the Perl `die` text (with its newline). */
export class FormatFailure extends Error {
  constructor(readonly perlMessage: string) {
    super(perlMessage.trimEnd());
    this.name = 'FormatFailure';
  }
}

/** Throw a FormatFailure with Perl's trailing newline. */
export function fail(message: string): never {
  throw new FormatFailure(`${message}\n`);
}

/** A format checked by code, like pve-common's `register_format(name, \&verify)`. */
export interface CodeFormat {
  readonly kind: 'code';
  check(value: string): void;
}

/** A property-string format, like `register_format(name, {...}, \&validator)`. */
export interface HashFormat {
  readonly kind: 'hash';
  readonly schema: PropertyStringSchema;
  validate?(parsed: Record<string, string>): void;
}

/** A registered format: checked by code or parsed as a property string. */
export type NamedFormat = CodeFormat | HashFormat;

const code = (check: (value: string) => void): CodeFormat => ({ kind: 'code', check });

/** pve-common's messages for the regex formats of the facts (`<v>` is the value). */
const REGEX_FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  'pve-configid': "invalid configuration ID '<v>'",
  'pve-vmid': 'value does not look like a valid VM ID',
  'pve-node': 'value does not look like a valid node name',
  'dns-name': 'value does not look like a valid DNS name',
  'pve-tag': 'invalid characters in tag',
  'mac-addr': 'value does not look like a valid unicast MAC address',
  'pve-storage-id': "storage ID '<v>' contains illegal characters",
  'pve-bridge-id': "invalid bridge ID '<v>'",
  'pve-realm': 'value does not look like a valid realm',
  'pve-userid': "value '<v>' does not look like a valid user name",
  'pve-tokenid': "value '<v>' does not look like a valid token ID",
  'pve-groupid': "group name '<v>' contains invalid characters",
  'pve-roleid': "role name '<v>' contains invalid characters",
  urlencoded: 'invalid urlencoded string: <v>',
  'pve-iface': "invalid network interface name '<v>'",
  ipv4: 'value does not look like a valid IPv4 address',
  email: 'value does not look like a valid email address',
  'disk-size': 'value does not look like a valid disk size: <v>',
  'pve-task-status-type': "invalid status '<v>'",
};

function regexFormat(name: string): CodeFormat | undefined {
  const fact = facts().formats[name];
  const message = REGEX_FORMAT_MESSAGES[name];
  if (!fact?.regex || !message) return undefined;
  const regex = formatRegex(fact.regex, fact.flags === 'i');
  return code((value) => {
    if (!regex.test(value)) fail(message.replace('<v>', value));
  });
}

function checkPoolId(value: string): void {
  // pve-access-control verify_poolname: the characters first, then the nesting depth.
  if (!/^[A-Za-z0-9.\-_]+(?:\/[A-Za-z0-9.\-_]+)*$/.test(value)) fail(`pool name '${value}' contains invalid characters`);
  if (value.split('/').length > 3) fail(`pool name '${value}' nested too deeply (max levels = 3)`);
}

function cidr(value: string, family: 4 | 6): boolean {
  const match = /^(.+)\/(\d+)$/.exec(value);
  if (!match) return false;
  const prefix = Number(match[2]);
  const ipOk = family === 4 ? net.isIPv4(match[1]) : net.isIPv6(match[1]);
  return ipOk && prefix > 7 && prefix <= (family === 4 ? 32 : 128);
}

function checkVlanIdOrRange(value: string): void {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!match) fail(`invalid VLAN configuration '${value}'`);
  for (const tag of [match[1], match[2]].filter((part): part is string => part !== undefined)) {
    if (Number(tag) < 2 || Number(tag) > 4094) fail(`invalid VLAN tag '${tag}'`);
  }
  if (match[2] && Number(match[1]) >= Number(match[2])) fail(`VLAN range must go from lower to higher tag '${value}'`);
}

function checkStartupOrder(value: string): void {
  // pve_parse_startup_order: an empty value is not a valid order either.
  const parts = value.split(',').filter((part) => !/^\s*$/.test(part));
  const ok = value !== '' && parts.every((part) => /^(order=)?\d+$/.test(part) || /^up=\d+$/.test(part) || /^down=\d+$/.test(part));
  if (!ok) fail('unable to parse startup options');
}

function checkVolumeId(value: string): void {
  if (!/^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.test(value)) fail(`unable to parse volume ID '${value}'`);
}

const STORAGE_CONTENT_TYPES = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import', 'none']);
const HOTPLUG_FEATURES = new Set(['cpu', 'disk', 'memory', 'network', 'usb', 'cloudinit']);

function isValidBootDevice(device: string): boolean {
  const match = /^([a-z]+)(\d+)$/.exec(device);
  if (!match) return false;
  const maxIndex: Record<string, number> = { ide: 3, sata: 5, scsi: 30, virtio: 15, net: 31, usb: 13, hostpci: 15 };
  const max = maxIndex[match[1]];
  return max !== undefined && Number(match[2]) <= max;
}

/** qemu-server CPUConfig $cpu_fmt with validate_vm_cpu_conf. */
const vmCpuConf: HashFormat = {
  kind: 'hash',
  schema: {
    cputype: { type: 'string', default_key: 1, optional: 1, format_description: 'string' },
    'reported-model': { type: 'string', optional: 1 },
    hidden: { type: 'boolean', optional: 1 },
    'hv-vendor-id': { type: 'string', optional: 1, pattern: '[a-zA-Z0-9]{1,12}' },
    flags: { type: 'string', optional: 1, pattern: '([+-])([a-zA-Z0-9\\-_\\.]+)(;([+-])([a-zA-Z0-9\\-_\\.]+))*' },
    'phys-bits': { type: 'string', optional: 1, format: 'pve-phys-bits' },
    'guest-phys-bits': { type: 'integer', optional: 1, minimum: 32, maximum: 64 },
  },
  validate(cpu) {
    const cputype = cpu.cputype;
    if (!cputype) fail('CPU is missing cputype');
    // The simulated cluster has no custom models (virtual-guest/cpu-models.conf is empty).
    if (cputype.startsWith('custom-')) fail(`Custom cputype '${cputype.slice('custom-'.length)}' not found`);
    if (!isBuiltinCpuModel(cputype)) fail(`Built-in cputype '${cputype}' is not defined (missing 'custom-' prefix?)`);
    const flag = `[+-](?:${VM_CPU_FLAGS.join('|')})`;
    if (cpu.flags && !new RegExp(`^${flag}(;${flag})*$`).test(cpu.flags)) {
      fail(`VM-specific CPU flags must be a subset of: ${VM_CPU_FLAGS.join(', ')}`);
    }
    if (cpu['reported-model'] !== undefined) fail("Property 'reported-model' not allowed in VM-specific CPU config.");
  },
};

const HAND_WRITTEN: Readonly<Record<string, () => NamedFormat>> = {
  ipv6: () => code((v) => net.isIPv6(v) || fail('value does not look like a valid IPv6 address')),
  ip: () => code((v) => net.isIP(v) !== 0 || fail('value does not look like a valid IP address')),
  CIDRv4: () => code((v) => cidr(v, 4) || fail('value does not look like a valid IPv4 CIDR network')),
  CIDRv6: () => code((v) => cidr(v, 6) || fail('value does not look like a valid IPv6 CIDR network')),
  CIDR: () => code((v) => cidr(v, 4) || cidr(v, 6) || fail('value does not look like a valid CIDR network')),
  'pve-ipv4-config': () =>
    code((v) => /^(?:dhcp|manual)$/.test(v) || cidr(v, 4) || fail('value does not look like a valid ipv4 network configuration')),
  'pve-ipv6-config': () =>
    code((v) => /^(?:auto|dhcp|manual)$/.test(v) || cidr(v, 6) || fail('value does not look like a valid ipv6 network configuration')),
  'pve-vlan-id-or-range': () => code(checkVlanIdOrRange),
  'pve-startup-order': () => code(checkStartupOrder),
  'pve-cpuset': () => code((v) => /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/.test(v) || fail('unable to parse cpuset option')),
  'pve-poolid': () => code(checkPoolId),
  'pve-volume-id': () => code(checkVolumeId),
  'pve-volume-id-or-absolute-path': () => code((v) => v.startsWith('/') || checkVolumeId(v)),
  'pve-volume-id-or-qm-path': () => code((v) => v === 'none' || v === 'cdrom' || v.startsWith('/') || checkVolumeId(v)),
  'pve-ha-resource-or-vm-id': () =>
    code((v) => /^(?:\d+|(?:vm|ct):\d+)$/.test(v) || fail('value does not look like a valid ha resource id')),
  'pve-storage-content': () => code((v) => STORAGE_CONTENT_TYPES.has(v) || fail(`invalid content type '${v}'`)),
  'pve-hotplug-features': () =>
    code((v) => {
      if (/^[01]$/.test(v)) return;
      for (const feature of v.split(',')) if (!HOTPLUG_FEATURES.has(feature)) fail(`invalid hotplug feature '${feature}'`);
    }),
  'pve-phys-bits': () =>
    code((v) => {
      const ok = /^(host|\d{1,2})$/.test(v) && (v === 'host' || (Number(v) >= 8 && Number(v) <= 64));
      if (!ok) fail("value must be an integer between 8 and 64 or 'host'");
    }),
  'pve-qm-bootdev': () => code((v) => isValidBootDevice(v) || fail(`invalid boot device '${v}'`)),
  'pve-qm-boot': () => ({
    kind: 'hash',
    schema: {
      legacy: { type: 'string', optional: 1, default_key: 1, pattern: '[acdn]{1,4}' },
      order: { type: 'string', optional: 1, format: 'pve-qm-bootdev-list' },
    },
  }),
  'pve-qm-ipconfig': () => ({
    kind: 'hash',
    schema: {
      ip: { type: 'string', optional: 1, format: 'pve-ipv4-config' },
      gw: { type: 'string', optional: 1, format: 'ipv4' },
      ip6: { type: 'string', optional: 1, format: 'pve-ipv6-config' },
      gw6: { type: 'string', optional: 1, format: 'ipv6' },
    },
  }),
  'pve-vm-cpu-conf': () => vmCpuConf,
};

const resolved = new Map<string, NamedFormat | null>();

/**
 * The named format `name` (without a `-list`/`-opt` suffix), or undefined
 * when the simulator does not know it (then the value is accepted).
 */
export function namedFormat(name: string): NamedFormat | undefined {
  if (!resolved.has(name)) resolved.set(name, HAND_WRITTEN[name]?.() ?? regexFormat(name) ?? null);
  return resolved.get(name) ?? undefined;
}

