/**
 * The state of a filterable list, kept apart from drawing so it stays fast
 * and testable: thousands of items (ISO images, tags), a query typed one key
 * at a time, the highlighted match, and the scroll offset of the visible
 * window. Only the rows in the window are ever drawn.
 */

/** One entry of a list. */
export interface ListItem<T> {
  /** What picking this item gives the caller. */
  readonly value: T;
  /** The text shown and searched. */
  readonly label: string;
  /** Extra text shown on the right and searched too ('1.2 GiB', 'offline'). */
  readonly detail?: string;
  /** Shown but cannot be picked (an offline node). */
  readonly disabled?: boolean;
}

/** Match state of a list under a query. */
export class FilterModel<T> {
  private items: readonly ListItem<T>[] = [];
  /** Lower-cased `label detail` per item, computed once per `setItems`, not per key press. */
  private searchKeys: string[] = [];
  /** Indexes into `items` of the items that match the query, in list order. */
  private matchIndexes: number[] = [];
  private queryText = '';
  private highlightedRow = 0;
  private topRow = 0;
  /** The last value highlighted, remembered through a query that matches nothing. */
  private lastHighlighted: { value: T } | undefined;

  /** The query as typed. */
  get query(): string {
    return this.queryText;
  }

  /** How many items there are in all. */
  get total(): number {
    return this.items.length;
  }

  /** How many items match the query. */
  get matchCount(): number {
    return this.matchIndexes.length;
  }

  /** Position of the highlighted match (0 when there are none). */
  get highlighted(): number {
    return this.highlightedRow;
  }

  /** First match shown in the window. */
  get top(): number {
    return this.topRow;
  }

  /** The highlighted item, if any item matches. */
  get highlightedItem(): ListItem<T> | undefined {
    const index = this.matchIndexes[this.highlightedRow];
    return index === undefined ? undefined : this.items[index];
  }

  /** The `position`-th match. */
  matchAt(position: number): ListItem<T> | undefined {
    const index = this.matchIndexes[position];
    return index === undefined ? undefined : this.items[index];
  }

  /** Replace the items; the query stays, and so does the highlighted value when it is still there. */
  setItems(items: readonly ListItem<T>[]): void {
    const keep = this.highlightedItem?.value;
    this.items = items;
    this.searchKeys = items.map((item) => searchKey(item));
    this.matchIndexes = this.filterAll(terms(this.queryText));
    this.highlightedRow = 0;
    this.topRow = 0;
    if (keep !== undefined) this.highlightValue(keep);
  }

  /**
   * Set the query. When the new query extends the old one (the usual case:
   * one more key typed) only the current matches are searched again.
   */
  setQuery(query: string): void {
    if (query === this.queryText) return;
    this.remember();
    const keep = this.lastHighlighted?.value;
    const narrowing = query.toLowerCase().startsWith(this.queryText.toLowerCase());
    const queryTerms = terms(query);
    this.matchIndexes = narrowing ? this.filterWithin(this.matchIndexes, queryTerms) : this.filterAll(queryTerms);
    this.queryText = query;
    this.highlightedRow = 0;
    this.topRow = 0;
    if (keep !== undefined) this.highlightValue(keep);
    this.remember();
  }

  /** Highlight the match whose value equals `value`; returns whether it matches the query. */
  highlightValue(value: T, equals: (a: T, b: T) => boolean = Object.is): boolean {
    const row = this.matchIndexes.findIndex((index) => equals(this.items[index].value, value));
    if (row < 0) return false;
    this.highlightedRow = row;
    this.remember();
    return true;
  }

  private remember(): void {
    const item = this.highlightedItem;
    if (item) this.lastHighlighted = { value: item.value };
  }

  /** Move the highlight by `delta` rows, stopping at the ends. */
  move(delta: number): void {
    this.moveTo(this.highlightedRow + delta);
  }

  /** Highlight the `position`-th match (clamped). */
  moveTo(position: number): void {
    const last = Math.max(0, this.matchIndexes.length - 1);
    this.highlightedRow = Math.min(last, Math.max(0, position));
    this.remember();
  }

  /** Scroll so the highlight is inside a window of `height` rows; returns the first row shown. */
  scrollIntoView(height: number): number {
    if (height <= 0) return this.topRow;
    if (this.highlightedRow < this.topRow) this.topRow = this.highlightedRow;
    else if (this.highlightedRow >= this.topRow + height) this.topRow = this.highlightedRow - height + 1;
    const maxTop = Math.max(0, this.matchIndexes.length - height);
    this.topRow = Math.min(this.topRow, maxTop);
    return this.topRow;
  }

  private filterAll(queryTerms: readonly string[]): number[] {
    const result: number[] = [];
    for (let index = 0; index < this.searchKeys.length; index++) {
      if (matchesAll(this.searchKeys[index], queryTerms)) result.push(index);
    }
    return result;
  }

  private filterWithin(candidates: readonly number[], queryTerms: readonly string[]): number[] {
    const result: number[] = [];
    for (const index of candidates) {
      if (matchesAll(this.searchKeys[index], queryTerms)) result.push(index);
    }
    return result;
  }
}

function searchKey(item: ListItem<unknown>): string {
  return (item.detail ? `${item.label} ${item.detail}` : item.label).toLowerCase();
}

/** Words of a query: every word must appear in an item ('nixos 25.05' finds 'nixos-minimal-25.05...'). */
function terms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter((term) => term !== '');
}

function matchesAll(key: string, queryTerms: readonly string[]): boolean {
  for (const term of queryTerms) if (!key.includes(term)) return false;
  return true;
}
