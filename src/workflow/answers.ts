/**
 * Reading and writing answers files (docs/cli.md): decode a file into the
 * overlay the wizard resolves, and write a config back as a complete file that
 * replays to the same requests.
 */
import * as E from 'fp-ts/Either';
import { decodeWith, type DecodeIssue } from '../shared/decode';
import { ANSWERS_VERSION, AnswersFile, type ConfigOverlay, type DiskOverlay } from './answers.codec';
import type { DiskConfig, VmConfig } from './vm-config.codec';

/**
 * The overlay an answers file asks for, or every problem with its path
 * (`disks[1].sizeGiB: expected a positive number`). A file without `version`
 * is read as version 1; a newer version is refused by name rather than
 * half-understood.
 */
export function decodeAnswers(input: unknown): E.Either<DecodeIssue[], ConfigOverlay> {
  const version = isObject(input) ? input.version : undefined;
  if (typeof version === 'number' && version > ANSWERS_VERSION) {
    return E.left([{ path: 'version', message: `expected ${ANSWERS_VERSION}: this file is version ${version}, written by a newer pve-vm-tui` }]);
  }
  return E.map(({ version: _version, ...overlay }: AnswersFile) => overlay)(decodeWith(AnswersFile, input));
}

function isObject(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/** One section of an answers file with every key present. */
type Complete<K extends keyof AnswersFile> = Required<NonNullable<AnswersFile[K]>>;

/**
 * The complete answers file for a config: every key written, so replaying it
 * on the same cluster gives the same requests even if the defaults change.
 * Keys come in the order of the contract's example (docs/cli.md: node and VM ID
 * first, as the General step shows them), so a saved file reads like the
 * wizard. (`vmidSource` is not written: a file that names a VM ID is a user's
 * choice.)
 */
export function toAnswers(config: VmConfig): AnswersFile & { readonly version: typeof ANSWERS_VERSION } {
  return {
    version: ANSWERS_VERSION,
    general: generalAnswers(config.general),
    os: osAnswers(config.os),
    system: systemAnswers(config.system),
    disks: config.disks.map(diskAnswers),
    cpu: { sockets: config.cpu.sockets, cores: config.cpu.cores, type: config.cpu.type },
    memory: memoryAnswers(config.memory),
    network: networkAnswers(config.network),
    confirm: { start: config.confirm.start },
  };
}

function generalAnswers(general: VmConfig['general']): Complete<'general'> {
  const { order, up, down } = general.startup;
  return {
    node: general.node,
    vmid: general.vmid,
    name: general.name,
    pool: general.pool,
    tags: [...general.tags],
    ha: general.ha,
    onboot: general.onboot,
    startup: { order, up, down },
  };
}

function osAnswers(os: VmConfig['os']): Complete<'os'> {
  return { media: os.media, isoStorage: os.isoStorage, iso: os.iso, guestType: os.guestType, ostype: os.ostype };
}

function systemAnswers(system: VmConfig['system']): Complete<'system'> {
  return {
    machine: system.machine,
    bios: system.bios,
    efiDisk: system.efiDisk,
    efiStorage: system.efiStorage,
    preEnrolledKeys: system.preEnrolledKeys,
    scsihw: system.scsihw,
    agent: system.agent,
  };
}

function diskAnswers(disk: DiskConfig): Required<DiskOverlay> {
  return {
    bus: disk.bus,
    index: disk.index,
    storage: disk.storage,
    sizeGiB: disk.sizeGiB,
    format: disk.format,
    cache: disk.cache,
    discard: disk.discard,
    iothread: disk.iothread,
    ssd: disk.ssd,
    backup: disk.backup,
    aio: disk.aio,
  };
}

function memoryAnswers(memory: VmConfig['memory']): Complete<'memory'> {
  return { memoryMiB: memory.memoryMiB, minMemoryMiB: memory.minMemoryMiB, ballooning: memory.ballooning, ksm: memory.ksm };
}

function networkAnswers(network: VmConfig['network']): Complete<'network'> {
  return {
    enabled: network.enabled,
    bridge: network.bridge,
    vlan: network.vlan,
    model: network.model,
    mac: network.mac,
    firewall: network.firewall,
    linkDown: network.linkDown,
    mtu: network.mtu,
    rateMBps: network.rateMBps,
    queues: network.queues,
  };
}
