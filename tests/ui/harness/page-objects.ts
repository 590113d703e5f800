/**
 * Page objects over the UI driver, in the spirit of lazygit's integration
 * tests: say what a user does, in the user's words.
 *
 *   const network = await ui.step('Network');
 *   await network.field('Bridge').select('vmbr9');
 *   await network.field('VLAN tag').type('42');
 *   await network.field('Firewall').toggle();
 *   expect(await network.field('VLAN tag').message()).toBeUndefined();
 *
 * Every action is key presses; the driver only peeks at the app to know
 * which field has the focus (the screen cannot say that without colour).
 * Screens engineers extend StepPage per step (class NetworkPage extends StepPage).
 */
import { Dropdown } from '../../../src/widgets/dropdown';
import type { FieldWidget } from '../../../src/widgets/field-widget';
import { SelectList } from '../../../src/widgets/select-list';
import { TagEditor } from '../../../src/widgets/tag-editor';
import type { Focusable } from '../../../src/widgets/widget';
import type { UiDriver } from './ui-driver';

/** Most Tab presses `focus()` tries before it gives up. */
const MAX_TABS = 60;

/** One wizard step. */
export class StepPage {
  constructor(
    /** The driver. */
    readonly ui: UiDriver,
    /** The step's title ('Network'). */
    readonly title: string,
  ) {}

  /** A field of this step, by its label. */
  field(label: string): FieldHandle {
    return new FieldHandle(this, label);
  }

  /** Press keys on this step. */
  async press(...keys: string[]): Promise<this> {
    this.assertCurrent();
    await this.ui.press(...keys);
    return this;
  }

  /** Ctrl-N; resolves with the step shown afterwards. */
  async next(): Promise<string> {
    await this.press('C-n');
    return this.ui.shell.currentStep.title;
  }

  /** Ctrl-P; resolves with the step shown afterwards. */
  async back(): Promise<string> {
    await this.press('C-p');
    return this.ui.shell.currentStep.title;
  }

  /** The screen rows. */
  lines(): Promise<string[]> {
    return this.ui.lines();
  }

  /** Fail unless this step is the one shown. */
  assertCurrent(): void {
    const current = this.ui.shell.currentStep.title;
    if (current !== this.title) throw new Error(`expected step "${this.title}", but "${current}" is shown`);
  }
}

/** One field of a step, found by its label. */
export class FieldHandle {
  constructor(
    private readonly page: StepPage,
    /** The label as shown on screen. */
    readonly label: string,
  ) {}

  private get ui(): UiDriver {
    return this.page.ui;
  }

  /** Tab to the field (it must be on this step and its label must be on screen once focused). */
  async focus(): Promise<this> {
    this.page.assertCurrent();
    const seen: string[] = [];
    for (let presses = 0; this.ui.focusedName !== this.label; presses++) {
      if (presses >= MAX_TABS) throw new Error(`no field "${this.label}" on "${this.page.title}"; Tab reaches: ${[...new Set(seen)].join(', ')}`);
      seen.push(this.ui.focusedName ?? '(nothing)');
      await this.ui.press('tab');
      if (presses > 0 && this.ui.focusedName === seen[0]) throw new Error(`no field "${this.label}" on "${this.page.title}"; Tab reaches: ${[...new Set(seen)].join(', ')}`);
    }
    if ((await this.lineIndex()) < 0) throw new Error(`field "${this.label}" has the focus but its label is not on screen`);
    return this;
  }

  /** Replace the field's text with `text` (Ctrl-U clears, then each character is typed). */
  async type(text: string, options: { readonly clear?: boolean } = {}): Promise<this> {
    await this.focus();
    if (options.clear ?? true) await this.ui.press('C-u');
    await this.ui.type(text);
    return this;
  }

  /**
   * Choose `item` (its label) in a dropdown or list: open it, type the label
   * as the filter, and pick the match. Fails when the item is not offered.
   */
  async select(item: string): Promise<this> {
    await this.focus();
    const widget = this.widget;
    if (widget instanceof Dropdown) {
      await this.ui.press('enter');
      await this.ui.type(item);
      const popupHighlight = this.ui.shell.layers.top;
      if (!popupHighlight) throw new Error(`"${this.label}" did not open a list`);
      await this.ui.press('enter');
      if (widget.isOpen) {
        await this.ui.press('escape');
        throw new Error(`"${item}" is not offered by "${this.label}"`);
      }
      if (widget.chosenItem?.label !== item) throw new Error(`"${this.label}" chose "${widget.chosenItem?.label}", not "${item}"`);
    } else if (widget instanceof SelectList) {
      await this.ui.press('C-u');
      await this.ui.type(item);
      if (widget.matchCount === 0) throw new Error(`"${item}" is not offered by "${this.label}"`);
    } else if (widget instanceof TagEditor) {
      await this.ui.press('C-u');
      await this.ui.type(item);
      await this.ui.press('enter');
    } else {
      throw new Error(`"${this.label}" is not a list (it is a ${widget.constructor.name})`);
    }
    return this;
  }

  /** Space on a checkbox. */
  async toggle(): Promise<this> {
    await this.focus();
    await this.ui.press('space');
    return this;
  }

  /** Focus the field, then press keys. */
  async press(...keys: string[]): Promise<this> {
    await this.focus();
    await this.ui.press(...keys);
    return this;
  }

  /** The focused widget (call after `focus()`). */
  get widget(): Focusable {
    const focused = this.ui.focused;
    if (!focused || focused.focusName !== this.label) throw new Error(`"${this.label}" does not have the focus`);
    return focused;
  }

  /** The field's value, as the widget holds it. */
  async value(): Promise<unknown> {
    await this.focus();
    return (this.widget as FieldWidget<unknown>).value;
  }

  /** The inline message shown under the field on screen, or undefined. */
  async message(): Promise<string | undefined> {
    const lines = await this.ui.lines();
    const at = await this.lineIndex(lines);
    if (at < 0) throw new Error(`the label "${this.label}" is not on screen`);
    const below = lines[at + 1] ?? '';
    const match = /! (.*)$/.exec(below);
    return match ? match[1].replace(/\s*│$/, '').trim() : undefined;
  }

  /** The screen row that shows the label (and the field's first line). */
  async line(): Promise<string> {
    const lines = await this.ui.lines();
    const at = await this.lineIndex(lines);
    if (at < 0) throw new Error(`the label "${this.label}" is not on screen`);
    return lines[at];
  }

  /** The row with the label in the form's label column, else any row showing the label (buttons, groups). */
  private async lineIndex(lines?: string[]): Promise<number> {
    const rows = lines ?? (await this.ui.lines());
    const label = escapeRegExp(this.label);
    const inLabelColumn = new RegExp(`^[│| ]*[> ] ${label}(\\s|$)`);
    const anywhere = new RegExp(`(^|[^\\w])${label}(\\W|$)`);
    const at = rows.findIndex((row) => inLabelColumn.test(row));
    return at >= 0 ? at : rows.findIndex((row) => anywhere.test(row));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
