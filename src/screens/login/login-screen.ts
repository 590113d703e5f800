/**
 * The Login step: the realm list from the server (its default realm, else
 * PAM), user name and password; Enter (or Ctrl-N) signs in. A user with a
 * second factor is asked for it in a dialog. With --token the step signs in
 * with the API token by itself and moves on. When no server is configured
 * the step asks for its address first.
 */
import type { Realm, SessionInfo, SessionService } from '../../services/session-service';
import { isProxmoxError } from '../../shared/proxmox-error';
import { Secret } from '../../shared/secret';
import type { Dropdown } from '../../widgets/dropdown';
import type { FormLayout, FormNote } from '../../widgets/form-layout';
import type { KeyHint } from '../../widgets/keys';
import type { TextField } from '../../widgets/text-field';
import { describeError, errorInfo } from '../error-messages';
import { FormScreen, type KeyBinding, LeaveCheck, type ScreenHost, type StepDirection } from '../screen-controller';
import type { WizardSession } from '../wizard-session';
import type { LoginSetup } from '../wizard-setup';
import { parseServerUrl } from './server-url';
import { completeSecondFactor } from './sign-in-dialogs';
import { TerminalPrintout } from '../../widgets/terminal-printout';

/** The Login step's own keys (docs/keys.md). */
export const LOGIN_KEYS: readonly KeyHint[] = [
  { keys: ['enter'], description: 'Sign in', group: 'This step', priority: 7 },
  { keys: ['c'], description: "Show the server's certificate fingerprint to copy (when it was not trusted)", group: 'This step', priority: 8 },
];

/** What the form holds between visits (never the password: that lives only in its field). */
interface LoginInput {
  server: string;
  realm: string | undefined;
  user: string;
}

/** The Login step. */
export class LoginScreen extends FormScreen {
  readonly id = 'login';
  readonly title = 'Login';
  private readonly input: LoginInput;
  private realms: readonly Realm[] | undefined;
  private realmField: Dropdown<string> | undefined;
  private problem: FormNote | undefined;
  private tokenAttempt: Promise<void> | undefined;
  /** The fingerprint of a certificate the last attempt refused (`c` shows it to copy), until one succeeds. */
  private refusedFingerprint: string | undefined;

  constructor(
    private readonly session: SessionService,
    private readonly wizard: WizardSession,
    private readonly setup: LoginSetup,
  ) {
    super();
    const [user, realm] = splitUser(setup.user ?? '');
    this.input = { server: session.endpoint?.url ?? '', realm, user };
  }

  /** Signed in (the shell may leave), token or password form. */
  protected build(form: FormLayout, host: ScreenHost): void {
    this.wizard.attach(host);
    if (this.setup.token) return this.buildTokenView(form, host, this.setup.token);
    if (this.session.current) return this.buildSignedInView(form, host, this.session.current);
    this.buildForm(form, host);
  }

  /** Enter signs in (a dropdown and a button use Enter themselves first). */
  override bindings(): readonly KeyBinding[] {
    const host = this.host;
    // On the realm list and the button, Enter is theirs (open the list, press the button).
    const inTextField = (): boolean => ['Server', 'User name', 'Password'].includes(host?.focus.current?.focusName ?? '');
    const [signIn, copyFingerprint] = LOGIN_KEYS;
    return [
      { ...signIn, when: () => this.showsForm() && inTextField(), handler: () => void host?.navigate('next') },
      { ...copyFingerprint, description: 'Copy the fingerprint', when: () => this.refusedFingerprint !== undefined && !inTextField(), handler: () => void this.printFingerprint() },
    ];
  }

  /**
   * `c`: the refused certificate's fingerprint and the command that trusts
   * it, on the terminal's own screen: on the step (80 columns, in a frame) a
   * fingerprint takes two rows and cannot be selected whole.
   */
  private async printFingerprint(): Promise<void> {
    const fingerprint = this.refusedFingerprint;
    const host = this.host;
    if (!fingerprint || !host) return;
    const server = this.session.endpoint?.url ?? 'https://HOST:8006';
    await TerminalPrintout.show(host.ui, host.body.screen, [
      `# The certificate ${server} presented (SHA-256). If it is your cluster's (pvenode cert info on the node shows it), trust it with:`,
      `pve-vm-tui --host ${server} --fingerprint ${fingerprint}`,
    ]);
  }

  /** Remember a refused certificate's fingerprint for `c`, or forget it once something got through. */
  private noteTls(error: unknown): void {
    this.refusedFingerprint = isProxmoxError(error) && error.kind === 'tls' ? error.details.tls?.presentedFingerprint : undefined;
  }

  /** The first empty field; else the Log in button, so Enter signs in. */
  focusFirst(): void {
    const form = this.form;
    const host = this.host;
    if (!form || !host) return;
    for (const path of ['server', 'user', 'password']) {
      const field = form.field<TextField>(path);
      if (field && field.value === '' && form.focusField(path)) return;
    }
    const button = host.focus.all.find((item) => item.focusName === 'Sign in');
    if (!button || !host.focus.focus(button)) host.focus.focusFirst();
  }

  /** Leaving forward is signing in. */
  override async canLeave(direction: StepDirection): Promise<LeaveCheck> {
    if (direction === 'back' || this.session.current) return LeaveCheck.allow;
    if (this.setup.token) return LeaveCheck.block('Signing in with the API token did not work: press Enter on Retry.');
    return this.signIn();
  }

  /** Nothing typed here is lost work (the password is asked again). */
  hasUnsavedInput(): boolean {
    return false;
  }

  /** The session's outcome: a VM created earlier is not undone by quitting here (docs/cli.md). */
  quitExitCode(): number {
    return this.wizard.quitExitCode();
  }

  private showsForm(): boolean {
    return !this.setup.token && !this.session.current && this.form?.field('password') !== undefined;
  }

  // ---------------------------------------------------------------- views

  private buildForm(form: FormLayout, host: ScreenHost): void {
    // Above the fields: what stops signing in (a certificate, a refused connection) is read first.
    this.problem = form.note('', 'error');
    if (this.setup.askServer) {
      const server = form.text('server', { label: 'Server', value: this.input.server, placeholder: 'pve1.example.org or https://10.0.0.5:8006' });
      server.onDidChange((text) => (this.input.server = text));
      server.onDidLeave(() => this.useServer(form));
    }
    this.realmField = form.dropdown<string>('realm', { label: 'Realm', value: this.input.realm, placeholder: 'pam' });
    this.realmField.onDidChange((realm) => (this.input.realm = realm));
    const user = form.text('user', { label: 'User name', value: this.input.user, placeholder: 'root, or alice@pve' });
    user.onDidChange((text) => (this.input.user = text));
    form.password('password', { label: 'Password', value: this.setup.password?.reveal() ?? '' });
    form.button('Sign in', () => void host.navigate('next'));
    form.note('Enter signs in. Tab moves between the fields.');
    if (!this.setup.askServer || this.input.server !== '') void this.loadRealms(form);
    else this.realmField.setPlaceholder('enter the server first');
  }

  private buildSignedInView(form: FormLayout, host: ScreenHost, signedIn: SessionInfo): void {
    form.note(`Signed in as ${signedIn.username}${this.session.endpoint ? ` on ${this.session.endpoint.url}` : ''}.`, 'success');
    form.note('Ctrl-N goes on to the next step; nothing you entered there is lost.', 'text');
    form.button('Sign in as someone else', () => {
      this.session.logout();
      this.rebuild(host);
    });
  }

  /** --token: sign in with it once, say so, move on; a failure shows the error with Retry. */
  private buildTokenView(form: FormLayout, host: ScreenHost, token: NonNullable<LoginSetup['token']>): void {
    const note = form.note(`API token ${token.tokenId}`, 'text');
    if (this.session.current) {
      note.setText(`Signed in with API token ${token.tokenId}. Ctrl-N goes on.`, 'success');
      return;
    }
    this.tokenAttempt ??= this.signInWithToken(host, token).finally(() => (this.tokenAttempt = undefined));
  }

  private async signInWithToken(host: ScreenHost, token: NonNullable<LoginSetup['token']>): Promise<void> {
    host.state.showLoading(`the session of API token ${token.tokenId}`);
    try {
      const info = await this.session.useToken(token.tokenId, token.secret);
      this.signedIn(host, info);
      if (this.host !== host) return;
      host.state.showReady();
      this.rebuild(host);
      host.flash(`Signed in with API token ${token.tokenId}`);
      await host.navigate('next');
    } catch (error) {
      if (this.host !== host) return;
      host.state.showError(errorInfo(error, () => void (this.tokenAttempt = this.signInWithToken(host, token))));
    }
  }

  private rebuild(host: ScreenHost): void {
    this.unmount();
    this.mount(host);
    this.focusFirst();
    host.requestRender();
  }

  // ---------------------------------------------------------------- realms

  private useServer(form: FormLayout): void {
    const parsed = parseServerUrl(this.input.server);
    if (!parsed.ok) {
      if (this.input.server.trim() !== '') form.setMessage('server', parsed.message);
      return;
    }
    if (this.session.endpoint?.url === parsed.url && this.realms) return;
    this.session.useEndpoint({ url: parsed.url, insecure: false });
    void this.loadRealms(form);
  }

  private async loadRealms(form: FormLayout): Promise<void> {
    const field = this.realmField;
    if (!field) return;
    const state = form.loadState('realm');
    state.showLoading('realms');
    try {
      // The first request loads the HTTP client (20-30 ms): let the first frame reach the terminal before that.
      await new Promise((resolve) => setImmediate(resolve));
      const realms = await this.session.realms();
      if (this.form !== form) return;
      this.noteTls(undefined);
      this.problem?.setText('');
      this.realms = realms;
      field.setItems(realms.map((realm) => ({ value: realm.id, label: realm.id, detail: realm.comment ?? realm.type })));
      this.input.realm ??= (realms.find((realm) => realm.isDefault) ?? realms.find((realm) => realm.id === 'pam') ?? realms[0])?.id;
      field.value = this.input.realm;
      state.showReady();
    } catch (error) {
      if (this.form !== form) return;
      // Signing in does not need the list (the realm can be typed with the user: alice@pve). The
      // realm's place says what failed in a line; the whole reason (a certificate to pin) goes above the fields.
      this.noteTls(error);
      const { title, message, request } = describeError(error);
      state.showError({ message: `Could not load the realms: ${lowerFirst(title)}.`, request, retry: () => void this.loadRealms(form) });
      this.problem?.setText(message, 'error');
    }
  }

  // ---------------------------------------------------------------- signing in

  private async signIn(): Promise<LeaveCheck> {
    const form = this.form;
    const host = this.host;
    if (!form || !host) return LeaveCheck.block('The Login step is not shown.');
    const missing = this.missingInput(form);
    if (missing) return missing;
    const password = new Secret(form.field<TextField>('password')?.value ?? '');
    this.setup.rememberSecret(password.reveal());
    const user = qualifiedUser(this.input.user, this.input.realm);
    this.problem?.setText('');
    host.state.showLoading(`the session of ${user}`);
    try {
      const outcome = await this.session.login(user, password);
      const info = outcome.kind === 'authenticated' ? outcome.session : await completeSecondFactor(this.session, host.modals, outcome.challenge);
      if (!info) return this.blocked(host, 'Not signed in: the second factor was cancelled. Enter signs in again.', 'password');
      this.noteTls(undefined);
      this.signedIn(host, info);
      host.state.showReady();
      return LeaveCheck.allow;
    } catch (error) {
      this.noteTls(error);
      return this.blocked(host, describeError(error).message, this.fieldFor(error));
    }
  }

  /** Whether a field the sign-in needs is empty or wrong (the message goes to that field). */
  private missingInput(form: FormLayout): LeaveCheck | undefined {
    if (this.setup.askServer) {
      const parsed = parseServerUrl(this.input.server);
      if (!parsed.ok) return this.atField(form, 'server', parsed.message);
      if (this.session.endpoint?.url !== parsed.url) this.session.useEndpoint({ url: parsed.url, insecure: false });
    }
    if (this.input.user.trim() === '') return this.atField(form, 'user', 'User name: type the user to sign in as (root, or alice@pve)');
    if ((form.field<TextField>('password')?.value ?? '') === '') return this.atField(form, 'password', 'Password: type the password of the user');
    return undefined;
  }

  private atField(form: FormLayout, path: string, message: string): LeaveCheck {
    form.setMessage(path, message);
    return LeaveCheck.block(message, path);
  }

  /** A failed sign-in: the form again, the reason at the field it concerns (or above the fields). */
  private blocked(host: ScreenHost, message: string, field: string | undefined): LeaveCheck {
    if (this.host !== host || !this.form) return LeaveCheck.block(message);
    host.state.showReady();
    const atField = field !== undefined && this.form.field(field) !== undefined;
    if (atField) this.form.setMessage(field, message);
    else this.problem?.setText(message, 'error');
    // The whole reason is on screen; the footer only points at it.
    return LeaveCheck.block(`Not signed in: the reason is shown ${atField ? `at ${this.form.field(field)?.focusName}` : 'above'}.`, atField ? field : undefined);
  }

  /** Wrong credentials belong to the password; a server that cannot be reached to the server field. */
  private fieldFor(error: unknown): string | undefined {
    if (!isProxmoxError(error)) return undefined;
    if (error.kind === 'auth') return 'password';
    if (['network', 'timeout', 'tls'].includes(error.kind)) return this.setup.askServer ? 'server' : undefined;
    return undefined;
  }

  private signedIn(host: ScreenHost, info: SessionInfo): void {
    this.wizard.start(info);
    host.setSession({ cluster: info.clusterName ?? hostOf(this.session.endpoint?.url), user: info.tokenId ?? info.username });
  }
}

/** `root@pam` -> ['root', 'pam']; a user without a realm keeps the realm open. */
function splitUser(user: string): [string, string | undefined] {
  const at = user.lastIndexOf('@');
  return at > 0 ? [user.slice(0, at), user.slice(at + 1)] : [user, undefined];
}

/** `alice` + `pve` -> `alice@pve`; a name typed with its realm is kept. */
function qualifiedUser(user: string, realm: string | undefined): string {
  const trimmed = user.trim();
  return trimmed.includes('@') || !realm ? trimmed : `${trimmed}@${realm}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
