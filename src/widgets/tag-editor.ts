import { FieldWidget, type FieldOptions } from './field-widget';
import { isPrintable, type KeyHint, type KeyPress } from './keys';
import { ListPopup } from './list-popup';
import { textBox, type Placement } from './placement';
import { textWidth } from './text';
import type { StyleRole } from './theme';
import type { WidgetContext } from './widget';

/** Options of a TagEditor. */
export interface TagEditorOptions extends FieldOptions<readonly string[]> {
  /** Tags to start with. */
  readonly value?: readonly string[];
  /** Existing tags to offer (the cluster's); may come later with `setSuggestions`. */
  readonly suggestions?: readonly string[];
  /** Checks a new tag before it is added; returns the message to show, or undefined. */
  readonly validateTag?: (tag: string) => string | undefined;
  /** Rewrites a typed tag before it is checked (e.g. lower-case it); default: trimmed as typed. */
  readonly normalise?: (tag: string) => string;
  /** Characters that end a tag as it is typed (default ',', ';' and space). */
  readonly separators?: string;
}

/** A run of text in one style: a chip, the input, the cursor. */
interface Piece {
  readonly text: string;
  readonly role: StyleRole;
}

/** Keys of a tag editor. */
export const TAG_KEYS: readonly KeyHint[] = [
  { keys: ['enter'], description: 'Add the typed tag', group: 'This field', priority: 5 },
  { keys: ['down'], description: 'Existing tags', group: 'This field', priority: 4 },
  { keys: ['backspace'], description: 'Remove (twice on an empty input)', group: 'This field', priority: 2 },
  { keys: ['left', 'right'], description: 'Move between tags (Del removes one)', group: 'This field', helpOnly: true },
];

/**
 * Chips and an input: `[web] [nixos] prod_`. Enter or a separator adds the
 * typed tag once the caller's validator accepts it; Down offers the existing
 * tags in a filterable popup; Backspace on an empty input selects the last
 * tag, a second Backspace removes it.
 */
export class TagEditor extends FieldWidget<readonly string[]> {
  private tags: string[];
  private input = '';
  /** Index of the selected chip, or -1 while the cursor is in the input. */
  private selectedChip = -1;
  private suggestions: readonly string[];
  private readonly validateTag?: (tag: string) => string | undefined;
  private readonly normalise: (tag: string) => string;
  private readonly separators: string;
  private popupOpen = false;

  constructor(ctx: WidgetContext, placement: Placement, options: TagEditorOptions) {
    super(ctx, textBox(placement), options);
    this.tags = [...(options.value ?? [])];
    this.suggestions = options.suggestions ?? [];
    this.validateTag = options.validateTag;
    this.normalise = options.normalise ?? ((tag) => tag.trim());
    this.separators = options.separators ?? ',; ';
  }

  /** The tags, in the order added. */
  get value(): readonly string[] {
    return this.tags;
  }

  /** Set from code (no change event). */
  set value(tags: readonly string[]) {
    this.tags = [...tags];
    this.selectedChip = -1;
    this.changed();
  }

  /** The text typed but not yet added. */
  get pendingInput(): string {
    return this.input;
  }

  /** True while the suggestions popup is open. */
  get isOpen(): boolean {
    return this.popupOpen;
  }

  /** Replace the offered tags. */
  setSuggestions(suggestions: readonly string[]): void {
    this.suggestions = suggestions;
    this.changed();
  }

  /** Add, pick from existing, remove. */
  keyHints(): readonly KeyHint[] {
    return TAG_KEYS;
  }

  /** Typing, Enter/separators to add, Down for suggestions, Backspace/Del/arrows on chips. */
  handleKey(key: KeyPress): boolean {
    if (isPrintable(key)) return this.type(key.ch);
    switch (key.full) {
      case 'enter':
        if (this.input === '') return false;
        this.commit(this.input);
        return true;
      case 'down':
        this.offerSuggestions();
        return true;
      case 'backspace':
        return this.backspace();
      case 'delete':
        return this.removeSelected();
      case 'left':
        return this.selectChip(this.selectedChip === -1 ? this.tags.length - 1 : Math.max(0, this.selectedChip - 1));
      case 'right':
        return this.selectChip(this.selectedChip === -1 || this.selectedChip >= this.tags.length - 1 ? -1 : this.selectedChip + 1);
      case 'C-u':
        this.input = '';
        this.changed();
        return true;
      default:
        return false;
    }
  }

  /** Add `tag` as if typed and confirmed: returns the validator's message, or undefined when added. */
  add(tag: string): string | undefined {
    return this.commit(tag);
  }

  /** Open the existing tags, filtered by the typed text; the pick is added as Enter is pressed. */
  offerSuggestions(): void {
    if (this.popupOpen) return;
    const taken = new Set(this.tags);
    const items = this.suggestions.filter((tag) => !taken.has(tag)).map((tag) => ({ value: tag, label: tag }));
    this.popupOpen = true;
    const options = { title: `${this.focusName}: existing`, items, query: this.input, emptyText: 'No other existing tags. Type a new one and press Enter.' };
    ListPopup.open<string>(this.ctx, this.element.screen, options, (picked) => {
      this.popupOpen = false;
      if (picked) this.commit(picked.value);
      else this.changed();
    });
  }

  /** Rows needed to show every chip and the input at `width`. */
  override preferredHeight(width: number): number {
    return Math.max(1, this.layoutLines(width).length);
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const width = this.innerWidth;
    const lines = this.layoutLines(width).map((pieces) => {
      let used = 0;
      const painted = pieces.map((piece) => {
        used += textWidth(piece.text);
        return theme.paint(piece.role, piece.text);
      });
      return painted.join('') + ' '.repeat(Math.max(0, width - used));
    });
    this.element.setContent(lines.join('\n'));
  }

  private type(ch: string): true {
    this.selectedChip = -1;
    if (this.separators.includes(ch)) {
      if (this.input !== '') this.commit(this.input);
      return true;
    }
    this.input += ch;
    this.changed();
    return true;
  }

  private commit(raw: string): string | undefined {
    const tag = this.normalise(raw);
    if (tag === '') return undefined;
    const problem = this.validateTag?.(tag);
    if (problem) {
      this.setMessage(problem, 'error');
      return problem;
    }
    this.input = '';
    this.setMessage(undefined);
    if (!this.tags.includes(tag)) {
      this.tags.push(tag);
      this.emitChange();
    } else {
      this.changed();
    }
    return undefined;
  }

  private backspace(): true {
    if (this.input !== '') {
      this.input = this.input.slice(0, -1);
      this.changed();
    } else if (this.selectedChip >= 0) {
      this.removeSelected();
    } else if (this.tags.length > 0) {
      this.selectChip(this.tags.length - 1);
    }
    return true;
  }

  private removeSelected(): boolean {
    if (this.selectedChip < 0) return false;
    this.tags.splice(this.selectedChip, 1);
    this.selectedChip = this.tags.length === 0 ? -1 : Math.min(this.selectedChip, this.tags.length - 1);
    this.emitChange();
    return true;
  }

  private selectChip(index: number): true {
    this.selectedChip = index;
    this.changed();
    return true;
  }

  /** Chips and the input, flowed into lines of `width` cells. */
  private layoutLines(width: number): Piece[][] {
    const pieces: Piece[][] = [];
    this.tags.forEach((tag, index) => {
      const selected = index === this.selectedChip && this.focused;
      pieces.push([{ text: `[${tag}]`, role: selected ? 'selectionFocused' : 'text' }, { text: ' ', role: 'text' }]);
    });
    pieces.push(this.inputPieces());
    const lines: Piece[][] = [[]];
    let used = 0;
    for (const group of pieces) {
      const size = group.reduce((sum, piece) => sum + textWidth(piece.text), 0);
      if (used > 0 && used + size > width) {
        lines.push([]);
        used = 0;
      }
      lines[lines.length - 1].push(...group);
      used += size;
    }
    return lines;
  }

  private inputPieces(): Piece[] {
    if (this.disabled) return [{ text: this.tags.length === 0 ? '-' : '', role: 'muted' }];
    if (!this.focused) {
      if (this.input !== '') return [{ text: this.input, role: 'field' }];
      return this.tags.length === 0 ? [{ text: 'none (type a tag, Down: existing tags)', role: 'placeholder' }] : [];
    }
    const cursorRole = this.selectedChip === -1 ? 'cursor' : 'fieldFocused';
    const count = this.matchingSuggestions();
    const hint = this.input !== '' && count > 0 ? ` (Down: ${count} existing)` : '';
    return [
      { text: this.input, role: 'fieldFocused' },
      { text: ' ', role: cursorRole },
      { text: hint, role: 'muted' },
    ];
  }

  private matchingSuggestions(): number {
    const query = this.input.toLowerCase();
    let count = 0;
    for (const tag of this.suggestions) if (tag.toLowerCase().includes(query) && !this.tags.includes(tag)) count++;
    return count;
  }
}
