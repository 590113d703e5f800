import type { KeyHint, KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { Spinner } from './spinner';
import { fit, truncate, wrapHanging } from './text';
import type { StyleRole } from './theme';
import { Widget, type Focusable, type WidgetContext } from './widget';

/** Where a step of a long operation is. */
export type ProgressState = 'pending' | 'running' | 'done' | 'warning' | 'failed' | 'skipped';

/** One step of a long operation ('Create VM 123', 'Set serial console'). */
export interface ProgressStep {
  /** Stable id to update the step by. */
  readonly id: string;
  /** What the step does. */
  readonly label: string;
  /** Where it is. */
  readonly state: ProgressState;
  /** Short note after the label ('UPID:pve2:...', the error). */
  readonly message?: string;
}

/** Options of a TaskProgress. */
export interface TaskProgressOptions {
  /** Name for help and the UI test driver. */
  readonly label: string;
  /** The steps. */
  readonly steps?: readonly ProgressStep[];
  /** Log lines kept (older lines are dropped; default 5000). */
  readonly maxLogLines?: number;
}

/** systemd-style markers: readable without colour, and the same width. */
const MARKERS: Readonly<Record<ProgressState, string>> = {
  pending: '[    ]',
  running: '[ .. ]',
  done: '[ OK ]',
  warning: '[WARN]',
  failed: '[FAIL]',
  skipped: '[SKIP]',
};

const MARKER_ROLES: Readonly<Record<ProgressState, StyleRole>> = {
  pending: 'muted',
  running: 'running',
  done: 'success',
  warning: 'warning',
  failed: 'error',
  skipped: 'muted',
};

/** Keys of the task progress view. */
export const PROGRESS_KEYS: readonly KeyHint[] = [
  { keys: ['up', 'down'], description: 'Scroll the log', group: 'This field', priority: 3 },
  { keys: ['end'], description: 'Follow the log', group: 'This field', helpOnly: true },
];

/**
 * A step list with states and a streaming task log below it (the Submit
 * step). The log follows new lines until the user scrolls up; End follows
 * again. A plain blessed box is enough here: blessed-contrib's log adds
 * ~150 ms of start-up for nothing this needs.
 */
export class TaskProgress extends Widget implements Focusable {
  /** Name for help and the UI test driver. */
  readonly focusName: string;
  private steps: ProgressStep[];
  private readonly log: string[] = [];
  /**
   * The log as drawn: each line wrapped to the log's width with a hanging
   * indent. Kept up to date as lines arrive (only new lines are wrapped), and
   * rebuilt only when the width changes, so a frame just slices it.
   */
  private logRows: string[] = [];
  /** How many rows each log line took (to drop a line's rows with it). */
  private rowsPerLine: number[] = [];
  /** The width `logRows` is wrapped to (-1: not yet drawn). */
  private wrappedWidth = -1;
  private readonly maxLogLines: number;
  /** First row shown, counted in wrapped rows. */
  private logScroll = 0;
  private following = true;
  private focused = false;
  private readonly spinner: Spinner;
  private readonly stepsBox;
  private readonly logBox;

  constructor(ctx: WidgetContext, placement: Placement, options: TaskProgressOptions) {
    super(ctx, textBox(placement));
    this.focusName = options.label;
    this.steps = [...(options.steps ?? [])];
    this.maxLogLines = options.maxLogLines ?? 5000;
    this.stepsBox = textBox({ parent: this.element, top: 0, left: 0, width: '100%', height: 1 });
    this.logBox = textBox({ parent: this.element, top: 1, left: 0, width: '100%', height: 3 }, { border: { type: 'line' }, label: ' Task log ', padding: { left: 1, right: 1 } });
    this.spinner = new Spinner(ctx.animations, () => this.changed());
    this.disposables.add(this.spinner);
    this.updateSpinner();
  }

  /** The steps as they are now. */
  get currentSteps(): readonly ProgressStep[] {
    return this.steps;
  }

  /** The log lines kept. */
  get logLines(): readonly string[] {
    return this.log;
  }

  /** Replace all steps. */
  setSteps(steps: readonly ProgressStep[]): void {
    this.steps = [...steps];
    this.updateSpinner();
    this.changed();
  }

  /** Change one step's state (and note). */
  updateStep(id: string, state: ProgressState, message?: string): void {
    this.steps = this.steps.map((step) => (step.id === id ? { ...step, state, message } : step));
    this.updateSpinner();
    this.changed();
  }

  /** Append log lines (a task's output as it streams in). */
  appendLog(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.log.push(...lines);
    if (this.wrappedWidth >= 0) for (const line of lines) this.addRows(line);
    const excess = this.log.length - this.maxLogLines;
    if (excess > 0) {
      this.log.splice(0, excess);
      if (this.wrappedWidth >= 0) {
        const droppedRows = this.rowsPerLine.splice(0, excess).reduce((sum, count) => sum + count, 0);
        this.logRows.splice(0, droppedRows);
        this.logScroll = Math.max(0, this.logScroll - droppedRows);
      }
    }
    this.changed();
  }

  /** Focusable while shown (to scroll the log). */
  canFocus(): boolean {
    return this.isVisible();
  }

  /** Called by the FocusRing. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.changed();
  }

  /** Log scrolling keys. */
  keyHints(): readonly KeyHint[] {
    return PROGRESS_KEYS;
  }

  /** Arrows and PgUp/PgDn scroll the log; End follows it again. */
  handleKey(key: KeyPress): boolean {
    const page = Math.max(1, this.logHeight() - 1);
    const moves: Record<string, number> = { up: -1, down: 1, pageup: -page, pagedown: page, home: -Infinity };
    if (key.full === 'end') {
      this.following = true;
      this.changed();
      return true;
    }
    const delta = moves[key.full];
    if (delta === undefined) return false;
    const max = Math.max(0, this.logRows.length - this.logHeight());
    this.logScroll = Math.max(0, Math.min(max, (this.following ? max : this.logScroll) + delta));
    this.following = this.logScroll >= max;
    this.changed();
    return true;
  }

  protected draw(): void {
    const width = this.innerWidth;
    const stepRows = this.steps.length;
    this.stepsBox.height = Math.max(1, stepRows);
    this.logBox.top = stepRows + 1;
    this.logBox.height = Math.max(3, this.innerHeight - stepRows - 1);
    this.stepsBox.setContent(this.steps.map((step) => this.stepLine(step, width)).join('\n'));
    this.logBox.style = { border: this.ctx.theme.elementStyle(this.focused ? 'borderFocused' : 'border') };
    this.logBox.setContent(this.visibleLog(width - 4).join('\n'));
  }

  private stepLine(step: ProgressStep, width: number): string {
    const theme = this.ctx.theme;
    const marker = step.state === 'running' && this.ctx.animations ? `[ ${this.spinner.glyph}  ]` : MARKERS[step.state];
    const note = step.message ? `  ${step.message}` : '';
    const text = truncate(`${step.label}${note}`, width - marker.length - 1);
    return theme.paint(MARKER_ROLES[step.state], marker) + ' ' + theme.paint(step.state === 'failed' ? 'error' : 'text', fit(text, width - marker.length - 1));
  }

  /** Rows inside the log's border. */
  private logHeight(): number {
    return Math.max(1, Number(this.logBox.height) - Number(this.logBox.iheight ?? 2));
  }

  private visibleLog(width: number): string[] {
    this.wrapLogTo(width);
    const rows = this.logHeight();
    const max = Math.max(0, this.logRows.length - rows);
    if (this.following) this.logScroll = max;
    this.logScroll = Math.min(this.logScroll, max);
    const theme = this.ctx.theme;
    if (this.log.length === 0) return [theme.paint('muted', 'No output yet.')];
    return this.logRows.slice(this.logScroll, this.logScroll + rows).map((row) => theme.paint('text', row));
  }

  /** Wrap the whole log again when the width changed (a resize); the top row shown stays the same line. */
  private wrapLogTo(width: number): void {
    if (width === this.wrappedWidth) return;
    const topLine = this.lineAtRow(this.logScroll);
    this.wrappedWidth = width;
    this.logRows = [];
    this.rowsPerLine = [];
    for (const line of this.log) this.addRows(line);
    this.logScroll = this.rowsPerLine.slice(0, topLine).reduce((sum, count) => sum + count, 0);
  }

  private addRows(line: string): void {
    const rows = wrapHanging(line, Math.max(1, this.wrappedWidth));
    const kept = rows.length > 0 ? rows : [''];
    this.logRows.push(...kept);
    this.rowsPerLine.push(kept.length);
  }

  /** The log line that row `row` belongs to. */
  private lineAtRow(row: number): number {
    let seen = 0;
    for (let line = 0; line < this.rowsPerLine.length; line++) {
      seen += this.rowsPerLine[line];
      if (seen > row) return line;
    }
    return 0;
  }

  private updateSpinner(): void {
    if (this.steps.some((step) => step.state === 'running')) this.spinner.start();
    else this.spinner.stop();
  }
}
