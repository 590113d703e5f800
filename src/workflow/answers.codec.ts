/**
 * The answers file of the CLI contract (docs/cli.md, version 1) and the
 * partial overlay it decodes to. Every key is optional (missing = the
 * wizard's default), unknown keys and wrong types are errors naming their
 * path. The wizard keeps what the user set in the same overlay shape, so "the
 * user touched this field" and "the answers file set this field" are one idea.
 */
import * as t from 'io-ts';
import { closedPartial, refine } from '../shared/decode';
import {
  AioModeCodec,
  BiosCodec,
  CacheModeCodec,
  DiskBusCodec,
  DiskFormatCodec,
  GuestTypeCodec,
  MachineCodec,
  MediaCodec,
  NetModelCodec,
  nullable,
  OstypeCodec,
  ScsiControllerCodec,
} from './vm-config.codec';

/** The answers file version this build writes; older versions are migrated in decodeAnswers. */
export const ANSWERS_VERSION = 1;

const WholeNumber = refine(t.number, Number.isInteger, 'a whole number');
const PositiveNumber = refine(t.number, (value) => value > 0, 'a positive number');
const NonNegativeNumber = refine(t.number, (value) => value >= 0, 'a number of 0 or more');

/** Number codecs: strict for files people write, plain numbers for the wizard's own snapshots. */
interface NumberCodecs {
  readonly whole: t.Type<number, number, unknown>;
  readonly positive: t.Type<number, number, unknown>;
  readonly nonNegative: t.Type<number, number, unknown>;
}

const STRICT: NumberCodecs = { whole: WholeNumber, positive: PositiveNumber, nonNegative: NonNegativeNumber };
const LENIENT: NumberCodecs = { whole: t.number, positive: t.number, nonNegative: t.number };

/**
 * The overlay's props for one strictness. Type checks only: ranges (VLAN
 * 1-4094, ...) are validate()'s job, which can name the rule.
 */
function overlayProps(numbers: NumberCodecs) {
  const { whole, positive, nonNegative } = numbers;
  return {
    general: closedPartial({
      node: t.string,
      vmid: whole,
      name: nullable(t.string),
      pool: nullable(t.string),
      tags: t.array(t.string),
      ha: t.boolean,
      onboot: t.boolean,
      startup: closedPartial({ order: nullable(whole), up: nullable(whole), down: nullable(whole) }),
    }),
    os: closedPartial({
      media: MediaCodec,
      isoStorage: nullable(t.string),
      iso: nullable(t.string),
      guestType: GuestTypeCodec,
      ostype: OstypeCodec,
    }),
    system: closedPartial({
      machine: MachineCodec,
      bios: BiosCodec,
      efiDisk: t.boolean,
      efiStorage: nullable(t.string),
      preEnrolledKeys: t.boolean,
      scsihw: ScsiControllerCodec,
      agent: t.boolean,
    }),
    disks: t.array(
      closedPartial({
        bus: DiskBusCodec,
        index: whole,
        storage: t.string,
        sizeGiB: positive,
        format: DiskFormatCodec,
        cache: CacheModeCodec,
        discard: t.boolean,
        iothread: t.boolean,
        ssd: t.boolean,
        backup: t.boolean,
        aio: AioModeCodec,
      }),
    ),
    cpu: closedPartial({ sockets: whole, cores: whole, type: t.string }),
    memory: closedPartial({ memoryMiB: whole, minMemoryMiB: whole, ballooning: t.boolean, ksm: t.boolean }),
    network: closedPartial({
      enabled: t.boolean,
      bridge: nullable(t.string),
      vlan: nullable(whole),
      model: NetModelCodec,
      mac: nullable(t.string),
      firewall: t.boolean,
      // Added after the first files were written: optional like every key, so those files keep working.
      linkDown: t.boolean,
      mtu: nullable(whole),
      rateMBps: nullable(nonNegative),
      queues: nullable(whole),
    }),
    confirm: closedPartial({ start: t.boolean }),
  };
}

/** The answers file (docs/cli.md): exact, every key optional. */
export const AnswersFile = closedPartial({ version: t.literal(ANSWERS_VERSION), ...overlayProps(STRICT) }, 'AnswersFile');
export type AnswersFile = t.TypeOf<typeof AnswersFile>;

/**
 * What the user (or an answers file) set, step by step; everything absent
 * follows the defaults. Lenient numbers: the wizard may hold a value that
 * validation then rejects with a message.
 */
export const ConfigOverlay = closedPartial(overlayProps(LENIENT), 'ConfigOverlay');
export type ConfigOverlay = t.TypeOf<typeof ConfigOverlay>;

/** One disk of an overlay: only the fields that were set. */
export type DiskOverlay = NonNullable<ConfigOverlay['disks']>[number];
