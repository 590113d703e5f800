/**
 * How bin/pve-vm-tui.js starts the program: V8 tuned for a short interactive
 * session, then the bundle (dist/bundle/pve-vm-tui.js) through the code cache
 * (src/code-cache.ts). docs/benchmarks.md has the figures behind each choice.
 */
import * as v8 from 'node:v8';
import { runBundle } from './code-cache';

/**
 * Measured over a walkthrough and create (peak RSS 97 -> 77 MB in all):
 * - No optimizing compilers (Turbofan; Maglev, which newer Node versions turn
 *   on): a wizard session never runs long enough to win back what they cost.
 *   Peak RSS 92 -> 77 MB, CPU time 0.6 -> 0.45 s, and keystrokes still well
 *   inside their budget (typing into the 5,000-ISO filter: p50 0.7 -> 2.6 ms,
 *   p99 5.5 -> 6.1 ms).
 * - The young generation keeps its initial size: V8 doubles it whenever a
 *   scavenge finds it busy, up to 16 MB per semi-space, which only raised the
 *   peak RSS (97 -> 92 MB); the app keeps far less than that short-lived.
 * The benchmarks' in-process runs use the same list.
 */
export const V8_FLAGS: readonly string[] = ['--no-turbofan', '--no-maglev', '--semi-space-growth-factor=1'];

export function launch(bundlePath: string): void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  runBundle(bundlePath);
}
