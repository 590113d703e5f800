import type { Widgets } from 'blessed';
import { Emitter, type Event } from '../shared/emitter';
import { Button } from './button';
import type { KeyHint, KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { Spinner } from './spinner';
import { wrap } from './text';
import { Widget, type Focusable, type WidgetContext } from './widget';

/** What to say when there is nothing to show. */
export interface EmptyInfo {
  /** What is missing: 'No pools on this cluster.' */
  readonly title: string;
  /** What to do about it: 'Leave Pool empty, or create one under Datacenter > Permissions > Pools.' */
  readonly hint?: string;
}

/** What to say when loading failed. */
export interface ErrorInfo {
  /** The failure in words: 'The server refused the connection.' */
  readonly message: string;
  /** The request that failed: 'GET /nodes/pve2/storage/cephfs/content'. */
  readonly request?: string;
  /** Offer a Retry button (Enter) that calls this. */
  readonly retry?: () => void;
}

/** The states of a region that loads data. */
export type LoadState =
  | { readonly kind: 'ready' }
  | { readonly kind: 'loading'; readonly what: string }
  | { readonly kind: 'empty'; readonly info: EmptyInfo }
  | { readonly kind: 'error'; readonly info: ErrorInfo };

/** Options of a StateView. */
export interface StateViewOptions {
  /** The elements this view replaces while not ready (hidden then, so Tab skips them). */
  readonly covers?: readonly Widgets.BlessedElement[];
  /** One line per state (in a form row, in place of one field) instead of a whole region. */
  readonly compact?: boolean;
}

/** Keys of the error state. */
export const RETRY_KEYS: readonly KeyHint[] = [{ keys: ['enter', 'r'], description: 'Retry', group: 'This field', priority: 6 }];

/**
 * Loading, empty and error states for a region that loads data. It lies over
 * the region's content and hides it (so Tab skips the hidden fields) until
 * `showReady()`; the content widgets and the user's input stay untouched
 * underneath. In the error state it is focusable: Enter or r retries.
 */
export class StateView extends Widget implements Focusable {
  /** Name for help and the UI test driver. */
  readonly focusName = 'Retry';
  private state: LoadState = { kind: 'ready' };
  private focused = false;
  private readonly spinner: Spinner;
  private readonly retryButton: Button;
  private readonly messageBox: Widgets.BoxElement;
  private readonly didChangeState = new Emitter<LoadState>();

  /** Fires on every state change (the screen host moves the focus to Retry, or back to the fields). */
  readonly onDidChangeState: Event<LoadState> = this.didChangeState.event;

  private readonly covers: readonly Widgets.BlessedElement[];
  private readonly compact: boolean;

  constructor(ctx: WidgetContext, placement: Placement, options: StateViewOptions = {}) {
    super(ctx, textBox({ ...placement, height: placement.height ?? '100%' }));
    this.covers = options.covers ?? [];
    this.compact = options.compact ?? false;
    this.element.hide();
    const indent = this.compact ? 0 : 1;
    this.messageBox = textBox({ parent: this.element, top: 0, left: indent, width: `100%-${2 * indent}`, height: '100%' });
    this.retryButton = new Button(ctx, { parent: this.element, top: 0, left: indent }, { label: 'Retry' });
    this.retryButton.element.hide();
    this.disposables.add(this.retryButton);
    this.disposables.add(this.retryButton.onDidPress(() => this.retry()));
    this.spinner = new Spinner(ctx.animations, () => this.changed());
    this.disposables.add(this.spinner);
    this.disposables.add(this.didChangeState);
  }

  /** The current state. */
  get current(): LoadState {
    return this.state;
  }

  /** 'Loading ISO images on cephfs...' with a spinner. */
  showLoading(what: string): void {
    this.setState({ kind: 'loading', what });
  }

  /** Nothing to show, and what to do about it. */
  showEmpty(info: EmptyInfo): void {
    this.setState({ kind: 'empty', info });
  }

  /** The failure, the failed request, and Retry. */
  showError(info: ErrorInfo): void {
    this.setState({ kind: 'error', info });
  }

  /** Show the content again. */
  showReady(): void {
    this.setState({ kind: 'ready' });
  }

  /**
   * Focusable while shown: in the error state for Retry; while loading so
   * the focus can wait here and go to the content once it is ready.
   */
  canFocus(): boolean {
    return this.state.kind !== 'ready' && this.isVisible();
  }

  /** Called by the FocusRing; the Retry button shows the focus. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.retryButton.setFocused(focused);
    this.changed();
  }

  /** True while it has the focus. */
  get hasFocus(): boolean {
    return this.focused;
  }

  /** Retry, in the error state. */
  keyHints(): readonly KeyHint[] {
    return this.offersRetry() ? RETRY_KEYS : [];
  }

  /** Enter, Space or r retries in the error state. */
  handleKey(key: KeyPress): boolean {
    if (this.state.kind !== 'error' || !this.state.info.retry) return false;
    if (key.full !== 'enter' && key.full !== 'space' && key.full !== 'r') return false;
    this.retry();
    return true;
  }

  /** Rows this view needs at `width` in its current state (a form row grows to fit it). */
  preferredHeight(width: number): number {
    const lines = this.lines(Math.max(10, width - (this.compact ? 0 : 2)));
    return lines.length + (this.offersRetry() ? (this.compact ? 1 : 2) : 0);
  }

  protected draw(): void {
    const lines = this.lines(Math.max(10, this.innerWidth - (this.compact ? 0 : 2)));
    this.messageBox.setContent(lines.join('\n'));
    this.retryButton.element.top = lines.length + (this.compact ? 0 : 1);
    if (this.offersRetry()) this.retryButton.element.show();
    else this.retryButton.element.hide();
  }

  private offersRetry(): boolean {
    return this.state.kind === 'error' && this.state.info.retry !== undefined;
  }

  private lines(width: number): string[] {
    const state = this.state;
    const theme = this.ctx.theme;
    if (state.kind === 'loading') return [`${theme.paint('running', this.spinner.glyph)} ${theme.paint('text', `Loading ${state.what}...`)}`];
    if (state.kind === 'empty') {
      if (this.compact) return wrap(state.info.hint ? `${state.info.title} ${state.info.hint}` : state.info.title, width).map((line) => theme.paint('warning', line));
      const lines = wrap(state.info.title, width).map((line) => theme.paint('title', line));
      if (state.info.hint) lines.push('', ...wrap(state.info.hint, width).map((line) => theme.paint('text', line)));
      return lines;
    }
    if (state.kind === 'error') return this.errorLines(state.info, width);
    return [];
  }

  private errorLines(info: ErrorInfo, width: number): string[] {
    const theme = this.ctx.theme;
    if (this.compact) {
      const text = info.request ? `${info.message} (${info.request})` : info.message;
      return wrap(text, width).map((line) => theme.paint('error', line));
    }
    const lines = wrap(info.message, width).map((line) => theme.paint('error', line));
    if (info.request) lines.push(...wrap(`Request: ${info.request}`, width).map((line) => theme.paint('text', line)));
    if (info.retry) lines.push('', theme.paint('muted', 'Your input is kept. Press Enter to try again.'));
    return lines;
  }

  private retry(): void {
    if (this.state.kind === 'error') this.state.info.retry?.();
  }

  private setState(state: LoadState): void {
    this.state = state;
    const ready = state.kind === 'ready';
    if (ready) this.element.hide();
    else {
      this.element.show();
      this.element.setFront();
    }
    for (const element of this.covers) {
      if (ready) element.show();
      else element.hide();
    }
    if (state.kind === 'loading') this.spinner.start();
    else this.spinner.stop();
    this.changed();
    this.didChangeState.fire(state);
  }
}
