/**
 * Each step's own keys as data, for docs/keys.md ("Keys of each step") and
 * its generator: the same constants the screens bind at run time, so the
 * document cannot drift from what the keys do.
 */
import type { KeyHint } from '../widgets/keys';
import { listEditorKeys } from '../widgets/list-editor';
import { CONFIRM_KEYS } from './confirm/confirm-screen';
import { DISKS_KEYS } from './disks/disks-screen';
import { LOGIN_KEYS } from './login/login-screen';
import { SUBMIT_KEYS } from './submit/submit-screen';

/** A step and the keys it adds to the ones of its fields. */
export interface StepKeys {
  /** The step's title ('Disks'). */
  readonly title: string;
  /** Its keys. */
  readonly bindings: readonly KeyHint[];
}

/** The steps with keys of their own, in wizard order (General, OS, System, CPU, Memory and Network use only field keys). */
export const STEP_KEYS: readonly StepKeys[] = [
  { title: 'Login', bindings: LOGIN_KEYS },
  { title: 'Disks', bindings: [...listEditorKeys('disk').map((hint) => ({ ...hint, group: 'This step' })), ...DISKS_KEYS] },
  { title: 'Confirm', bindings: CONFIRM_KEYS },
  { title: 'Submit', bindings: SUBMIT_KEYS },
];
