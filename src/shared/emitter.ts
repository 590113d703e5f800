/** Something to undo: a listener to remove, a timer to clear, a widget to destroy. */
export interface Disposable {
  dispose(): void;
}

type Listener<T> = (event: T) => void;

/** A subscription function, as exposed by `Emitter.event`. */
export type Event<T> = (listener: Listener<T>) => Disposable;

/**
 * A typed event source with one event type (VS Code's Emitter, in small).
 * `onDidX = emitter.event` is exposed; `fire` stays private to the owner.
 */
export class Emitter<T> implements Disposable {
  private listeners = new Set<Listener<T>>();

  /** Subscribe; the returned Disposable unsubscribes. */
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Collects Disposables and disposes them together (a screen's subscriptions, say). */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];

  add<D extends Disposable>(item: D): D {
    this.items.push(item);
    return item;
  }

  dispose(): void {
    const items = this.items;
    this.items = [];
    for (const item of items.reverse()) item.dispose();
  }
}
