/**
 * The contract between a wizard step screen and the app shell.
 *
 * The shell owns the terminal: header, footer, body frame, popups, help, quit,
 * resize, Tab/Shift-Tab and step navigation. A step screen owns what is in the
 * body: it builds widgets there on `mount`, keeps the workflow state up to
 * date as the user edits, says whether the user may leave (`canLeave`), and
 * lists its own keys as data (`bindings`), which the footer, the help overlay
 * and docs/keys.md show.
 *
 * Screens are registered by binding `WizardScreens` in the container (see
 * docs/keys.md and src/app/run-interactive.ts); the shell shows them in order.
 */
import type { Widgets } from 'blessed';
import { token } from '../shared/token';
import type { FocusRing } from '../widgets/focus-ring';
import { type FieldIssue, FormLayout } from '../widgets/form-layout';
import type { FormDialogOptions } from '../widgets/form-dialog';
import type { KeyHint } from '../widgets/keys';
import type { ConfirmOptions, ModalTone, PromptOptions } from '../widgets/modal';
import type { EmptyInfo, ErrorInfo, LoadState } from '../widgets/state-view';
import type { WidgetContext } from '../widgets/widget';

/** Which way the user wants to leave a step. */
export type StepDirection = 'next' | 'back';

/** May the user leave the step? If not, why, and at which field (the shell focuses it). */
export type LeaveCheck = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly field?: string };

/** Building LeaveChecks. */
export const LeaveCheck = {
  /** The user may leave. */
  allow: { ok: true } as LeaveCheck,
  /** The user may not leave: `message` is shown, and the field at `field` (a form path) gets the focus. */
  block(message: string, field?: string): LeaveCheck {
    return { ok: false, message, field };
  },
};

/**
 * A key a screen (or the shell) reacts to, as data (lazygit style): the same
 * entry drives the key handling, the footer, the help overlay and
 * docs/keys.md.
 */
export interface KeyBinding extends KeyHint {
  /** What the key does; a rejected promise shows the error modal. */
  readonly handler: () => void | Promise<void>;
  /** The key is bound only while this returns true (and is shown only then). */
  readonly when?: () => boolean;
  /** While this returns a reason, the key is shown but pressing it only shows the reason. */
  readonly disabledReason?: () => string | undefined;
}

/** Dialogs a screen may open; each resolves with the answer. */
export interface ScreenModals {
  /** y/N question; true only for yes. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** One line of input (a TOTP code); undefined when cancelled. */
  prompt(options: PromptOptions): Promise<string | undefined>;
  /** A message with OK. */
  message(options: { readonly title: string; readonly message: string; readonly tone?: ModalTone }): Promise<void>;
  /** A form in a dialog (edit one disk); true when accepted with valid fields. */
  form(options: FormDialogOptions): Promise<boolean>;
}

/**
 * Loading / empty / error states over the whole body. While not ready, the
 * screen's widgets are hidden (and kept, with the user's input); in the error
 * state Retry has the focus.
 */
export interface BodyState {
  /** The current state. */
  readonly current: LoadState;
  /** Spinner and 'Loading <what>...'. */
  showLoading(what: string): void;
  /** What is missing and what to do. */
  showEmpty(info: EmptyInfo): void;
  /** The message, the failed request, and Retry. */
  showError(info: ErrorInfo): void;
  /** Show the widgets again. */
  showReady(): void;
}

/** What a mounted screen gets from the shell. */
export interface ScreenHost {
  /** The region to draw in (between header and footer, inside the frame): parent of the screen's widgets. */
  readonly body: Widgets.BoxElement;
  /** Theme, render requests and popups, for creating widgets: `new FormLayout(host.ui, ...)`. */
  readonly ui: WidgetContext;
  /** This screen's Tab order (a FormLayout adds its fields to it). */
  readonly focus: FocusRing;
  /** Loading / empty / error over the whole body. */
  readonly state: BodyState;
  /** Dialogs. */
  readonly modals: ScreenModals;
  /** Redraw after a change made outside a key press (data arrived). Cheap and coalesced. */
  requestRender(): void;
  /** Update the header once known (the login screen, after logging in). */
  setSession(info: { readonly cluster?: string; readonly user?: string }): void;
  /** Move to the next or previous step, exactly as Ctrl-N / Ctrl-P do (canLeave is asked). */
  navigate(direction: StepDirection): Promise<boolean>;
  /**
   * Jump to the step with id `stepId` and focus the field at `field` there.
   * The current step is not asked (canLeave): the screen that jumps knows why
   * (an issue chosen on Confirm, a parameter Proxmox rejected on Submit).
   * False when there is no such step.
   */
  goTo(stepId: string, field?: string): Promise<boolean>;
  /** Show `text` in the footer until the next key ('Saved answers to vm.json'). */
  flash(text: string): void;
  /** End the app with this exit code (docs/cli.md; the Submit step after creating: 0 or 4). */
  exit(code: number): void;
}

/** One wizard step, as the shell drives it. */
export interface ScreenController {
  /** Stable id: 'general', 'network'. */
  readonly id: string;
  /** Shown in the header and the frame: 'General'. */
  readonly title: string;
  /** False for a step that is not counted in 'General 2/9' (the Submit progress). Default true. */
  readonly countsAsStep?: boolean;
  /** Build the widgets in `host.body` (state comes from the workflow, so Back and Next keep input). */
  mount(host: ScreenHost): void;
  /** Dispose the widgets and subscriptions (the shell also clears whatever is left in the body). */
  unmount(): void;
  /** Put the focus where the user starts (default: the first field). */
  focusFirst?(): void;
  /** Focus the field at a form path ('name', 'disks[1].sizeGiB'); false when there is none. */
  focusField(path: string): boolean;
  /** The step's own keys (the shell adds Tab, Ctrl-N, ...). Asked after every key, so `when` can change. */
  bindings(): readonly KeyBinding[];
  /** Asked before leaving; on 'next' the step validates and may block with the message at the field. */
  canLeave(direction: StepDirection): LeaveCheck | Promise<LeaveCheck>;
  /** True when quitting now would lose input the user typed (Ctrl-Q then asks first). */
  hasUnsavedInput(): boolean;
  /**
   * While this returns a reason, the step is at work and cannot be left
   * (Submit while the VM is being created): the shell neither offers nor acts
   * on the step-changing keys (Ctrl-N/F10, Ctrl-P, and the step's own
   * bindings on them), pressing one shows the reason, and the footer names
   * Ctrl-C as the way to stop (it asks first, see `quitQuestion`).
   */
  busyReason?(): string | undefined;
  /**
   * False when Back would only be refused now (Submit once the VM exists):
   * the footer then does not offer Ctrl-P; pressing it still says why
   * (canLeave). Absent: Back is offered everywhere but on the first step.
   */
  offersBack?(): boolean;
  /** The exit code when the user quits on this step (default 130, cancelled). */
  quitExitCode?(): number;
  /**
   * What Ctrl-Q / Ctrl-C asks on this step: a y/N question, or null to quit
   * without asking. Absent or undefined: the default (ask when any step has
   * unsaved input). The Submit step explains what has already been created.
   */
  quitQuestion?(): string | null | undefined;
}

/** The ordered wizard steps; the screens module binds it, the app shell resolves it. */
export const WizardScreens = token<readonly ScreenController[]>('WizardScreens');

/**
 * A step whose body is one FormLayout: implement `build` (add fields, start
 * loads) and, where the domain validates, `issues`. Next is blocked while
 * `issues()` returns any; each is shown at its field.
 */
export abstract class FormScreen implements ScreenController {
  abstract readonly id: string;
  abstract readonly title: string;
  /** The host, while mounted. */
  protected host: ScreenHost | undefined;
  /** The form, while mounted. */
  protected form: FormLayout | undefined;

  /** Add the fields to `form` and start what must load. */
  protected abstract build(form: FormLayout, host: ScreenHost): void;

  /** True when quitting would lose input. */
  abstract hasUnsavedInput(): boolean;

  /** Problems that block Next (default: the fields' own validators). */
  protected issues(form: FormLayout): FieldIssue[] {
    return form.validateAll();
  }

  /** Creates the form in the body and calls `build`. */
  mount(host: ScreenHost): void {
    this.host = host;
    this.form = new FormLayout(host.ui, { placement: { parent: host.body }, focus: host.focus });
    this.build(this.form, host);
  }

  /** Disposes the form. */
  unmount(): void {
    this.form?.dispose();
    this.form = undefined;
    this.host = undefined;
  }

  /** Focus by form path. */
  focusField(path: string): boolean {
    return this.form?.focusField(path) ?? false;
  }

  /** No keys of its own unless overridden. */
  bindings(): readonly KeyBinding[] {
    return [];
  }

  /** Back is always allowed; Next shows the issues at their fields and blocks on the first one. */
  canLeave(direction: StepDirection): LeaveCheck | Promise<LeaveCheck> {
    if (direction === 'back' || !this.form) return LeaveCheck.allow;
    const issues = this.issues(this.form).filter((issue) => (issue.severity ?? 'error') === 'error');
    const unplaced = this.form.showIssues(issues);
    if (issues.length === 0) return LeaveCheck.allow;
    const first = issues.find((issue) => !unplaced.includes(issue)) ?? issues[0];
    return LeaveCheck.block(first.message, first.path);
  }
}
