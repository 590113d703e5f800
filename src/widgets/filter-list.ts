import { Emitter, type Event } from '../shared/emitter';
import { FilterModel, type ListItem } from './filter-model';
import { isPrintable, type KeyHint, type KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { fit, textWidth, wrap } from './text';
import { Widget, type WidgetContext } from './widget';

/** Options of a FilterList. */
export interface FilterListOptions<T> {
  /** Items to start with. */
  readonly items?: readonly ListItem<T>[];
  /** Show the filter line above the rows (default true). */
  readonly showFilter?: boolean;
  /** Shown when there are no items at all ('No ISO images on cephfs.'). */
  readonly emptyText?: string;
  /** How values compare (default Object.is); used to keep the highlight across updates. */
  readonly equals?: (a: T, b: T) => boolean;
}

/** Keys of every filterable list; the footer and help show them. */
export const FILTER_LIST_KEYS: readonly KeyHint[] = [
  { keys: ['up', 'down'], description: 'Move', group: 'This field', priority: 4 },
  { keys: ['pageup', 'pagedown'], description: 'Page up / down (Home / End: first / last)', group: 'This field', helpOnly: true },
  { keys: ['a-z'], description: 'Filter (words in any order)', group: 'This field', priority: 3 },
  { keys: ['backspace'], description: 'Edit the filter (Ctrl-U clears it)', group: 'This field', helpOnly: true },
];

/**
 * A virtualised list with type-to-filter, for thousands of items. Only the
 * rows in view are drawn; filtering searches precomputed lower-case keys and,
 * while the query grows, only the previous matches. It is not a field on its
 * own: SelectList (inline) and ListPopup (over the screen) wrap it.
 */
export class FilterList<T> extends Widget {
  /** The match state (query, highlight, scroll). */
  readonly model = new FilterModel<T>();
  private readonly showFilter: boolean;
  private readonly equals: (a: T, b: T) => boolean;
  private emptyText: string;
  private chosen: { value: T } | undefined;
  private active = false;
  /** Drawn as not in use (its field is disabled): every row muted, no highlight, no filter prompt. */
  private dimmed = false;
  /** Widest label and widest detail of all items, measured once per `setItems` (not per frame). */
  private widths: ItemWidths = { label: 0, detail: 0 };
  private readonly didPick = new Emitter<ListItem<T>>();
  private readonly didMove = new Emitter<ListItem<T> | undefined>();
  private readonly didRefuse = new Emitter<ListItem<T>>();

  /** Enter on an item that can be picked. */
  readonly onDidPick: Event<ListItem<T>> = this.didPick.event;
  /** Enter on an item shown but not to be picked (an offline node): the owner says why. */
  readonly onDidRefuse: Event<ListItem<T>> = this.didRefuse.event;
  /** The highlight moved to another item (by a key or by filtering). */
  readonly onDidMove: Event<ListItem<T> | undefined> = this.didMove.event;

  constructor(ctx: WidgetContext, placement: Placement, options: FilterListOptions<T> = {}) {
    super(ctx, textBox(placement));
    this.showFilter = options.showFilter ?? true;
    this.emptyText = options.emptyText ?? 'Nothing to choose from.';
    this.equals = options.equals ?? Object.is;
    this.disposables.add(this.didPick);
    this.disposables.add(this.didMove);
    this.disposables.add(this.didRefuse);
    if (options.items) this.setItems(options.items);
  }

  /** Replace the items (the query and the highlighted value stay when possible). */
  setItems(items: readonly ListItem<T>[]): void {
    this.model.setItems(items);
    this.widths = measureItems(items);
    if (this.chosen) this.model.highlightValue(this.chosen.value, this.equals);
    this.changed();
  }

  /** Set the text shown when there are no items. */
  setEmptyText(text: string): void {
    this.emptyText = text;
    this.changed();
  }

  /** Mark `value` as the current choice ('*') and highlight it. */
  setChosen(value: T | undefined): void {
    this.chosen = value === undefined ? undefined : { value };
    if (value !== undefined) this.model.highlightValue(value, this.equals);
    this.changed();
  }

  /** Set the filter text (a dropdown opened by typing passes the first character). */
  setQuery(query: string): void {
    this.updateHighlight(() => this.model.setQuery(query));
  }

  /** Draw the highlight as focused (inverse) or not. */
  setActive(active: boolean): void {
    this.active = active;
    this.changed();
  }

  /** Draw the list as not in use (its field is disabled), or as usual. */
  setDimmed(dimmed: boolean): void {
    if (dimmed === this.dimmed) return;
    this.dimmed = dimmed;
    this.changed();
  }

  /**
   * Movement, filter typing, Enter to pick. Esc is never used here: it closes
   * a popup at once (cli.md "Esc: close a popup or list"), so Backspace and
   * Ctrl-U are the keys that edit the filter.
   */
  handleKey(key: KeyPress): boolean {
    const page = Math.max(1, this.rowsHeight() - 1);
    switch (key.full) {
      case 'up':
        return this.updateHighlight(() => this.model.move(-1));
      case 'down':
        return this.updateHighlight(() => this.model.move(1));
      case 'pageup':
        return this.updateHighlight(() => this.model.move(-page));
      case 'pagedown':
        return this.updateHighlight(() => this.model.move(page));
      case 'home':
        return this.updateHighlight(() => this.model.moveTo(0));
      case 'end':
        return this.updateHighlight(() => this.model.moveTo(this.model.matchCount - 1));
      case 'enter':
        return this.pick();
      case 'backspace':
        return this.updateHighlight(() => this.model.setQuery(this.model.query.slice(0, -1)));
      case 'C-u':
        return this.updateHighlight(() => this.model.setQuery(''));
      default:
        if (!isPrintable(key)) return false;
        return this.updateHighlight(() => this.model.setQuery(this.model.query + key.ch));
    }
  }

  /** Rows available for items (the height less the filter line). */
  private rowsHeight(): number {
    return Math.max(0, this.innerHeight - (this.showFilter ? 1 : 0));
  }

  private pick(): true {
    const item = this.model.highlightedItem;
    if (item?.disabled) this.didRefuse.fire(item);
    else if (item) this.didPick.fire(item);
    return true;
  }

  private updateHighlight(change: () => void): true {
    const before = this.model.highlightedItem;
    change();
    const after = this.model.highlightedItem;
    if (after !== before) this.didMove.fire(after);
    this.changed();
    return true;
  }

  protected draw(): void {
    const width = this.innerWidth;
    const rows = this.rowsHeight();
    const lines: string[] = [];
    if (this.showFilter) lines.push(this.filterLine(width));
    lines.push(...this.itemLines(width, rows));
    this.element.setContent(lines.join('\n'));
  }

  private filterLine(width: number): string {
    const theme = this.ctx.theme;
    const model = this.model;
    const count = model.query === '' ? `${model.total} ${model.total === 1 ? 'item' : 'items'}` : `${model.matchCount} of ${model.total}`;
    const prompt = 'Filter: ';
    const room = Math.max(0, width - prompt.length - count.length - 1);
    const idle = this.dimmed ? 'not in use' : 'type to filter';
    const query = model.query === '' && !this.active ? theme.paint('muted', fit(idle, room)) : this.queryText(room);
    return theme.paint('muted', prompt) + query + ' ' + theme.paint('muted', count);
  }

  private queryText(room: number): string {
    const theme = this.ctx.theme;
    const shown = this.model.query.slice(-Math.max(0, room - 1));
    const cursor = this.active ? theme.paint('cursor', ' ') : ' ';
    return theme.paint('text', shown) + cursor + ' '.repeat(Math.max(0, room - shown.length - 1));
  }

  private itemLines(width: number, rows: number): string[] {
    const model = this.model;
    if (model.total === 0) return this.note(this.emptyText, width, rows);
    if (model.matchCount === 0) return this.note(`No match for "${model.query}". Backspace edits the filter, Ctrl-U clears it.`, width, rows);
    const top = model.scrollIntoView(rows);
    const labelColumn = labelColumnWidth(this.widths, width);
    const last = Math.min(model.matchCount, top + rows);
    const lines: string[] = [];
    for (let row = top; row < last; row++) {
      // The last row says where in the list the window is (' 120/5000 '), unless it is the highlighted one.
      const hint = model.matchCount > rows && row === last - 1 && row !== model.highlighted ? ` ${model.highlighted + 1}/${model.matchCount} ` : '';
      lines.push(this.itemLine(model.matchAt(row)!, row === model.highlighted, width, labelColumn, hint));
    }
    return lines;
  }

  /** A message in place of the rows, word-wrapped (not cut) to the rows there are. */
  private note(text: string, width: number, rows: number): string[] {
    return wrap(text, width)
      .slice(0, Math.max(1, rows))
      .map((line) => this.ctx.theme.paint('muted', fit(line, width)));
  }

  /**
   * One row: the marker, the label in a column as wide as the longest label
   * (capped, see labelColumnWidth), then the detail in the width left, and
   * `hint` over the row's end.
   */
  private itemLine(item: ListItem<T>, highlighted: boolean, width: number, labelColumn: number, hint: string): string {
    const theme = this.ctx.theme;
    const isChosen = this.chosen !== undefined && this.equals(this.chosen.value, item.value);
    const marker = isChosen ? '* ' : '  ';
    const room = Math.max(0, width - textWidth(hint));
    const row = item.detail ? `${marker}${fit(item.label, labelColumn)}${DETAIL_GAP}${item.detail}` : `${marker}${item.label}`;
    const text = fit(row, room);
    const painted =
      highlighted && !this.dimmed
        ? theme.paint(this.active ? 'selectionFocused' : 'selection', text)
        : theme.paint(item.disabled || this.dimmed ? 'muted' : 'text', text);
    return hint ? painted + theme.paint('muted', hint) : painted;
  }
}

/** Space between the label column and the details. */
const DETAIL_GAP = '  ';
/** The marker column ('* ' for the current choice). */
const MARKER_WIDTH = 2;

/** The widest label and detail of a list (cells). */
export interface ItemWidths {
  readonly label: number;
  readonly detail: number;
}

/** Measures the widest label and detail of `items`. */
export function measureItems(items: readonly ListItem<unknown>[]): ItemWidths {
  let label = 0;
  let detail = 0;
  for (const item of items) {
    label = Math.max(label, textWidth(item.label));
    if (item.detail) detail = Math.max(detail, textWidth(item.detail));
  }
  return { label, detail };
}

/**
 * The cells a row of `widths` needs to show every label and detail whole:
 * what a popup asks for before it is as wide as the frame.
 */
export function rowWidthNeeded(widths: ItemWidths): number {
  return MARKER_WIDTH + widths.label + (widths.detail > 0 ? DETAIL_GAP.length + widths.detail : 0);
}

/**
 * Width of the label column in a row of `width` cells: as wide as the
 * longest label when the details still fit after it; otherwise the labels
 * give up room to the details, down to half the row (names matter more than
 * notes, but a note cut to a few letters says nothing).
 */
export function labelColumnWidth(widths: ItemWidths, width: number): number {
  const rowRoom = Math.max(0, width - MARKER_WIDTH);
  if (widths.detail === 0) return rowRoom;
  const leftForLabels = rowRoom - DETAIL_GAP.length - widths.detail;
  return Math.max(0, Math.min(widths.label, Math.max(leftForLabels, Math.floor(rowRoom / 2))));
}
