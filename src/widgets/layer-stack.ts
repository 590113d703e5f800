import { type Disposable, Emitter, type Event } from '../shared/emitter';
import type { KeyPress } from './keys';
import type { Layer, LayerHost } from './widget';

/**
 * The stack of open layers (modals, list popups, help). The top layer gets
 * every key first; an Esc it does not use closes it (cli.md: "Esc: close a
 * popup or list").
 */
export class LayerStack implements LayerHost, Disposable {
  private readonly stack: Layer[] = [];
  private readonly didChange = new Emitter<Layer | undefined>();

  /** Fires with the new top layer (or undefined) when a layer opens or closes. */
  readonly onDidChange: Event<Layer | undefined> = this.didChange.event;

  /** The top layer, if any. */
  get top(): Layer | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** How many layers are open. */
  get depth(): number {
    return this.stack.length;
  }

  /** Put `layer` on top; dispose the result to take it off (wherever it is in the stack). */
  open(layer: Layer): Disposable {
    this.stack.push(layer);
    this.didChange.fire(this.top);
    return {
      dispose: () => {
        const at = this.stack.indexOf(layer);
        if (at < 0) return;
        this.stack.splice(at, 1);
        this.didChange.fire(this.top);
      },
    };
  }

  /** Give `key` to the top layer; returns false when no layer is open. */
  handleKey(key: KeyPress): boolean {
    const top = this.top;
    if (!top) return false;
    if (!top.handleKey(key) && key.full === 'escape') top.dismiss();
    return true;
  }

  /** Dismiss every layer, top first (the app is quitting). */
  dispose(): void {
    while (this.top) {
      const before = this.stack.length;
      this.top.dismiss();
      if (this.stack.length === before) this.stack.pop();
    }
    this.didChange.dispose();
  }
}
