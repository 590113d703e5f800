import * as blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import { type KeyHint, type KeyPress, keysLabel } from './keys';
import { fit, textWidth, wrap } from './text';
import { Widget, type Layer, type WidgetContext } from './widget';

/** A heading and its keys. */
export interface HelpGroup {
  /** 'This field', 'This step', 'Everywhere'. */
  readonly title: string;
  /** The keys, in the order shown. */
  readonly hints: readonly KeyHint[];
}

/** Groups `hints` by their `group`, keeping the first-seen order of groups and dropping repeated keys. */
export function groupHints(hints: readonly KeyHint[]): HelpGroup[] {
  const groups = new Map<string, KeyHint[]>();
  const seen = new Set<string>();
  for (const hint of hints) {
    const id = `${hint.group}\u0000${hint.keys.join(',')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const list = groups.get(hint.group) ?? [];
    list.push(hint);
    groups.set(hint.group, list);
  }
  return [...groups].map(([title, list]) => ({ title, hints: list }));
}

/** Keys of the help overlay. */
export const HELP_KEYS: readonly KeyHint[] = [
  { keys: ['escape', 'f1'], description: 'Close help', group: 'Help', priority: 9 },
  { keys: ['up', 'down'], description: 'Scroll', group: 'Help', priority: 3 },
];

/**
 * Every key of the current screen, grouped, over the screen (F1 or ?).
 * Scrolls when it does not fit; Esc, F1, ? or q close it.
 */
export class HelpOverlay extends Widget implements Layer {
  /** Layer name. */
  readonly name = 'Help';
  private readonly groups: readonly HelpGroup[];
  private scroll = 0;
  private layerHandle: Disposable | undefined;
  private settle: () => void = () => undefined;

  private constructor(ctx: WidgetContext, screen: Widgets.Screen, groups: readonly HelpGroup[], title: string) {
    super(
      ctx,
      blessed.box({
        parent: screen,
        top: 'center',
        left: 'center',
        width: 60,
        height: 10,
        border: { type: 'line' },
        label: ` ${title} `,
        tags: true,
        style: { border: ctx.theme.elementStyle('borderFocused') },
      } as Widgets.BoxOptions),
    );
    this.groups = groups;
  }

  /** Show help for `groups`; resolves when closed. */
  static show(ctx: WidgetContext, screen: Widgets.Screen, groups: readonly HelpGroup[], title = 'Keys'): Promise<void> {
    const overlay = new HelpOverlay(ctx, screen, groups, title);
    return new Promise((resolve) => {
      overlay.settle = resolve;
      overlay.layerHandle = ctx.layers.open(overlay);
      overlay.element.setFront();
      overlay.changed();
    });
  }

  /** Closing and scrolling. */
  keyHints(): readonly KeyHint[] {
    return HELP_KEYS;
  }

  /** Arrows and PgUp/PgDn scroll; F1, ? and q close (Esc closes through the layer stack). */
  handleKey(key: KeyPress): boolean {
    if (key.full === 'f1' || key.full === '?' || key.full === 'q' || key.full === 'enter') {
      this.dismiss();
      return true;
    }
    const page = Math.max(1, Number(this.element.height) - 3);
    const moves: Record<string, number> = { up: -1, down: 1, pageup: -page, pagedown: page, home: -Infinity, end: Infinity };
    const delta = moves[key.full];
    if (delta !== undefined) {
      this.scroll += delta;
      this.changed();
    }
    return key.full !== 'escape';
  }

  /** Close. */
  dismiss(): void {
    this.layerHandle?.dispose();
    this.layerHandle = undefined;
    this.dispose();
    this.settle();
  }

  protected draw(): void {
    const screen = this.element.screen;
    // As wide as the frame at 80 columns (its border then covers the frame's), no wider than 80.
    const width = Math.max(30, Math.min(Number(screen.width), 80));
    const inner = width - 4;
    const lines = this.lines(inner);
    const height = Math.max(5, Math.min(Number(screen.height) - 2, lines.length + 2));
    this.element.width = width;
    this.element.height = height;
    // When the keys do not fit, the last row says so and content scrolls above it.
    const overflow = lines.length > height - 2;
    const rows = overflow ? height - 3 : height - 2;
    this.scroll = Math.max(0, Math.min(this.scroll, lines.length - rows));
    const shown = lines.slice(this.scroll, this.scroll + rows);
    if (overflow) shown.push(this.ctx.theme.paint('muted', fit(this.scroll + rows < lines.length ? ' more: Down ' : ' end ', inner)));
    this.element.setContent(shown.map((line) => ` ${line}`).join('\n'));
  }

  private lines(width: number): string[] {
    const theme = this.ctx.theme;
    // Two columns of indent, the widest keys, and two of space before the description.
    const keyWidth = Math.min(24, 4 + Math.max(0, ...this.groups.flatMap((group) => group.hints.map((hint) => textWidth(keysLabel(hint.keys))))));
    const lines: string[] = [];
    this.groups.forEach((group, index) => {
      if (index > 0) lines.push('');
      lines.push(theme.paint('title', group.title));
      for (const hint of group.hints) {
        const described = wrap(hint.description, Math.max(10, width - keyWidth));
        described.forEach((text, at) => {
          const keys = at === 0 ? fit(`  ${keysLabel(hint.keys)}`, keyWidth) : ' '.repeat(keyWidth);
          lines.push(theme.paint('footerKey', keys) + theme.paint('text', text));
        });
      }
    });
    lines.push('', theme.paint('muted', 'Esc, F1 or ? closes this help.'));
    return lines;
  }
}
