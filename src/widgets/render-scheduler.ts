import { Emitter, type Event } from '../shared/emitter';

/**
 * Coalesces render requests: any number of changes in one turn of the event
 * loop (a pasted string is hundreds of key presses in one turn) cost one
 * frame. blessed then writes only the cells that changed.
 */
export class RenderScheduler {
  private scheduled = false;
  private disposed = false;
  private readonly didRender = new Emitter<void>();

  /** Fires after each frame is drawn (the UI test driver waits for it). */
  readonly onDidRender: Event<void> = this.didRender.event;

  /**
   * @param render draws one frame (the app passes `() => screen.render()`).
   * @param defer runs a callback soon, after the current input is handled.
   */
  constructor(
    private readonly render: () => void,
    private readonly defer: (callback: () => void) => void = (callback) => void setImmediate(callback),
  ) {}

  /** True while a frame is requested and not yet drawn. */
  get pending(): boolean {
    return this.scheduled;
  }

  /** Ask for a frame; several asks before it is drawn give one frame. */
  request(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    this.defer(() => this.flush());
  }

  /** Draw now if a frame is pending (for orderly shutdown and tests). */
  flush(): void {
    if (!this.scheduled || this.disposed) return;
    this.scheduled = false;
    this.render();
    this.didRender.fire();
  }

  /** Stop drawing (the screen is about to be destroyed). */
  dispose(): void {
    this.disposed = true;
    this.didRender.dispose();
  }
}
