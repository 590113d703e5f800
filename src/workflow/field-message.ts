/**
 * A message about one field of the wizard: a notice from defaults resolution
 * ("vmbr9 not found on pve2: using vmbr0") or a validation issue ("VLAN tag
 * must be a whole number from 1 to 4094"). The path says where the UI shows it.
 */
import * as t from 'io-ts';
import { closed } from '../shared/decode';
import { STEP_NAMES, type StepName } from './vm-config.codec';

const StepNameCodec = t.keyof(Object.fromEntries(STEP_NAMES.map((step) => [step, null])) as Record<StepName, null>);

/** A message about one field, with the step that shows it. */
export const FieldMessage = closed(
  {
    /** The wizard step that shows it. */
    step: StepNameCodec,
    /** The field, in accessor form: `network.vlan`, `disks[1].sizeGiB`, `general.tags[0]`. */
    path: t.string,
    /** One sentence that names the field and the rule or the reason. */
    message: t.string,
  },
  'FieldMessage',
);
export type FieldMessage = t.TypeOf<typeof FieldMessage>;

/** Something defaults resolution decided that the user should know (a substitute, a missing ISO). */
export type Notice = FieldMessage;
/** Something that would make Proxmox reject the VM, or make it fail to boot. */
export type ValidationIssue = FieldMessage;

/** The step a field path belongs to: `disks[1].sizeGiB` -> `disks`. */
export function stepOfPath(path: string): StepName {
  const head = /^[a-z]+/.exec(path)?.[0];
  const step = STEP_NAMES.find((name) => name === head);
  if (!step) throw new Error(`not a wizard field path: ${path}`);
  return step;
}

/** A FieldMessage for a path, with the step taken from the path. */
export function fieldMessage(path: string, message: string): FieldMessage {
  return { step: stepOfPath(path), path, message };
}

/** Whether `path` is `field` or lies inside it (`disks[1].sizeGiB` is inside `disks[1]` and `disks`). */
export function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}
