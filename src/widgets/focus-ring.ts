import { type Disposable, Emitter, type Event } from '../shared/emitter';
import type { Focusable } from './widget';

/**
 * The Tab order of one screen or one modal. The app handles Tab and
 * Shift-Tab here, in one place, instead of blessed's focus model (whose
 * Form `keys: true` steals the arrow keys from lists). Hidden or disabled
 * items are skipped.
 */
export class FocusRing implements Disposable {
  private readonly items: Focusable[] = [];
  private currentItem: Focusable | undefined;
  private readonly didChangeFocus = new Emitter<Focusable | undefined>();

  /** Fires when the focus moves (the footer shows the new field's keys; forms scroll it into view). */
  readonly onDidChangeFocus: Event<Focusable | undefined> = this.didChangeFocus.event;

  /** The focused item, if any. */
  get current(): Focusable | undefined {
    return this.currentItem;
  }

  /** All items in Tab order. */
  get all(): readonly Focusable[] {
    return this.items;
  }

  /** Append `item` (or insert it before `before`); dispose the result to remove it. */
  add(item: Focusable, before?: Focusable): Disposable {
    const at = before ? this.items.indexOf(before) : -1;
    if (at >= 0) this.items.splice(at, 0, item);
    else this.items.push(item);
    return { dispose: () => this.remove(item) };
  }

  /** Remove `item`; if it had the focus, nothing has it afterwards. */
  remove(item: Focusable): void {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    this.items.splice(at, 1);
    if (this.currentItem === item) this.set(undefined);
  }

  /** Focus `item` if it can take the focus; returns whether it has it. */
  focus(item: Focusable): boolean {
    if (!this.items.includes(item) || !item.canFocus()) return false;
    this.set(item);
    return true;
  }

  /** Focus the first item that can take it. */
  focusFirst(): boolean {
    const first = this.items.find((item) => item.canFocus());
    if (first) this.set(first);
    return first !== undefined;
  }

  /** Tab: the next focusable item, wrapping around. */
  next(): boolean {
    return this.move(1);
  }

  /** Shift-Tab: the previous focusable item, wrapping around. */
  previous(): boolean {
    return this.move(-1);
  }

  /** If the focused item was hidden or disabled, move on to one that can take it. */
  repair(): void {
    if (this.currentItem && this.currentItem.canFocus()) return;
    if (!this.move(1)) this.set(undefined);
  }

  /** Forget every item (the screen is unmounted). */
  dispose(): void {
    this.set(undefined);
    this.items.length = 0;
    this.didChangeFocus.dispose();
  }

  private move(step: 1 | -1): boolean {
    const count = this.items.length;
    if (count === 0) return false;
    const start = this.currentItem ? this.items.indexOf(this.currentItem) : step === 1 ? -1 : count;
    for (let offset = 1; offset <= count; offset++) {
      const candidate = this.items[(((start + step * offset) % count) + count) % count];
      if (candidate.canFocus()) {
        this.set(candidate);
        return true;
      }
    }
    return false;
  }

  private set(item: Focusable | undefined): void {
    if (item === this.currentItem) return;
    this.currentItem?.setFocused(false);
    this.currentItem = item;
    item?.setFocused(true);
    this.didChangeFocus.fire(item);
  }
}
