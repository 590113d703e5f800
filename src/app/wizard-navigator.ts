import type { LeaveCheck, ScreenController, StepDirection } from '../screens/screen-controller';

/** The outcome of a step change. */
export type NavigationResult =
  | { readonly kind: 'moved'; readonly from: number; readonly to: number }
  | { readonly kind: 'blocked'; readonly check: Extract<LeaveCheck, { ok: false }> }
  /** At the first step going back, or the last going next. */
  | { readonly kind: 'edge' }
  /** Another change is still asking canLeave (a double Ctrl-N). */
  | { readonly kind: 'busy' };

/**
 * Walks an ordered list of steps: asks the current step whether it may be
 * left, then lets the shell swap the screens. One change at a time: a second
 * Ctrl-N while the first is still validating (or asking y/N) is ignored.
 */
export class WizardNavigator {
  private index = 0;
  private busy = false;

  /**
   * @param steps the wizard steps, in order (at least one).
   * @param activate swaps the mounted screen from step `from` to step `to`.
   */
  constructor(
    readonly steps: readonly ScreenController[],
    private readonly activate: (from: number, to: number) => void,
  ) {
    if (steps.length === 0) throw new Error('WizardNavigator needs at least one step');
  }

  /** Index of the current step. */
  get currentIndex(): number {
    return this.index;
  }

  /** The current step. */
  get current(): ScreenController {
    return this.steps[this.index];
  }

  /** 1-based position among counted steps, and their count ('General 2/9'); no number for uncounted steps. */
  stepPosition(): { readonly number?: number; readonly count: number } {
    const counted = this.steps.filter((step) => step.countsAsStep !== false);
    const at = counted.indexOf(this.current);
    return { number: at >= 0 ? at + 1 : undefined, count: counted.length };
  }

  /**
   * Go one step in `direction` if the current step allows it. When canLeave
   * answers at once (no dialog, no request), the screens are swapped before
   * this returns, so keys that arrive in the same chunk as Ctrl-N (a paste,
   * a fast typist over a slow link) reach the new step.
   */
  go(direction: StepDirection): Promise<NavigationResult> {
    const to = this.index + (direction === 'next' ? 1 : -1);
    if (to < 0 || to >= this.steps.length) return Promise.resolve({ kind: 'edge' });
    if (this.busy) return Promise.resolve({ kind: 'busy' });
    this.busy = true;
    let check: LeaveCheck | Promise<LeaveCheck>;
    try {
      check = this.current.canLeave(direction);
    } catch (error) {
      this.busy = false;
      return Promise.reject(error);
    }
    if (check instanceof Promise) {
      return check.then(
        (answer) => this.settle(answer, to),
        (error: unknown) => {
          this.busy = false;
          throw error;
        },
      );
    }
    return Promise.resolve(this.settle(check, to));
  }

  /**
   * Go straight to step `to` without asking the current step (the caller
   * decided); false when `to` is not a step or another change is running.
   */
  jumpTo(to: number): boolean {
    if (to < 0 || to >= this.steps.length || this.busy) return false;
    const from = this.index;
    this.index = to;
    this.activate(from, to);
    return true;
  }

  private settle(check: LeaveCheck, to: number): NavigationResult {
    this.busy = false;
    if (!check.ok) return { kind: 'blocked', check };
    const from = this.index;
    this.index = to;
    this.activate(from, to);
    return { kind: 'moved', from, to };
  }
}
