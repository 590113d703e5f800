import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import type { BodyState, ScreenHost, ScreenModals, StepDirection } from '../screens/screen-controller';
import { FocusRing } from '../widgets/focus-ring';
import { FormDialog } from '../widgets/form-dialog';
import { Modal } from '../widgets/modal';
import { StateView } from '../widgets/state-view';
import type { WidgetContext } from '../widgets/widget';

/** What the shell lends a mounted screen. */
export interface HostServices {
  /** The frame around the body (the body-wide state view is drawn in it, over the body). */
  readonly frame: Widgets.BoxElement;
  /** The region the screen draws in. */
  readonly body: Widgets.BoxElement;
  /** Widget context (theme, layers, render requests). */
  readonly ui: WidgetContext;
  /** Header update. */
  setSession(info: { readonly cluster?: string; readonly user?: string }): void;
  /** Step change, as Ctrl-N / Ctrl-P. */
  navigate(direction: StepDirection): Promise<boolean>;
  /** Jump to a step by id (and focus a field there). */
  goTo(stepId: string, field?: string): Promise<boolean>;
  /** A footer message until the next key. */
  flash(text: string): void;
  /** End the app. */
  exit(code: number): void;
  /** Put the focus where the screen starts. */
  focusFirst(): void;
}

/**
 * The ScreenHost of one mounted screen: a fresh Tab order, a body-wide
 * loading / empty / error view, and dialogs. Disposed when the screen is
 * unmounted; whatever the screen left in the body is destroyed with it.
 */
export class ShellScreenHost implements ScreenHost, Disposable {
  /** The screen's Tab order. */
  readonly focus = new FocusRing();
  /** Body-wide states. */
  readonly state: BodyState;
  /** Dialogs. */
  readonly modals: ScreenModals;
  private readonly stateView: StateView;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly services: HostServices) {
    const { ui, frame, body } = services;
    this.stateView = new StateView(ui, { parent: frame, top: 0, left: 1, width: '100%-4', height: '100%-2' }, { covers: [body] });
    this.focus.add(this.stateView);
    this.subscriptions.push(this.stateView.onDidChangeState((state) => this.onStateChange(state.kind)));
    this.state = this.stateView;
    const screen = frame.screen;
    this.modals = {
      confirm: (options) => Modal.confirm(ui, screen, options),
      prompt: (options) => Modal.prompt(ui, screen, options),
      message: (options) => Modal.message(ui, screen, options),
      form: (options) => FormDialog.open(ui, screen, options),
    };
  }

  /** The region to draw in. */
  get body(): Widgets.BoxElement {
    return this.services.body;
  }

  /** Widget context. */
  get ui(): WidgetContext {
    return this.services.ui;
  }

  /** Redraw soon. */
  requestRender(): void {
    this.services.ui.requestRender();
  }

  /** Update the header. */
  setSession(info: { readonly cluster?: string; readonly user?: string }): void {
    this.services.setSession(info);
  }

  /** Change step as Ctrl-N / Ctrl-P do. */
  navigate(direction: StepDirection): Promise<boolean> {
    return this.services.navigate(direction);
  }

  /** Jump to a step by id, focusing `field` there. */
  goTo(stepId: string, field?: string): Promise<boolean> {
    return this.services.goTo(stepId, field);
  }

  /** A footer message until the next key. */
  flash(text: string): void {
    this.services.flash(text);
  }

  /** End the app. */
  exit(code: number): void {
    this.services.exit(code);
  }

  /** Drop the screen's Tab order, the state view, and anything the screen left in the body. */
  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.focus.dispose();
    this.stateView.dispose();
    this.services.body.show();
    for (const child of [...this.services.body.children]) (child as Widgets.BlessedElement).destroy();
  }

  private onStateChange(kind: string): void {
    if (kind === 'error') {
      this.focus.focus(this.stateView);
    } else if (kind === 'ready' && (this.focus.current === this.stateView || this.focus.current === undefined)) {
      this.services.focusFirst();
    }
    this.services.ui.requestRender();
  }
}
