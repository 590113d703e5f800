/**
 * Keystroke to frame, and bytes to the terminal, measured in-process on the
 * whole app (real screens, services, client) against the simulated cluster,
 * on the UI test harness' fake 80x24 terminal (tests/ui/harness).
 *
 * - Latency: from writing a key's bytes to the app's input to the last write
 *   of the frame it causes (blessed flushes a frame in one write). Typing
 *   into the ISO list's filter with the 5,000 ISOs of
 *   mocks/scenarios/large-lists.json, and moving through its 2,000 tags in
 *   the General step's tag list.
 * - Bytes: a key typed into a text field (General's Name), and each step
 *   change (Ctrl-N from General to Confirm, once the step's data is shown)
 *   on the default demo cluster.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../../mocks/simulator';
import { keyBytes } from '../../tests/ui/harness/fake-terminal';
import type { UiDriver } from '../../tests/ui/harness/ui-driver';
import { startWizardWithSimulator, until } from '../../tests/ui/fixtures/wizard-app';
import type { BenchResult } from './result';
import { ROOT } from './simulator-process';
import { fixed, median, percentile } from './stats';

const LARGE_LISTS = path.join(ROOT, 'mocks/scenarios/large-lists.json');
/** Typed into the ISO filter and erased again, several times over. */
const ISO_FILTER_TEXT = 'nixos-minimal-25.05';

/** Times every write the app makes to its terminal. */
class WriteClock {
  private last = 0;

  constructor(ui: UiDriver) {
    const output = ui.terminal.output;
    const write = output.write.bind(output) as (...args: unknown[]) => boolean;
    output.write = ((...args: unknown[]) => {
      this.last = performance.now();
      return write(...args);
    }) as typeof output.write;
  }

  /** Milliseconds from sending `key` to the last frame it caused (0 when it drew nothing). */
  async press(ui: UiDriver, key: string): Promise<number> {
    this.last = 0;
    const sent = performance.now();
    ui.terminal.send(keyBytes(key));
    await ui.idle();
    return this.last === 0 ? 0 : this.last - sent;
  }
}

const isLoading = async (ui: UiDriver): Promise<boolean> => (await ui.screenText()).includes('Loading ');

async function signIn(ui: UiDriver): Promise<void> {
  await ui.press('enter');
  await until(ui, async () => ui.shell.currentStep.title === 'General' && !(await isLoading(ui)), 'the General step after signing in');
}

/** Keys into the ISO list's filter: type the text, erase it, several rounds. */
async function isoFilterLatencies(ui: UiDriver, clock: WriteClock, rounds: number): Promise<number[]> {
  const os = await ui.step('OS');
  await until(ui, async () => !(await isLoading(ui)), 'the ISO list');
  await os.field('ISO image').focus();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const char of ISO_FILTER_TEXT) times.push(await clock.press(ui, char));
    for (let erase = 0; erase < ISO_FILTER_TEXT.length; erase++) times.push(await clock.press(ui, 'backspace'));
  }
  return times;
}

/** Down through the General step's list of existing tags (Down opens it, Esc closes it). */
async function tagListLatencies(ui: UiDriver, clock: WriteClock, moves: number): Promise<number[]> {
  const general = await ui.step('General');
  await general.field('Tags').focus();
  await ui.press('down');
  if (!ui.shell.layers.top) throw new Error('Down on Tags did not open the list of existing tags');
  const times: number[] = [];
  for (let move = 0; move < moves; move++) times.push(await clock.press(ui, 'down'));
  await ui.press('escape');
  return times;
}

function latencyResults(title: string, times: number[]): BenchResult[] {
  const detail = `${times.length} keys, max ${fixed(Math.max(...times))} ms`;
  return [
    { group: 'Keys', title: `${title}: p50`, measured: percentile(times, 50), target: 5, unit: 'ms', detail },
    { group: 'Keys', title: `${title}: p99`, measured: percentile(times, 99), target: 16, unit: 'ms', detail },
  ];
}

export async function benchKeyLatency(rounds: number): Promise<BenchResult[]> {
  const scenario = JSON.parse(fs.readFileSync(LARGE_LISTS, 'utf8')) as Scenario;
  const wizard = await startWizardWithSimulator({ scenario });
  try {
    const clock = new WriteClock(wizard.ui);
    await signIn(wizard.ui);
    const tags = await tagListLatencies(wizard.ui, clock, 100 * rounds);
    const isos = await isoFilterLatencies(wizard.ui, clock, rounds);
    return [...latencyResults('Typing into the ISO filter, 5,000 ISOs', isos), ...latencyResults('Moving through 2,000 tags', tags)];
  } finally {
    await wizard.close();
  }
}

/** Bytes written while `action` runs and the app settles. */
async function bytesOf(ui: UiDriver, action: () => Promise<void>): Promise<number> {
  const before = ui.terminal.bytesWritten;
  await action();
  return ui.terminal.bytesWritten - before;
}

export async function benchBytes(): Promise<BenchResult[]> {
  const wizard = await startWizardWithSimulator({});
  const ui = wizard.ui;
  try {
    await signIn(ui);
    const name = (await ui.step('General')).field('Name');
    await name.focus();
    const perKey: number[] = [];
    for (const char of 'web-server-01') perKey.push(await bytesOf(ui, () => ui.press(char)));
    const perStep: { step: string; bytes: number }[] = [];
    while (ui.shell.currentStep.title !== 'Confirm') {
      const bytes = await bytesOf(ui, async () => {
        await ui.press('C-n');
        await until(ui, async () => !(await isLoading(ui)), `the ${ui.shell.currentStep.title} step's data`);
      });
      perStep.push({ step: ui.shell.currentStep.title, bytes });
    }
    const largest = perStep.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    return [
      { group: 'Bytes', title: 'A key typed into a text field (median)', measured: median(perKey), target: 200, unit: 'bytes', detail: `${perKey.length} keys, max ${Math.max(...perKey)} B` },
      {
        group: 'Bytes',
        title: 'A step change at 80x24 (largest)',
        measured: largest.bytes,
        target: 6 * 1024,
        unit: 'bytes',
        detail: perStep.map((step) => `${step.step} ${step.bytes}`).join(', '),
      },
    ];
  } finally {
    await wizard.close();
  }
}
