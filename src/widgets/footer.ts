import { type KeyHint, keyLabel } from './keys';
import { textBox, type Placement } from './placement';
import { fit, textWidth } from './text';
import { Widget, type WidgetContext } from './widget';

const SEPARATOR = '  ';

const ARROW_PAIRS = new Set(['up,down', 'left,right', 'pageup,pagedown', 'home,end']);

/**
 * The footer names only a binding's main key ('Ctrl-N', not 'Ctrl-N/F10'; help
 * lists them all), except pairs of arrows, which read as one ('Up/Down').
 */
function footerKey(hint: KeyHint): string {
  const [first = '', second] = hint.keys;
  if (second && ARROW_PAIRS.has(`${first},${second}`)) return `${keyLabel(first)}/${keyLabel(second)}`;
  return keyLabel(first);
}

/** The hints that fit in `width` cells: the least important are dropped first, the rest keep their order. */
export function fitHints(hints: readonly KeyHint[], width: number): KeyHint[] {
  const shown = hints.filter((hint) => !hint.helpOnly);
  const cost = (hint: KeyHint): number => textWidth(footerKey(hint)) + 1 + textWidth(hint.description) + SEPARATOR.length;
  let total = shown.reduce((sum, hint) => sum + cost(hint), 0) - SEPARATOR.length;
  const byImportance = shown
    .map((hint, index) => ({ hint, index }))
    .sort((a, b) => (a.hint.priority ?? 0) - (b.hint.priority ?? 0) || b.index - a.index);
  const dropped = new Set<KeyHint>();
  for (const { hint } of byImportance) {
    if (total <= width) break;
    dropped.add(hint);
    total -= cost(hint);
  }
  return shown.filter((hint) => !dropped.has(hint));
}

/**
 * One line of key hints for the current screen ('Tab Next field  Ctrl-N
 * Next step  F1 Help'), fitted to the width. It is redrawn only when the
 * hints change (focus moved, screen changed), never per key typed.
 */
export class Footer extends Widget {
  private hints: readonly KeyHint[] = [];
  private signature = '';
  private flashText: string | undefined;

  constructor(ctx: WidgetContext, placement: Placement) {
    super(ctx, textBox({ ...placement, height: 1 }));
  }

  /** Show these hints (cheap when they did not change). */
  setHints(hints: readonly KeyHint[]): void {
    const signature = hints.map((hint) => `${hint.keys.join(',')}:${hint.description}:${hint.priority ?? 0}:${hint.helpOnly ? 1 : 0}`).join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this.hints = hints;
    this.changed();
  }

  /**
   * Show `text` instead of the hints until the next key press (why Next was
   * blocked, why a key does nothing now).
   */
  flash(text: string): void {
    this.flashText = text;
    this.changed();
  }

  /** Back to the hints (the app calls this on each key press). */
  clearFlash(): void {
    if (this.flashText === undefined) return;
    this.flashText = undefined;
    this.changed();
  }

  /** The footer's text as drawn now (for tests). */
  get shownText(): string {
    if (this.flashText !== undefined) return ` ${this.flashText}`;
    return fitHints(this.hints, this.innerWidth - 1)
      .map((hint) => `${footerKey(hint)} ${hint.description}`)
      .join(SEPARATOR);
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    if (this.flashText !== undefined) {
      this.element.setContent(theme.paint('warning', fit(` ${this.flashText}`, this.innerWidth)));
      return;
    }
    const fitted = fitHints(this.hints, this.innerWidth - 1);
    this.element.setContent(' ' + fitted.map((hint) => `${theme.paint('footerKey', footerKey(hint))} ${theme.paint('text', hint.description)}`).join(SEPARATOR));
  }
}
