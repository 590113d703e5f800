import * as blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import type { ListItem } from './filter-model';
import { FILTER_LIST_KEYS, FilterList, measureItems, rowWidthNeeded } from './filter-list';
import type { KeyHint, KeyPress } from './keys';
import { Widget, type Layer, type WidgetContext } from './widget';

/** Options of a ListPopup. */
export interface ListPopupOptions<T> {
  /** Title in the border ('Bridge'). */
  readonly title: string;
  /** The items. */
  readonly items: readonly ListItem<T>[];
  /** Highlighted and marked '*' when the popup opens. */
  readonly value?: T;
  /** The filter to start with (the character that opened the popup). */
  readonly query?: string;
  /** Shown when there are no items. */
  readonly emptyText?: string;
  /** How values compare. */
  readonly equals?: (a: T, b: T) => boolean;
}

/** Narrowest popup: room for 'Filter: ' and '5000 items' with some query between. */
const MIN_WIDTH = 44;
/** Columns around the list: the border (2) and one column of padding each side. */
const LIST_INSET = 4;

/** Keys of an open list popup. */
export const POPUP_KEYS: readonly KeyHint[] = [
  { keys: ['enter'], description: 'Pick', group: 'This list', priority: 6 },
  { keys: ['escape'], description: 'Close', group: 'This list', priority: 6 },
  ...FILTER_LIST_KEYS.map((hint) => ({ ...hint, group: 'This list' })),
];

/**
 * The popup's keys once a filter is typed: Esc still closes at once, so the
 * footer names the key that edits the filter instead of the typing hint.
 */
const POPUP_KEYS_FILTERED: readonly KeyHint[] = POPUP_KEYS.map((hint) =>
  hint.keys.includes('backspace') ? { ...hint, description: 'Edit the filter (Ctrl-U clears)', helpOnly: false, priority: 5 } : hint,
);

/**
 * A list with type-to-filter over the screen (a dropdown's choices, tag
 * suggestions). Resolves with the picked item, or undefined on Esc.
 */
export class ListPopup<T> extends Widget implements Layer {
  /** The title. */
  readonly name: string;
  private readonly list: FilterList<T>;
  /** Cells a row needs to show the longest label and detail whole. */
  private readonly rowWidth: number;
  private readonly itemCount: number;
  private layerHandle: Disposable | undefined;
  private settle: (item: ListItem<T> | undefined) => void = () => undefined;
  /** The title says why an item could not be picked (until the next key). */
  private titleChanged = false;

  private constructor(ctx: WidgetContext, screen: Widgets.Screen, options: ListPopupOptions<T>) {
    super(
      ctx,
      blessed.box({
        parent: screen,
        top: 'center',
        left: 'center',
        width: 40,
        height: 10,
        border: { type: 'line' },
        label: ` ${options.title} `,
        tags: true,
        style: { border: ctx.theme.elementStyle('borderFocused') },
      } as Widgets.BoxOptions),
    );
    this.name = options.title;
    this.itemCount = options.items.length;
    this.rowWidth = rowWidthNeeded(measureItems(options.items));
    this.list = new FilterList<T>(ctx, { parent: this.element, top: 0, left: 1, width: `100%-${LIST_INSET}`, height: '100%-2' }, options);
    this.disposables.add(this.list);
    this.list.setChosen(options.value);
    if (options.query) this.list.setQuery(options.query);
    this.list.setActive(true);
    this.disposables.add(this.list.onDidPick((item) => this.close(item)));
    // Enter on an item that cannot be picked: say why in the title until the next key.
    this.disposables.add(this.list.onDidRefuse((item) => this.sayInTitle(`${this.name}: ${item.label} cannot be chosen${item.detail ? ` (${item.detail})` : ''}`)));
  }

  private sayInTitle(text: string): void {
    this.element.setLabel(` ${text} `);
    this.titleChanged = true;
    this.changed();
  }

  /**
   * Open over `screen`; `onClose` gets the picked item (undefined after Esc)
   * synchronously, in the same key press: keys typed right after Enter (a
   * paste, a fast typist over SSH) then already see the new choice.
   */
  static open<T>(ctx: WidgetContext, screen: Widgets.Screen, options: ListPopupOptions<T>, onClose: (item: ListItem<T> | undefined) => void): void {
    const popup = new ListPopup(ctx, screen, options);
    popup.settle = onClose;
    popup.layerHandle = ctx.layers.open(popup);
    popup.element.setFront();
    popup.changed();
  }

  /** `open` as a promise, for callers that need nothing else to happen in between. */
  static pick<T>(ctx: WidgetContext, screen: Widgets.Screen, options: ListPopupOptions<T>): Promise<ListItem<T> | undefined> {
    return new Promise((resolve) => ListPopup.open(ctx, screen, options, resolve));
  }

  /** Picking, closing and the list's keys (Backspace too while a filter is typed). */
  keyHints(): readonly KeyHint[] {
    return this.list.model.query === '' ? POPUP_KEYS : POPUP_KEYS_FILTERED;
  }

  /** The list takes every key but Esc, which the layer stack turns into `dismiss`. */
  handleKey(key: KeyPress): boolean {
    if (this.titleChanged) {
      this.titleChanged = false;
      this.element.setLabel(` ${this.name} `);
      this.changed();
    }
    return this.list.handleKey(key);
  }

  /** Esc: close without picking, whatever the filter holds. */
  dismiss(): void {
    this.close(undefined);
  }

  /**
   * As wide as the rows need (the list sits inside the border and one column
   * of padding each side), at least wide enough for the filter line, and
   * widened up to the whole screen (over the frame) before a detail is cut.
   */
  protected draw(): void {
    const screen = this.element.screen;
    const width = Math.min(Number(screen.width), Math.max(MIN_WIDTH, this.rowWidth + LIST_INSET));
    const height = Math.min(Number(screen.height) - 4, Math.max(6, this.itemCount + 3));
    this.element.width = Math.max(20, width);
    this.element.height = Math.max(5, height);
  }

  private close(item: ListItem<T> | undefined): void {
    this.layerHandle?.dispose();
    this.layerHandle = undefined;
    this.dispose();
    this.settle(item);
  }
}
