import type { KeyBinding, LeaveCheck, ScreenController, ScreenHost } from '../screens/screen-controller';
import { LeaveCheck as Leave } from '../screens/screen-controller';
import { textBox } from '../widgets/placement';
import { wrap } from '../widgets/text';

/**
 * Shown when no wizard steps are registered (`WizardScreens` unbound): the
 * shell still runs, so the terminal handling can be tried before the step
 * screens exist.
 */
export class PlaceholderScreen implements ScreenController {
  readonly id = 'placeholder';
  readonly title = 'Login';

  /** @param server where the app would connect, in words. */
  constructor(private readonly server: string) {}

  mount(host: ScreenHost): void {
    const text = `Server: ${this.server}\n\nThe wizard's step screens are not registered in this build, so there is nothing to fill in yet.\n\nCtrl-Q or Ctrl-C quits. F1 shows the keys.`;
    const box = textBox({ parent: host.body, top: 1, left: 0, width: '100%', height: '100%-1' });
    const width = Math.max(20, Number(host.body.width) - 2);
    box.setContent(wrap(text, width).map((line) => host.ui.theme.paint('text', line)).join('\n'));
  }

  unmount(): void {
    // The host destroys the text box with the body's children.
  }

  focusField(): boolean {
    return false;
  }

  bindings(): readonly KeyBinding[] {
    return [];
  }

  canLeave(): LeaveCheck {
    return Leave.block('Nothing comes after this placeholder step.');
  }

  hasUnsavedInput(): boolean {
    return false;
  }
}
