/**
 * In-process, the guard of src/app/terminal-screen.ts: a signal from outside
 * (SIGTERM, SIGHUP, SIGINT, SIGQUIT) ends the app with 128 + its number and
 * the terminal restored (normal screen, cursor shown); the built app is
 * checked in a real terminal by tests/e2e/terminal-safety.e2e.test.ts.
 */
import { UiDriver } from './harness/ui-driver';

describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130],
  ['SIGQUIT', 131],
] as const)('%s from outside', (signal, code) => {
  it(`ends the app with ${code} and restores the terminal`, async () => {
    const ui = await UiDriver.start();
    expect(ui.terminal.onAlternateScreen).toBe(true);
    process.emit(signal, signal);
    expect(await ui.waitForExit()).toBe(code);
    await ui.lines();
    expect(ui.terminal.onAlternateScreen).toBe(false);
    // The cursor is shown again after the last frame (DECTCEM set).
    const output = ui.terminal.rawOutput;
    expect(output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(output.lastIndexOf('\x1b[?25l'));
    await ui.close();
  });
});
