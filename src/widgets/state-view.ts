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

  /**
   * @param covers the elements this view replaces while not ready (hidden then).
   */
  constructor(
    ctx: WidgetContext,
    placement: Placement,
    private readonly covers: readonly Widgets.BlessedElement[] = [],
  ) {
    super(ctx, textBox({ ...placement, height: placement.height ?? '100%' }));
    this.element.hide();
    this.messageBox = textBox({ parent: this.element, top: 0, left: 1, width: '100%-2', height: '100%-2' });
    this.retryButton = new Button(ctx, { parent: this.element, top: 0, left: 1 }, { label: 'Retry' });
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

  /** Focusable only while it offers Retry. */
  canFocus(): boolean {
    return this.state.kind === 'error' && this.state.info.retry !== undefined && this.isVisible();
  }

  /** Called by the FocusRing. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.retryButton.setFocused(focused);
    this.changed();
  }

  /** Retry. */
  keyHints(): readonly KeyHint[] {
    return this.canFocus() ? RETRY_KEYS : [];
  }

  /** Enter, Space or r retries in the error state. */
  handleKey(key: KeyPress): boolean {
    if (this.state.kind !== 'error' || !this.state.info.retry) return false;
    if (key.full !== 'enter' && key.full !== 'space' && key.full !== 'r') return false;
    this.retry();
    return true;
  }

  protected draw(): void {
    const state = this.state;
    const width = Math.max(10, this.innerWidth - 2);
    const theme = this.ctx.theme;
    let lines: string[] = [];
    if (state.kind === 'loading') lines = [`${theme.paint('running', this.spinner.glyph)} ${theme.paint('text', `Loading ${state.what}...`)}`];
    if (state.kind === 'empty') {
      lines = [...wrap(state.info.title, width).map((line) => theme.paint('title', line))];
      if (state.info.hint) lines.push('', ...wrap(state.info.hint, width).map((line) => theme.paint('text', line)));
    }
    if (state.kind === 'error') lines = this.errorLines(state.info, width);
    this.messageBox.setContent(lines.join('\n'));
    const showRetry = state.kind === 'error' && state.info.retry !== undefined;
    this.retryButton.element.top = lines.length + 1;
    if (showRetry) this.retryButton.element.show();
    else this.retryButton.element.hide();
  }

  private errorLines(info: ErrorInfo, width: number): string[] {
    const theme = this.ctx.theme;
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
