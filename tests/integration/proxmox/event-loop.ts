/** Let pending I/O (a background renewal's request, a socket closing) finish: turns of the event loop, never wall-clock time. */
export async function settle(condition: () => boolean, turns = 2000): Promise<void> {
  for (let turn = 0; turn < turns && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('the condition did not come true');
}
