import { Emitter, type Event } from '../shared/emitter';
import type { KeyHint, KeyPress } from './keys';
import { textBox, type Placement } from './placement';
import { Widget, type Focusable, type WidgetContext } from './widget';

/** Options of a Button. */
export interface ButtonOptions {
  /** The caption ('Retry'); drawn as `[ Retry ]`. */
  readonly label: string;
  /** Start disabled. */
  readonly disabled?: boolean;
}

/** Keys of a button. */
export const BUTTON_KEYS: readonly KeyHint[] = [{ keys: ['enter'], description: 'Press', group: 'This field', priority: 5 }];

/** `[ Retry ]`, pressed with Enter or Space. Its width is its caption's. */
export class Button extends Widget implements Focusable {
  /** The caption. */
  readonly focusName: string;
  private readonly didPress = new Emitter<void>();
  private focused = false;
  private isDisabled: boolean;
  private readonly hints: readonly KeyHint[];

  /** Fires when pressed. */
  readonly onDidPress: Event<void> = this.didPress.event;

  constructor(ctx: WidgetContext, placement: Omit<Placement, 'width' | 'height'>, options: ButtonOptions) {
    super(ctx, textBox({ ...placement, width: Button.widthOf(options.label), height: 1 }));
    this.focusName = options.label;
    this.isDisabled = options.disabled ?? false;
    this.hints = BUTTON_KEYS.map((hint) => ({ ...hint, description: options.label }));
    this.disposables.add(this.didPress);
  }

  /** Cells a button with `label` takes. */
  static widthOf(label: string): number {
    return label.length + 4;
  }

  /** False while disabled or hidden. */
  canFocus(): boolean {
    return !this.isDisabled && this.isVisible();
  }

  /** Enable or disable. */
  setDisabled(disabled: boolean): void {
    this.isDisabled = disabled;
    this.changed();
  }

  /** Called by the FocusRing. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.changed();
  }

  /** Enter presses, named by what it does ('Enter Sign in', not 'Enter Press'). */
  keyHints(): readonly KeyHint[] {
    return this.hints;
  }

  /** Enter or Space presses the button. */
  handleKey(key: KeyPress): boolean {
    if (key.full !== 'enter' && key.full !== 'space') return false;
    this.press();
    return true;
  }

  /** Press from code (or a key). */
  press(): void {
    if (!this.isDisabled) this.didPress.fire();
  }

  protected draw(): void {
    const role = this.isDisabled ? 'muted' : this.focused ? 'buttonFocused' : 'button';
    this.element.setContent(this.ctx.theme.paint(role, `[ ${this.focusName} ]`));
  }
}
