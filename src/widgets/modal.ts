import * as blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import { Button } from './button';
import { FocusRing } from './focus-ring';
import type { KeyHint, KeyPress } from './keys';
import { textBox } from './placement';
import { TextField } from './text-field';
import { textWidth, wrap } from './text';
import type { StyleRole } from './theme';
import { Widget, type Layer, type WidgetContext } from './widget';

/** How a message modal looks. */
export type ModalTone = 'info' | 'warning' | 'error';

/** Options shared by every modal. */
interface ModalBaseOptions {
  /** Title in the border: 'Quit?', 'Error', 'Second factor'. */
  readonly title: string;
  /** The text; wrapped to the modal's width. */
  readonly message: string;
  /** Border and title colour. */
  readonly tone?: ModalTone;
}

/** Options of `Modal.confirm`. */
export interface ConfirmOptions extends ModalBaseOptions {
  /** Caption of the yes button (default 'Yes'). */
  readonly yesLabel?: string;
  /** Caption of the no button (default 'No'). */
  readonly noLabel?: string;
}

/** Options of `Modal.prompt`. */
export interface PromptOptions extends ModalBaseOptions {
  /** Label of the input ('Code'). */
  readonly label: string;
  /** Hide what is typed ('*'). */
  readonly masked?: boolean;
  /** Starting text. */
  readonly value?: string;
  /** Checks the text before the modal closes with it; returns the message to show. */
  readonly validate?: (value: string) => string | undefined;
  /** Characters accepted (e.g. /[0-9]/ for a TOTP code). */
  readonly accept?: RegExp;
  /** Longest text accepted. */
  readonly maxLength?: number;
}

/** Keys of the dialogs, for help and docs (each dialog lists its own while open). */
export const DIALOG_KEYS: readonly KeyHint[] = [
  { keys: ['y'], description: 'Yes (in a y/N question)', group: 'This dialog' },
  { keys: ['n', 'escape'], description: 'No / Cancel / Close', group: 'This dialog' },
  { keys: ['enter'], description: 'Press the focused button (No when a question opens); OK in a prompt', group: 'This dialog' },
  { keys: ['tab', 'S-tab'], description: 'Next / previous button (Left / Right too)', group: 'This dialog' },
];

const MAX_WIDTH = 68;
const BUTTON_GAP = 2;

/**
 * A centred dialog that takes every key while open: a y/N question, a
 * message, or a one-line prompt (a TOTP code). Tab moves between its own
 * fields and buttons; Esc answers no / cancels. Each kind is opened by a
 * static method that resolves with the answer.
 */
export class Modal<R> extends Widget implements Layer {
  /** The title. */
  readonly name: string;
  private readonly ring = new FocusRing();
  private readonly body: Widgets.BoxElement;
  private readonly buttons: Button[] = [];
  private input: TextField | undefined;
  private inputMessage: Widgets.BoxElement | undefined;
  private readonly messageText: string;
  private readonly shortcuts = new Map<string, () => void>();
  private readonly hints: KeyHint[] = [];
  private layerHandle: Disposable | undefined;
  private settle: (result: R) => void = () => undefined;
  private settled = false;
  private onDismiss: () => void = () => undefined;

  private constructor(ctx: WidgetContext, screen: Widgets.Screen, options: ModalBaseOptions) {
    const tone: StyleRole = options.tone === 'error' ? 'error' : options.tone === 'warning' ? 'warning' : 'borderFocused';
    super(
      ctx,
      blessed.box({
        parent: screen,
        top: 'center',
        left: 'center',
        width: 40,
        height: 7,
        border: { type: 'line' },
        label: ` ${options.title} `,
        tags: true,
        style: { border: ctx.theme.elementStyle(tone), label: ctx.theme.elementStyle(tone) },
      } as Widgets.BoxOptions),
    );
    this.name = options.title;
    this.messageText = options.message;
    this.body = textBox({ parent: this.element, top: 0, left: 1, width: '100%-4', height: 1 });
    this.disposables.add(this.ring);
  }

  /**
   * Ask a yes/no question; resolves true only for yes. No is the default
   * (Enter on the focused No, Esc, n); y answers yes (cli.md "y/N").
   */
  static confirm(ctx: WidgetContext, screen: Widgets.Screen, options: ConfirmOptions): Promise<boolean> {
    const modal = new Modal<boolean>(ctx, screen, options);
    modal.addButton(options.noLabel ?? 'No', () => modal.finish(false));
    modal.addButton(options.yesLabel ?? 'Yes', () => modal.finish(true));
    modal.addShortcut('y', 'Yes', () => modal.finish(true));
    modal.addShortcut('n', 'No', () => modal.finish(false));
    modal.onDismiss = () => modal.finish(false);
    return modal.show();
  }

  /** Show a message with an OK button; resolves when it is closed. */
  static message(ctx: WidgetContext, screen: Widgets.Screen, options: ModalBaseOptions): Promise<void> {
    const modal = new Modal<void>(ctx, screen, options);
    modal.addButton('OK', () => modal.finish(undefined));
    modal.onDismiss = () => modal.finish(undefined);
    return modal.show();
  }

  /** Ask for one line of text; resolves with it, or undefined when cancelled. */
  static prompt(ctx: WidgetContext, screen: Widgets.Screen, options: PromptOptions): Promise<string | undefined> {
    const modal = new Modal<string | undefined>(ctx, screen, options);
    const input = new TextField(ctx, { parent: modal.element, top: 0, left: 1, width: '100%-4' }, {
      label: options.label,
      value: options.value,
      kind: options.masked ? 'password' : 'text',
      accept: options.accept,
      maxLength: options.maxLength,
    });
    modal.input = input;
    modal.inputMessage = textBox({ parent: modal.element, top: 0, left: 1, width: '100%-4' });
    modal.disposables.add(input);
    modal.disposables.add(input.onDidChangeMessage(() => modal.changed()));
    modal.ring.add(input);
    const submit = (): void => {
      const problem = options.validate?.(input.value);
      if (problem) input.setMessage(problem);
      else modal.finish(input.value);
    };
    modal.addButton('OK', submit);
    modal.addButton('Cancel', () => modal.finish(undefined));
    modal.addShortcut('enter', 'OK', submit, (focused) => focused === input);
    modal.onDismiss = () => modal.finish(undefined);
    return modal.show();
  }

  /** The modal's keys (Tab, its shortcuts, Esc). */
  keyHints(): readonly KeyHint[] {
    return [
      ...(this.ring.current?.keyHints() ?? []),
      ...this.hints,
      { keys: ['tab'], description: 'Next button', group: 'This dialog', priority: 2 },
      { keys: ['escape'], description: this.buttons.length > 1 ? 'Cancel' : 'Close', group: 'This dialog', priority: 6 },
    ];
  }

  /** Shortcuts, then the focused field or button, then Tab / Shift-Tab. */
  handleKey(key: KeyPress): boolean {
    const current = this.ring.current;
    const shortcut = this.shortcuts.get(key.full);
    if (shortcut && !(current === this.input && key.full !== 'enter')) {
      shortcut();
      return true;
    }
    if (current?.handleKey(key)) return true;
    if (key.full === 'tab') return this.ring.next();
    if (key.full === 'S-tab') return this.ring.previous();
    if (key.full === 'left') return this.ring.previous();
    if (key.full === 'right') return this.ring.next();
    return key.full !== 'escape';
  }

  /** Esc: no / cancel / close. */
  dismiss(): void {
    this.onDismiss();
  }

  protected draw(): void {
    const screen = this.element.screen;
    const width = Math.max(24, Math.min(Number(screen.width) - 4, MAX_WIDTH, this.preferredWidth()));
    const textWidthInside = width - 4;
    const lines = wrap(this.messageText, textWidthInside);
    const inputRows = this.input ? 2 + (this.input.message ? 1 : 0) : 0;
    const maxLines = Math.max(1, Number(screen.height) - 4 - 2 - inputRows - 2);
    const shown = lines.slice(0, maxLines);
    this.element.width = width;
    this.element.height = shown.length + inputRows + 4;
    this.body.height = shown.length;
    this.body.setContent(shown.map((line) => this.ctx.theme.paint('text', line)).join('\n'));
    this.placeInput(shown.length);
    this.placeButtons(shown.length + inputRows + 1, width - 2);
  }

  private placeInput(top: number): void {
    if (!this.input || !this.inputMessage) return;
    this.input.element.top = top + 1;
    this.inputMessage.top = top + 2;
    const message = this.input.message;
    this.inputMessage.setContent(message ? this.ctx.theme.paint('error', message.text) : '');
  }

  private placeButtons(top: number, innerWidth: number): void {
    const total = this.buttons.reduce((sum, button) => sum + Button.widthOf(button.focusName), 0) + BUTTON_GAP * (this.buttons.length - 1);
    let left = Math.max(0, innerWidth - total - 1);
    for (const button of this.buttons) {
      button.element.top = top;
      button.element.left = left;
      left += Button.widthOf(button.focusName) + BUTTON_GAP;
    }
  }

  private preferredWidth(): number {
    const longestLine = Math.max(...this.messageText.split('\n').map((line) => textWidth(line)));
    return Math.max(longestLine + 4, textWidth(this.name) + 8, this.input ? 44 : 0);
  }

  private addButton(label: string, onPress: () => void): void {
    const button = new Button(this.ctx, { parent: this.element, top: 0, left: 0 }, { label });
    this.disposables.add(button);
    this.disposables.add(button.onDidPress(onPress));
    this.buttons.push(button);
    this.ring.add(button);
  }

  private addShortcut(key: string, description: string, run: () => void, when: (focused: unknown) => boolean = () => true): void {
    this.shortcuts.set(key, () => {
      if (when(this.ring.current)) run();
      else this.ring.current?.handleKey({ full: key, ctrl: false, meta: false });
    });
    if (key !== 'enter') this.hints.push({ keys: [key], description, group: 'This dialog', priority: 5 });
  }

  private show(): Promise<R> {
    return new Promise<R>((resolve) => {
      this.settle = resolve;
      this.layerHandle = this.ctx.layers.open(this);
      this.element.setFront();
      this.ring.focusFirst();
      this.changed();
    });
  }

  private finish(result: R): void {
    if (this.settled) return;
    this.settled = true;
    this.layerHandle?.dispose();
    this.dispose();
    this.settle(result);
  }
}
