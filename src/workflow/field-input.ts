/**
 * Turning what the user typed into a number field into a value the store can
 * hold, or an issue that names the field: "abc" in Cores never reaches the
 * config, and the message reads like every other validation message. Range
 * rules stay in validate(); this only answers "is it a number at all".
 */
import { fieldMessage, type ValidationIssue } from './field-message';

/** How a number field is read. */
interface NumberField {
  readonly label: string;
  /** Whole numbers only (slots, IDs, MiB) or decimals too (GiB, MB/s). */
  readonly kind: 'whole' | 'decimal';
  /** Empty text means "none" (null) instead of "missing". */
  readonly optional: boolean;
}

/** The wizard's number fields by path (`disks[]` stands for any disk). */
export const NUMBER_FIELDS: Readonly<Record<string, NumberField>> = {
  'general.vmid': { label: 'VM ID', kind: 'whole', optional: false },
  'general.startup.order': { label: 'Start/shutdown order', kind: 'whole', optional: true },
  'general.startup.up': { label: 'Startup delay', kind: 'whole', optional: true },
  'general.startup.down': { label: 'Shutdown timeout', kind: 'whole', optional: true },
  'disks[].index': { label: 'Slot', kind: 'whole', optional: false },
  'disks[].sizeGiB': { label: 'Disk size', kind: 'decimal', optional: false },
  'cpu.sockets': { label: 'Sockets', kind: 'whole', optional: false },
  'cpu.cores': { label: 'Cores', kind: 'whole', optional: false },
  'memory.memoryMiB': { label: 'Memory', kind: 'whole', optional: false },
  'memory.minMemoryMiB': { label: 'Minimum memory', kind: 'whole', optional: false },
  'network.vlan': { label: 'VLAN tag', kind: 'whole', optional: true },
  'network.mtu': { label: 'MTU', kind: 'whole', optional: true },
  'network.rateMBps': { label: 'Rate limit', kind: 'decimal', optional: true },
  'network.queues': { label: 'Multiqueue', kind: 'whole', optional: true },
};

/** A parsed number field: the value (null = none) or why the text is not one. */
export type ParsedNumber = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly issue: ValidationIssue };

/** Reads the text of the number field at `path` (`disks[1].sizeGiB`, `network.vlan`). */
export function parseNumberInput(path: string, text: string): ParsedNumber {
  const field = NUMBER_FIELDS[path.replace(/\[\d+\]/g, '[]')];
  if (!field) throw new Error(`not a number field: ${path}`);
  const trimmed = text.trim();
  if (trimmed === '') {
    return field.optional ? { ok: true, value: null } : { ok: false, issue: fieldMessage(path, `${field.label} is required`) };
  }
  const pattern = field.kind === 'whole' ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)$/;
  if (!pattern.test(trimmed)) {
    return { ok: false, issue: fieldMessage(path, `${field.label} must be ${field.kind === 'whole' ? 'a whole number' : 'a number'}`) };
  }
  return { ok: true, value: Number(trimmed) };
}
