/**
 * Keys as data. Every key the app reacts to is named in blessed's `full`
 * notation ('C-n', 'f10', 'S-tab', 'escape', 'enter', '?', 'space', 'a'), so
 * one string both matches a key press and renders a label for the footer,
 * the help overlay and docs/keys.md.
 */

/** One key press, normalised from blessed's (ch, key) pair. */
export interface KeyPress {
  /** blessed's full name: 'C-n', 'S-tab', 'f10', 'enter', 'a', '?'. */
  readonly full: string;
  /** The printable character typed, if any ('a', 'A', '?', ' '). */
  readonly ch?: string;
  /** Control was held. */
  readonly ctrl: boolean;
  /** Alt/Meta was held. */
  readonly meta: boolean;
}

/** A key (or several equivalent keys) and what it does, for the footer and the help overlay. */
export interface KeyHint {
  /** Equivalent keys in blessed notation, the first one is the main one: ['C-n', 'f10']. */
  readonly keys: readonly string[];
  /** What the key does, imperative and short: 'Next step'. */
  readonly description: string;
  /** Heading in the help overlay: 'Navigation', 'This field', ... */
  readonly group: string;
  /** Footer priority: higher stays longer when the footer is too narrow (default 0). */
  readonly priority?: number;
  /** Shown in the help overlay only, never in the footer. */
  readonly helpOnly?: boolean;
}

/** The raw blessed key object, as much of it as we read (blessed's own type is looser). */
interface BlessedKey {
  readonly full?: string;
  readonly name?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly sequence?: string;
}

/**
 * Turns blessed's keypress arguments into a KeyPress, or undefined for a
 * duplicate. blessed reports a carriage return twice (as 'enter', then as
 * 'return'); only the 'enter' one counts, so Enter never acts twice.
 */
export function normaliseKeyPress(ch: string | undefined, key: BlessedKey | undefined): KeyPress | undefined {
  const name = key?.name;
  if (name === 'return') return undefined;
  let full = key?.full ?? ch ?? '';
  if (name === 'linefeed') full = 'enter';
  if (full === '') return undefined;
  return { full, ch: printableChar(ch, key), ctrl: key?.ctrl === true, meta: key?.meta === true };
}

function printableChar(ch: string | undefined, key: BlessedKey | undefined): string | undefined {
  if (ch === undefined || key?.ctrl || key?.meta) return undefined;
  if (ch.length === 0) return undefined;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return undefined;
  return ch;
}

/** True when `key` types a character (letters, digits, punctuation, space). */
export function isPrintable(key: KeyPress): key is KeyPress & { ch: string } {
  return key.ch !== undefined;
}

/** True when `key` is one of `names` (blessed notation). */
export function matchesKey(key: KeyPress, names: readonly string[]): boolean {
  return names.includes(key.full);
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'S-tab': 'Shift-Tab',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Del',
  insert: 'Ins',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  home: 'Home',
  end: 'End',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  // Not a key: stands for typing letters, in hints of lists that filter as you type.
  'a-z': 'Type',
};

/** A human label for one key: 'C-n' -> 'Ctrl-N', 'f10' -> 'F10', 'S-tab' -> 'Shift-Tab'. */
export function keyLabel(name: string): string {
  const known = KEY_LABELS[name];
  if (known) return known;
  if (/^f\d{1,2}$/.test(name)) return name.toUpperCase();
  const ctrl = /^C-(.+)$/.exec(name);
  if (ctrl) return `Ctrl-${keyLabel(ctrl[1]).toUpperCase()}`;
  const meta = /^M-(.+)$/.exec(name);
  if (meta) return `Alt-${keyLabel(meta[1])}`;
  const shift = /^S-(.+)$/.exec(name);
  if (shift) return shift[1].length === 1 ? shift[1].toUpperCase() : `Shift-${keyLabel(shift[1])}`;
  return name;
}

/** Labels for equivalent keys joined for display: ['C-n', 'f10'] -> 'Ctrl-N/F10'. */
export function keysLabel(names: readonly string[]): string {
  return names.map(keyLabel).join('/');
}
