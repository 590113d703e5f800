/**
 * The headless UI driver: the real app entry (startInteractive) on a fake
 * terminal, driven by key presses, read back as screen text. Page objects
 * (`ui.step('Network').field('Bridge').select('vmbr9')`) are in
 * page-objects.ts; screens tests extend them.
 *
 *   const ui = await UiDriver.start({ steps: [new GeneralScreen(...)], cols: 80, rows: 24 });
 *   await ui.press('tab');
 *   await ui.type('web-1');
 *   expect(await ui.screenText()).toMatchSnapshot();
 *   await ui.close();
 */
import 'reflect-metadata';
import { PassThrough } from 'node:stream';
import { Container } from 'inversify';
import { AppConfig } from '../../../src/config/app-config';
import type { AppShell } from '../../../src/app/app-shell';
import { type InteractiveSession, startInteractive } from '../../../src/app/run-interactive';
import { type ScreenController, WizardScreens } from '../../../src/screens/screen-controller';
import type { Focusable } from '../../../src/widgets/widget';
import { FakeTerminal, keyBytes } from './fake-terminal';
import { StepPage } from './page-objects';

/** How to start the app under test. */
export interface UiOptions {
  /** The wizard steps (omit for the placeholder step the app shows without screens). */
  readonly steps?: readonly ScreenController[];
  /** Terminal size (default 80x24). */
  readonly cols?: number;
  readonly rows?: number;
  /** Extra environment (NO_COLOR, TERM). TERM defaults to xterm-256color. */
  readonly env?: NodeJS.ProcessEnv;
  /** The app config (default: the demo server, no credentials). */
  readonly config?: Partial<AppConfig>;
  /** More bindings for the container (services the steps resolve). */
  readonly bind?: (container: Container) => void;
}

/** A minimal config: the demo server and defaults everywhere. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    server: { kind: 'demo' },
    tls: { insecure: false },
    credentials: { kind: 'password' },
    wizard: { yes: false, dryRun: false, output: 'text' },
    sources: {},
    warnings: [],
    ...overrides,
  };
}

/** Rounds of the event loop `idle()` waits at most before giving up (a render loop would be a bug). */
const MAX_IDLE_ROUNDS = 200;

/** The running app on a fake terminal. */
export class UiDriver {
  private exitCode: number | undefined;

  private constructor(
    /** The fake terminal (bytes, raw output, emulator). */
    readonly terminal: FakeTerminal,
    private readonly session: InteractiveSession,
    /** The container the app was built from. */
    readonly container: Container,
    private readonly stderrChunks: string[],
  ) {
    void session.exited.then((code) => (this.exitCode = code));
  }

  /** What the app wrote to stderr (after the terminal was restored). */
  get stderr(): string {
    return this.stderrChunks.join('');
  }

  /** Start the app and wait for its first frame. */
  static async start(options: UiOptions = {}): Promise<UiDriver> {
    const terminal = new FakeTerminal(options.cols ?? 80, options.rows ?? 24);
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(AppConfig).toConstantValue(testConfig(options.config));
    if (options.steps) container.bind(WizardScreens).toConstantValue(options.steps);
    options.bind?.(container);
    const stderr = new PassThrough();
    const stderrChunks: string[] = [];
    stderr.on('data', (data: Buffer) => stderrChunks.push(data.toString('utf8')));
    const io = { env: { TERM: 'xterm-256color', ...options.env }, stdin: terminal.input, stdout: terminal.output, stderr };
    const session = startInteractive(container, io, { animations: false });
    if (typeof session === 'number') throw new Error(`the app refused to start (exit code ${session})`);
    const driver = new UiDriver(terminal, session, container, stderrChunks);
    await driver.idle();
    return driver;
  }

  /** The app shell (for what the screen cannot tell: which field has the focus). */
  get shell(): AppShell {
    return this.session.shell;
  }

  /** The exit code once the app has ended, else undefined. */
  get exited(): number | undefined {
    return this.exitCode;
  }

  /** Resolves with the exit code when the app ends. */
  waitForExit(): Promise<number> {
    return this.session.exited;
  }

  /** Press keys one after another (blessed names: 'tab', 'S-tab', 'C-n', 'f10', 'escape', 'enter', 'a'). */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.terminal.send(keyBytes(key));
      await this.idle();
    }
  }

  /** Type text one key at a time, as a person does. */
  async type(text: string): Promise<void> {
    for (const char of text) {
      this.terminal.send(char);
      await this.idle();
    }
  }

  /** Paste text: it arrives as one chunk, as a terminal delivers a paste. */
  async paste(text: string): Promise<void> {
    this.terminal.send(text);
    await this.idle();
  }

  /** Resize the terminal and wait for the app to redraw. */
  async resize(cols: number, rows: number): Promise<void> {
    const screen = this.shell.screen;
    const resized = new Promise<void>((resolve) => screen.once('resize', () => resolve()));
    this.terminal.resize(cols, rows);
    await resized;
    await this.idle();
  }

  /**
   * Wait until the app is idle: pending promises settled, no frame
   * requested, blessed's output buffer flushed, the emulator caught up.
   */
  async idle(): Promise<void> {
    // blessed buffers output until the next tick; '_buf' is what is still unwritten.
    const program = this.shell.screen.program as unknown as { _buf: string };
    let quietRounds = 0;
    for (let round = 0; round < MAX_IDLE_ROUNDS && quietRounds < 3; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const busy = this.exitCode === undefined && (this.shell.scheduler.pending || program._buf !== '');
      quietRounds = busy ? 0 : quietRounds + 1;
    }
    await new Promise<void>((resolve) => this.terminal.xterm.write('', resolve));
  }

  /** The screen as the emulator shows it, one string per row. */
  lines(): Promise<string[]> {
    return this.terminal.screenLines();
  }

  /** The screen as one string (rows joined with newlines): what snapshots compare. */
  async screenText(): Promise<string> {
    return (await this.lines()).join('\n');
  }

  /** The screen from blessed's own cell buffer (what blessed believes it drew). */
  cellText(): string {
    const lines = (this.shell.screen as unknown as { lines: [unknown, string][][] }).lines;
    return lines.map((row) => row.map((cell) => cell[1]).join('').trimEnd()).join('\n');
  }

  /** The footer line as shown. */
  async footer(): Promise<string> {
    const lines = await this.lines();
    return lines[lines.length - 1];
  }

  /** The focused field or button: in the open dialog when there is one (a form dialog has its own Tab order), else on the step. */
  get focused(): Focusable | undefined {
    const layer = this.shell.layers.top as unknown as { ring?: { current?: Focusable } } | undefined;
    return layer?.ring ? layer.ring.current : this.shell.focused;
  }

  /** The name of the focused field or button (in the open dialog, if any). */
  get focusedName(): string | undefined {
    return this.focused?.focusName;
  }

  /** The page object of a step; navigates there with Ctrl-N / Ctrl-P first if needed. */
  async step(title: string): Promise<StepPage> {
    await this.goTo(title);
    return new StepPage(this, title);
  }

  /** Move with Ctrl-N / Ctrl-P until `title` is the current step; fails when a step blocks. */
  async goTo(title: string): Promise<void> {
    const steps = this.shell.steps;
    const target = steps.findIndex((step) => step.title === title);
    if (target < 0) throw new Error(`no step "${title}"; steps: ${steps.map((step) => step.title).join(', ')}`);
    for (let guard = 0; guard < steps.length && this.shell.currentStep.title !== title; guard++) {
      const before = this.shell.currentStep;
      const here = steps.indexOf(before);
      await this.press(here < target ? 'C-n' : 'C-p');
      if (this.shell.currentStep === before) throw new Error(`cannot leave "${before.title}": ${(await this.footer()).trim()}`);
    }
  }

  /** End the app (as if quitting without a question) and free the terminal. */
  async close(): Promise<void> {
    if (this.exitCode === undefined) this.shell.exit(130);
    await this.session.exited;
    this.terminal.dispose();
  }
}
