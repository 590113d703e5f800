/**
 * The keys of docs/cli.md "Keys" that work on every step, as data. The same
 * list drives the key handling, the footer, the help overlay and
 * docs/keys.md (scripts/generate-keys-doc.ts). Change a key here, run
 * `npx tsx scripts/generate-keys-doc.ts`, and change docs/cli.md with it:
 * the keys are a contract.
 */
import type { KeyBinding } from '../screens/screen-controller';
import type { KeyHint } from '../widgets/keys';

/** What the global keys do; the app shell implements these. */
export interface ShellActions {
  /** Tab. */
  nextField(): void;
  /** Shift-Tab. */
  previousField(): void;
  /** Ctrl-N / F10 (asks the step's canLeave first). */
  nextStep(): void | Promise<void>;
  /** Ctrl-P. */
  previousStep(): void | Promise<void>;
  /** F1 / ?. */
  help(): void | Promise<void>;
  /** Ctrl-Q / Ctrl-C (asks first when input would be lost). */
  quit(): void | Promise<void>;
}

/** The group global keys are listed under in help and docs. */
export const GLOBAL_GROUP = 'Everywhere';

/** Keys that quit; they work even while a dialog is open. */
export const QUIT_KEYS: readonly string[] = ['C-q', 'C-c'];

/** Keys that change the step; a busy step (ScreenController.busyReason) suspends them. */
export const STEP_CHANGE_KEYS: readonly string[] = ['C-n', 'f10', 'C-p'];

/** The quit key as a busy step offers it: Ctrl-C first, as users stop a running command. */
export const STOP_HINT: KeyHint = { keys: ['C-c', 'C-q'], description: 'Stop and quit (asks first)', group: GLOBAL_GROUP, priority: 8 };

/**
 * The global bindings, in the order the footer shows them. Footer priorities:
 * Help, Next step and Quit stay longest; the step's and the field's own keys
 * (priority 4-6) win over Back and Tab, which every user already knows.
 */
export function globalBindings(actions: ShellActions): KeyBinding[] {
  return [
    { keys: ['tab'], description: 'Next field', group: GLOBAL_GROUP, priority: 3, handler: () => actions.nextField() },
    { keys: ['S-tab'], description: 'Previous field', group: GLOBAL_GROUP, priority: 1, helpOnly: true, handler: () => actions.previousField() },
    { keys: ['C-n', 'f10'], description: 'Next step', group: GLOBAL_GROUP, priority: 9, handler: () => actions.nextStep() },
    { keys: ['C-p'], description: 'Back', group: GLOBAL_GROUP, priority: 4, handler: () => actions.previousStep() },
    { keys: ['f1', '?'], description: 'Help', group: GLOBAL_GROUP, priority: 10, handler: () => actions.help() },
    { keys: [...QUIT_KEYS], description: 'Quit', group: GLOBAL_GROUP, priority: 8, handler: () => actions.quit() },
  ];
}

/**
 * Keys handled by the fields themselves, described once for help and docs
 * (cli.md): each widget also lists its own keys while it has the focus.
 */
export const FIELD_KEY_NOTES: readonly KeyHint[] = [
  { keys: ['enter'], description: 'Press a button, open a list, pick an item', group: 'In fields and lists' },
  { keys: ['space'], description: 'Toggle a checkbox', group: 'In fields and lists' },
  { keys: ['a-z'], description: 'In a list: filter it (words in any order; Backspace edits, Ctrl-U clears)', group: 'In fields and lists' },
  { keys: ['up', 'down'], description: 'Move in a list; choose in a radio group', group: 'In fields and lists' },
  { keys: ['escape'], description: 'Close a popup or list at once (Backspace and Ctrl-U edit a filter)', group: 'In fields and lists' },
  { keys: ['C-u'], description: 'In a text field: clear it (Ctrl-A / Ctrl-E: start / end, Ctrl-W: delete a word)', group: 'In fields and lists' },
].map((hint) => ({ ...hint, helpOnly: true }));

/** Notes that only help and docs show: when `?` types a character instead of opening help. */
export const HELP_NOTES: readonly KeyHint[] = [
  { keys: ['?'], description: 'Opens help except where it can be typed (text fields, list filters): use F1 there', group: GLOBAL_GROUP, helpOnly: true },
];
