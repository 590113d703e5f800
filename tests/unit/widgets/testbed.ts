/**
 * A headless screen for widget tests (toolchain.md section 4): the app's
 * screen factory on a fake terminal, a widget context, a Tab order, and a
 * tiny key router (layers first, then the focused widget, then Tab) so a
 * widget is driven by real key bytes, as in the app.
 */
import type { Widgets } from 'blessed';
import { createTerminalScreen } from '../../../src/app/terminal-screen';
import { FocusRing } from '../../../src/widgets/focus-ring';
import { normaliseKeyPress } from '../../../src/widgets/keys';
import { LayerStack } from '../../../src/widgets/layer-stack';
import { RenderScheduler } from '../../../src/widgets/render-scheduler';
import { createTheme } from '../../../src/widgets/theme';
import type { Focusable, WidgetContext } from '../../../src/widgets/widget';
import { FakeTerminal, keyBytes } from '../../ui/harness/fake-terminal';

/** Options of a testbed. */
export interface TestbedOptions {
  readonly cols?: number;
  readonly rows?: number;
  /** NO_COLOR theme. */
  readonly monochrome?: boolean;
}

/** A screen, a widget context and a Tab order on a fake terminal. */
export class WidgetTestbed {
  /** Tab order of the widgets under test. */
  readonly ring = new FocusRing();
  /** Open layers. */
  readonly layers = new LayerStack();
  /** The widget context to build widgets with. */
  readonly ctx: WidgetContext;
  /** The screen (parent for widgets). */
  readonly screen: Widgets.Screen;
  /** The fake terminal. */
  readonly terminal: FakeTerminal;
  private readonly scheduler: RenderScheduler;
  /** Keys no widget used (what the app would give to bindings). */
  readonly unhandled: string[] = [];

  constructor(options: TestbedOptions = {}) {
    this.terminal = new FakeTerminal(options.cols ?? 80, options.rows ?? 24);
    this.screen = createTerminalScreen({ env: { TERM: 'xterm-256color' }, input: this.terminal.input, output: this.terminal.output });
    this.scheduler = new RenderScheduler(() => this.screen.render());
    this.ctx = {
      theme: createTheme({ monochrome: options.monochrome ?? false }),
      layers: this.layers,
      animations: false,
      requestRender: () => this.scheduler.request(),
    };
    this.screen.on('keypress', (ch: string | undefined, key: Parameters<typeof normaliseKeyPress>[1]) => {
      const press = normaliseKeyPress(ch, key);
      if (!press) return;
      if (this.layers.handleKey(press)) return;
      if (this.ring.current?.handleKey(press)) return;
      if (press.full === 'tab') this.ring.next();
      else if (press.full === 'S-tab') this.ring.previous();
      else this.unhandled.push(press.full);
      this.scheduler.request();
    });
  }

  /** Add `widget` to the Tab order and return it. */
  add<F extends Focusable>(widget: F): F {
    this.ring.add(widget);
    return widget;
  }

  /** Give `widget` the focus. */
  async focus(widget: Focusable): Promise<void> {
    this.ring.focus(widget);
    await this.idle();
  }

  /** Press named keys one by one. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.terminal.send(keyBytes(key));
      await this.idle();
    }
  }

  /** Type text key by key. */
  async type(text: string): Promise<void> {
    for (const char of text) {
      this.terminal.send(char);
      await this.idle();
    }
  }

  /** Draw and wait until the output reached the emulator. */
  async idle(): Promise<void> {
    this.scheduler.request();
    const program = this.screen.program as unknown as { _buf: string };
    for (let round = 0; round < 10 && (round < 2 || this.scheduler.pending || program._buf !== ''); round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await new Promise<void>((resolve) => this.terminal.xterm.write('', resolve));
  }

  /** The screen rows as the emulator shows them. */
  async lines(): Promise<string[]> {
    await this.idle();
    return this.terminal.screenLines();
  }

  /** Screen rows joined, trailing empty rows dropped (compact snapshots). */
  async text(): Promise<string> {
    const lines = await this.lines();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /** Destroy the screen (jest must exit cleanly). */
  destroy(): void {
    this.ring.dispose();
    this.layers.dispose();
    this.scheduler.dispose();
    this.screen.destroy();
    this.terminal.dispose();
  }
}
