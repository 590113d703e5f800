import type { ListItem } from './filter-model';
import { FILTER_LIST_KEYS, FilterList } from './filter-list';
import { FieldWidget, type FieldOptions } from './field-widget';
import type { KeyHint, KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import type { WidgetContext } from './widget';

/** Options of a SelectList. */
export interface SelectListOptions<T> extends FieldOptions<T | undefined> {
  /** The items (may come later with `setItems`). */
  readonly items?: readonly ListItem<T>[];
  /** The initial choice. */
  readonly value?: T;
  /** Rows the list takes in a form, filter line included (default 8). */
  readonly rows?: number;
  /** Shown when there are no items. */
  readonly emptyText?: string;
  /** How values compare (default Object.is). */
  readonly equals?: (a: T, b: T) => boolean;
}

/**
 * An inline list with type-to-filter (ISO images on the OS step): the
 * highlighted row is the choice, like a list box. Typing filters; the arrows
 * move; the choice is marked '*'.
 */
export class SelectList<T> extends FieldWidget<T | undefined> {
  private readonly list: FilterList<T>;
  private readonly rows: number;
  private chosen: T | undefined;

  constructor(ctx: WidgetContext, placement: Placement, options: SelectListOptions<T>) {
    super(ctx, textBox(placement), options);
    this.rows = options.rows ?? 8;
    this.list = new FilterList<T>(ctx, { parent: this.element, top: 0, left: 0, width: '100%', height: '100%' }, options);
    this.disposables.add(this.list);
    this.chosen = options.value;
    this.list.setChosen(options.value);
    this.list.setDimmed(options.disabled ?? false);
    this.disposables.add(this.list.onDidMove((item) => this.choose(item)));
  }

  /** The chosen value. */
  get value(): T | undefined {
    return this.chosen;
  }

  /** Choose from code (no change event). */
  set value(value: T | undefined) {
    this.chosen = value;
    this.list.setChosen(value);
  }

  /** Replace the items; the choice stays when it is still there. */
  setItems(items: readonly ListItem<T>[]): void {
    this.list.setItems(items);
  }

  /** Text shown when there are no items. */
  setEmptyText(text: string): void {
    this.list.setEmptyText(text);
  }

  /** How many items match the filter (for tests and hints). */
  get matchCount(): number {
    return this.list.model.matchCount;
  }

  /** The rows asked for. */
  override preferredHeight(): number {
    return this.rows;
  }

  /** The list's moving and filtering keys. */
  keyHints(): readonly KeyHint[] {
    return FILTER_LIST_KEYS;
  }

  /** Movement and filter keys; Enter is left to the screen (the row is already chosen). */
  handleKey(key: KeyPress): boolean {
    if (key.full === 'enter') return false;
    return this.list.handleKey(key);
  }

  /** A disabled list keeps its rows and choice but shows they are not in use (media is not an ISO). */
  override setDisabled(disabled: boolean): void {
    this.list.setDimmed(disabled);
    super.setDisabled(disabled);
  }

  override setFocused(focused: boolean): void {
    this.list.setActive(focused);
    super.setFocused(focused);
  }

  protected draw(): void {
    // The FilterList child draws the rows.
  }

  private choose(item: ListItem<T> | undefined): void {
    if (!item || item.disabled) return;
    this.chosen = item.value;
    this.list.setChosen(item.value);
    this.emitChange();
  }
}
