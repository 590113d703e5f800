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

/** A titled group of label/value rows ('General', 'Disks', 'Requests'). */
export interface RowsSection {
  /** Heading. */
  readonly title: string;
  /** The rows. */
  readonly rows: readonly SummaryRow[];
}

/**
 * A titled block of lines the caller lays out for the width it is given
 * (shell commands broken into continuation lines): shown as they are, never
 * wrapped; a line wider than the table is cut at the edge, marked '>', and
 * Left/Right scroll sideways to it.
 */
export interface LinesSection {
  /** Heading. */
  readonly title: string;
  /** The lines for `width` cells; called again when the width changes. */
  readonly lines: (width: number) => readonly string[];
}

/** A section of a summary. */
export type SummarySection = RowsSection | LinesSection;

/** Keys of a summary table. */
export const TABLE_KEYS: readonly KeyHint[] = [
  { keys: ['up', 'down'], description: 'Scroll', group: 'This field', priority: 3 },
  { keys: ['pageup', 'pagedown'], description: 'Scroll a page (Home / End: top / bottom)', group: 'This field', helpOnly: true },
  { keys: ['left', 'right'], description: 'Scroll sideways (lines wider than the view end in >)', group: 'This field', helpOnly: true },
];

/** Keys of a summary table with lines wider than it: sideways scrolling is offered in the footer too. */
const WIDE_TABLE_KEYS: readonly KeyHint[] = TABLE_KEYS.map((hint) => (hint.keys[0] === 'left' ? { ...hint, description: 'Scroll sideways', helpOnly: false, priority: 4 } : hint));

/** Columns Left/Right move the view. */
const SIDEWAYS_STEP = 8;

/** Indent of a section's rows and lines under its title. */
const ROW_INDENT = '  ';

interface Line {
  readonly text: string;
  readonly role: StyleRole;
  readonly labelText?: string;
  /** A caller's line: shown as it is, scrolled sideways, never wrapped. */
  readonly preformatted?: boolean;
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
  /** Columns scrolled sideways (only lines sections can be wider than the table). */
  private sideways = 0;
  /** Width of the widest line laid out. */
  private widest = 0;
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

  /** Scrolling keys (sideways too, while a line is wider than the table). */
  keyHints(): readonly KeyHint[] {
    return this.isWide() ? WIDE_TABLE_KEYS : TABLE_KEYS;
  }

  /** Arrows, PgUp/PgDn, Home/End scroll; Left/Right scroll sideways when a line is wider than the table. */
  handleKey(key: KeyPress): boolean {
    if ((key.full === 'left' || key.full === 'right') && this.isWide()) {
      this.scrollSideways(key.full === 'left' ? -SIDEWAYS_STEP : SIDEWAYS_STEP);
      return true;
    }
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
    this.sideways = Math.max(0, Math.min(this.sideways, this.widest - width));
    const theme = this.ctx.theme;
    const shown = this.lines.slice(this.scroll, this.scroll + rows).map((line) => {
      if (line.preformatted) return theme.paint(line.role, this.sidewaysView(line.text, width));
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

  /** True when a line is wider than the table (Left/Right then scroll sideways). */
  private isWide(): boolean {
    this.layout(this.innerWidth);
    return this.widest > this.innerWidth;
  }

  private scrollSideways(delta: number): void {
    this.sideways = Math.max(0, Math.min(this.widest - this.innerWidth, this.sideways + delta));
    this.changed();
  }

  /** `text` from the sideways offset, fitted to `width`: '<' where text is scrolled away on the left, '>' where it goes on. */
  private sidewaysView(text: string, width: number): string {
    const points = Array.from(text);
    const from = Math.min(this.sideways, points.length);
    let shown = points.slice(from, from + width);
    if (from > 0 && shown.length > 0) shown = ['<', ...shown.slice(1)];
    if (points.length - from > width) shown = [...shown.slice(0, width - 1), '>'];
    return fit(shown.join(''), width);
  }

  private scrollBy(delta: number): void {
    const max = Math.max(0, this.lines.length - this.contentRows());
    this.scroll = Math.max(0, Math.min(max, this.scroll + delta));
    this.changed();
  }

  private layout(width: number): void {
    if (width === this.laidOutWidth) return;
    this.laidOutWidth = width;
    const labels = this.sections.flatMap((section) => ('rows' in section ? section.rows.map((row) => textWidth(row.label)) : []));
    const labelWidth = Math.min(Math.floor(width * 0.35), ROW_INDENT.length + Math.max(0, ...labels) + 2);
    const lines: Line[] = [];
    this.sections.forEach((section, index) => {
      if (index > 0) lines.push({ text: '', role: 'text' });
      lines.push({ text: section.title, role: 'title' });
      if ('lines' in section) {
        for (const text of section.lines(Math.max(1, width - ROW_INDENT.length))) lines.push({ text: ROW_INDENT + text, role: 'text', preformatted: true });
        return;
      }
      for (const row of section.rows) {
        const role: StyleRole = row.severity === 'error' ? 'error' : row.severity === 'warning' ? 'warning' : 'text';
        const valueLines = wrap(row.value, Math.max(1, width - labelWidth));
        valueLines.forEach((value, at) => lines.push({ labelText: fit(at === 0 ? `${ROW_INDENT}${row.label}` : '', labelWidth), text: value, role }));
      }
    });
    this.lines = lines;
    this.widest = lines.reduce((max, line) => Math.max(max, textWidth(line.labelText ?? '') + textWidth(line.text)), 0);
  }
}
