import type { KeyHint, KeyPress } from './keys';
import { FieldWidget, type FieldOptions } from './field-widget';
import { textBox, type Placement } from './placement';
import { fit, textWidth } from './text';
import type { WidgetContext } from './widget';

/** One choice of a RadioGroup. */
export interface RadioOption<T> {
  /** What choosing it gives the caller. */
  readonly value: T;
  /** Shown after the marker. */
  readonly label: string;
}

/** Options of a RadioGroup. */
export interface RadioGroupOptions<T> extends FieldOptions<T> {
  /** The choices, in order. */
  readonly options: readonly RadioOption<T>[];
  /** The initial choice (default: the first). */
  readonly value?: T;
}

/** Keys of a radio group. */
export const RADIO_KEYS: readonly KeyHint[] = [{ keys: ['left', 'right'], description: 'Choose', group: 'This field', priority: 5 }];
const GAP = 2;

/**
 * `(*) Linux  ( ) Windows  ( ) Other`: one choice of a few. Arrows move the
 * choice (as radio buttons do everywhere); the options wrap onto more rows
 * when the line is too narrow.
 */
export class RadioGroup<T> extends FieldWidget<T> {
  private readonly options: readonly RadioOption<T>[];
  private chosen: number;

  constructor(ctx: WidgetContext, placement: Placement, options: RadioGroupOptions<T>) {
    super(ctx, textBox(placement), options);
    if (options.options.length === 0) throw new Error(`RadioGroup "${options.label}" needs at least one option`);
    this.options = options.options;
    const initial = options.value === undefined ? 0 : this.options.findIndex((option) => Object.is(option.value, options.value));
    this.chosen = Math.max(0, initial);
  }

  /** The chosen option's value. */
  get value(): T {
    return this.options[this.chosen].value;
  }

  /** Choose from code (no change event); unknown values are ignored. */
  set value(value: T) {
    const at = this.options.findIndex((option) => Object.is(option.value, value));
    if (at < 0 || at === this.chosen) return;
    this.chosen = at;
    this.changed();
  }

  /** Arrows choose. */
  keyHints(): readonly KeyHint[] {
    return RADIO_KEYS;
  }

  /** Left/Up and Right/Down move the choice; Home/End jump; Space keeps the current one. */
  handleKey(key: KeyPress): boolean {
    switch (key.full) {
      case 'left':
      case 'up':
        return this.choose(this.chosen - 1);
      case 'right':
      case 'down':
        return this.choose(this.chosen + 1);
      case 'home':
        return this.choose(0);
      case 'end':
        return this.choose(this.options.length - 1);
      case 'space':
        return true;
      default:
        return false;
    }
  }

  /** Rows needed to show every option at `width`. */
  override preferredHeight(width: number): number {
    return Math.max(1, this.layoutRows(width).length);
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const width = this.innerWidth;
    const lines = this.layoutRows(width).map((row) => {
      let line = '';
      let used = 0;
      for (const index of row) {
        const option = this.options[index];
        const text = `${index === this.chosen ? '(*)' : '( )'} ${option.label}`;
        const role = this.disabled ? 'muted' : index === this.chosen ? (this.focused ? 'fieldFocused' : 'title') : 'text';
        if (used > 0) {
          line += ' '.repeat(GAP);
          used += GAP;
        }
        line += theme.paint(role, text);
        used += textWidth(text);
      }
      return line + fit('', Math.max(0, width - used));
    });
    this.element.setContent(lines.join('\n'));
  }

  /** Option indexes per row, filling each row left to right. */
  private layoutRows(width: number): number[][] {
    const rows: number[][] = [[]];
    let used = 0;
    this.options.forEach((option, index) => {
      const size = textWidth(option.label) + 4;
      const row = rows[rows.length - 1];
      if (row.length > 0 && used + GAP + size > width) {
        rows.push([index]);
        used = size;
      } else {
        used += (row.length > 0 ? GAP : 0) + size;
        row.push(index);
      }
    });
    return rows;
  }

  private choose(index: number): true {
    const next = Math.min(this.options.length - 1, Math.max(0, index));
    if (next !== this.chosen) {
      this.chosen = next;
      this.emitChange();
    }
    return true;
  }
}
