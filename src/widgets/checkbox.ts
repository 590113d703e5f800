import type { KeyHint, KeyPress } from './keys';
import { FieldWidget, type FieldOptions } from './field-widget';
import { textBox, type Placement } from './placement';
import { fit } from './text';
import type { WidgetContext } from './widget';

/** Options of a Checkbox. */
export interface CheckboxOptions extends FieldOptions<boolean> {
  /** Initial state. */
  readonly checked?: boolean;
  /** Text after the box ('Start the VM after creating it'); the form shows `label` on the left. */
  readonly text?: string;
}

/** Keys of a checkbox. */
export const CHECKBOX_KEYS: readonly KeyHint[] = [{ keys: ['space'], description: 'Toggle', group: 'This field', priority: 5 }];

/** `[x] text`, toggled with Space (cli.md). */
export class Checkbox extends FieldWidget<boolean> {
  private checked: boolean;
  private readonly text: string;

  constructor(ctx: WidgetContext, placement: Placement, options: CheckboxOptions) {
    super(ctx, textBox(placement), options);
    this.checked = options.checked ?? false;
    this.text = options.text ?? '';
  }

  /** Whether the box is ticked. */
  get value(): boolean {
    return this.checked;
  }

  /** Set from code (no change event). */
  set value(checked: boolean) {
    if (checked === this.checked) return;
    this.checked = checked;
    this.changed();
  }

  /** Space toggles. */
  keyHints(): readonly KeyHint[] {
    return CHECKBOX_KEYS;
  }

  /** Space toggles; nothing else is used. */
  handleKey(key: KeyPress): boolean {
    if (key.full !== 'space') return false;
    this.checked = !this.checked;
    this.emitChange();
    return true;
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const box = this.checked ? '[x]' : '[ ]';
    const role = this.disabled ? 'muted' : this.focused ? 'fieldFocused' : 'text';
    const rest = this.text ? ` ${this.text}` : '';
    this.element.setContent(theme.paint(role, box) + theme.paint(this.disabled ? 'muted' : 'text', fit(rest, Math.max(0, this.innerWidth - 3))));
  }
}
