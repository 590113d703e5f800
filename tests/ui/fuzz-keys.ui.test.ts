/**
 * Input fuzzing (fast-check): random key sequences on every screen of the
 * wizard over the service fakes: printable text (wide and combining
 * characters too), control keys, escape sequences (arrows, F-keys, Home/End,
 * PgUp/PgDn, Alt combinations, bracketed paste markers, broken sequences), a
 * 10 KB paste, and resizes from 40x10 to 200x60 (below 80x24 the "too small"
 * notice). After every sequence: the app still runs (no crash, no exit 70),
 * no row is wider than the terminal (the emulator wrapped none, and blessed's
 * own rows fit), and the store's snapshot still decodes.
 *
 * Ctrl-C and Ctrl-Q quit, so a separate property ends each sequence with one:
 * the app asks (and n keeps it running on the same step) or ends with an exit
 * code of docs/cli.md, never 70.
 *
 * Deterministic by default; FUZZ_SEED=n picks another seed, FUZZ_RUNS=n the
 * number of sequences per screen. fast-check prints the seed and the shrunk
 * sequence of a failure.
 */
import * as fc from 'fast-check';
import { decodeWith } from '../../src/shared/decode';
import { WizardSnapshot } from '../../src/workflow/wizard-store';
import { keyBytes } from './harness/fake-terminal';
import { startWizardWithFakes, type FakeWizard } from './fixtures/wizard-app';
import { wizardPages } from './fixtures/wizard-pages';

jest.setTimeout(120_000);

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

/** One thing a user (or their terminal) does. */
type Action = { readonly kind: 'bytes'; readonly bytes: string; readonly label: string } | { readonly kind: 'resize'; readonly cols: number; readonly rows: number };

const bytes = (value: string, label = JSON.stringify(value)): Action => ({ kind: 'bytes', bytes: value, label });

/** Ctrl-A .. Ctrl-Z without the two that quit (C-c, C-q: their own property). */
const CONTROL_KEYS = 'abdefghijklmnoprstuvwxyz'.split('').map((letter) => `C-${letter}`);
const NAMED_KEYS = ['enter', 'tab', 'S-tab', 'escape', 'space', 'backspace', 'delete', 'insert', 'up', 'down', 'left', 'right', 'S-up', 'S-down', 'home', 'end', 'pageup', 'pagedown'];
const FUNCTION_KEYS = Array.from({ length: 12 }, (_, index) => `f${index + 1}`);

/** Text as typed: ASCII mostly, with accents, CJK and emoji (two cells wide), combining marks and tabs. */
const typedText = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) }, { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '中文', '🙂', 'e\u0301', 'ﾊ', '\u200b') }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(''));

/** Escape sequences a terminal sends, some of them cut short or unknown. */
const escapeSequences = fc.oneof(
  fc.constantFrom(...[...NAMED_KEYS, ...FUNCTION_KEYS].map((key) => keyBytes(key))),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).map((char) => `\x1b${char}`), // Alt-<key>
  fc.constantFrom('\x1b[200~', '\x1b[201~', '\x1b[', '\x1bO', '\x1b[1;5C', '\x1b[1;3D', '\x1b[99~', '\x1b[M !!', '\x1b[<0;10;5M'),
);

/** A paste of 10 KB: printable text and newlines, arriving as one chunk (bracketed or not). */
const bigPaste = fc
  .tuple(fc.string({ unit: 'grapheme-ascii', minLength: 64, maxLength: 64 }), fc.boolean())
  .map(([line, bracketed]) => {
    const body = Array.from({ length: 160 }, (_, index) => (index % 3 === 2 ? `${line}\n` : line)).join('');
    return bracketed ? `\x1b[200~${body}\x1b[201~` : body;
  });

/** Sizes around and below the minimum 80x24. */
const resize = fc.record({ cols: fc.integer({ min: 40, max: 200 }), rows: fc.integer({ min: 10, max: 60 }) }).map(({ cols, rows }): Action => ({ kind: 'resize', cols, rows }));

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: typedText.map((text) => bytes(text)) },
  { weight: 6, arbitrary: fc.constantFrom(...NAMED_KEYS).map((key) => bytes(keyBytes(key), key)) },
  { weight: 4, arbitrary: fc.constantFrom(...CONTROL_KEYS).map((key) => bytes(keyBytes(key), key)) },
  { weight: 4, arbitrary: escapeSequences.map((sequence) => bytes(sequence)) },
  { weight: 1, arbitrary: resize },
);

/** A sequence, sometimes with a 10 KB paste in it; sizes go back to 80x24 at the end so the next check reads the usual frame. */
const session = fc
  .tuple(fc.array(action, { minLength: 1, maxLength: 25 }), fc.option(bigPaste, { freq: 4 }), fc.nat())
  .map(([actions, paste, at]) => (paste === null ? actions : [...actions.slice(0, at % (actions.length + 1)), bytes(paste, `paste of ${paste.length} bytes`), ...actions.slice(at % (actions.length + 1))]));

/** The screens, and how to get there: sign in, then Ctrl-N; Submit after creating on Confirm. */
const SCREENS = ['Login', 'General', 'OS', 'System', 'Disks', 'CPU', 'Memory', 'Network', 'Confirm', 'Submit'] as const;

async function appOn(screen: (typeof SCREENS)[number]): Promise<FakeWizard> {
  const app = await startWizardWithFakes();
  if (screen === 'Login') return app;
  await (await wizardPages(app.ui).login()).signIn();
  if (screen === 'Submit') {
    await (await wizardPages(app.ui).confirm()).create();
    return app;
  }
  await app.ui.goTo(screen);
  return app;
}

async function perform(app: FakeWizard, step: Action): Promise<void> {
  if (step.kind === 'resize') return app.ui.resize(step.cols, step.rows);
  app.ui.terminal.send(step.bytes);
  await app.ui.idle();
}

/** The usual size again (a resize costs blessed's 100 ms debounce: only when it changed). */
async function backTo80x24(app: FakeWizard): Promise<void> {
  const { cols, rows } = app.ui.terminal.size;
  if (cols !== 80 || rows !== 24) await app.ui.resize(80, 24);
}

/** What must hold whatever was pressed. */
async function expectIntact(app: FakeWizard): Promise<void> {
  expect(app.ui.exited).toBeUndefined();
  const { cols } = app.ui.terminal.size;
  // blessed's own grid: as many rows as the terminal, none longer than it is wide.
  const cells = (app.ui.shell.screen as unknown as { lines: [unknown, string][][] }).lines;
  expect(cells.length).toBe(app.ui.terminal.size.rows);
  for (const row of cells) expect(row.length).toBeLessThanOrEqual(cols);
  // The emulator wraps a row written past the last column onto the next: none may be.
  const buffer = app.ui.terminal.xterm.buffer.active;
  await app.ui.lines();
  const wrapped = Array.from({ length: app.ui.terminal.xterm.rows }, (_, y) => buffer.getLine(buffer.viewportY + y)?.isWrapped).filter(Boolean);
  expect(wrapped).toEqual([]);
  const store = app.wizard.store;
  if (store) expect(decodeWith(WizardSnapshot, store.snapshot())._tag).toBe('Right');
}

const label = (actions: readonly Action[]): string => actions.map((step) => (step.kind === 'resize' ? `resize ${step.cols}x${step.rows}` : step.label)).join(', ');

describe.each(SCREENS.map((screen) => [screen]))('random keys on %s', (screen) => {
  it(`never crash, never draw past the edge, keep a valid store (${RUNS} sequences, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(session, async (actions) => {
        const app = await appOn(screen);
        try {
          for (const step of actions) await perform(app, step);
          await backTo80x24(app);
          await expectIntact(app);
        } finally {
          await app.ui.close();
          app.wizard.dispose();
        }
      }),
      { numRuns: RUNS, seed: SEED, examples: [], reporter: failureReporter },
    );
  });
});

describe.each([['Login'], ['General'], ['Network'], ['Confirm'], ['Submit']] as const)('quitting from %s after random keys', (screen) => {
  it(`Ctrl-C / Ctrl-Q ask or quit with an exit code of docs/cli.md; n goes on (${RUNS} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 10 }), fc.constantFrom('C-c', 'C-q'), async (actions, quit) => {
        const app = await appOn(screen);
        try {
          for (const step of actions) await perform(app, step);
          await backTo80x24(app);
          const before = app.ui.shell.currentStep.title;
          await app.ui.press(quit);
          if (app.ui.exited === undefined) {
            expect(await app.ui.screenText()).toMatch(/\(y\/N\)/);
            await app.ui.press('n');
            expect(app.ui.exited).toBeUndefined();
            expect(app.ui.shell.currentStep.title).toBe(before);
            await app.ui.press(quit, 'y');
          }
          expect([0, 1, 4, 130]).toContain(await app.ui.waitForExit());
        } finally {
          await app.ui.close();
          app.wizard.dispose();
        }
      }),
      { numRuns: RUNS, seed: SEED, reporter: failureReporter },
    );
  });
});

/** On failure: fast-check's report (seed, path, counterexample) with the keys spelled out. */
function failureReporter<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const example = details.counterexample as unknown[] | null;
  const actions = Array.isArray(example?.[0]) ? label(example[0] as Action[]) : JSON.stringify(example);
  throw new Error(`${fc.defaultReportMessage(details)}\nkeys: ${actions}\nrerun with FUZZ_SEED=${details.seed}`);
}
