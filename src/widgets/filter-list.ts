import { Emitter, type Event } from '../shared/emitter';
import { FilterModel, type ListItem } from './filter-model';
import { isPrintable, type KeyHint, type KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { fit, fitRight, textWidth, truncate } from './text';
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
  private readonly didPick = new Emitter<ListItem<T>>();
  private readonly didMove = new Emitter<ListItem<T> | undefined>();

  /** Enter on an item that can be picked. */
  readonly onDidPick: Event<ListItem<T>> = this.didPick.event;
  /** The highlight moved to another item (by a key or by filtering). */
  readonly onDidMove: Event<ListItem<T> | undefined> = this.didMove.event;

  constructor(ctx: WidgetContext, placement: Placement, options: FilterListOptions<T> = {}) {
    super(ctx, textBox(placement));
    this.showFilter = options.showFilter ?? true;
    this.emptyText = options.emptyText ?? 'Nothing to choose from.';
    this.equals = options.equals ?? Object.is;
    this.disposables.add(this.didPick);
    this.disposables.add(this.didMove);
    if (options.items) this.setItems(options.items);
  }

  /** Replace the items (the query and the highlighted value stay when possible). */
  setItems(items: readonly ListItem<T>[]): void {
    this.model.setItems(items);
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
    if (item && !item.disabled) this.didPick.fire(item);
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
    const count = model.query === '' ? `${model.total} items` : `${model.matchCount} of ${model.total}`;
    const prompt = 'Filter: ';
    const room = Math.max(0, width - prompt.length - count.length - 1);
    const query = model.query === '' && !this.active ? theme.paint('muted', fit('type to filter', room)) : this.queryText(room);
    return theme.paint('muted', prompt) + query + ' ' + theme.paint('muted', count);
  }

  private queryText(room: number): string {
    const theme = this.ctx.theme;
    const shown = this.model.query.slice(-Math.max(0, room - 1));
    const cursor = this.active ? theme.paint('cursor', ' ') : ' ';
    return theme.paint('text', shown) + cursor + ' '.repeat(Math.max(0, room - shown.length - 1));
  }

  private itemLines(width: number, rows: number): string[] {
    const theme = this.ctx.theme;
    const model = this.model;
    if (model.total === 0) return [theme.paint('muted', fit(this.emptyText, width))];
    if (model.matchCount === 0) {
      return [theme.paint('muted', fit(`No match for "${model.query}". Backspace edits the filter, Ctrl-U clears it.`, width))];
    }
    const top = model.scrollIntoView(rows);
    const lines: string[] = [];
    for (let row = top; row < Math.min(model.matchCount, top + rows); row++) {
      lines.push(this.itemLine(model.matchAt(row)!, row === model.highlighted, width));
    }
    if (model.matchCount > rows && lines.length > 0) lines[lines.length - 1] = this.withScrollHint(lines, top, rows, width);
    return lines;
  }

  private itemLine(item: ListItem<T>, highlighted: boolean, width: number): string {
    const theme = this.ctx.theme;
    const isChosen = this.chosen !== undefined && this.equals(this.chosen.value, item.value);
    const marker = isChosen ? '* ' : '  ';
    const detail = item.detail ? ` ${truncate(item.detail, Math.floor(width / 3))}` : '';
    const labelWidth = Math.max(0, width - marker.length - textWidth(detail));
    const text = marker + fit(item.label, labelWidth) + fitRight(detail, textWidth(detail));
    if (highlighted) return theme.paint(this.active ? 'selectionFocused' : 'selection', text);
    return theme.paint(item.disabled ? 'muted' : 'text', text);
  }

  /** The last visible row says where in the list the window is ('-- 120/5000 --'). */
  private withScrollHint(lines: readonly string[], top: number, rows: number, width: number): string {
    const model = this.model;
    const last = Math.min(model.matchCount, top + rows);
    const lastItem = model.matchAt(last - 1)!;
    const hint = ` ${model.highlighted + 1}/${model.matchCount} `;
    if (last - 1 === model.highlighted) return lines[lines.length - 1];
    const label = this.itemLine(lastItem, false, Math.max(0, width - hint.length));
    return label + this.ctx.theme.paint('muted', hint);
  }
}
