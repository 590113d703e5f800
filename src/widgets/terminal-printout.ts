import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import type { KeyHint, KeyPress } from './keys';
import type { Layer, WidgetContext } from './widget';

/** blessed's switch between its alternate screen and the terminal's own (not in @types/blessed). */
interface AlternateScreen {
  /** To the alternate screen, buffers cleared for a full redraw. */
  enter(): void;
  /** To the terminal's own screen, cursor shown. */
  leave(): void;
}

/** Keys while the printout is shown. */
export const PRINTOUT_KEYS: readonly KeyHint[] = [{ keys: ['enter', 'escape'], description: 'Back to the wizard (any key)', group: 'Printout', priority: 9 }];

/** The line under the printout. */
export const PRINTOUT_FOOTER = 'Press any key to go back to pve-vm-tui.';

/**
 * Text printed on the terminal's own screen, outside the app's alternate
 * screen, for copying (the Confirm step's commands): no frame or padding
 * around the lines, and the terminal wraps a long line itself, so selecting
 * the block in tmux or xterm copies whole lines. It stays in the terminal's
 * scrollback after the app ends. Any key goes back to the app, which is
 * drawn again in full.
 *
 * While it is shown the app must not draw, or the next frame would land on
 * the printout: blessed's `render` is suspended on this screen until then
 * (blessed has no pause of its own; a resize also renders).
 */
export class TerminalPrintout implements Layer {
  /** Layer name. */
  readonly name = 'Printout';
  private layerHandle: Disposable | undefined;
  private settle: () => void = () => undefined;
  private closed = false;

  private constructor(
    private readonly ctx: WidgetContext,
    private readonly screen: Widgets.Screen,
  ) {}

  /** Print `lines` (a heading, the commands) and resolve once the user is back in the app. */
  static show(ctx: WidgetContext, screen: Widgets.Screen, lines: readonly string[]): Promise<void> {
    const printout = new TerminalPrintout(ctx, screen);
    return new Promise((resolve) => {
      printout.settle = resolve;
      printout.layerHandle = ctx.layers.open(printout);
      printout.print(lines);
    });
  }

  /** Any key goes back. */
  keyHints(): readonly KeyHint[] {
    return PRINTOUT_KEYS;
  }

  /** Every key goes back to the app (it is used). */
  handleKey(_key: KeyPress): boolean {
    this.dismiss();
    return true;
  }

  /** Back to the app's screen, drawn in full. */
  dismiss(): void {
    if (this.closed) return;
    this.closed = true;
    this.layerHandle?.dispose();
    this.layerHandle = undefined;
    // The prototype's render comes back; enter() switches to the alternate screen and clears blessed's buffers.
    delete (this.screen as { render?: unknown }).render;
    (this.screen as unknown as AlternateScreen).enter();
    this.ctx.requestRender();
    this.settle();
  }

  private print(lines: readonly string[]): void {
    const screen = this.screen;
    (screen as unknown as AlternateScreen).leave();
    (screen as { render: () => void }).render = () => undefined;
    // \r\n: the terminal is in raw mode, where a bare \n may not return to the first column.
    screen.program.output.write(['', ...lines, '', PRINTOUT_FOOTER, ''].join('\r\n'));
  }
}
