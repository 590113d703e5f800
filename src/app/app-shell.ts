/**
 * The app shell: header, body frame, footer, popups, help, the error modal,
 * quit, resize and the "terminal too small" notice, and the one place keys
 * are dispatched. Step screens are mounted into the body one at a time.
 *
 * Key dispatch order (docs/keys.md):
 *   1. Ctrl-Q / Ctrl-C: quit (asks first when input would be lost), always.
 *   2. An open layer (dialog, list popup, help) takes every other key; an
 *      Esc it does not use closes it.
 *   3. The focused field: typing, arrows, Space, Enter on buttons and lists.
 *   4. The step's bindings, then the global ones (Tab, Ctrl-N, F1, ...).
 * So '?' types a '?' in a text field and opens help elsewhere.
 */
import type { Widgets } from 'blessed';
import { type Disposable, DisposableStore } from '../shared/emitter';
import { ExitCode } from '../shared/exit-codes';
import type { KeyBinding, ScreenController, StepDirection } from '../screens/screen-controller';
import { Footer } from '../widgets/footer';
import { Header } from '../widgets/header';
import { groupHints, HelpOverlay } from '../widgets/help-overlay';
import { type KeyHint, type KeyPress, matchesKey, normaliseKeyPress } from '../widgets/keys';
import { LayerStack } from '../widgets/layer-stack';
import { Modal } from '../widgets/modal';
import { RenderScheduler } from '../widgets/render-scheduler';
import { createTheme } from '../widgets/theme';
import { isTooSmall, TooSmallNotice } from '../widgets/too-small-notice';
import type { Focusable, WidgetContext } from '../widgets/widget';
import { FIELD_KEY_NOTES, globalBindings, HELP_NOTES, QUIT_KEYS, STEP_CHANGE_KEYS, STOP_HINT } from './global-bindings';
import { ShellScreenHost } from './shell-screen-host';
import { textBox } from '../widgets/placement';
import { textWidth } from '../widgets/text';
import { WizardNavigator } from './wizard-navigator';

/** How the shell is set up. */
export interface AppShellOptions {
  /** The terminal screen (from createTerminalScreen). */
  readonly screen: Widgets.Screen;
  /** The wizard steps, in order. */
  readonly steps: readonly ScreenController[];
  /** NO_COLOR: no colour at all, focus by inverse video. */
  readonly monochrome: boolean;
  /** Spinners move (off in tests for stable snapshots). Default true. */
  readonly animations?: boolean;
  /** App name in the header. */
  readonly title?: string;
  /** Cluster (host) and user for the header, when known at start. */
  readonly session?: { readonly cluster?: string; readonly user?: string };
  /** Called once, when the user quits or a screen ends the app, with the exit code. */
  readonly onExit: (code: number) => void;
}

/** The running app around the step screens. */
export class AppShell implements Disposable {
  /** Widget context shared by every screen. */
  readonly ui: WidgetContext;
  /** Open layers (dialogs, popups, help). */
  readonly layers = new LayerStack();
  /** Frame scheduling. */
  readonly scheduler: RenderScheduler;
  /** The terminal screen the shell draws on. */
  readonly screen: Widgets.Screen;
  private readonly header: Header;
  private readonly frame: Widgets.BoxElement;
  private readonly body: Widgets.BoxElement;
  private readonly footer: Footer;
  private readonly tooSmallNotice: TooSmallNotice;
  private readonly navigator: WizardNavigator;
  private readonly globals: readonly KeyBinding[];
  private readonly disposables = new DisposableStore();
  private host: ShellScreenHost | undefined;
  private mounted: ScreenController | undefined;
  private quitQuestionOpen = false;
  /** The busy step's reason, while the footer shows it (it goes when the step is done). */
  private busyFlash: string | undefined;
  private tooSmall = false;
  private exited = false;

  constructor(private readonly options: AppShellOptions) {
    const screen = options.screen;
    this.screen = screen;
    // The footer follows every frame, not only key presses: a step's keys change when its data arrives or a run ends.
    this.scheduler = new RenderScheduler(() => {
      if (!this.exited && this.footer) this.refreshFooter();
      screen.render();
      // blessed buffers a frame until the next tick, behind whatever is queued (on start: loading the HTTP client); send it now.
      screen.program.flush();
    });
    this.disposables.add(this.scheduler);
    this.ui = {
      theme: createTheme({ monochrome: options.monochrome, colors: (screen.tput as { colors?: number } | undefined)?.colors }),
      layers: this.layers,
      animations: options.animations ?? true,
      requestRender: () => this.scheduler.request(),
    };
    this.header = new Header(this.ui, { parent: screen, top: 0 }, { title: options.title ?? 'pve-vm-tui', ...options.session });
    this.frame = this.createFrame();
    this.body = this.createBody();
    this.footer = new Footer(this.ui, { parent: screen, top: '100%-1' });
    this.tooSmallNotice = new TooSmallNotice(this.ui, { parent: screen });
    this.navigator = new WizardNavigator(options.steps, () => this.swapScreens());
    this.globals = globalBindings({
      nextField: () => this.host?.focus.next(),
      previousField: () => this.host?.focus.previous(),
      nextStep: () => this.navigate('next').then(() => undefined),
      previousStep: () => this.navigate('back').then(() => undefined),
      help: () => this.showHelp(),
      quit: () => this.requestQuit(),
    });
    for (const part of [this.header, this.footer, this.tooSmallNotice, this.layers]) this.disposables.add(part);
  }

  /** Mount the first step and start taking keys. */
  start(): void {
    const onKeypress = (ch: string | undefined, key: Parameters<typeof normaliseKeyPress>[1]): void => this.onKeypress(ch, key);
    const onResize = (): void => this.applySize();
    this.screen.on('keypress', onKeypress);
    this.screen.on('resize', onResize);
    this.disposables.add({ dispose: () => this.screen.removeListener('keypress', onKeypress) });
    this.disposables.add({ dispose: () => this.screen.removeListener('resize', onResize) });
    this.disposables.add(this.layers.onDidChange(() => this.refreshFooter()));
    this.mountCurrent();
    this.applySize();
    this.scheduler.request();
  }

  /** The wizard steps, in order. */
  get steps(): readonly ScreenController[] {
    return this.options.steps;
  }

  /** The mounted step. */
  get currentStep(): ScreenController {
    return this.navigator.current;
  }

  /** The focused field or button of the step (or undefined). */
  get focused(): Focusable | undefined {
    return this.host?.focus.current;
  }

  /** True while the "too small" notice is shown. */
  get isTooSmall(): boolean {
    return this.tooSmall;
  }

  /** Dispatch one key press (the screen's keypress listener calls this). */
  dispatch(key: KeyPress): void {
    this.footer.clearFlash();
    this.busyFlash = undefined;
    if (matchesKey(key, QUIT_KEYS)) return void this.runSafely(() => this.requestQuit());
    if (this.layers.top) {
      if (key.full === 'f1' && this.layers.top.name !== 'Help') return void this.runSafely(() => this.showHelp());
      this.layers.handleKey(key);
      return;
    }
    if (this.tooSmall) return;
    const focused = this.host?.focus.current;
    if (focused && focused.canFocus() && focused.handleKey(key)) return;
    const busy = this.currentStep.busyReason?.();
    if (busy && matchesKey(key, STEP_CHANGE_KEYS)) {
      this.busyFlash = busy;
      return void this.footer.flash(busy);
    }
    const binding = this.findBinding(key);
    if (!binding) return;
    const reason = binding.disabledReason?.();
    if (reason) this.footer.flash(reason);
    else this.runSafely(binding.handler);
  }

  /** Go to the next or previous step (as Ctrl-N / Ctrl-P); false when it did not move. */
  async navigate(direction: StepDirection): Promise<boolean> {
    const result = await this.navigator.go(direction);
    if (result.kind === 'blocked') {
      const check = result.check;
      const placed = check.field !== undefined && this.currentStep.focusField(check.field);
      // The field shows the whole message; a footer too narrow for it points there instead of cutting it.
      const fits = textWidth(check.message) < Number(this.screen.width) - 1;
      const label = this.host?.focus.current?.focusName;
      this.footer.flash(placed && !fits && label ? `Cannot continue: see the message at ${label}.` : check.message);
      if (!placed && check.field !== undefined) await Modal.message(this.ui, this.screen, { title: 'Cannot continue', message: check.message, tone: 'warning' });
    } else if (result.kind === 'edge') {
      this.footer.flash(direction === 'back' ? 'This is the first step.' : 'This is the last step.');
    }
    this.afterChange();
    return result.kind === 'moved';
  }

  /**
   * Jump to the step with id `stepId` without asking the current one (see
   * ScreenHost.goTo) and focus `field` there; false when there is no such step.
   */
  async goTo(stepId: string, field?: string): Promise<boolean> {
    const index = this.options.steps.findIndex((step) => step.id === stepId);
    if (index < 0 || !this.navigator.jumpTo(index)) return false;
    if (field !== undefined) this.currentStep.focusField(field);
    this.afterChange();
    return true;
  }

  /** Show `text` in the footer until the next key. */
  flash(text: string): void {
    this.footer.flash(text);
    this.scheduler.request();
  }

  /** Ctrl-Q / Ctrl-C: quit, asking first when input would be lost; a second Ctrl-C while asked quits. */
  async requestQuit(): Promise<void> {
    const step = this.currentStep;
    // Asked when leaving, not before the question: a create may end while it is open (0, not 130).
    const code = (): number => step.quitExitCode?.() ?? ExitCode.Cancelled;
    if (this.quitQuestionOpen) return this.exit(code());
    const stepQuestion = step.quitQuestion?.();
    if (stepQuestion === null) return this.exit(code());
    const question = stepQuestion ?? (this.options.steps.some((candidate) => candidate.hasUnsavedInput()) ? 'Quit? Your input will be lost (y/N)' : undefined);
    if (question === undefined) return this.exit(code());
    this.quitQuestionOpen = true;
    const yes = await Modal.confirm(this.ui, this.screen, {
      title: 'Quit?',
      message: question,
      yesLabel: 'Quit',
      noLabel: 'Stay',
      tone: 'warning',
    });
    this.quitQuestionOpen = false;
    if (yes) this.exit(code());
    else this.afterChange();
  }

  /** F1 / ?: every key of the current step, grouped. */
  async showHelp(): Promise<void> {
    const groups = groupHints(this.currentHints('help'));
    await HelpOverlay.show(this.ui, this.screen, groups, `Keys: ${this.currentStep.title}`);
    this.afterChange();
  }

  /** Show an unexpected error without ending the app; the user's input stays. */
  async showError(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await Modal.message(this.ui, this.screen, { title: 'Error', message: `${message}\n\nYour input is kept.`, tone: 'error' });
    this.afterChange();
  }

  /** The hints the footer shows now (for tests: what the user sees is `footer.shownText`). */
  currentHints(purpose: 'footer' | 'help' = 'footer'): KeyHint[] {
    const top = this.layers.top;
    if (top && purpose === 'footer') return [...top.keyHints()];
    const layer = top ? top.keyHints() : [];
    const focused = this.host?.focus.current;
    const field = focused && focused.canFocus() ? focused.keyHints() : [];
    const notes = purpose === 'help' ? [...FIELD_KEY_NOTES, ...HELP_NOTES] : [];
    const { step, globals } = this.offeredBindings(purpose);
    return [...layer, ...field, ...step, ...globals, ...notes];
  }

  /**
   * The step's bindings and the global ones that apply now. A step key that
   * takes over a global key (Ctrl-N creates on Confirm) hides the global one;
   * the footer does not offer Back on the first step, Next step on the last
   * (the keys still say why when pressed) or Tab with one field (help lists
   * them all); a busy step offers no step change and names Ctrl-C as the way
   * to stop.
   */
  private offeredBindings(purpose: 'footer' | 'help'): { step: KeyHint[]; globals: KeyHint[] } {
    const busy = this.currentStep.busyReason?.() !== undefined;
    const changesStep = (binding: KeyHint): boolean => binding.keys.some((key) => STEP_CHANGE_KEYS.includes(key));
    const step = this.activeBindings(this.currentStep.bindings()).filter((binding) => !(busy && changesStep(binding)));
    const stepKeys = new Set(step.flatMap((binding) => binding.keys));
    const noBack = this.navigator.currentIndex === 0 || this.currentStep.offersBack?.() === false;
    const atEdge = (binding: KeyHint): boolean =>
      (binding.keys.includes('C-p') && noBack) || (binding.keys.includes('C-n') && this.navigator.currentIndex === this.options.steps.length - 1);
    // Tab is not offered where it has nowhere to go (one field, or only Retry).
    const tabs = (this.host?.focus.all.filter((item) => item.canFocus()).length ?? 0) > 1;
    const movesFocus = (binding: KeyHint): boolean => binding.keys.includes('tab') || binding.keys.includes('S-tab');
    const globals = this.globals
      .filter((binding) => !binding.keys.every((key) => stepKeys.has(key)))
      .filter((binding) => !(busy && changesStep(binding)))
      .filter((binding) => purpose === 'help' || (!atEdge(binding) && (tabs || !movesFocus(binding))))
      .map((binding): KeyHint => (busy && binding.keys.every((key) => QUIT_KEYS.includes(key)) ? STOP_HINT : binding));
    return { step, globals };
  }

  /** The footer's text as shown. */
  get footerText(): string {
    return this.footer.shownText;
  }

  /** End the app with `code` (once). */
  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.options.onExit(code);
  }

  /** Unmount the step and drop every widget and listener (the caller destroys the screen). */
  dispose(): void {
    this.unmountCurrent();
    this.disposables.dispose();
  }

  private onKeypress(ch: string | undefined, raw: Parameters<typeof normaliseKeyPress>[1]): void {
    const key = normaliseKeyPress(ch, raw);
    if (!key || this.exited) return;
    try {
      this.dispatch(key);
    } catch (error) {
      void this.showError(error);
    }
    this.afterChange();
  }

  private runSafely(action: () => void | Promise<void>): void {
    try {
      const result = action();
      if (result instanceof Promise) result.catch((error: unknown) => void this.showError(error));
    } catch (error) {
      void this.showError(error);
    }
  }

  private findBinding(key: KeyPress): KeyBinding | undefined {
    const candidates = [...this.activeBindings(this.currentStep.bindings()), ...this.globals];
    return candidates.find((binding) => matchesKey(key, binding.keys));
  }

  private activeBindings(bindings: readonly KeyBinding[]): KeyBinding[] {
    return bindings.filter((binding) => binding.when?.() ?? true);
  }

  private afterChange(): void {
    if (this.exited) return;
    this.refreshFooter();
    this.scheduler.request();
  }

  private refreshFooter(): void {
    // "Being created: wait" must not outlive the wait: it goes as soon as the step is no longer busy.
    if (this.busyFlash !== undefined && this.currentStep.busyReason?.() !== this.busyFlash) {
      this.busyFlash = undefined;
      this.footer.clearFlash();
    }
    this.footer.setHints(this.currentHints('footer'));
  }

  private swapScreens(): void {
    this.unmountCurrent();
    this.mountCurrent();
  }

  private mountCurrent(): void {
    const step = this.navigator.current;
    const position = this.navigator.stepPosition();
    this.header.update({ step: step.title, stepNumber: position.number, stepCount: position.count });
    this.frame.setLabel(` ${step.title} `);
    const host = new ShellScreenHost({
      frame: this.frame,
      body: this.body,
      ui: this.ui,
      setSession: (info) => this.header.update(info),
      navigate: (direction) => this.navigate(direction),
      goTo: (stepId, field) => this.goTo(stepId, field),
      flash: (text) => this.flash(text),
      exit: (code) => this.exit(code),
      focusFirst: () => this.focusFirst(step),
    });
    this.host = host;
    this.mounted = step;
    step.mount(host);
    this.focusFirst(step);
    this.afterChange();
  }

  private focusFirst(step: ScreenController): void {
    if (step.focusFirst) step.focusFirst();
    else this.host?.focus.focusFirst();
  }

  private unmountCurrent(): void {
    const host = this.host;
    const step = this.mounted;
    this.host = undefined;
    this.mounted = undefined;
    try {
      step?.unmount();
    } finally {
      host?.dispose();
    }
  }

  private applySize(): void {
    const small = isTooSmall(Number(this.screen.width), Number(this.screen.height));
    this.tooSmall = small;
    for (const element of [this.header.element, this.frame, this.footer.element]) {
      if (small) element.hide();
      else element.show();
    }
    this.tooSmallNotice.setVisible(small);
    if (small) this.tooSmallNotice.element.setFront();
    this.afterChange();
  }

  private createFrame(): Widgets.BoxElement {
    return textBox(
      { parent: this.screen, top: 1, left: 0, width: '100%', height: '100%-2' },
      { border: { type: 'line' }, style: { border: this.ui.theme.elementStyle('border') } },
    );
  }

  /** The screens' region: inside the frame, one column of padding each side. */
  private createBody(): Widgets.BoxElement {
    return textBox({ parent: this.frame, top: 0, left: 1, width: '100%-4', height: '100%-2' });
  }
}
