import type { Disposable } from '../shared/emitter';

const FRAMES = ['|', '/', '-', '\\'];
const FRAME_MS = 120;

/**
 * A one-character spinner. It ticks only while started and only when
 * animations are on (tests turn them off so snapshots are stable); its timer
 * never keeps the process alive.
 */
export class Spinner implements Disposable {
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param animate false: the spinner stands still.
   * @param onTick called on each frame (the owner redraws).
   */
  constructor(
    private readonly animate: boolean,
    private readonly onTick: () => void,
  ) {}

  /** The current frame's character. */
  get glyph(): string {
    return FRAMES[this.frame];
  }

  /** Start ticking (no-op when animations are off or already started). */
  start(): void {
    if (!this.animate || this.timer) return;
    this.timer = setInterval(() => {
      this.frame = (this.frame + 1) % FRAMES.length;
      this.onTick();
    }, FRAME_MS);
    this.timer.unref();
  }

  /** Stop ticking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stop for good. */
  dispose(): void {
    this.stop();
  }
}
