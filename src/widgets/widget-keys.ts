/**
 * Every widget's keys in one catalogue, for docs/keys.md and the help
 * overlay's "In fields and lists" notes. The widgets use the same constants
 * at run time, so the docs cannot drift from the code.
 */
import { BUTTON_KEYS } from './button';
import { CHECKBOX_KEYS } from './checkbox';
import { DROPDOWN_KEYS } from './dropdown';
import { FILTER_LIST_KEYS } from './filter-list';
import { DIALOG_FORM_KEYS } from './form-dialog';
import { TOGGLE_KEYS } from './form-layout';
import { HELP_KEYS } from './help-overlay';
import type { KeyHint } from './keys';
import { listEditorKeys } from './list-editor';
import { POPUP_KEYS } from './list-popup';
import { DIALOG_KEYS } from './modal';
import { RADIO_KEYS } from './radio-group';
import { RETRY_KEYS } from './state-view';
import { TABLE_KEYS } from './summary-table';
import { TAG_KEYS } from './tag-editor';
import { PROGRESS_KEYS } from './task-progress';
import { TEXT_KEYS } from './text-field';

/** A kind of widget and the keys it handles while focused. */
export interface WidgetKeys {
  /** What the user sees: 'Text field', 'List (type to filter)'. */
  readonly widget: string;
  /** Its keys. */
  readonly hints: readonly KeyHint[];
}

/** All widgets' keys, in the order docs/keys.md lists them. */
export const WIDGET_KEYS: readonly WidgetKeys[] = [
  { widget: 'Text and number fields', hints: TEXT_KEYS },
  { widget: 'Checkbox', hints: CHECKBOX_KEYS },
  { widget: 'Radio group', hints: RADIO_KEYS },
  { widget: 'Dropdown', hints: DROPDOWN_KEYS },
  { widget: 'List (inline, type to filter)', hints: FILTER_LIST_KEYS },
  { widget: 'List popup', hints: POPUP_KEYS },
  { widget: 'Tag editor', hints: TAG_KEYS },
  { widget: 'List editor (disks)', hints: listEditorKeys('row') },
  { widget: 'Button', hints: BUTTON_KEYS },
  { widget: 'Advanced group', hints: TOGGLE_KEYS },
  { widget: 'Summary', hints: TABLE_KEYS },
  { widget: 'Task progress', hints: PROGRESS_KEYS },
  { widget: 'Error state', hints: RETRY_KEYS },
  { widget: 'Dialogs', hints: DIALOG_KEYS },
  { widget: 'Form dialogs', hints: DIALOG_FORM_KEYS },
  { widget: 'Help', hints: HELP_KEYS },
];
