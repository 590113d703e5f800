import * as blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { Disposable } from '../shared/emitter';
import { Button } from './button';
import { FocusRing } from './focus-ring';
import { type FieldIssue, FormLayout } from './form-layout';
import type { KeyHint, KeyPress } from './keys';
import { Widget, type Layer, type WidgetContext } from './widget';

/** Options of `FormDialog.open`. */
/** What the fields may change about their dialog while it is open. */
export interface FormDialogHandle {
  /** A new title in the border ('Disk virtio0' once the bus is VirtIO). */
  setTitle(title: string): void;
}

export interface FormDialogOptions {
  /** Title in the border ('Disk scsi1'). */
  readonly title: string;
  /** Add the fields (read their values in `onAccept`); `dialog` retitles it as the fields change. */
  readonly build: (form: FormLayout, dialog: FormDialogHandle) => void;
  /** Problems that keep the dialog open (shown at their fields); default: the fields' validators. */
  readonly validate?: (form: FormLayout) => FieldIssue[];
  /** Caption of the accept button (default 'OK'). */
  readonly okLabel?: string;
  /** Rows the form needs (default: up to the screen's height less 8). */
  readonly rows?: number;
  /** Width in cells (default: 80, as wide as the frame at 80 columns). */
  readonly width?: number;
}

/** The frame's width at the smallest terminal the app draws in. */
const DEFAULT_WIDTH = 80;

/** Keys of a form dialog. */
export const DIALOG_FORM_KEYS: readonly KeyHint[] = [
  { keys: ['C-s'], description: 'OK', group: 'This dialog', priority: 7 },
  { keys: ['escape'], description: 'Cancel', group: 'This dialog', priority: 7 },
  { keys: ['tab'], description: 'Next field', group: 'This dialog', priority: 3 },
];

/**
 * A form in a dialog (edit one disk of the list). Tab moves through its
 * fields and buttons; Enter on a field or Ctrl-S accepts once the fields
 * are valid; Esc cancels. Resolves true when accepted: the caller reads the
 * values from the fields it built.
 */
export class FormDialog extends Widget implements Layer {
  /** The title. */
  readonly name: string;
  private readonly ring = new FocusRing();
  private readonly form: FormLayout;
  private readonly buttons: Button[] = [];
  private layerHandle: Disposable | undefined;
  private settle: (accepted: boolean) => void = () => undefined;
  private settled = false;

  private constructor(
    ctx: WidgetContext,
    screen: Widgets.Screen,
    private readonly options: FormDialogOptions,
  ) {
    super(
      ctx,
      blessed.box({
        parent: screen,
        top: 'center',
        left: 'center',
        width: 40,
        height: 8,
        border: { type: 'line' },
        label: ` ${options.title} `,
        tags: true,
        style: { border: ctx.theme.elementStyle('borderFocused') },
      } as Widgets.BoxOptions),
    );
    this.name = options.title;
    this.disposables.add(this.ring);
    this.form = new FormLayout(ctx, { placement: { parent: this.element, top: 0, left: 1, width: '100%-4', height: '100%-4' }, focus: this.ring });
    this.disposables.add(this.form);
    options.build(this.form, {
      setTitle: (title) => {
        this.element.setLabel(` ${title} `);
        this.changed();
      },
    });
    this.addButton('Cancel', () => this.finish(false));
    this.addButton(options.okLabel ?? 'OK', () => this.accept());
  }

  /** Open the dialog; resolves true when accepted with valid fields, false when cancelled. */
  static open(ctx: WidgetContext, screen: Widgets.Screen, options: FormDialogOptions): Promise<boolean> {
    const dialog = new FormDialog(ctx, screen, options);
    return new Promise((resolve) => {
      dialog.settle = resolve;
      dialog.layerHandle = ctx.layers.open(dialog);
      dialog.element.setFront();
      dialog.ring.focusFirst();
      dialog.changed();
    });
  }

  /** The focused field's keys and the dialog's. */
  keyHints(): readonly KeyHint[] {
    return [...(this.ring.current?.keyHints() ?? []), ...DIALOG_FORM_KEYS];
  }

  /** The focused field first; then Tab / Shift-Tab, Ctrl-S, and Enter (accept). */
  handleKey(key: KeyPress): boolean {
    if (key.full === 'C-s') return this.accept();
    if (this.ring.current?.handleKey(key)) return true;
    if (key.full === 'tab') return this.ring.next();
    if (key.full === 'S-tab') return this.ring.previous();
    if (key.full === 'enter') return this.accept();
    return key.full !== 'escape';
  }

  /** Esc: cancel. */
  dismiss(): void {
    this.finish(false);
  }

  /**
   * As wide as the frame at 80 columns, so its border covers the frame's and
   * no cut-off text of the step peeks out beside it (a list's 'remove' once
   * showed as 've' right of the border); centred with room around it on a
   * wider terminal.
   */
  protected draw(): void {
    const screen = this.element.screen;
    const width = Math.max(30, Math.min(Number(screen.width), this.options.width ?? DEFAULT_WIDTH));
    const rows = Math.max(3, Math.min(Number(screen.height) - 8, this.options.rows ?? 12));
    this.element.width = width;
    this.element.height = rows + 4;
    let left = width - 3;
    for (const button of [...this.buttons].reverse()) {
      left -= Button.widthOf(button.focusName);
      button.element.left = left;
      button.element.top = rows + 1;
      left -= 2;
    }
  }

  private accept(): true {
    const issues = (this.options.validate ?? ((form: FormLayout) => form.validateAll()))(this.form).filter((issue) => (issue.severity ?? 'error') === 'error');
    this.form.showIssues(issues);
    if (issues.length === 0) this.finish(true);
    else this.form.focusField(issues[0].path);
    return true;
  }

  private addButton(label: string, onPress: () => void): void {
    const button = new Button(this.ctx, { parent: this.element, top: 0, left: 0 }, { label });
    this.disposables.add(button);
    this.disposables.add(button.onDidPress(onPress));
    this.buttons.push(button);
    this.ring.add(button);
  }

  private finish(accepted: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.layerHandle?.dispose();
    this.dispose();
    this.settle(accepted);
  }
}
