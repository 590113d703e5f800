/**
 * The base of the form steps (General to Network): the wiring between a
 * step's widgets and the WizardStore, so each step screen only says which
 * fields it has and which action each one dispatches.
 *
 * - Until the step's data is loaded the body shows the loading (or error,
 *   with Retry) state of the shared WizardSession; then the fields are built
 *   from the store's config, so Back and Next keep every value.
 * - Every change the user makes becomes an action; after each store change
 *   the fields show the config again (a default that follows another field,
 *   a storage list that arrived), except the field being typed in.
 * - Messages: a number that does not parse says so at once; the domain's
 *   issues for a field show as the user leaves it and on Next (which they
 *   block); notices (a substituted default) show as warnings.
 */
import { DisposableStore } from '../shared/emitter';
import type { ConfigOverlay } from '../workflow/answers.codec';
import { parseNumberInput } from '../workflow/field-input';
import type { Notice, ValidationIssue } from '../workflow/field-message';
import type { StepName, VmConfig } from '../workflow/vm-config.codec';
import type { WizardAction } from '../workflow/wizard-actions';
import type { WizardStore } from '../workflow/wizard-store';
import type { Checkbox, CheckboxOptions } from '../widgets/checkbox';
import type { Dropdown, DropdownOptions } from '../widgets/dropdown';
import type { AnyField, FieldIssue, FieldLayout, FormLayout } from '../widgets/form-layout';
import type { ListItem } from '../widgets/filter-model';
import type { RadioGroup, RadioGroupOptions } from '../widgets/radio-group';
import type { TextField, TextFieldOptions } from '../widgets/text-field';
import { errorInfo } from './error-messages';
import { FormScreen, LeaveCheck, type ScreenHost, type StepDirection } from './screen-controller';
import type { LoadStatus, StepNeeds, WizardSession } from './wizard-session';

/** Reads one value out of the config. */
type Getter<V> = (config: VmConfig) => V;

/** Options of a number field. */
export interface NumberFieldOptions {
  readonly label: string;
  readonly placeholder?: string;
  /** Decimals allowed (disk size in GiB, rate in MB/s). */
  readonly decimal?: boolean;
  readonly width?: number;
  /** What an empty field means, when not "none" (an empty VM ID: back to the suggested one). */
  readonly onEmpty?: () => WizardAction;
  /** Greyed out while this says so (a minimum without ballooning). */
  readonly disabled?: Getter<boolean>;
}

/** A form step bound to the WizardStore. */
export abstract class WizardStep extends FormScreen {
  /** The workflow step this screen edits ('general'): its issues and notices are shown here. */
  abstract readonly step: StepName;
  /** What must be loaded before the fields can be shown. */
  protected readonly needs: StepNeeds = 'node';
  /** What must be loaded before Next (more than `needs` when a field loads its own data: the ISO list). */
  protected readonly leaveNeeds: StepNeeds | undefined = undefined;
  private built = false;
  private readonly watchers = new DisposableStore();
  private syncs: (() => void)[] = [];
  /** Warnings the step sets at its own fields (a check with the server that could not be made); they never block Next. */
  private readonly fieldWarnings = new Map<string, string>();
  /** Number fields whose text does not parse, with the message. */
  private readonly parseErrors = new Map<string, string>();
  /** Fields whose domain issues are shown (left once, or Next was pressed). */
  private readonly revealed = new Set<string>();
  private pendingFocus: string | undefined;
  /** The field whose focus is being taken away (its leave handlers run before the focus moves). */
  private leaving: AnyField | undefined;
  private shownStatus: LoadStatus | undefined;

  constructor(protected readonly wizard: WizardSession) {
    super();
  }

  /** The store (only while the fields are built). */
  protected get store(): WizardStore {
    const store = this.wizard.store;
    if (!store) throw new Error(`${this.title}: the wizard store is not ready`);
    return store;
  }

  /** Add the step's fields (the store exists and the step's data is loaded). */
  protected abstract buildFields(form: FormLayout, store: WizardStore): void;

  /** Start watching the shared session; the fields come once the data is there. */
  protected build(_form: FormLayout, host: ScreenHost): void {
    this.wizard.attach(host);
    this.watchers.add(this.wizard.onDidChange(() => this.refresh()));
    this.refresh();
  }

  /** Drop the fields and the subscriptions (the store keeps the values). */
  override unmount(): void {
    this.watchers.dispose();
    this.built = false;
    this.syncs = [];
    this.parseErrors.clear();
    this.revealed.clear();
    this.shownStatus = undefined;
    super.unmount();
  }

  /** Focus by config path ('disks[1].sizeGiB' focuses the disk list); once built if still loading. */
  override focusField(path: string): boolean {
    if (!this.built || !this.form) {
      this.pendingFocus = path;
      return true;
    }
    return this.form.focusField(this.fieldPathOf(path) ?? path);
  }

  /** True once the user (or an answers file) set anything: quitting would lose it. */
  hasUnsavedInput(): boolean {
    const input: ConfigOverlay = this.wizard.store?.state.input ?? {};
    return Object.keys(input).length > 0;
  }

  /** The session's outcome: a VM created earlier is not undone by quitting on a step (docs/cli.md). */
  quitExitCode(): number {
    return this.wizard.quitExitCode();
  }

  /** Back is always allowed; Next waits for the data, then blocks on the step's issues. */
  override canLeave(direction: StepDirection): LeaveCheck | Promise<LeaveCheck> {
    if (direction === 'back') return LeaveCheck.allow;
    const status = this.wizard.readiness(this.leaveNeeds ?? this.needs);
    if (status.kind === 'failed') return LeaveCheck.block(`Loading ${status.what} failed: press Enter on Retry, or Ctrl-P to go back.`);
    if (!this.built || status.kind !== 'ready') return LeaveCheck.block(`Still loading ${status.kind === 'loading' ? status.what : 'data'}: wait a moment.`);
    // (A failed load in a field's place is left to that field's Retry; the check above says so.)
    for (const path of this.form?.allFields.keys() ?? []) this.revealed.add(path);
    return super.canLeave(direction);
  }

  /** The step's problems at their fields: numbers that do not parse, messages from elsewhere, the domain's issues. */
  protected override issues(): FieldIssue[] {
    const form = this.form;
    if (!form) return [];
    const issues: FieldIssue[] = [...this.parseErrors].map(([path, message]) => ({ path, message }));
    for (const path of form.allFields.keys()) {
      const external = this.wizard.fieldError(path);
      if (external) issues.push({ path, message: external });
    }
    for (const issue of this.store.issues(this.step)) issues.push({ path: this.fieldPathOf(issue.path) ?? issue.path, message: this.describeIssue(issue) });
    return issues;
  }

  /** How a domain message reads at its field (the Disks step names the disk). */
  protected describeIssue(issue: ValidationIssue | Notice): string {
    return issue.message;
  }

  /** Called after each store change, once the fields are built: update what is not a plain field value. */
  protected afterSync(): void {
    // Steps with derived displays (total cores) override this.
  }

  // ---------------------------------------------------------------- binding helpers

  /** A text field showing `get(config)` (null as empty) that dispatches `set(text)` on each edit. */
  protected bindText(
    form: FormLayout,
    path: string,
    options: TextFieldOptions,
    get: Getter<string | null>,
    set: (text: string) => WizardAction,
    disabled?: Getter<boolean>,
    layout?: FieldLayout,
  ): TextField {
    const field = form.text(path, { ...options, value: get(this.store.config) ?? '' }, layout);
    field.onDidChange((text) => this.edit(path, set(text)));
    this.syncs.push(() => {
      if (!this.hasFocus(field)) field.value = get(this.store.config) ?? '';
      if (disabled) field.setDisabled(disabled(this.store.config));
    });
    return field;
  }

  /**
   * A number field: what is typed is parsed at once (parseNumberInput names
   * the field in its message); a number goes to the store, a non-number
   * stays in the field with its message and blocks Next.
   */
  protected bindNumber(form: FormLayout, path: string, options: NumberFieldOptions, get: Getter<number | null>, set: (value: number | null) => WizardAction): TextField {
    const shown = (value: number | null): string => (value === null ? '' : String(value));
    const fieldOptions = { label: options.label, placeholder: options.placeholder, value: shown(get(this.store.config)), maxLength: 12 };
    const layout = { width: options.width ?? 12 };
    const field = options.decimal ? form.text(path, fieldOptions, layout) : form.number(path, fieldOptions, layout);
    field.onDidChange((text) => {
      if (options.onEmpty && text.trim() === '') {
        this.parseErrors.delete(path);
        return this.edit(path, options.onEmpty());
      }
      const parsed = parseNumberInput(path, text);
      if (!parsed.ok) {
        this.parseErrors.set(path, parsed.issue.message);
        this.revealed.delete(path);
        this.wizard.clearFieldError(path);
        this.applyMessages();
        return;
      }
      this.parseErrors.delete(path);
      this.edit(path, set(parsed.value));
    });
    this.syncs.push(() => {
      if (!this.hasFocus(field) && !this.parseErrors.has(path)) field.value = shown(get(this.store.config));
      if (options.disabled) field.setDisabled(options.disabled(this.store.config));
    });
    return field;
  }

  /** A checkbox; `disabled` greys it out (a choice that does not apply now). */
  protected bindCheckbox(
    form: FormLayout,
    path: string,
    options: CheckboxOptions,
    get: Getter<boolean>,
    set: (value: boolean) => WizardAction,
    disabled?: Getter<boolean>,
  ): Checkbox {
    const field = form.checkbox(path, { ...options, checked: get(this.store.config) });
    field.onDidChange((value) => this.edit(path, set(value)));
    this.syncs.push(() => {
      field.value = get(this.store.config);
      if (disabled) field.setDisabled(disabled(this.store.config));
    });
    return field;
  }

  /** A few choices side by side. */
  protected bindRadio<T>(form: FormLayout, path: string, options: RadioGroupOptions<T>, get: Getter<T>, set: (value: T) => WizardAction, disabled?: Getter<boolean>): RadioGroup<T> {
    const field = form.radio<T>(path, { ...options, value: get(this.store.config) });
    field.onDidChange((value) => this.edit(path, set(value)));
    this.syncs.push(() => {
      field.value = get(this.store.config);
      if (disabled) field.setDisabled(disabled(this.store.config));
    });
    return field;
  }

  /** One choice of a list that may change as data arrives (`items` is asked after each change). */
  protected bindDropdown<T>(
    form: FormLayout,
    path: string,
    options: Omit<DropdownOptions<T>, 'items' | 'value'>,
    items: (store: WizardStore) => readonly ListItem<T>[],
    get: Getter<T | null>,
    set: (value: T) => WizardAction,
    disabled?: Getter<boolean>,
  ): Dropdown<T> {
    let signature = '';
    const field = form.dropdown<T>(path, { ...options, value: get(this.store.config) ?? undefined });
    field.onDidChange((value) => {
      if (value !== undefined) this.edit(path, set(value));
    });
    // Picking the value again answers a message from elsewhere (Proxmox refused it): the user means it as it is.
    field.onDidPickSame(() => {
      if (!this.wizard.fieldError(path)) return;
      this.wizard.clearFieldError(path);
      this.applyMessages();
    });
    this.syncs.push(() => {
      const list = items(this.store);
      const next = list.map((item) => `${item.label}\t${item.detail ?? ''}\t${item.disabled ? 1 : 0}`).join('\n');
      if (next !== signature) {
        signature = next;
        field.setItems(list);
      }
      const value = get(this.store.config);
      if (field.value !== (value ?? undefined)) field.value = value ?? undefined;
      if (disabled) field.setDisabled(disabled(this.store.config));
    });
    return field;
  }

  /** Run `sync` after each store change (a widget kind the helpers above do not cover). */
  protected onSync(sync: () => void): void {
    this.syncs.push(sync);
  }

  /** Dispatch a user's edit: the messages that were about the old value go. */
  protected edit(path: string, action: WizardAction): void {
    this.revealed.delete(path);
    this.wizard.clearFieldError(path);
    this.store.update(action);
  }

  /** True while `field` has the focus (its text is the user's, not the store's). */
  protected hasFocus(field: AnyField): boolean {
    return this.host?.focus.current === field && field !== this.leaving;
  }

  // ---------------------------------------------------------------- state

  private refresh(): void {
    const host = this.host;
    const form = this.form;
    if (!host || !form) return;
    const status = this.wizard.readiness(this.needs);
    if (status.kind !== 'ready') return this.showStatus(host, status);
    if (!this.built) this.buildNow(form);
    this.syncAll();
    if (host.state.current.kind !== 'ready') host.state.showReady();
    this.shownStatus = status;
  }

  private buildNow(form: FormLayout): void {
    this.built = true;
    this.buildFields(form, this.store);
    for (const [path, field] of form.allFields) {
      field.onDidLeave(() => {
        if (!this.form) return;
        this.revealed.add(path);
        this.leaving = field;
        try {
          this.syncAll();
        } finally {
          this.leaving = undefined;
        }
      });
    }
    if (this.pendingFocus !== undefined) {
      const path = this.pendingFocus;
      this.pendingFocus = undefined;
      form.focusField(this.fieldPathOf(path) ?? path);
    }
  }

  private showStatus(host: ScreenHost, status: LoadStatus): void {
    if (status === this.shownStatus) return;
    this.shownStatus = status;
    if (status.kind === 'failed') host.state.showError(errorInfo(status.error, status.retry));
    else host.state.showLoading(status.kind === 'loading' ? status.what : 'the cluster');
  }

  private syncAll(): void {
    if (!this.built || !this.wizard.store) return;
    for (const sync of this.syncs) sync();
    this.afterSync();
    this.applyMessages();
  }

  /** Each field's message: its number error, a message from elsewhere, its revealed issue, else its notice. */
  private applyMessages(): void {
    const form = this.form;
    const store = this.wizard.store;
    if (!form || !store) return;
    const issues = this.byField(store.issues(this.step));
    const notices = this.byField(store.noticesOf(this.step));
    for (const [path, field] of form.allFields) {
      const error = this.parseErrors.get(path) ?? this.wizard.fieldError(path) ?? (this.revealed.has(path) ? issues.get(path) : undefined);
      if (error) field.setMessage(error, 'error');
      else field.setMessage(this.fieldWarnings.get(path) ?? notices.get(path), 'warning');
    }
  }

  /** Show (or with undefined, clear) a warning at a field of this step: below errors, above the domain's notices. */
  protected setFieldWarning(path: string, message: string | undefined): void {
    if (message === undefined) this.fieldWarnings.delete(path);
    else this.fieldWarnings.set(path, message);
    this.applyMessages();
    this.host?.requestRender();
  }

  /** The first message per field path. */
  private byField(messages: readonly (ValidationIssue | Notice)[]): Map<string, string> {
    const result = new Map<string, string>();
    for (const message of messages) {
      const path = this.fieldPathOf(message.path);
      if (path !== undefined && !result.has(path)) result.set(path, this.describeIssue(message));
    }
    return result;
  }

  /** The field that shows a config path: itself, or the nearest enclosing one ('general.tags[0]' -> 'general.tags'). */
  protected fieldPathOf(path: string): string | undefined {
    const fields = this.form?.allFields;
    if (!fields) return undefined;
    for (let candidate: string | undefined = path; candidate; candidate = parentPath(candidate)) {
      if (fields.has(candidate)) return candidate;
    }
    return undefined;
  }
}

/** 'disks[1].sizeGiB' -> 'disks[1]' -> 'disks' -> undefined. */
function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : undefined;
}
