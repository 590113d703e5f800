import { Emitter, type Event } from '../shared/emitter';
import type { ListItem } from './filter-model';
import { FieldWidget, type FieldOptions } from './field-widget';
import { isPrintable, type KeyHint, type KeyPress } from './keys';
import { ListPopup } from './list-popup';
import { textBox, type Placement } from './placement';
import { fit } from './text';
import type { WidgetContext } from './widget';

/** Options of a Dropdown. */
export interface DropdownOptions<T> extends FieldOptions<T | undefined> {
  /** The choices (may come later with `setItems`). */
  readonly items?: readonly ListItem<T>[];
  /** The initial choice. */
  readonly value?: T;
  /** Shown while nothing is chosen ('choose a bridge'). */
  readonly placeholder?: string;
  /** Shown in the popup when there are no items. */
  readonly emptyText?: string;
  /** How values compare (default Object.is). */
  readonly equals?: (a: T, b: T) => boolean;
}

/** Keys of a dropdown field. */
export const DROPDOWN_KEYS: readonly KeyHint[] = [
  { keys: ['enter'], description: 'Open the list', group: 'This field', priority: 5 },
  { keys: ['a-z'], description: 'Open the list and filter it', group: 'This field', helpOnly: true },
];

/**
 * A field showing one choice; Enter (or Down, Space, or typing) opens a
 * ListPopup with type-to-filter, Enter picks, Esc closes (cli.md).
 */
export class Dropdown<T> extends FieldWidget<T | undefined> {
  private items: readonly ListItem<T>[];
  private chosen: T | undefined;
  private placeholder: string;
  private readonly emptyText?: string;
  private readonly equals: (a: T, b: T) => boolean;
  private open = false;
  private readonly didPickSame = new Emitter<T>();

  /**
   * Fires when the user picks the value already chosen (no change event):
   * a way to say "this one, as it is", e.g. after the server refused it.
   */
  readonly onDidPickSame: Event<T> = this.didPickSame.event;

  constructor(ctx: WidgetContext, placement: Placement, options: DropdownOptions<T>) {
    super(ctx, textBox(placement), options);
    this.disposables.add(this.didPickSame);
    this.items = options.items ?? [];
    this.chosen = options.value;
    this.placeholder = options.placeholder ?? 'press Enter to choose';
    this.emptyText = options.emptyText;
    this.equals = options.equals ?? Object.is;
  }

  /** The chosen value. */
  get value(): T | undefined {
    return this.chosen;
  }

  /** Choose from code (no change event). */
  set value(value: T | undefined) {
    this.chosen = value;
    this.changed();
  }

  /** The chosen item (label and detail), if it is among the items. */
  get chosenItem(): ListItem<T> | undefined {
    const chosen = this.chosen;
    return chosen === undefined ? undefined : this.items.find((item) => this.equals(item.value, chosen));
  }

  /** True while the popup is open. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Replace the choices (the choice stays even when it is not among them: the screen decides). */
  setItems(items: readonly ListItem<T>[]): void {
    this.items = items;
    this.changed();
  }

  /** Change the text shown while nothing is chosen. */
  setPlaceholder(placeholder: string): void {
    this.placeholder = placeholder;
    this.changed();
  }

  /** Enter opens; typing opens and filters. */
  keyHints(): readonly KeyHint[] {
    return DROPDOWN_KEYS;
  }

  /** Enter, Space, Down or a typed character open the list. */
  handleKey(key: KeyPress): boolean {
    if (key.full === 'enter' || key.full === 'down' || key.full === 'space') {
      this.openList('');
      return true;
    }
    if (isPrintable(key)) {
      this.openList(key.ch);
      return true;
    }
    return false;
  }

  /** Open the popup, filtered by `query`; the pick becomes the value as Enter is pressed. */
  openList(query: string): void {
    if (this.open) return;
    this.open = true;
    this.changed();
    const options = { title: this.focusName, items: this.items, value: this.chosen, query, emptyText: this.emptyText, equals: this.equals };
    ListPopup.open<T>(this.ctx, this.element.screen, options, (picked) => {
      this.open = false;
      if (picked && (this.chosen === undefined || !this.equals(picked.value, this.chosen))) {
        this.chosen = picked.value;
        this.emitChange();
      } else {
        if (picked) this.didPickSame.fire(picked.value);
        this.changed();
      }
    });
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const width = this.innerWidth;
    const arrow = ' v';
    const room = Math.max(0, width - arrow.length);
    const item = this.chosenItem;
    const text = item ? item.label + (item.detail ? `  ${item.detail}` : '') : this.chosen !== undefined ? String(this.chosen) : '';
    if (this.disabled) {
      this.element.setContent(theme.paint('muted', fit(text || '-', width)));
      return;
    }
    const role = this.focused ? 'fieldFocused' : 'field';
    const body = text === '' ? theme.paint('placeholder', fit(this.placeholder, room)) : theme.paint(role, fit(text, room));
    this.element.setContent(theme.paintTagged(role, body + arrow));
  }
}
