/**
 * How bin/pve-vm-tui.js starts the program: V8 tuned for a short interactive
 * session, then the bundle (dist/bundle/pve-vm-tui.js) through the code cache
 * (src/code-cache.ts). docs/benchmarks.md has the figures behind each choice.
 */
import * as v8 from 'node:v8';
import { runBundle } from './code-cache';

/**
 * Measured over a walkthrough and create: peak RSS 100 -> 84 MB.
 * - No optimizing compilers (Turbofan; Maglev, which newer Node versions turn
 *   on): a wizard session never runs long enough to win back what their
 *   compile jobs cost in memory and CPU time. Keystrokes stay well inside
 *   their budget (typing into the 5,000-ISO filter: p50 about 3 ms, p99
 *   about 10 ms, against 5 and 16).
 * - The young generation keeps its size: V8 doubles it whenever a scavenge
 *   finds it busy, up to 16 MB per semi-space, which only raises the peak
 *   RSS; the app keeps far less than that short-lived.
 * They are set once start-up is done (the first frame is drawn, and our code
 * cache written), not before: V8 only accepts a code cache made under the
 * same flags, and that includes the cache of Node's own modules built into
 * the binary, so flags set at the start made every start about 25 ms slower
 * (https, tls, ... compiled from source). Start-up runs no code long enough
 * for either setting to matter.
 * The benchmarks' in-process keystroke runs use the same list.
 */
export const V8_FLAGS: readonly string[] = ['--no-turbofan', '--no-maglev', '--semi-space-growth-factor=1'];

export function launch(bundlePath: string): void {
  runBundle(bundlePath, { onStarted: tuneV8 });
}

function tuneV8(): void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
