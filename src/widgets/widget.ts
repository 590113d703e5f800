/**
 * The few ideas every widget shares: a context (theme, render requests,
 * popups), the Focusable contract the FocusRing drives, and a base class that
 * redraws a widget's text only when its state or its size changed.
 */
import type { Widgets } from 'blessed';
import { type Disposable, DisposableStore } from '../shared/emitter';
import type { KeyHint, KeyPress } from './keys';
import type { Theme } from './theme';

/** Something drawn on top of everything else that takes the keys while open: a modal, a list popup, help. */
export interface Layer {
  /** A name for tests and logs: 'Help', 'Quit?', 'Bridge'. */
  readonly name: string;
  /** Handle a key; return true when it was used. Unused Esc closes the layer. */
  handleKey(key: KeyPress): boolean;
  /** The keys this layer handles, for the footer and help. */
  keyHints(): readonly KeyHint[];
  /** Close because the user pressed Esc (a modal answers "no" / "cancel"). */
  dismiss(): void;
}

/** Where widgets open layers (the app's LayerStack implements it). */
export interface LayerHost {
  /** Put `layer` on top; dispose the result to take it off. */
  open(layer: Layer): Disposable;
  /** The top layer, if any. */
  readonly top: Layer | undefined;
}

/** What every widget is built with. */
export interface WidgetContext {
  /** Colours and attributes by role. */
  readonly theme: Theme;
  /** Where popups and modals go. */
  readonly layers: LayerHost;
  /** False in tests: spinners stand still so snapshots are stable. */
  readonly animations: boolean;
  /** Ask for a frame after a change (coalesced). */
  requestRender(): void;
}

/** A widget that can take the focus and keys; the FocusRing moves between these. */
export interface Focusable {
  /** The field's label ('Bridge'), for help, logs and the UI test driver. */
  readonly focusName: string;
  /** False while hidden or disabled: Tab skips it. */
  canFocus(): boolean;
  /** Show or hide the focus (inverse video, colour). */
  setFocused(focused: boolean): void;
  /** Handle a key; return true when it was used (otherwise bindings get it). */
  handleKey(key: KeyPress): boolean;
  /** The keys this widget handles, for the footer and help ("This field"). */
  keyHints(): readonly KeyHint[];
}

/**
 * Base of the drawn widgets. Subclasses keep state and implement `draw()`,
 * which sets the element's content from the state and the current size;
 * `changed()` marks the widget for redraw and asks for a frame. Drawing
 * happens in blessed's 'prerender', once per frame, and again only when the
 * size changed, so a key press costs one small `draw()` of the touched widget.
 */
export abstract class Widget<E extends Widgets.BlessedElement = Widgets.BoxElement> implements Disposable {
  /** Undone with the widget: listeners, child widgets. */
  protected readonly disposables = new DisposableStore();
  private dirty = true;
  private drawnSize = '';
  private disposed = false;

  protected constructor(
    protected readonly ctx: WidgetContext,
    /** The blessed element this widget draws into (place it with `element.top`/`left`/...). */
    readonly element: E,
  ) {
    const onPrerender = (): void => this.drawIfNeeded();
    // A resize can change sizes computed from the screen (popups): draw again then.
    const onResize = (): void => this.changed();
    element.screen.on('prerender', onPrerender);
    element.screen.on('resize', onResize);
    // Destroying an ancestor element (the shell clears the body after a step) disposes the widget too.
    element.once('destroy', () => this.dispose());
    this.disposables.add({
      dispose: () => {
        element.screen.removeListener('prerender', onPrerender);
        element.screen.removeListener('resize', onResize);
      },
    });
  }

  /** Mark for redraw and request a frame. */
  protected changed(): void {
    this.dirty = true;
    this.ctx.requestRender();
  }

  /** Set the element's content (and children) from the state; called before a frame. */
  protected abstract draw(): void;

  /** Inner width in cells (without border and padding). */
  protected get innerWidth(): number {
    return Math.max(0, Number(this.element.width) - Number(this.element.iwidth ?? 0));
  }

  /** Inner height in rows (without border and padding). */
  protected get innerHeight(): number {
    return Math.max(0, Number(this.element.height) - Number(this.element.iheight ?? 0));
  }

  /** Show or hide the widget. */
  setVisible(visible: boolean): void {
    if (visible === !this.element.hidden) return;
    if (visible) this.element.show();
    else this.element.hide();
    this.changed();
  }

  /**
   * True when the widget and its ancestors are shown, counting rows that a
   * scrolling container only hid for being out of view as shown (Tab may go
   * there; the container then scrolls to them).
   */
  isVisible(): boolean {
    return isShown(this.element);
  }

  /** Remove the widget from the screen and drop its listeners. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposables.dispose();
    this.element.destroy();
    this.ctx.requestRender();
  }

  private drawIfNeeded(): void {
    if (this.disposed || this.element.detached) return;
    const size = `${this.element.width}x${this.element.height}`;
    if (!this.dirty && size === this.drawnSize) return;
    this.dirty = false;
    this.drawnSize = size;
    this.draw();
  }
}

/** Elements hidden only because they are scrolled out of view (see `isShown`). */
const scrolledOut = new WeakSet<Widgets.BlessedElement>();

/** Hide or show `element` for scrolling: it stays "shown" for focus purposes. */
export function setScrolledOut(element: Widgets.BlessedElement, out: boolean): void {
  if (out) {
    scrolledOut.add(element);
    element.hide();
  } else {
    scrolledOut.delete(element);
    element.show();
  }
}

/** True unless `element` or an ancestor is hidden for a reason other than scrolling, or detached. */
export function isShown(element: Widgets.BlessedElement): boolean {
  if (element.detached) return false;
  let node: Widgets.Node | undefined = element;
  while (node && node.type !== 'screen') {
    const el = node as Widgets.BlessedElement;
    if (el.hidden && !scrolledOut.has(el)) return false;
    node = node.parent;
  }
  return true;
}
