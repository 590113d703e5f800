import type { KeyHint, KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { fit, textWidth, wrap } from './text';
import type { StyleRole } from './theme';
import { Widget, type Focusable, type WidgetContext } from './widget';

/** One label/value line of a summary. */
export interface SummaryRow {
  /** 'Memory' */
  readonly label: string;
  /** '2048 MiB (minimum 2048, ballooning)'; long values wrap under themselves. */
  readonly value: string;
  /** Paint the value as a problem or a note. */
  readonly severity?: 'error' | 'warning' | 'info';
}

/** A titled group of rows ('General', 'Disks', 'Requests'). */
export interface SummarySection {
  /** Heading. */
  readonly title: string;
  /** The rows. */
  readonly rows: readonly SummaryRow[];
}

/** Keys of a summary table. */
export const TABLE_KEYS: readonly KeyHint[] = [
  { keys: ['up', 'down'], description: 'Scroll', group: 'This field', priority: 3 },
  { keys: ['pageup', 'pagedown'], description: 'Scroll a page (Home / End: top / bottom)', group: 'This field', helpOnly: true },
];

interface Line {
  readonly text: string;
  readonly role: StyleRole;
  readonly labelText?: string;
}

/**
 * Sections of label/value rows, scrollable with the arrows (the Confirm
 * step's summary and the exact requests). Lines are laid out once per width
 * change; a frame draws only the lines in view.
 */
export class SummaryTable extends Widget implements Focusable {
  /** Name for help and the UI test driver. */
  readonly focusName: string;
  private sections: readonly SummarySection[] = [];
  private lines: Line[] = [];
  private laidOutWidth = -1;
  private scroll = 0;
  private focused = false;

  constructor(ctx: WidgetContext, placement: Placement, options: { readonly label: string; readonly sections?: readonly SummarySection[] }) {
    super(ctx, textBox(placement));
    this.focusName = options.label;
    if (options.sections) this.setSections(options.sections);
  }

  /** Replace the content; the scroll position is kept when possible. */
  setSections(sections: readonly SummarySection[]): void {
    this.sections = sections;
    this.laidOutWidth = -1;
    this.changed();
  }

  /** All lines as plain text (for tests and copying). */
  plainText(): string {
    this.layout(this.innerWidth || 80);
    return this.lines.map((line) => (line.labelText ?? '') + line.text).join('\n');
  }

  /** Focusable while shown (to scroll). */
  canFocus(): boolean {
    return this.isVisible();
  }

  /** Called by the FocusRing. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.changed();
  }

  /** Scrolling keys. */
  keyHints(): readonly KeyHint[] {
    return TABLE_KEYS;
  }

  /** Arrows, PgUp/PgDn, Home/End scroll. */
  handleKey(key: KeyPress): boolean {
    const page = Math.max(1, this.innerHeight - 1);
    const moves: Record<string, number> = { up: -1, down: 1, pageup: -page, pagedown: page, home: -Infinity, end: Infinity };
    const delta = moves[key.full];
    if (delta === undefined) return false;
    this.scrollBy(delta);
    return true;
  }

  protected draw(): void {
    const width = this.innerWidth;
    this.layout(width);
    const rows = this.contentRows();
    this.scroll = Math.max(0, Math.min(this.scroll, this.lines.length - rows));
    const theme = this.ctx.theme;
    const shown = this.lines.slice(this.scroll, this.scroll + rows).map((line) => {
      const label = line.labelText === undefined ? '' : theme.paint('label', line.labelText);
      return label + theme.paint(line.role, fit(line.text, width - textWidth(line.labelText ?? '')));
    });
    if (rows < this.innerHeight) {
      // The last row says whether there is more, so no content line hides under it.
      const more = this.scroll + rows < this.lines.length ? ` more: Down (${this.scroll + rows}/${this.lines.length}) ` : ' end ';
      while (shown.length < rows) shown.push('');
      shown.push(theme.paint(this.focused ? 'selectionFocused' : 'muted', fit(more, width)));
    }
    this.element.setContent(shown.join('\n'));
  }

  /** Rows for content: all of them, or all but the "more" line when the content is taller. */
  private contentRows(): number {
    const height = this.innerHeight;
    return this.lines.length > height ? Math.max(1, height - 1) : height;
  }

  private scrollBy(delta: number): void {
    const max = Math.max(0, this.lines.length - this.contentRows());
    this.scroll = Math.max(0, Math.min(max, this.scroll + delta));
    this.changed();
  }

  private layout(width: number): void {
    if (width === this.laidOutWidth) return;
    this.laidOutWidth = width;
    const labelWidth = Math.min(Math.floor(width * 0.35), 2 + Math.max(0, ...this.sections.flatMap((section) => section.rows.map((row) => textWidth(row.label)))) + 2);
    const lines: Line[] = [];
    this.sections.forEach((section, index) => {
      if (index > 0) lines.push({ text: '', role: 'text' });
      lines.push({ text: section.title, role: 'title' });
      for (const row of section.rows) {
        const role: StyleRole = row.severity === 'error' ? 'error' : row.severity === 'warning' ? 'warning' : 'text';
        const valueLines = wrap(row.value, Math.max(1, width - labelWidth));
        valueLines.forEach((value, at) => lines.push({ labelText: fit(at === 0 ? `  ${row.label}` : '', labelWidth), text: value, role }));
      }
    });
    this.lines = lines;
  }
}
