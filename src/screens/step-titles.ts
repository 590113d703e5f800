/** What the wizard's steps are called on screen (Confirm's issue list, Submit's keys). */
import type { StepName } from '../workflow/vm-config.codec';

/** Step name -> title, as in the header. */
export const STEP_TITLES: Readonly<Record<StepName, string>> = {
  general: 'General',
  os: 'OS',
  system: 'System',
  disks: 'Disks',
  cpu: 'CPU',
  memory: 'Memory',
  network: 'Network',
  confirm: 'Confirm',
};
