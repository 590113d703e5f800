import type { KeyHint, KeyPress } from './keys';
import { isPrintable } from './keys';
import { FieldWidget, type FieldOptions } from './field-widget';
import { textBox, type Placement } from './placement';
import type { WidgetContext } from './widget';

/** Options of a TextField. */
export interface TextFieldOptions extends FieldOptions<string> {
  /** Initial value. */
  readonly value?: string;
  /** 'number' reads its text as a number (`numberValue`); 'password' shows '*' for each character. */
  readonly kind?: 'text' | 'number' | 'password';
  /** Shown dimmed while the field is empty ('e.g. web-1', 'next free: 104'). */
  readonly placeholder?: string;
  /** Longest value the field accepts; further characters are ignored. */
  readonly maxLength?: number;
  /**
   * Characters the field accepts (each typed character is tested); default:
   * any. Number fields keep what was typed too (`1.5`, `-1`): dropping a
   * character would change the value without a word, the form says instead
   * that it is not a whole number.
   */
  readonly accept?: RegExp;
}

/** Keys of a text field. */
export const TEXT_KEYS: readonly KeyHint[] = [
  { keys: ['left', 'right'], description: 'Move the cursor', group: 'This field', helpOnly: true },
  { keys: ['home', 'end'], description: 'Start / end of the text (also Ctrl-A / Ctrl-E)', group: 'This field', helpOnly: true },
  { keys: ['backspace', 'delete'], description: 'Delete a character', group: 'This field', helpOnly: true },
  { keys: ['C-u'], description: 'Clear the field', group: 'This field', helpOnly: true },
];

/**
 * A one-line text or number input with a cursor, horizontal scrolling, a
 * placeholder, a length limit and password masking. It draws its own cursor
 * (an inverse cell) so the terminal cursor can stay hidden and a key press
 * repaints only this line.
 */
export class TextField extends FieldWidget<string> {
  private text: string;
  private cursor: number;
  private scroll = 0;
  private readonly kind: 'text' | 'number' | 'password';
  private placeholderText: string;
  private readonly maxLength: number;
  private readonly accept?: RegExp;

  constructor(ctx: WidgetContext, placement: Placement, options: TextFieldOptions) {
    super(ctx, textBox(placement), options);
    this.kind = options.kind ?? 'text';
    this.text = options.value ?? '';
    this.cursor = this.text.length;
    this.placeholderText = options.placeholder ?? '';
    this.maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
    this.accept = options.accept;
  }

  /** The text as typed. */
  get value(): string {
    return this.text;
  }

  /** Set the text from code (no change event); the cursor goes to the end. */
  set value(text: string) {
    if (text === this.text) return;
    this.text = text;
    this.cursor = text.length;
    this.changed();
  }

  /** The value as a number, or undefined when empty or not a number. */
  get numberValue(): number | undefined {
    if (this.text.trim() === '') return undefined;
    const parsed = Number(this.text);
    return Number.isFinite(parsed) ? parsed : undefined;
  }

  /** Change the placeholder ('next free: 104' once it is known). */
  setPlaceholder(placeholder: string): void {
    this.placeholderText = placeholder;
    this.changed();
  }

  /** Typing keys, cursor keys and the readline-style editing keys. */
  keyHints(): readonly KeyHint[] {
    return TEXT_KEYS;
  }

  /** Edit on printable keys, Backspace/Del, cursor keys, Ctrl-A/E/U/K/W. */
  handleKey(key: KeyPress): boolean {
    if (isPrintable(key)) {
      this.insert(key.ch);
      return true;
    }
    switch (key.full) {
      case 'backspace':
        return this.edit(() => this.deleteBefore(1));
      case 'delete':
      case 'C-d':
        return this.edit(() => this.deleteAfter(1));
      case 'left':
      case 'C-b':
        return this.moveCursor(this.cursor - 1);
      case 'right':
      case 'C-f':
        return this.moveCursor(this.cursor + 1);
      case 'home':
      case 'C-a':
        return this.moveCursor(0);
      case 'end':
      case 'C-e':
        return this.moveCursor(this.text.length);
      case 'C-u':
        return this.edit(() => this.deleteBefore(this.cursor));
      case 'C-k':
        return this.edit(() => this.deleteAfter(this.text.length - this.cursor));
      case 'C-w':
        return this.edit(() => this.deleteBefore(this.cursor - wordStart(this.text, this.cursor)));
      default:
        return false;
    }
  }

  protected draw(): void {
    const width = this.innerWidth;
    if (width <= 0) return;
    this.scrollToCursor(width);
    const shown = this.kind === 'password' ? '*'.repeat(this.text.length) : this.text;
    const theme = this.ctx.theme;
    const fieldRole = this.focused ? 'fieldFocused' : 'field';
    if (this.disabled) {
      this.element.setContent(theme.paint('muted', fitPlain(shown || '-', width)));
      return;
    }
    if (this.text === '' && !this.focused) {
      const placeholder = this.placeholderText ? theme.paint('placeholder', this.placeholderText.slice(0, width)) : '';
      const rest = width - Math.min(width, this.placeholderText.length);
      this.element.setContent(theme.paintTagged(fieldRole, placeholder + ' '.repeat(rest)));
      return;
    }
    const visible = shown.slice(this.scroll, this.scroll + width);
    if (!this.focused) {
      this.element.setContent(theme.paint(fieldRole, fitPlain(visible, width)));
      return;
    }
    const at = this.cursor - this.scroll;
    const padded = fitPlain(visible, width);
    this.element.setContent(
      theme.paint(fieldRole, padded.slice(0, at)) + theme.paint('cursor', padded.charAt(at) || ' ') + theme.paint(fieldRole, padded.slice(at + 1)),
    );
  }

  private insert(chars: string): void {
    const accepted = [...chars].filter((char) => !this.accept || this.accept.test(char)).join('');
    const room = this.maxLength - this.text.length;
    const added = accepted.slice(0, Math.max(0, room));
    if (added === '') return;
    this.text = this.text.slice(0, this.cursor) + added + this.text.slice(this.cursor);
    this.cursor += added.length;
    this.emitChange();
  }

  private edit(change: () => boolean): true {
    if (change()) this.emitChange();
    return true;
  }

  private deleteBefore(count: number): boolean {
    if (count <= 0 || this.cursor === 0) return false;
    const from = Math.max(0, this.cursor - count);
    this.text = this.text.slice(0, from) + this.text.slice(this.cursor);
    this.cursor = from;
    return true;
  }

  private deleteAfter(count: number): boolean {
    if (count <= 0 || this.cursor >= this.text.length) return false;
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + count);
    return true;
  }

  private moveCursor(position: number): true {
    const next = Math.min(this.text.length, Math.max(0, position));
    if (next !== this.cursor) {
      this.cursor = next;
      this.changed();
    }
    return true;
  }

  /** Keep the cursor inside the window, with the cursor cell after the last character. */
  private scrollToCursor(width: number): void {
    if (this.cursor < this.scroll) this.scroll = this.cursor;
    else if (this.cursor >= this.scroll + width) this.scroll = this.cursor - width + 1;
    this.scroll = Math.max(0, Math.min(this.scroll, Math.max(0, this.text.length - width + 1)));
  }
}

function fitPlain(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

/** Where Ctrl-W stops: the start of the word before the cursor (readline's unix-word-rubout). */
function wordStart(text: string, cursor: number): number {
  let at = cursor;
  while (at > 0 && text[at - 1] === ' ') at--;
  while (at > 0 && text[at - 1] !== ' ') at--;
  return at;
}
