/**
 * The Confirm step: everything the VM will be, by step; the validation
 * issues that are left (Enter on one goes to its field); the notices about
 * defaults that were substituted; and, as other views of the same thing, the
 * exact request sequence, the `qm` commands and the `pvesh` calls. "Start
 * after create" is set here, "Save answers" writes the answers file, and
 * Ctrl-N creates the VM after a y/N question.
 */
import type { Widgets } from 'blessed';
import { DisposableStore } from '../../shared/emitter';
import { stepOfPath, type ValidationIssue } from '../../workflow/field-message';
import { renderPveshCommands, renderQmCommand } from '../../workflow/render-commands';
import type { RequestPlan } from '../../workflow/request-plan';
import { summarize } from '../../workflow/summary';
import { STEP_NAMES } from '../../workflow/vm-config.codec';
import { setStart } from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import { Button } from '../../widgets/button';
import { Checkbox } from '../../widgets/checkbox';
import type { KeyHint } from '../../widgets/keys';
import { textBox } from '../../widgets/placement';
import { SelectList } from '../../widgets/select-list';
import { SummaryTable, type SummarySection } from '../../widgets/summary-table';
import { TerminalPrintout } from '../../widgets/terminal-printout';
import { fit } from '../../widgets/text';
import { errorInfo } from '../error-messages';
import { commandBlockLines } from './command-lines';
import { type KeyBinding, LeaveCheck, type ScreenController, type ScreenHost, type StepDirection } from '../screen-controller';
import { STEP_TITLES } from '../step-titles';
import type { LoadStatus, WizardSession } from '../wizard-session';
import type { AnswersSink } from '../wizard-setup';

/** The views of the Confirm step, in the order `v` cycles through them. */
const VIEWS = ['Summary', 'Requests', 'qm commands', 'pvesh'] as const;
type View = (typeof VIEWS)[number];

/** The Confirm step's own keys (docs/keys.md). */
export const CONFIRM_KEYS: readonly KeyHint[] = [
  { keys: ['C-n', 'f10'], description: 'Create VM', group: 'This step', priority: 9 },
  { keys: ['v'], description: 'Next view', group: 'This step', priority: 6 },
  { keys: ['s'], description: 'Save answers', group: 'This step', priority: 5 },
  { keys: ['c'], description: 'Print to copy', group: 'This step', priority: 6 },
  { keys: ['enter'], description: 'Go to its field', group: 'This step', priority: 7 },
];

/** The Confirm step. */
export class ConfirmScreen implements ScreenController {
  readonly id = 'confirm';
  readonly title = 'Confirm';
  private host: ScreenHost | undefined;
  private view: View = 'Summary';
  /** Where "Save answers" last wrote this session: offered again, and updated without asking. */
  private savedTo: string | undefined;
  private readonly parts = new DisposableStore();
  private viewLine: Widgets.BoxElement | undefined;
  private issuesList: SelectList<ValidationIssue> | undefined;
  private summary: SummaryTable | undefined;
  private start: Checkbox | undefined;
  private built = false;
  private shownStatus: LoadStatus | undefined;

  constructor(
    private readonly wizard: WizardSession,
    private readonly answers: AnswersSink,
  ) {}

  /** Waits for every fact the checks need, then shows the summary. */
  mount(host: ScreenHost): void {
    this.host = host;
    this.wizard.attach(host);
    this.parts.add(this.wizard.onDidChange(() => this.refresh()));
    this.refresh();
  }

  unmount(): void {
    this.parts.dispose();
    this.host = undefined;
    this.built = false;
    this.shownStatus = undefined;
    this.viewLine = this.issuesList = this.summary = this.start = undefined;
  }

  /** The first issue, else the summary. */
  focusFirst(): void {
    const target = this.issuesList?.canFocus() ? this.issuesList : this.summary;
    if (!target || !this.host?.focus.focus(target)) this.host?.focus.focusFirst();
  }

  /** Only the start checkbox is a field here. */
  focusField(path: string): boolean {
    return path === 'confirm.start' && this.start !== undefined && (this.host?.focus.focus(this.start) ?? false);
  }

  bindings(): readonly KeyBinding[] {
    const [create, view, save, print, jump] = CONFIRM_KEYS;
    return [
      { ...create, handler: () => void this.host?.navigate('next') },
      { ...view, when: () => this.built, handler: () => this.nextView() },
      { ...save, when: () => this.built, handler: () => this.saveAnswers() },
      { ...print, when: () => this.printableCommands() !== undefined, handler: () => this.printCommands() },
      { ...jump, when: () => this.host?.focus.current === this.issuesList && this.issuesList !== undefined, handler: () => this.goToIssue() },
    ];
  }

  /** Next: the data must be in, no issue may be left, and the user must say y. */
  async canLeave(direction: StepDirection): Promise<LeaveCheck> {
    if (direction === 'back') return LeaveCheck.allow;
    const store = this.wizard.store;
    const status = this.wizard.readiness('everything');
    if (!store || status.kind !== 'ready' || !this.host) return LeaveCheck.block('Still loading: wait a moment before creating the VM.');
    const issues = store.issues();
    if (issues.length > 0) {
      if (this.issuesList) this.host.focus.focus(this.issuesList);
      return LeaveCheck.block(`${issues.length === 1 ? 'An issue is' : `${issues.length} issues are`} left: Enter on one goes to its field.`);
    }
    const plan = store.plan();
    const yes = await this.host.modals.confirm({
      title: 'Create VM?',
      message: `Create VM ${plan.vmid} on ${plan.node}? (y/N)`,
      yesLabel: 'Create',
      noLabel: 'Not yet',
    });
    if (!yes) return LeaveCheck.block('Not created: press Ctrl-N when ready.');
    if (this.answers.defaultPath) this.save(this.answers.defaultPath, store);
    this.wizard.requestSubmission(plan);
    return LeaveCheck.allow;
  }

  hasUnsavedInput(): boolean {
    return Object.keys(this.wizard.store?.state.input ?? {}).length > 0;
  }

  /** The session's outcome: a VM created earlier is not undone by quitting here (docs/cli.md). */
  quitExitCode(): number {
    return this.wizard.quitExitCode();
  }

  // ---------------------------------------------------------------- drawing

  private refresh(): void {
    const host = this.host;
    const store = this.wizard.store;
    if (!host) return;
    const status = this.wizard.readiness('everything');
    if (!store || status.kind !== 'ready') {
      if (status === this.shownStatus) return;
      this.shownStatus = status;
      if (status.kind === 'failed') host.state.showError(errorInfo(status.error, status.retry));
      else host.state.showLoading(status.kind === 'loading' ? status.what : 'the cluster');
      return;
    }
    this.shownStatus = status;
    if (!this.built) this.build(host, store);
    this.update(store);
    if (host.state.current.kind !== 'ready') host.state.showReady();
  }

  private build(host: ScreenHost, store: WizardStore): void {
    this.built = true;
    const ui = host.ui;
    const issues = store.issues();
    const issueRows = issues.length ? Math.min(issues.length, 4) + 1 : 0;
    this.viewLine = textBox({ parent: host.body, top: 0, left: 0, width: '100%', height: 1 });
    if (issues.length) {
      const list = new SelectList<ValidationIssue>(ui, { parent: host.body, top: 1, left: 0, width: '100%', height: issueRows }, { label: 'Issues', rows: issueRows });
      this.issuesList = this.parts.add(list);
      this.parts.add(host.focus.add(list));
    }
    const summary = new SummaryTable(ui, { parent: host.body, top: 1 + issueRows, left: 0, width: '100%', height: `100%-${issueRows + 2}` }, { label: 'Summary' });
    this.summary = this.parts.add(summary);
    this.parts.add(host.focus.add(summary));
    const start = new Checkbox(ui, { parent: host.body, top: '100%-1', left: 0, width: 40, height: 1 }, { label: 'Start after create', text: 'Start the VM after creating it', checked: store.config.confirm.start });
    this.start = this.parts.add(start);
    this.parts.add(host.focus.add(start));
    this.parts.add(start.onDidChange((value) => store.update(setStart(value))));
    const save = new Button(ui, { parent: host.body, top: '100%-1', left: 42 }, { label: 'Save answers' });
    this.parts.add(save);
    this.parts.add(host.focus.add(save));
    this.parts.add(save.onDidPress(() => this.saveAnswers()));
  }

  private update(store: WizardStore): void {
    const issues = store.issues();
    const list = this.issuesList;
    if (list) {
      list.setItems(issues.map((issue) => ({ value: issue, label: issue.message, detail: STEP_TITLES[issue.step] })));
      // The highlighted issue is the one Enter goes to: the first until the user moves.
      if (!issues.includes(list.value as ValidationIssue)) list.value = issues[0];
      if (issues.length === 0) list.setEmptyText('No issues left.');
    }
    if (this.start) this.start.value = store.config.confirm.start;
    this.summary?.setSections(this.sections(store, issues));
    this.drawViewLine();
  }

  private drawViewLine(): void {
    const line = this.viewLine;
    const host = this.host;
    if (!line || !host) return;
    const theme = host.ui.theme;
    const tabs = VIEWS.map((view) => (view === this.view ? theme.paint('selection', ` ${view} `) : theme.paint('muted', ` ${view} `))).join(' ');
    const width = Math.max(0, Number(host.body.width));
    line.setContent(`${tabs}${theme.paint('muted', fit('  v: next view', Math.max(0, width - VIEWS.join('   ').length - 8)))}`);
  }

  private sections(store: WizardStore, issues: readonly ValidationIssue[]): SummarySection[] {
    switch (this.view) {
      case 'Summary':
        return [...this.noticeSections(store, issues), ...summarize(store.config).map((section) => ({ title: section.title, rows: section.rows }))];
      case 'Requests':
        return this.withPlan(store, (plan) =>
          plan.requests.map((request) => ({
            title: `${request.method} ${request.path}  (${request.title})`,
            rows: Object.entries(request.params).map(([key, value]) => ({ label: key, value: String(value) })),
          })),
        );
      case 'qm commands':
      case 'pvesh':
        return this.withPlan(store, (plan) => {
          const commands = this.commandsOf(plan);
          return [commandSection(commands.title, commands.text)];
        });
    }
  }

  /** Notices (substituted defaults) first, so they are seen; issues are in the list above. */
  private noticeSections(store: WizardStore, issues: readonly ValidationIssue[]): SummarySection[] {
    const sections: SummarySection[] = [];
    if (issues.length) sections.push({ title: 'Not ready', rows: [{ label: 'Issues', value: `${issues.length}: fix them before creating (Enter on one above goes to its field)`, severity: 'error' }] });
    const notices = STEP_NAMES.flatMap((step) => store.noticesOf(step));
    if (notices.length) sections.push({ title: 'Notices', rows: notices.map((notice) => ({ label: STEP_TITLES[notice.step], value: notice.message, severity: 'warning' as const })) });
    return sections;
  }

  /** The request views need a valid config (the builder assumes one). */
  private withPlan(store: WizardStore, render: (plan: RequestPlan) => SummarySection[]): SummarySection[] {
    if (store.issues().length > 0) return [{ title: this.view, rows: [{ label: '', value: 'Shown once the issues above are fixed.', severity: 'warning' }] }];
    return render(store.plan());
  }

  /** The commands of the view shown, when it shows commands and the plan can be built. */
  private printableCommands(): { title: string; text: string } | undefined {
    const store = this.wizard.store;
    if (!this.built || !store || (this.view !== 'qm commands' && this.view !== 'pvesh') || store.issues().length > 0) return undefined;
    return this.commandsOf(store.plan());
  }

  private commandsOf(plan: RequestPlan): { title: string; text: string } {
    return this.view === 'pvesh'
      ? { title: 'The same through the API (pvesh)', text: renderPveshCommands(plan) }
      : { title: `Run on ${plan.node} (qm, ha-manager)`, text: renderQmCommand(plan) };
  }

  /**
   * `c`: the commands on the terminal's own screen, without the frame, so
   * selecting them copies lines a shell runs (docs/screens.md shows it).
   */
  private async printCommands(): Promise<void> {
    const commands = this.printableCommands();
    const host = this.host;
    if (!commands || !host) return;
    // One column spare: a character in the last column leaves some terminals waiting to wrap.
    const width = Math.max(20, Number(host.body.screen.width) - 1);
    await TerminalPrintout.show(host.ui, host.body.screen, [`# ${commands.title}`, ...commandBlockLines(commands.text, width)]);
  }

  private nextView(): void {
    this.view = VIEWS[(VIEWS.indexOf(this.view) + 1) % VIEWS.length];
    if (this.wizard.store) this.update(this.wizard.store);
    this.host?.requestRender();
  }

  private goToIssue(): void {
    const issue = this.issuesList?.value;
    if (issue) void this.host?.goTo(stepOfPath(issue.path), issue.path);
  }

  /** `s`: save to --save-answers FILE, or ask where. */
  private async saveAnswers(): Promise<void> {
    const host = this.host;
    const store = this.wizard.store;
    if (!host || !store) return;
    if (this.answers.defaultPath) return this.save(this.answers.defaultPath, store);
    const typed = await host.modals.prompt({
      title: 'Save answers',
      message: 'Write the answers file for this VM (JSON, docs/cli.md). Replay it with --answers FILE, or --answers FILE --yes without the UI.',
      label: 'File',
      value: this.savedTo ?? `${store.config.general.name ?? `vm-${store.config.general.vmid}`}.json`,
      validate: (value) => (value.trim() === '' ? 'File: type a path' : undefined),
    });
    if (typed === undefined) return;
    const path = typed.trim();
    // A file this session wrote is updated without asking; anything else there is the user's.
    if (path !== this.savedTo && this.answers.exists(path)) {
      const replace = await host.modals.confirm({ title: 'Replace?', message: `${path} exists already. Replace it? (y/N)`, yesLabel: 'Replace', noLabel: 'Keep it', tone: 'warning' });
      if (!replace) return void host.flash(`Not saved: ${path} is kept as it was.`);
    }
    this.save(path, store);
  }

  private save(path: string, store: WizardStore): void {
    try {
      this.answers.save(path, store.config);
      this.savedTo = path;
      this.host?.flash(`Saved the answers to ${path}`);
    } catch (error) {
      void this.host?.modals.message({ title: 'Not saved', message: `Could not write ${path}: ${(error as Error).message}`, tone: 'error' });
    }
  }
}

/**
 * The commands as shell continuation lines for the table's width (no prompt
 * in front), and how to get them without the frame around them for copying.
 */
function commandSection(title: string, commands: string): SummarySection {
  return { title, lines: (width) => [...commandBlockLines(commands, width), '', PRINT_HINT] };
}

/** Under the commands: the frame's border would be copied with them, `c` prints them without it. */
const PRINT_HINT = 'c prints them without the frame, to select and paste into a shell.';
