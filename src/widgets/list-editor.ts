import { Emitter, type Event } from '../shared/emitter';
import { FieldWidget, type FieldOptions } from './field-widget';
import { type KeyHint, type KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { fit } from './text';
import type { WidgetContext } from './widget';

/** Options of a ListEditor. */
export interface ListEditorOptions<T> extends FieldOptions<readonly T[]> {
  /** The rows to start with. */
  readonly items?: readonly T[];
  /** The text of a row; gets the index so labels can follow the position ('scsi1'). */
  readonly renderRow: (item: T, index: number) => string;
  /** Column titles above the rows (aligned by the caller's `renderRow`). */
  readonly header?: string;
  /** Why a row may not be removed (e.g. the last disk), or undefined when it may. */
  readonly canRemove?: (item: T, index: number) => string | undefined;
  /** Why no row may be added now (a limit reached), or undefined when one may. */
  readonly canAdd?: (items: readonly T[]) => string | undefined;
  /** Rows the editor takes in a form, header and action line included (default 6). */
  readonly rows?: number;
  /** What to call a row in hints ('disk'). */
  readonly noun?: string;
}

/** Asked of the caller: the editor never changes the rows itself, the caller calls `setItems`. */
export interface ListEditRequest<T> {
  /** The row concerned (for 'add': the row after which to add, or -1). */
  readonly index: number;
  /** The row's item (undefined for 'add' on an empty list). */
  readonly item: T | undefined;
}

/** Keys of a list editor whose rows are called `noun` ('disk'). */
export function listEditorKeys(noun: string): readonly KeyHint[] {
  return [
    { keys: ['a', 'insert'], description: `Add a ${noun}`, group: 'This field', priority: 5 },
    { keys: ['enter'], description: `Edit the ${noun}`, group: 'This field', priority: 5 },
    { keys: ['delete', 'd'], description: `Remove the ${noun}`, group: 'This field', priority: 4 },
    { keys: ['up', 'down'], description: 'Move', group: 'This field', helpOnly: true },
  ];
}

/**
 * Rows with add, edit and remove actions (the disk list). The caller owns the
 * rows and their meaning: the editor shows them with the caller's labels,
 * moves a highlight, and asks for changes through events.
 */
export class ListEditor<T> extends FieldWidget<readonly T[]> {
  private items: readonly T[];
  private highlighted = 0;
  private topRow = 0;
  private readonly options: ListEditorOptions<T>;
  private readonly didRequestAdd = new Emitter<ListEditRequest<T>>();
  private readonly didRequestEdit = new Emitter<ListEditRequest<T>>();
  private readonly didRequestRemove = new Emitter<ListEditRequest<T>>();
  private readonly didMove = new Emitter<ListEditRequest<T>>();

  /** 'a' or Ins: the user wants a new row. */
  readonly onDidRequestAdd: Event<ListEditRequest<T>> = this.didRequestAdd.event;
  /** Enter: the user wants to edit the highlighted row. */
  readonly onDidRequestEdit: Event<ListEditRequest<T>> = this.didRequestEdit.event;
  /** Del or 'd': the user wants the highlighted row removed (and `canRemove` allowed it). */
  readonly onDidRequestRemove: Event<ListEditRequest<T>> = this.didRequestRemove.event;
  /** The highlight moved (a master-detail screen shows the row's details). */
  readonly onDidMove: Event<ListEditRequest<T>> = this.didMove.event;

  constructor(ctx: WidgetContext, placement: Placement, options: ListEditorOptions<T>) {
    super(ctx, textBox(placement), options);
    this.options = options;
    this.items = options.items ?? [];
    for (const emitter of [this.didRequestAdd, this.didRequestEdit, this.didRequestRemove, this.didMove]) this.disposables.add(emitter);
  }

  /** The rows. */
  get value(): readonly T[] {
    return this.items;
  }

  /** Index of the highlighted row (0 when empty). */
  get highlightedIndex(): number {
    return this.highlighted;
  }

  /** Replace the rows (after an add, edit or remove); the highlight stays in range. */
  setItems(items: readonly T[], highlight?: number): void {
    this.items = items;
    this.highlighted = Math.max(0, Math.min(highlight ?? this.highlighted, items.length - 1));
    this.changed();
  }

  /** Add, edit, remove, move. */
  keyHints(): readonly KeyHint[] {
    return listEditorKeys(this.options.noun ?? 'row');
  }

  /** Arrows move; a/Ins, Enter, Del/d ask the caller to add, edit or remove. */
  handleKey(key: KeyPress): boolean {
    switch (key.full) {
      case 'up':
        return this.moveTo(this.highlighted - 1);
      case 'down':
        return this.moveTo(this.highlighted + 1);
      case 'home':
        return this.moveTo(0);
      case 'end':
        return this.moveTo(this.items.length - 1);
      case 'a':
      case 'insert':
        return this.requestAdd();
      case 'enter':
        if (this.items.length === 0) return this.requestAdd();
        this.didRequestEdit.fire(this.request());
        return true;
      case 'delete':
      case 'd':
        return this.requestRemove();
      default:
        return false;
    }
  }

  /** The rows asked for. */
  override preferredHeight(): number {
    return this.options.rows ?? 6;
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const width = this.innerWidth;
    const lines: string[] = [];
    if (this.options.header) lines.push(theme.paint('title', fit(`  ${this.options.header}`, width)));
    const room = Math.max(1, this.innerHeight - lines.length - 1);
    lines.push(...this.rowLines(room, width));
    while (lines.length < this.innerHeight - 1) lines.push('');
    lines.push(this.actionLine(width));
    this.element.setContent(lines.join('\n'));
  }

  private rowLines(room: number, width: number): string[] {
    const theme = this.ctx.theme;
    if (this.items.length === 0) return [theme.paint('muted', fit(`  No ${this.options.noun ?? 'row'}s yet: press a to add one.`, width))];
    if (this.highlighted < this.topRow) this.topRow = this.highlighted;
    if (this.highlighted >= this.topRow + room) this.topRow = this.highlighted - room + 1;
    this.topRow = Math.max(0, Math.min(this.topRow, this.items.length - room));
    const lines: string[] = [];
    for (let index = this.topRow; index < Math.min(this.items.length, this.topRow + room); index++) {
      const isHighlighted = index === this.highlighted;
      const text = fit(`${isHighlighted ? '>' : ' '} ${this.options.renderRow(this.items[index], index)}`, width);
      lines.push(theme.paint(isHighlighted ? (this.focused ? 'selectionFocused' : 'selection') : 'text', text));
    }
    return lines;
  }

  private actionLine(width: number): string {
    const theme = this.ctx.theme;
    const noun = this.options.noun ?? 'row';
    const count = `${this.items.length} ${noun}${this.items.length === 1 ? '' : 's'}`;
    const actions = this.focused ? `a: add  Enter: edit  Del: remove` : '';
    const gap = Math.max(1, width - count.length - actions.length - 2);
    return theme.paint('muted', fit(`  ${count}${' '.repeat(gap)}${actions}`, width));
  }

  private moveTo(index: number): true {
    this.clearRefusal();
    const next = Math.max(0, Math.min(index, this.items.length - 1));
    if (next !== this.highlighted) {
      this.highlighted = next;
      this.didMove.fire(this.request());
      this.changed();
    }
    return true;
  }

  private requestAdd(): true {
    this.clearRefusal();
    const refusal = this.options.canAdd?.(this.items);
    if (refusal) this.setMessage(refusal, 'warning');
    else this.didRequestAdd.fire({ index: this.items.length === 0 ? -1 : this.highlighted, item: this.items[this.highlighted] });
    return true;
  }

  private requestRemove(): true {
    this.clearRefusal();
    const item = this.items[this.highlighted];
    if (item === undefined) return true;
    const refusal = this.options.canRemove?.(item, this.highlighted);
    if (refusal) this.setMessage(refusal, 'warning');
    else this.didRequestRemove.fire(this.request());
    return true;
  }

  /** A refused add/remove said why; the next action makes the reason stale. */
  private clearRefusal(): void {
    if (this.message?.severity === 'warning') this.setMessage(undefined);
  }

  private request(): ListEditRequest<T> {
    return { index: this.highlighted, item: this.items[this.highlighted] };
  }
}
