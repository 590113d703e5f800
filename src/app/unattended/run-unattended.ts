/**
 * The unattended run (`--answers FILE --yes`, `--dry-run`): no UI at all.
 *
 *   1. read the answers file (or take the defaults)        exit 2 when unusable
 *   2. sign in (token, password, demo; TFA on a terminal)  exit 2 / 3
 *   3. read the cluster's reference data                   exit 3
 *   4. resolve defaults, print notices, validate           exit 2, naming path and rule
 *   5. build the request plan; --save-answers writes it    exit 2 when the file cannot be written
 *   6. --dry-run: print the plan (text or JSON), stop      exit 0, nothing written
 *   7. --yes: run the plan with progress on stderr,
 *      print the result on stdout                          exit 0 / 1 / 4 / 130
 *
 * Ctrl-C before step 7 ends the run at once (130); during step 7 the run stops
 * before the next step and says what was done.
 */
import type { Container } from 'inversify';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { ProvisioningService } from '../../services/provisioning-service';
import { ReferenceDataService } from '../../services/reference-data-service';
import { SessionService, type ServerEndpoint } from '../../services/session-service';
import { ExitCode } from '../../shared/exit-codes';
import { Logger } from '../../shared/logger';
import type { ConfigOverlay } from '../../workflow/answers.codec';
import { buildRequests } from '../../workflow/build-requests';
import type { RequestPlan } from '../../workflow/request-plan';
import { validate } from '../../workflow/validate';
import type { VmConfig } from '../../workflow/vm-config.codec';
import { AnswersFileError, readAnswersFile, writeAnswersFile } from '../answers-file';
import { loadFacts, type LoadedFacts } from './load-facts';
import { dryRunOutput } from './plan-output';
import { ProgressReporter } from './progress-reporter';
import { beforeWriteFailure, cancelledBeforeWrite, NOTHING_CHANGED, RunFailure } from './run-failure';
import { runEnding } from './run-result';
import { signIn } from './sign-in';
import { unlessStopped, watchForStop, type StopRequest } from './stop-request';
import { terminalPrompt, type TerminalInput } from './terminal-prompt';

/** The process' streams; `signal` cancels the run as Ctrl-C would (tests, embedding callers). */
export interface UnattendedIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly signal?: AbortSignal;
}

/** What main knows once running: the server (for --demo the simulator) and the demo login. */
export interface UnattendedRuntime {
  readonly endpoint?: ServerEndpoint;
  readonly demo?: { readonly username: string; readonly password: string };
  /** Keep a secret typed at the terminal out of the log (main's redactor). */
  readonly rememberSecret?: (value: string) => void;
}

/** Everything one run uses, gathered once. */
interface RunContext {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly io: UnattendedIo;
  readonly runtime: UnattendedRuntime;
  readonly stop: StopRequest;
  readonly session: SessionService;
  /** A line on stderr. */
  readonly progress: (line: string) => void;
}

const PROGRAM = 'pve-vm-tui';

/** Runs --yes / --dry-run to the end; resolves with the exit code of docs/cli.md. */
export async function runUnattended(container: Container, io: UnattendedIo, runtime: UnattendedRuntime): Promise<number> {
  const stop = watchForStop(io.signal);
  const session = container.get<SessionService>(SessionService);
  const context: RunContext = {
    config: container.get<AppConfig>(AppConfig),
    logger: container.get<Logger>(Logger),
    io,
    runtime,
    stop,
    session,
    progress: (line) => void io.stderr.write(`${line}\n`),
  };
  try {
    return await run(container, context);
  } catch (error) {
    if (!(error instanceof RunFailure)) throw error;
    context.logger.error(`unattended run ended with exit code ${error.exitCode}`, error.lines.join(' '));
    printFailure(io.stderr, error.lines);
    return error.exitCode;
  } finally {
    stop.dispose();
    // Stops ticket renewal; nothing of the session outlives the run.
    session.logout();
  }
}

async function run(container: Container, context: RunContext): Promise<number> {
  const { config, stop } = context;
  const overlay = readAnswers(config.wizard.answersFile);
  if (!context.runtime.endpoint) {
    throw new RunFailure(ExitCode.Usage, [
      'no server to connect to.',
      'Give --host URL (or PROXMOX_VE_ENDPOINT, or a config profile with "host"), or --demo to try the simulated cluster.',
    ]);
  }
  await signInOrFail(context);
  const loaded = await loadOrFail(container, context, overlay);
  const plan = checkedPlan(context, loaded);
  saveAnswers(context, loaded.resolution.config);
  if (config.wizard.dryRun) {
    context.io.stdout.write(dryRunOutput(plan, config.wizard.output));
    return ExitCode.Ok;
  }
  if (stop.signal.aborted) throw cancelledBeforeWrite();
  return provision(container, context, plan, loaded.resolution.config);
}

function readAnswers(file: string | undefined): ConfigOverlay {
  if (file === undefined) return {};
  try {
    return readAnswersFile(file);
  } catch (error) {
    if (error instanceof AnswersFileError) throw new RunFailure(ExitCode.Usage, [error.message, 'Fix the file and run again. Nothing was sent.']);
    throw error;
  }
}

async function signInOrFail(context: RunContext): Promise<void> {
  const { config, io, runtime, stop, session, progress } = context;
  const prompt = terminalPrompt(io.stdin as TerminalInput, io.stderr, stop.signal);
  try {
    const inputs = { session, credentials: config.credentials, demoLogin: runtime.demo, prompt, progress, rememberSecret: runtime.rememberSecret };
    const info = await unlessStopped(signIn(inputs), stop.signal);
    context.logger.info(`unattended run signed in as ${info.tokenId ?? info.username}`);
  } catch (error) {
    throw beforeWriteFailure(error);
  }
}

async function loadOrFail(container: Container, context: RunContext, overlay: ConfigOverlay): Promise<LoadedFacts> {
  context.progress('Reading the cluster (nodes, storages, bridges, ISO images)');
  try {
    return await unlessStopped(loadFacts(container.get<ReferenceDataService>(ReferenceDataService), overlay), context.stop.signal);
  } catch (error) {
    throw beforeWriteFailure(error);
  }
}

/** Notices on stderr, then the plan, or exit 2 with every validation issue by path and rule. */
function checkedPlan(context: RunContext, loaded: LoadedFacts): RequestPlan {
  const { config, notices } = loaded.resolution;
  for (const notice of notices) context.progress(`note: ${notice.path}: ${notice.message}`);
  const issues = validate(config, loaded.facts);
  if (issues.length > 0) {
    const file = context.config.wizard.answersFile;
    const what = file === undefined ? 'the default VM does not fit this cluster' : `answers file ${file} does not fit this cluster`;
    const fix = file === undefined ? 'Give --answers FILE that sets these, then run again.' : 'Fix the file and run again.';
    throw new RunFailure(ExitCode.Usage, [`${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, `${fix} Nothing was sent.`]);
  }
  return buildRequests(config, { serverVersion: loaded.facts.serverVersion });
}

/** --save-answers: the complete file for this config, which replays to the same requests. */
function saveAnswers(context: RunContext, config: VmConfig): void {
  const file = context.config.wizard.saveAnswersFile;
  if (file === undefined) return;
  try {
    writeAnswersFile(file, config);
  } catch (error) {
    throw new RunFailure(ExitCode.Usage, [`--save-answers ${file}: ${fileProblem(error, file)}`, NOTHING_CHANGED]);
  }
  context.progress(`Saved the answers to ${file}`);
}

/** Words for why a file could not be written (the raw error names the temporary file). */
function fileProblem(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `the directory ${path.dirname(file)} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'that is a directory';
  return (error as Error).message;
}

/** Step 7: send the plan, report progress, print the result. */
async function provision(container: Container, context: RunContext, plan: RequestPlan, config: VmConfig): Promise<number> {
  const { io, stop, logger } = context;
  const reporter = new ProgressReporter(plan, context.progress);
  stop.announceGracefulStop(context.progress);
  const vmidChosenByUser = config.general.vmidSource === 'user';
  const provisioning = container.get<ProvisioningService>(ProvisioningService);
  // A VM ID the user named is theirs to change; a suggested one may move on to the next free ID.
  const result = await provisioning.run(plan, { onVmidConflict: vmidChosenByUser ? 'fail' : 'take-next', signal: stop.signal }, (event) => reporter.handle(event));
  logger.info(`unattended run: ${result.status} VM ${result.vmid} on ${result.node}`);
  if (result.status === 'partial' || result.status === 'failed' || result.status === 'unknown') logger.error('unattended run failed', result.error);
  const ending = runEnding({ result, plan: reporter.plan, steps: reporter.steps(), vmidChosenByUser, format: context.config.wizard.output });
  io.stdout.write(ending.stdout);
  printFailure(io.stderr, ending.stderr);
  return ending.exitCode;
}

/** `pve-vm-tui: <what failed>` and, indented under it, what to do. */
function printFailure(stderr: Writable, lines: readonly string[]): void {
  lines.forEach((line, index) => stderr.write(index === 0 ? `${PROGRAM}: ${line}\n` : `${' '.repeat(PROGRAM.length + 2)}${line}\n`));
}
