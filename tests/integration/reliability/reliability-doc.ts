/**
 * docs/reliability.md, built from the fault matrix the tests run
 * (fault-matrix.ts) and the list of the other guarantees with the test that
 * proves each. scripts/generate-reliability-doc.ts writes it;
 * reliability-doc.int.test.ts fails when it is stale or names a test file
 * that does not exist.
 */
import { FAULT_KINDS, KINDS, MATRIX, sessionEndedWords, uiCell, yesCell, type FaultKind, type MatrixRow, type MessageRule, type UiCell, type YesCell } from './fault-matrix';

/** The app's words for each kind, with `<request>` for the request and `<server>` for host:port. */
const WORDS: Readonly<Record<FaultKind, string>> = {
  refused: 'Could not reach <server> for <request> (connection refused); check the address and that the server is running, then try again.',
  reset: 'Could not reach <server> for <request> (the connection dropped in the middle of the answer); check the address and ...',
  timeout: '<server> did not answer <request> within N s; check the network and that the server is up, then try again.',
  'server-error': "The server could not complete <request>: cfs-lock 'file-user_cfg' error: got lock request timeout (HTTP 500); check the message, then try again.",
  'session-ended': '(see sessionEndedWords)',
  forbidden: 'Permission denied for <request>: the user lacks <privilege> on <path>; ask an administrator to grant it.',
  malformed: "The server's answer to <request> is not JSON (HTTP 200); check that the URL points at the Proxmox VE API (https://host:8006).",
  'wrong-shape': "The server's answer to <request> was not understood (<where and what>); check that the URL points at a Proxmox VE 8 or 9 API.",
};

/** One guarantee of issue 8 beyond the matrix, and the tests that prove it. */
export interface Guarantee {
  readonly what: string;
  readonly provedBy: readonly string[];
}

/** Every guarantee with its proof; the test checks that each file exists. */
export const GUARANTEES: readonly Guarantee[] = [
  {
    what: 'The fault matrix: every endpoint x every fault, interactively and with --yes; the rows are exactly the endpoints of PveApi (src/proxmox/api-calls.ts) and the steps of the request plan, so a new endpoint fails the tests until it has its row.',
    provedBy: ['tests/ui/fault-matrix.ui.test.ts', 'tests/integration/reliability/fault-matrix-unattended.int.test.ts'],
  },
  {
    what: "Create sequence: a create whose answer is lost is looked for on the cluster (its task, then the VM) and never sent twice; what cannot be confirmed is 'unknown' (exit 1) naming the VM ID and node; resume checks before creating; a failed create task is checked to have left nothing.",
    provedBy: ['tests/unit/services/proxmox-provisioning-service.test.ts', 'tests/integration/unattended/failures.int.test.ts', 'tests/ui/wizard-submit.ui.test.ts'],
  },
  {
    what: 'Session: tickets are renewed before they expire, one renewal for requests due together; a ticket past its lifetime is never posted; a session the server ends asks for the password once, over the current step, and keeps everything.',
    provedBy: ['tests/integration/proxmox/renewal.int.test.ts', 'tests/ui/wizard-navigation.ui.test.ts', 'tests/ui/wizard-submit.ui.test.ts'],
  },
  {
    what: 'Input fuzzing: random keys (printable, control, escape sequences, a 10 KB paste, resizes down to the too-small notice) on every screen never crash the app, never draw a line wider than the terminal, and leave a store snapshot that decodes; Ctrl-C / Ctrl-Q always ask or quit cleanly.',
    provedBy: ['tests/ui/fuzz-keys.ui.test.ts'],
  },
  {
    what: 'Random answers files (wrong types, unknown keys, out-of-range numbers, huge strings, deep nesting) through --dry-run end with 0 or with 2 and a message naming the path; never a crash.',
    provedBy: ['tests/integration/unattended/fuzz-answers.int.test.ts'],
  },
  {
    what: 'Secrets: a whole interactive session as the TFA user with --log-file, and a --yes run with a token and --log-file; the logs, the saved answers files, every snapshot, cassette and doc hold no password, TOTP secret, token secret, ticket or CSRF token (the values the simulator issued, and their shapes).',
    provedBy: ['tests/ui/secrets-session.ui.test.ts', 'tests/integration/services/secrets-scan.int.test.ts'],
  },
  {
    what: "TLS: a self-signed server without trust is refused before any request byte, with its fingerprint and the exact --fingerprint to pin it (exit 3 with --yes; on the Login step, where c prints the command to copy on the terminal's own screen); --fingerprint and --ca-file (a CA and its leaf) work; a certificate that changed after pinning is refused naming both fingerprints (with --yes, and mid-wizard).",
    provedBy: ['tests/integration/security/tls.int.test.ts', 'tests/ui/tls-login.ui.test.ts', 'tests/integration/proxmox/tls.int.test.ts'],
  },
  {
    what: 'Config file: a profile that holds a secret and is readable by others is refused (exit 2, nothing sent); saved answers files never hold a secret.',
    provedBy: ['tests/integration/security/config-file.int.test.ts', 'tests/ui/secrets-session.ui.test.ts'],
  },
  {
    what: 'Terminal: after SIGTERM, SIGHUP, SIGINT and an uncaught exception the built app exits with 143, 129, 130 and 70, and leaves the terminal sane (normal screen, icanon echo isig, cursor shown, no mouse mode), in tmux; quitting normally restores it too.',
    provedBy: ['tests/e2e/terminal-safety.e2e.test.ts', 'scripts/e2e-terminal-safety.sh', 'tests/ui/terminal-restore.ui.test.ts', 'tests/e2e/tmux.e2e.test.ts'],
  },
];

/** The files GUARANTEES names. */
export function provingFiles(): string[] {
  return [...new Set(GUARANTEES.flatMap((guarantee) => guarantee.provedBy))];
}

/** The words of a cell, `<request>` filled in; refused on parallel reads names whichever request went first. */
function words(kind: FaultKind, row: MatrixRow, rule: MessageRule): string {
  if (rule === 'none') return '';
  if (typeof rule === 'object') return `"${rule.reads}"`;
  const request = rule === 'endpoint' ? row.endpoint : '<whichever request went first>';
  const template = kind === 'session-ended' ? sessionEndedWords(row) : WORDS[kind];
  const text = `"${template.replace('<request>', request).replace('<privilege>', row.forbidden.privilege).replace('<path>', row.forbidden.path)}"`;
  return rule === 'any-endpoint' && kind === 'refused' ? `${text} (a request already on its way: "connection reset")` : text;
}

/** Where a row's failures show interactively when a cell does not say otherwise (its first cell that fails). */
function usualUiCell(row: MatrixRow): UiCell | undefined {
  const cell = uiCell(row, 'server-error');
  return 'notCalled' in cell ? undefined : cell;
}

/** The interactive cell, said only where it differs from the row's usual. */
function uiText(row: MatrixRow, kind: FaultKind): string {
  const cell = uiCell(row, kind);
  if ('notCalled' in cell) return 'not called';
  const usual = usualUiCell(row);
  const parts: string[] = [];
  if (cell.result) parts.push(cell.result);
  if (cell.screen !== usual?.screen) parts.push(`on **${cell.screen}**`);
  if (cell.place !== usual?.place) parts.push(cell.place);
  if (cell.recovery !== usual?.recovery || cell.result) parts.push(`then: ${cell.recovery}`);
  return parts.length ? parts.join('; ') : 'as above';
}

/** The words the user reads: the same interactively and on stderr, except where the interactive cell shows none. */
function wordsText(row: MatrixRow, kind: FaultKind): string {
  const ui = uiCell(row, kind);
  const yes = yesCell(row, kind);
  const rule = !('notCalled' in yes) ? yes.message : !('notCalled' in ui) ? ui.message : 'none';
  return words(kind, row, rule) || '(no error)';
}

function yesText(row: MatrixRow, kind: FaultKind): string {
  const cell: YesCell = yesCell(row, kind);
  if ('notCalled' in cell) return 'not called';
  return `exit ${cell.exit}${cell.status ? `, ${cell.status}` : ''}`;
}

/** Why cells of a row differ from their rule. */
function notes(row: MatrixRow): string[] {
  const lines: string[] = [];
  for (const kind of FAULT_KINDS) {
    const ui = uiCell(row, kind);
    const yes = yesCell(row, kind);
    const why = [!('notCalled' in ui) ? ui.why : undefined, 'why' in yes ? yes.why : undefined].filter((text): text is string => Boolean(text));
    for (const text of new Set(why)) lines.push(`- ${KINDS[kind].label}: ${text}.`);
  }
  return lines;
}

/** Table cells may not hold a pipe or a line break. */
const cellText = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** What a row is and where its failures usually show, before its table. */
function rowIntro(row: MatrixRow): string {
  const usual = usualUiCell(row);
  const interactive = usual ? `Interactively: **${usual.screen}**, ${usual.place}; then: ${usual.recovery}.` : `Interactively: not called (${row.uiNotCalled}).`;
  const yes = yesCell(row, 'server-error');
  const unattended = 'notCalled' in yes ? ` --yes: not called (${yes.notCalled}).` : '';
  return `PveApi.${row.api}${row.planStep ? ` (plan step ${row.planStep})` : ''}: ${row.usedFor}. ${interactive}${unattended}`;
}

function rowSection(row: MatrixRow): string[] {
  const lines = [`### ${row.endpoint}`, '', rowIntro(row), ''];
  lines.push('| fault | the user reads | interactive wizard | --yes |', '|---|---|---|---|');
  for (const kind of FAULT_KINDS) lines.push(`| ${KINDS[kind].label} | ${cellText(wordsText(row, kind))} | ${cellText(uiText(row, kind))} | ${yesText(row, kind)} |`);
  const why = notes(row);
  if (why.length) lines.push('', ...why);
  lines.push('');
  return lines;
}

/** The whole document. */
export function reliabilityDocument(): string {
  const lines = [
    '# Reliability',
    '',
    '<!-- Generated by scripts/generate-reliability-doc.ts from tests/integration/reliability/fault-matrix.ts. Do not edit by hand. -->',
    '',
    'What pve-vm-tui guarantees when the network, the server or the user misbehave, and the tests that hold it to that.',
    'Everything here runs in `make test`.',
    '',
    '## Guarantees',
    '',
    '| guarantee | proved by |',
    '|---|---|',
    ...GUARANTEES.map((guarantee) => `| ${cellText(guarantee.what)} | ${guarantee.provedBy.map((file) => `\`${file}\``).join(', ')} |`),
    '',
    '## The fault matrix',
    '',
    'Every endpoint the app calls (`PveApi` in `src/proxmox/api-calls.ts`; the generic writes once per plan step that',
    'uses them) against every way a call can go wrong, on the simulated cluster (docs/simulator.md). Each cell is a test',
    'twice: the whole interactive app driven by keys (`tests/ui/fault-matrix.ui.test.ts`) and `main()` with',
    '`--answers FILE --yes --output json` (`tests/integration/reliability/fault-matrix-unattended.int.test.ts`). In every',
    'cell the app must not crash (no exit 70, no stack trace), must show no secret, and must never delete anything.',
    'Interactively, once the cause is gone, the way on must work and leave the user\'s input as it was (the store\'s',
    'snapshot before and after, which must still decode), with one VM made.',
    '',
    'How each fault is made:',
    '',
    '| fault | how |',
    '|---|---|',
    ...FAULT_KINDS.map((kind) => `| ${KINDS[kind].label} | ${cellText(KINDS[kind].how)} |`),
    '',
    'In the words below `<server>` is the host and port. Exit codes are those of docs/cli.md: 0 created, 1 the create',
    'failed or could not be confirmed, 3 before the first write, 4 the VM exists but a later step failed.',
    '',
    ...MATRIX.flatMap(rowSection),
    '## Test-only hooks',
    '',
    '- `PVE_VM_TUI_TEST_CRASH_AFTER_MS=N` (interactive runs only): throws an uncaught exception from a timer N ms after',
    '  the first frame, so `tests/e2e/terminal-safety.e2e.test.ts` can check that a crash restores the terminal and exits',
    '  with 70. Without the variable nothing is scheduled; it is not in `--help` and not meant for users.',
    '- The simulator\'s `pause()` / `resume()` / `setKeepAlive()` and its `certificate` option (docs/simulator.md) make the',
    '  refused cells and the TLS tests.',
    '',
  ];
  return `${lines.join('\n')}`;
}
