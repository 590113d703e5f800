import type { Widgets } from 'blessed';
import { Button } from './button';
import { Checkbox, type CheckboxOptions } from './checkbox';
import { Dropdown, type DropdownOptions } from './dropdown';
import type { FieldWidget, MessageSeverity } from './field-widget';
import type { FocusRing } from './focus-ring';
import type { KeyHint, KeyPress } from './keys';
import { ListEditor, type ListEditorOptions } from './list-editor';
import { textBox, type Placement } from './placement';
import { RadioGroup, type RadioGroupOptions } from './radio-group';
import { SelectList, type SelectListOptions } from './select-list';
import { StateView } from './state-view';
import { TagEditor, type TagEditorOptions } from './tag-editor';
import { TextField, type TextFieldOptions } from './text-field';
import { fit, textWidth, wrap } from './text';
import type { StyleRole } from './theme';
import { isShown, Widget, setScrolledOut, type Focusable, type WidgetContext } from './widget';

/** Any field, whatever its value type (the form only uses what every field has). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldWidget<any>;

/** A problem to show at a field, by the field's path ('name', 'disks[1].sizeGiB'). */
export interface FieldIssue {
  /** The path the field was added under. */
  readonly path: string;
  /** The message. */
  readonly message: string;
  /** Default 'error'. */
  readonly severity?: MessageSeverity;
}

/** Options of a FormLayout. */
export interface FormLayoutOptions {
  /** Where the form goes (usually the whole screen body). */
  readonly placement: Placement;
  /** The screen's Tab order; fields join it in the order they are added. */
  readonly focus: FocusRing;
  /** Fixed label column width; default: fits the longest label (at most 40% of the width). */
  readonly labelWidth?: number;
}

/** Per-field layout options. */
export interface FieldLayout {
  /** Field width in cells (default: the rest of the line); a VM ID needs 8, not 60. */
  readonly width?: number;
  /** Take the rows left over in the view (one list per form: the ISO list, the disk list). */
  readonly fill?: boolean;
}

/** A line of text in a form: a hint, or a notice such as 'vmbr9 is not on pve2; using vmbr0.' */
export interface FormNote {
  /** Change the text (empty hides the line). */
  setText(text: string, role?: StyleRole): void;
}

/** A collapsible group of fields ('Advanced'). */
export interface AdvancedSection {
  /** True while the fields are shown. */
  readonly expanded: boolean;
  /** Show or hide the fields. */
  setExpanded(expanded: boolean): void;
}

interface Row {
  readonly element: Widgets.BoxElement;
  readonly kind: 'field' | 'section' | 'note' | 'button' | 'toggle';
  readonly field?: AnyField;
  readonly labelBox?: Widgets.BoxElement;
  readonly messageBox?: Widgets.BoxElement;
  readonly label?: string;
  readonly layout: FieldLayout;
  readonly advanced?: AdvancedGroup;
  /** Rows of content for notes, sections, buttons. */
  fixedHeight?: () => number;
  text?: string;
  role?: StyleRole;
  /** Loading / empty / error in place of the field (see `loadState`). */
  stateView?: StateView;
  /** A button row's button: its row shows the focus marker as field rows do. */
  button?: Button;
}

/** A collapsible group and its '[+]' line. */
class AdvancedGroup implements AdvancedSection {
  /** Set right after construction (the toggle needs the group to call back). */
  toggle: AdvancedToggle | undefined;

  constructor(
    readonly title: string,
    public expanded: boolean,
    private readonly relayout: () => void,
  ) {}

  setExpanded(expanded: boolean): void {
    this.expanded = expanded;
    this.toggle?.setExpanded(expanded);
    this.relayout();
  }
}

/**
 * Lays out a step's fields: a label column, the field, and the field's
 * message on the line below it, in the screen body; the view scrolls to the
 * focused field when the form is taller than the body. Fields are created
 * here and join the screen's Tab order; each is known by a path, so
 * validation issues from the domain land at the right field
 * (`showIssues`). An 'advanced' group collapses rarely used fields behind
 * one line.
 */
export class FormLayout extends Widget {
  private readonly rows: Row[] = [];
  private readonly fields = new Map<string, AnyField>();
  private readonly focus: FocusRing;
  private readonly fixedLabelWidth?: number;
  private currentGroup: AdvancedGroup | undefined;
  private scroll = 0;
  private readonly moreBox: Widgets.BoxElement;

  constructor(ctx: WidgetContext, options: FormLayoutOptions) {
    super(ctx, textBox({ ...options.placement, height: options.placement.height ?? '100%' }));
    this.focus = options.focus;
    this.fixedLabelWidth = options.labelWidth;
    this.moreBox = textBox({ parent: this.element, top: 0, left: 0, width: '100%', height: 1 });
    this.moreBox.hide();
    this.disposables.add(this.focus.onDidChangeFocus(() => this.changed()));
  }

  /** A one-line text input. */
  text(path: string, options: TextFieldOptions, layout: FieldLayout = {}): TextField {
    return this.addField(path, options.label, layout, (placement) => new TextField(this.ctx, placement, options));
  }

  /** A number input (kept as typed; the caller checks it is a number). */
  number(path: string, options: Omit<TextFieldOptions, 'kind'>, layout: FieldLayout = { width: 12 }): TextField {
    return this.text(path, { ...options, kind: 'number' }, layout);
  }

  /** A masked input. */
  password(path: string, options: Omit<TextFieldOptions, 'kind'>, layout: FieldLayout = {}): TextField {
    return this.text(path, { ...options, kind: 'password' }, layout);
  }

  /** `[x] text`, Space toggles. */
  checkbox(path: string, options: CheckboxOptions, layout: FieldLayout = {}): Checkbox {
    return this.addField(path, options.label, layout, (placement) => new Checkbox(this.ctx, placement, options));
  }

  /** One of a few choices. */
  radio<T>(path: string, options: RadioGroupOptions<T>, layout: FieldLayout = {}): RadioGroup<T> {
    return this.addField(path, options.label, layout, (placement) => new RadioGroup<T>(this.ctx, placement, options));
  }

  /** One choice of many, in a popup with type-to-filter. */
  dropdown<T>(path: string, options: DropdownOptions<T>, layout: FieldLayout = {}): Dropdown<T> {
    return this.addField(path, options.label, layout, (placement) => new Dropdown<T>(this.ctx, placement, options));
  }

  /** An inline list with type-to-filter. */
  select<T>(path: string, options: SelectListOptions<T>, layout: FieldLayout = {}): SelectList<T> {
    return this.addField(path, options.label, layout, (placement) => new SelectList<T>(this.ctx, placement, options));
  }

  /** Chips and an input with suggestions. */
  tags(path: string, options: TagEditorOptions, layout: FieldLayout = {}): TagEditor {
    return this.addField(path, options.label, layout, (placement) => new TagEditor(this.ctx, placement, options));
  }

  /** Rows with add / edit / remove. */
  list<T>(path: string, options: ListEditorOptions<T>, layout: FieldLayout = {}): ListEditor<T> {
    return this.addField(path, options.label, layout, (placement) => new ListEditor<T>(this.ctx, placement, options));
  }

  /** A field built by the caller (anything extending FieldWidget), placed like the others. */
  custom<F extends AnyField>(path: string, label: string, create: (placement: Placement) => F, layout: FieldLayout = {}): F {
    return this.addField(path, label, layout, create);
  }

  /** A button in the field column ('Log in'). */
  button(label: string, onPress: () => void): Button {
    const element = this.rowBox();
    const button = new Button(this.ctx, { parent: element, top: 0, left: this.labelWidth() }, { label });
    this.disposables.add(button);
    this.disposables.add(button.onDidPress(onPress));
    this.addRow({ element, kind: 'button', layout: {}, advanced: this.currentGroup, fixedHeight: () => 1, button });
    this.joinRing(button);
    return button;
  }

  /** A heading ('Startup'), with a blank line before it. */
  section(title: string): void {
    const element = this.rowBox();
    this.addRow({ element, kind: 'section', layout: {}, advanced: this.currentGroup, text: title, role: 'title', fixedHeight: () => 2 });
  }

  /** A line of text across the form: a hint or a notice. Empty text takes no room. */
  note(text: string, role: StyleRole = 'muted'): FormNote {
    const element = this.rowBox();
    const row: Row = { element, kind: 'note', layout: {}, advanced: this.currentGroup, text, role };
    row.fixedHeight = () => (row.text ? wrap(row.text, Math.max(1, this.innerWidth)).length : 0);
    this.addRow(row);
    return {
      setText: (next, nextRole) => {
        row.text = next;
        if (nextRole) row.role = nextRole;
        this.changed();
      },
    };
  }

  /** A collapsible group: the fields `build` adds are hidden until the user opens the group. */
  advanced(title: string, build: () => void, expanded = false): AdvancedSection {
    const element = this.rowBox();
    const group = new AdvancedGroup(title, expanded, () => this.changed());
    group.toggle = new AdvancedToggle(this.ctx, { parent: element }, title, () => group.setExpanded(!group.expanded));
    group.toggle.setExpanded(expanded);
    this.disposables.add(group.toggle);
    this.addRow({ element, kind: 'toggle', layout: {}, fixedHeight: () => 1 });
    this.joinRing(group.toggle);
    const outer = this.currentGroup;
    this.currentGroup = group;
    try {
      build();
    } finally {
      this.currentGroup = outer;
    }
    return group;
  }

  /**
   * Loading, empty and error states for one field (the ISO list while the
   * storage's content loads), shown in the field's place; the rest of the
   * form stays usable. In the error state its Retry comes before the field
   * in the Tab order and takes the focus from it.
   */
  loadState(path: string): StateView {
    const field = this.fields.get(path);
    const row = this.rows.find((candidate) => candidate.field === field);
    if (!field || !row) throw new Error(`FormLayout: no field with path "${path}"`);
    if (row.stateView) return row.stateView;
    const view = new StateView(this.ctx, { parent: row.element, top: 0, left: 0, width: 1, height: 1 }, { covers: [field.element], compact: true });
    row.stateView = view;
    this.disposables.add(view);
    this.disposables.add(this.focus.add(view, field));
    this.disposables.add(
      view.onDidChangeState((state) => {
        if (state.kind === 'error' && this.focus.current === field) this.focus.focus(view);
        if (state.kind === 'ready' && this.focus.current === view) this.focus.focus(field);
        this.changed();
      }),
    );
    return view;
  }

  /** The field added under `path`. */
  field<F extends AnyField = AnyField>(path: string): F | undefined {
    return this.fields.get(path) as F | undefined;
  }

  /** All fields, by path. */
  get allFields(): ReadonlyMap<string, AnyField> {
    return this.fields;
  }

  /** Show `message` at the field under `path` (undefined clears it); false when no such field. */
  setMessage(path: string, message: string | undefined, severity: MessageSeverity = 'error'): boolean {
    const field = this.fields.get(path);
    field?.setMessage(message, severity);
    return field !== undefined;
  }

  /**
   * Show the domain's issues at their fields and clear the errors of the
   * others. Returns the issues whose path is not a field here (the caller
   * shows those some other way).
   */
  showIssues(issues: readonly FieldIssue[]): FieldIssue[] {
    const byPath = new Map<string, FieldIssue>();
    for (const issue of issues) if (!byPath.has(issue.path)) byPath.set(issue.path, issue);
    for (const [path, field] of this.fields) {
      const issue = byPath.get(path);
      if (issue) field.setMessage(issue.message, issue.severity ?? 'error');
      else if (field.message?.severity === 'error') field.setMessage(undefined);
    }
    return issues.filter((issue) => !this.fields.has(issue.path));
  }

  /** Run every field's validator; returns the problems found (also shown at the fields). */
  validateAll(): FieldIssue[] {
    const issues: FieldIssue[] = [];
    for (const [path, field] of this.fields) {
      const message = field.validateNow();
      if (message) issues.push({ path, message });
    }
    return issues;
  }

  /** Focus the field under `path`, opening its advanced group and scrolling to it; false when there is none. */
  focusField(path: string): boolean {
    const field = this.fields.get(path);
    if (!field) return false;
    const row = this.rows.find((candidate) => candidate.field === field);
    if (row?.advanced && !row.advanced.expanded) {
      row.advanced.setExpanded(true);
      // Lay out now, so the field is shown (and focusable) before the next frame.
      this.draw();
    }
    return this.focus.focus(field);
  }

  protected draw(): void {
    const width = this.innerWidth;
    const viewport = this.innerHeight;
    const labelWidth = this.labelWidth();
    const shownRows = this.rows.filter((row) => !row.advanced || row.advanced.expanded);
    for (const row of this.rows) if (!shownRows.includes(row)) row.element.hide();
    const heights = this.rowHeights(shownRows, width, labelWidth, viewport);
    const total = heights.reduce((sum, height) => sum + height, 0);
    const overflow = total > viewport;
    const room = overflow ? viewport - 1 : viewport;
    this.scroll = overflow ? this.scrollFor(shownRows, heights, room) : 0;
    let y = 0;
    shownRows.forEach((row, index) => {
      const height = heights[index];
      this.placeRow(row, y - this.scroll, height, width, labelWidth);
      const inView = y - this.scroll >= 0 && y - this.scroll + height <= room;
      setScrolledOut(row.element, !inView || height === 0);
      y += height;
    });
    this.drawMore(overflow, total, room, width);
    // A collapsed group may have hidden the focused field; while the whole form is
    // hidden (loading, terminal too small) the focus stays where the user left it.
    if (isShown(this.element)) this.focus.repair();
  }

  private addField<F extends AnyField>(path: string, label: string, layout: FieldLayout, create: (placement: Placement) => F): F {
    if (this.fields.has(path)) throw new Error(`FormLayout: a field with path "${path}" exists already`);
    const element = this.rowBox();
    const labelBox = textBox({ parent: element, top: 0, left: 0, width: 1 });
    const field = create({ parent: element, top: 0, left: 0, width: 1, height: 1 });
    const messageBox = textBox({ parent: element, top: 1, left: 0, width: 1 });
    this.disposables.add(field);
    this.disposables.add(field.onDidChangeMessage(() => this.changed()));
    this.disposables.add(field.onDidChange(() => this.changed()));
    this.fields.set(path, field);
    this.addRow({ element, kind: 'field', field, labelBox, messageBox, label, layout, advanced: this.currentGroup });
    this.joinRing(field);
    return field;
  }

  private rowBox(): Widgets.BoxElement {
    return textBox({ parent: this.element, top: 0, left: 0, width: '100%', height: 1 });
  }

  private addRow(row: Row): void {
    this.rows.push(row);
    this.changed();
  }

  private joinRing(item: Focusable): void {
    this.disposables.add(this.focus.add(item));
  }

  private labelWidth(): number {
    if (this.fixedLabelWidth) return this.fixedLabelWidth;
    // At least 16 wide, so the field column stays put from step to step.
    const longest = Math.max(12, ...this.rows.filter((row) => row.label).map((row) => textWidth(row.label!)));
    return Math.min(longest + 4, Math.max(16, Math.floor(this.innerWidth * 0.4)));
  }

  private rowHeights(rows: readonly Row[], width: number, labelWidth: number, viewport: number): number[] {
    const fieldWidth = Math.max(1, width - labelWidth);
    const heights = rows.map((row) => (row.layout.fill ? 0 : this.rowHeight(row, fieldWidth, labelWidth)));
    const fillIndex = rows.findIndex((row) => row.layout.fill);
    if (fillIndex >= 0) {
      const others = heights.reduce((sum, height) => sum + height, 0);
      const row = rows[fillIndex];
      const wanted = this.rowHeight(row, fieldWidth, labelWidth);
      heights[fillIndex] = Math.max(wanted > 0 ? Math.min(wanted, 4) : 4, viewport - others);
    }
    return heights;
  }

  private rowHeight(row: Row, fieldWidth: number, labelWidth: number): number {
    if (row.fixedHeight) return row.fixedHeight();
    const field = row.field!;
    const state = row.stateView;
    const fieldRows =
      state && state.current.kind !== 'ready' ? state.preferredHeight(fieldWidth) : field.preferredHeight(Math.min(fieldWidth, row.layout.width ?? fieldWidth));
    const labelRows = wrap(row.label ?? '', Math.max(1, labelWidth - 3)).length;
    return Math.max(fieldRows, labelRows) + this.messageLines(field, fieldWidth).length;
  }

  private messageLines(field: AnyField, width: number): string[] {
    const message = field.message;
    if (!message) return [];
    const marker = message.severity === 'info' ? '  ' : '! ';
    return wrap(`${marker}${message.text}`, Math.max(1, width));
  }

  /** Scroll so the focused row is in view (rows above it first when possible). */
  private scrollFor(rows: readonly Row[], heights: readonly number[], room: number): number {
    const focused = this.focus.current;
    const index = rows.findIndex((row) => row.field === focused || (focused !== undefined && row.element.children.includes((focused as unknown as Widget).element)));
    const maxScroll = Math.max(0, heights.reduce((sum, height) => sum + height, 0) - room);
    if (index < 0) return Math.min(this.scroll, maxScroll);
    const top = heights.slice(0, index).reduce((sum, height) => sum + height, 0);
    const bottom = top + heights[index];
    let scroll = Math.min(this.scroll, maxScroll);
    if (top < scroll) scroll = top;
    if (bottom > scroll + room) scroll = bottom - room;
    return Math.max(0, scroll);
  }

  private placeRow(row: Row, top: number, height: number, width: number, labelWidth: number): void {
    row.element.top = top;
    row.element.height = Math.max(1, height);
    if (row.kind === 'field') this.placeField(row, height, width, labelWidth);
    else if (row.kind === 'section') row.element.setContent(`\n${this.ctx.theme.paint('title', fit(row.text ?? '', width))}`);
    else if (row.kind === 'note') row.element.setContent(wrap(row.text ?? '', Math.max(1, width)).map((line) => this.ctx.theme.paint(row.role ?? 'muted', line)).join('\n'));
    else if (row.kind === 'button') row.element.setContent(this.focus.current === row.button ? this.ctx.theme.paint('labelFocused', '>') : '');
  }

  private placeField(row: Row, height: number, width: number, labelWidth: number): void {
    const field = row.field!;
    const fieldWidth = Math.max(1, width - labelWidth);
    const message = this.messageLines(field, fieldWidth);
    const fieldRows = Math.max(1, height - message.length);
    const focused = this.focus.current === field || (row.stateView !== undefined && this.focus.current === row.stateView);
    const theme = this.ctx.theme;
    const labelLines = wrap(row.label ?? '', Math.max(1, labelWidth - 3));
    row.labelBox!.width = labelWidth;
    row.labelBox!.height = Math.max(1, labelLines.length);
    row.labelBox!.setContent(
      labelLines.map((line, at) => theme.paint(focused ? 'labelFocused' : 'label', fit(`${at === 0 && focused ? '>' : ' '} ${line}`, labelWidth))).join('\n'),
    );
    field.element.left = labelWidth;
    field.element.width = Math.min(fieldWidth, row.layout.width ?? fieldWidth);
    field.element.height = fieldRows;
    if (row.stateView) {
      row.stateView.element.left = labelWidth;
      row.stateView.element.width = fieldWidth;
      row.stateView.element.height = fieldRows;
    }
    const messageBox = row.messageBox!;
    messageBox.left = labelWidth;
    messageBox.top = fieldRows;
    messageBox.width = fieldWidth;
    messageBox.height = Math.max(1, message.length);
    const role: StyleRole = field.message?.severity === 'error' ? 'error' : field.message?.severity === 'warning' ? 'warning' : 'muted';
    messageBox.setContent(message.map((line) => theme.paint(role, line)).join('\n'));
    if (message.length > 0) messageBox.show();
    else messageBox.hide();
  }

  private drawMore(overflow: boolean, total: number, room: number, width: number): void {
    if (!overflow) {
      this.moreBox.hide();
      return;
    }
    const above = this.scroll > 0;
    const below = this.scroll + room < total;
    const text = below ? '  v more below (Tab moves on)' : above ? '  ^ more above (Shift-Tab)' : '';
    this.moreBox.top = room;
    this.moreBox.setContent(this.ctx.theme.paint('muted', fit(text, width)));
    this.moreBox.show();
    this.moreBox.setFront();
  }
}

/** Keys of an advanced group's '[+]' line. */
export const TOGGLE_KEYS: readonly KeyHint[] = [{ keys: ['enter', 'space'], description: 'Show / hide', group: 'This field', priority: 5 }];

/** The '[+] Advanced' line of a collapsible group: Enter or Space opens and closes it. */
class AdvancedToggle extends Widget implements Focusable {
  readonly focusName: string;
  private focused = false;
  private expanded = false;

  constructor(
    ctx: WidgetContext,
    placement: Placement,
    title: string,
    private readonly onToggle: () => void,
  ) {
    super(ctx, textBox(placement));
    this.focusName = title;
  }

  setExpanded(expanded: boolean): void {
    this.expanded = expanded;
    this.changed();
  }

  canFocus(): boolean {
    return this.isVisible();
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.changed();
  }

  keyHints(): readonly KeyHint[] {
    return TOGGLE_KEYS;
  }

  handleKey(key: KeyPress): boolean {
    if (key.full !== 'enter' && key.full !== 'space') return false;
    this.onToggle();
    return true;
  }

  protected draw(): void {
    const text = `${this.expanded ? '[-]' : '[+]'} ${this.focusName}${this.expanded ? '' : ' (Enter shows)'}`;
    this.element.setContent(this.ctx.theme.paint(this.focused ? 'fieldFocused' : 'title', text) + ' '.repeat(Math.max(0, this.innerWidth - textWidth(text))));
  }
}
