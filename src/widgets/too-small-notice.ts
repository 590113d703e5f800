import { textBox, type Placement } from './placement';
import { centre, wrap } from './text';
import { Widget, type WidgetContext } from './widget';

/** The smallest terminal the app draws in (docs/cli.md users: 80x24 and up). */
export const MINIMUM_SIZE = { cols: 80, rows: 24 } as const;

/** True when a terminal of `cols` x `rows` is too small to draw the app. */
export function isTooSmall(cols: number, rows: number): boolean {
  return cols < MINIMUM_SIZE.cols || rows < MINIMUM_SIZE.rows;
}

/**
 * Covers the whole screen below 80x24 with what is wrong and what to do,
 * instead of a garbled layout. The app keeps its state underneath.
 */
export class TooSmallNotice extends Widget {
  constructor(ctx: WidgetContext, placement: Placement) {
    super(ctx, textBox({ ...placement, width: '100%', height: '100%' }));
    this.element.hide();
  }

  /** The notice's text for a terminal of `cols` x `rows`. */
  static text(cols: number, rows: number): string {
    return `Terminal too small (need ${MINIMUM_SIZE.cols}x${MINIMUM_SIZE.rows}, have ${cols}x${rows}). Enlarge the window; your input is kept. Ctrl-Q quits.`;
  }

  protected draw(): void {
    const cols = Number(this.element.screen.width);
    const rows = Number(this.element.screen.height);
    const width = Math.max(1, cols - 2);
    const lines = wrap(TooSmallNotice.text(cols, rows), width);
    const top = Math.max(0, Math.floor((rows - lines.length) / 2));
    const body = [...Array<string>(top).fill(''), ...lines.map((line) => this.ctx.theme.paint('warning', centre(line, cols)))];
    this.element.setContent(body.join('\n'));
  }
}
