/**
 * Disk slots (`scsi0`, `sata1`, ...): which ones exist, which one a new disk
 * gets. The rule, as in the web UI: a new disk takes the lowest free slot on
 * its bus, so after removing scsi1 from scsi0..scsi2 the next disk is scsi1,
 * while scsi2 keeps its slot (disks never move between slots behind the
 * user's back). ide2 belongs to the CD/DVD drive, which the wizard always
 * creates (even "no media" is an empty drive).
 */
import { BEYOND_SCHEMA, indexRange } from './pve-schema';
import type { DiskBus } from './vm-config.codec';

/** A disk's place on the controller. */
export interface DiskSlot {
  readonly bus: DiskBus;
  readonly index: number;
}

/** Whether the slot is the CD/DVD drive's (ide2). */
export function isCdDriveSlot(slot: DiskSlot): boolean {
  return slot.bus === BEYOND_SCHEMA.cdDrive.bus && slot.index === BEYOND_SCHEMA.cdDrive.index;
}

/** Slot numbers the bus has (qemu-server's limits: ide 0-3, sata 0-5, scsi 0-30, virtio 0-15). */
export function slotRange(bus: DiskBus): { readonly min: number; readonly max: number } {
  return indexRange(bus);
}

/** The lowest free slot on `bus`, or undefined when the bus is full. */
export function nextFreeIndex(bus: DiskBus, taken: readonly DiskSlot[]): number | undefined {
  const { min, max } = slotRange(bus);
  const used = new Set(taken.filter((slot) => slot.bus === bus).map((slot) => slot.index));
  for (let index = min; index <= max; index++) {
    if (!used.has(index) && !isCdDriveSlot({ bus, index })) return index;
  }
  return undefined;
}

/**
 * Slots for a list of disks where some have no index yet: explicit indexes are
 * kept, the others take the lowest free slot in list order. A full bus yields
 * the first index past its range, which validation reports.
 */
export function assignSlots(disks: readonly { readonly bus: DiskBus; readonly index?: number }[]): DiskSlot[] {
  const taken: DiskSlot[] = disks.flatMap((disk) => (disk.index === undefined ? [] : [{ bus: disk.bus, index: disk.index }]));
  return disks.map((disk) => {
    if (disk.index !== undefined) return { bus: disk.bus, index: disk.index };
    const index = nextFreeIndex(disk.bus, taken) ?? slotRange(disk.bus).max + 1;
    const slot = { bus: disk.bus, index };
    taken.push(slot);
    return slot;
  });
}
