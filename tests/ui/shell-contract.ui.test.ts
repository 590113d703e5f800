/**
 * The parts of the screen contract the step screens lean on beyond moving
 * one step at a time: jumping to a step's field (Confirm's issues, Submit's
 * rejected parameter), a step's own quit question (Submit), a footer message
 * from a screen, a step key that takes over a global key in the footer, and
 * a busy step that suspends the step-changing keys (Submit while creating).
 */
import { FormScreen, type KeyBinding, type ScreenHost } from '../../src/screens/screen-controller';
import type { FormLayout } from '../../src/widgets/form-layout';
import { UiDriver } from './harness/ui-driver';

/** A step with two text fields and whatever keys and quit question the test gives it. */
class Step extends FormScreen {
  host_: ScreenHost | undefined;
  constructor(
    readonly id: string,
    readonly title: string,
    private readonly keys: (step: Step) => KeyBinding[] = () => [],
    private readonly question?: () => string | null | undefined,
  ) {
    super();
  }
  protected build(form: FormLayout, host: ScreenHost): void {
    this.host_ = host;
    form.text(`${this.id}.first`, { label: `${this.title} first` });
    form.text(`${this.id}.second`, { label: `${this.title} second` });
  }
  override bindings(): readonly KeyBinding[] {
    return this.keys(this);
  }
  quitQuestion(): string | null | undefined {
    return this.question?.();
  }
  hasUnsavedInput(): boolean {
    return true;
  }
}

describe('screen contract: jumps, quit questions, flashes, key precedence', () => {
  let ui: UiDriver;
  afterEach(async () => ui?.close());

  it('goTo jumps to a step by id and focuses the field there, without asking the current step', async () => {
    const jump: KeyBinding = { keys: ['C-g'], description: 'Go to A second', group: 'This step', handler: () => void last.host_?.goTo('a', 'a.second') };
    const last = new Step('c', 'C', () => [jump]);
    ui = await UiDriver.start({ steps: [new Step('a', 'A'), new Step('b', 'B'), last] });
    await ui.goTo('C');
    await ui.press('C-g');
    expect(ui.shell.currentStep.id).toBe('a');
    expect(ui.focusedName).toBe('A second');
    expect(await last.host_?.goTo('nowhere')).toBe(false);
  });

  it("asks the step's own quit question, and quits without asking when the step says null", async () => {
    let question: string | null = 'VM 106 exists. Quit anyway? (y/N)';
    ui = await UiDriver.start({ steps: [new Step('a', 'A', undefined, () => question)] });
    await ui.press('C-q');
    expect(await ui.screenText()).toContain('VM 106 exists. Quit anyway? (y/N)');
    await ui.press('n');
    expect(ui.exited).toBeUndefined();
    question = null;
    await ui.press('C-q');
    expect(await ui.waitForExit()).toBe(130);
  });

  it('shows a footer message from a screen until the next key', async () => {
    const step = new Step('a', 'A', (self) => [{ keys: ['C-s'], description: 'Save', group: 'This step', handler: () => self.host_?.flash('Saved the answers to vm.json') }]);
    ui = await UiDriver.start({ steps: [step] });
    await ui.press('C-s');
    expect(await ui.footer()).toContain('Saved the answers to vm.json');
    await ui.press('tab');
    expect(await ui.footer()).not.toContain('Saved');
  });

  it('a busy step suspends Ctrl-N, F10 and Ctrl-P (its own binding on them too): not offered, and pressed they only say why', async () => {
    let busy: string | undefined = 'The VM is being created: wait for the result.';
    let nextPressed = 0;
    const stepNext: KeyBinding = { keys: ['C-n'], description: 'Create another VM', group: 'This step', priority: 9, handler: () => void nextPressed++ };
    const first = new Step('a', 'A');
    const busyStep = Object.assign(new Step('b', 'B', () => [stepNext]), { busyReason: () => busy });
    ui = await UiDriver.start({ steps: [first, busyStep, new Step('c', 'C')] });
    await ui.goTo('B');
    const footer = await ui.footer();
    expect(footer).not.toMatch(/Ctrl-N|Ctrl-P|F10/);
    expect(footer).toContain('Ctrl-C Stop and quit (asks first)');
    expect(footer).toContain('F1 Help');
    for (const key of ['C-n', 'f10', 'C-p']) {
      await ui.press(key);
      expect(ui.shell.currentStep.title).toBe('B');
      expect(await ui.footer()).toContain('The VM is being created: wait for the result.');
    }
    expect(nextPressed).toBe(0);
    await ui.press('f1');
    const help = await ui.screenText();
    expect(help).toMatch(/Ctrl-C\/Ctrl-Q +Stop and quit \(asks first\)/);
    expect(help).not.toMatch(/Ctrl-N|Ctrl-P/);
    await ui.press('escape');
    busy = undefined;
    await ui.press('tab');
    expect(await ui.footer()).toContain('Ctrl-N Create another VM');
    await ui.press('C-n');
    expect(nextPressed).toBe(1);
    await ui.press('C-p');
    expect(ui.shell.currentStep.title).toBe('A');
  });

  it('does not offer Back on the first step, Next step on the last, or Tab where there is one field; pressed, they say why; help lists them all', async () => {
    class OneField extends Step {
      protected override build(form: FormLayout, host: ScreenHost): void {
        this.host_ = host;
        form.text(`${this.id}.only`, { label: `${this.title} only` });
      }
    }
    ui = await UiDriver.start({ steps: [new Step('a', 'A'), new OneField('b', 'B')] });
    let footer = await ui.footer();
    expect(footer).toContain('Ctrl-N Next step');
    expect(footer).toContain('Tab Next field');
    expect(footer).not.toContain('Back');
    await ui.press('C-p');
    expect(await ui.footer()).toContain('This is the first step.');
    await ui.press('C-n');
    footer = await ui.footer();
    expect(footer).toContain('Ctrl-P Back');
    expect(footer).not.toMatch(/Next step|Tab/);
    await ui.press('C-n');
    expect(await ui.footer()).toContain('This is the last step.');
    const help = ui.shell.currentHints('help').map((hint) => hint.description);
    expect(help).toEqual(expect.arrayContaining(['Next field', 'Next step', 'Back']));
  });

  it('lists a step key that takes over a global key instead of the global one', async () => {
    const create: KeyBinding = { keys: ['C-n', 'f10'], description: 'Create the VM', group: 'This step', priority: 9, handler: () => undefined };
    ui = await UiDriver.start({ steps: [new Step('a', 'A', () => [create])] });
    const footer = await ui.footer();
    expect(footer).toContain('Ctrl-N Create the VM');
    expect(footer).not.toContain('Next step');
  });
});
