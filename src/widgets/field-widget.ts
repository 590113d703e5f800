import { Emitter, type Event } from '../shared/emitter';
import type { KeyHint, KeyPress } from './keys';
import { Widget, type Focusable, type WidgetContext } from './widget';
import type { Widgets } from 'blessed';

/** How bad an inline message is: errors block Next, warnings and notes only inform. */
export type MessageSeverity = 'error' | 'warning' | 'info';

/** The message shown next to a field. */
export interface FieldMessage {
  /** One sentence that names the rule: 'Name: letters, digits, "-" and "." only'. */
  readonly text: string;
  /** How the message is painted and whether it blocks. */
  readonly severity: MessageSeverity;
}

/** Checks a field's value; returns the message to show, or undefined when the value is fine. */
export type FieldValidator<V> = (value: V) => string | undefined;

/** Options every field takes. */
export interface FieldOptions<V> {
  /** The label ('Bridge'); also how help, the form and the UI test driver find the field. */
  readonly label: string;
  /** Run when the user leaves the field, and again on each change while its message shows. */
  readonly validate?: FieldValidator<V>;
  /** Start disabled (Tab skips it; it is drawn dimmed). */
  readonly disabled?: boolean;
}

/**
 * A focusable input with a value, an inline message slot and validation as
 * you leave it. The FormLayout draws the label and the message; the field
 * draws only its value.
 */
export abstract class FieldWidget<V, E extends Widgets.BlessedElement = Widgets.BoxElement> extends Widget<E> implements Focusable {
  /** The label, as given. */
  readonly focusName: string;
  private readonly didChange = new Emitter<V>();
  private readonly didLeave = new Emitter<V>();
  private readonly didChangeMessage = new Emitter<FieldMessage | undefined>();
  private readonly validator?: FieldValidator<V>;
  private currentMessage: FieldMessage | undefined;
  private isDisabled: boolean;
  /** True while the field has the focus. */
  protected focused = false;

  /** Fires with the new value on each edit by the user (never for `value = ...` from code). */
  readonly onDidChange: Event<V> = this.didChange.event;
  /** Fires when the focus leaves the field (after validation ran). */
  readonly onDidLeave: Event<V> = this.didLeave.event;
  /** Fires when the inline message changes (the form re-lays out). */
  readonly onDidChangeMessage: Event<FieldMessage | undefined> = this.didChangeMessage.event;

  protected constructor(ctx: WidgetContext, element: E, options: FieldOptions<V>) {
    super(ctx, element);
    this.focusName = options.label;
    this.validator = options.validate;
    this.isDisabled = options.disabled ?? false;
    this.disposables.add(this.didChange);
    this.disposables.add(this.didLeave);
    this.disposables.add(this.didChangeMessage);
  }

  /** The current value. */
  abstract get value(): V;

  /** The keys this field handles itself. */
  abstract keyHints(): readonly KeyHint[];

  /** Handle a key; true when used. */
  abstract handleKey(key: KeyPress): boolean;

  /** The message next to the field, if any. */
  get message(): FieldMessage | undefined {
    return this.currentMessage;
  }

  /** True while disabled. */
  get disabled(): boolean {
    return this.isDisabled;
  }

  /** Rows the field needs at `width` (1 for most; lists and tag editors may need more). */
  preferredHeight(_width: number): number {
    return 1;
  }

  /** Show `text` next to the field (or clear it with undefined). */
  setMessage(text: string | undefined, severity: MessageSeverity = 'error'): void {
    const next = text === undefined || text === '' ? undefined : { text, severity };
    if (next?.text === this.currentMessage?.text && next?.severity === this.currentMessage?.severity) return;
    this.currentMessage = next;
    this.didChangeMessage.fire(next);
    this.changed();
  }

  /**
   * Run the field's own validator now and show its message; returns the
   * message (undefined when fine, or when the field has no validator: then
   * messages come from the caller, e.g. the domain's issues).
   */
  validateNow(): string | undefined {
    if (!this.validator) return undefined;
    const problem = this.validator(this.value);
    this.setMessage(problem, 'error');
    return problem;
  }

  /** Enable or disable; a disabled field keeps its value and is skipped by Tab. */
  setDisabled(disabled: boolean): void {
    if (disabled === this.isDisabled) return;
    this.isDisabled = disabled;
    this.changed();
  }

  /** False while disabled or hidden. */
  canFocus(): boolean {
    return !this.isDisabled && this.isVisible();
  }

  /** Called by the FocusRing; leaving the field validates it. */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.changed();
    if (!focused) {
      if (this.validator) this.validateNow();
      this.didLeave.fire(this.value);
    }
  }

  /**
   * Report a user edit: fire onDidChange. A shown message is re-checked so it
   * clears once fixed; a message the caller set (no validator here) is
   * dropped, since the user acted on it (Next checks again).
   */
  protected emitChange(): void {
    if (this.currentMessage && this.validator) this.validateNow();
    else if (this.currentMessage) this.setMessage(undefined);
    this.didChange.fire(this.value);
    this.changed();
  }
}
