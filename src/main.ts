/**
 * The program: parse the command line, resolve the config, build the
 * container, then run the wizard (interactive) or the unattended runner
 * (--yes / --dry-run). Returns the exit code; never calls process.exit itself,
 * so tests can run it in-process.
 */
import 'reflect-metadata';
import type { Readable, Writable } from 'node:stream';
import { parseCommandLine } from './config/command-line';
import { resolveConfig } from './config/resolve-config';
import { UsageError } from './config/usage-error';
import type { AppConfig } from './config/app-config';
import { ExitCode } from './shared/exit-codes';
import { FileLogger, type Logger, NullLogger } from './shared/logger';
import { packageInfo } from './shared/package-info';
import { Redactor } from './shared/redact';
import { buildContainer, configuredEndpoint, type RuntimeFacts } from './container';
import type { ConfigOverlay } from './workflow/answers.codec';

export interface ProcessIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Cancels an unattended run as Ctrl-C would (tests; the real process has its signals). */
  readonly signal?: AbortSignal;
}

export async function main(io: ProcessIo): Promise<number> {
  const say = (stream: Writable, text: string): void => void stream.write(text.endsWith('\n') ? text : `${text}\n`);
  let config: AppConfig;
  try {
    const commandLine = parseCommandLine(io.argv, packageInfo().version);
    if (commandLine.kind === 'print') {
      say(io.stdout, commandLine.text);
      return ExitCode.Ok;
    }
    config = resolveConfig({ flags: commandLine.flags, env: io.env });
  } catch (error) {
    if (error instanceof UsageError) {
      say(io.stderr, `pve-vm-tui: ${error.message}`);
      return ExitCode.Usage;
    }
    throw error;
  }

  const redactor = new Redactor();
  if (config.credentials.kind === 'token') redactor.addSecret(config.credentials.secret.reveal());
  if (config.credentials.kind === 'password' && config.credentials.password) redactor.addSecret(config.credentials.password.reveal());
  let logger: Logger;
  try {
    logger = config.logFile ? new FileLogger(config.logFile, redactor) : new NullLogger();
  } catch (error) {
    say(io.stderr, `pve-vm-tui: --log-file ${config.logFile}: ${(error as Error).message}`);
    return ExitCode.Usage;
  }
  for (const warning of config.warnings) say(io.stderr, `pve-vm-tui: WARNING: ${warning}`);
  logger.info('starting', { sources: config.sources, profile: config.profile, server: config.server.kind });

  // --answers without --yes pre-fills the wizard; a bad file is a usage error (exit 2) before the UI starts.
  // (The unattended runner reads the file itself.)
  const interactive = !config.wizard.yes && !config.wizard.dryRun;
  let answers: ConfigOverlay | undefined;
  try {
    answers = interactive && config.wizard.answersFile ? answersFiles().readAnswersFile(config.wizard.answersFile) : undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(io.stderr, `pve-vm-tui: ${error.message}`);
    return ExitCode.Usage;
  }
  const demo = config.server.kind === 'demo' ? await startDemoCluster(logger) : undefined;
  try {
    const runtime: RuntimeFacts = demo ? demo.runtime : { endpoint: configuredEndpoint(config) };
    const container = buildContainer({ config, logger, runtime, redactor, answers });
    // --dry-run never opens the UI: it is the unattended path stopped before the first write.
    if (config.wizard.yes || config.wizard.dryRun) {
      return await unattendedRunner().runUnattended(container, io, { ...runtime, rememberSecret: (value) => redactor.addSecret(value) });
    }
    return await interactiveRunner().runInteractive(container, io);
  } finally {
    await demo?.close();
  }
}

// What only one kind of run needs is loaded when that run starts: a plain start draws the login
// frame without the unattended runner or the answers-file codecs (start-up: docs/benchmarks.md).
const answersFiles = (): typeof import('./app/answers-file') => require('./app/answers-file');
const interactiveRunner = (): typeof import('./app/run-interactive') => require('./app/run-interactive');
const unattendedRunner = (): typeof import('./app/unattended/run-unattended') => require('./app/unattended/run-unattended');

/**
 * --demo: the simulated cluster runs in this process on loopback with a fresh
 * self-signed certificate, which the client pins (TLS stays verified). Loaded
 * lazily so a normal start does not pay for it.
 */
async function startDemoCluster(logger: Logger): Promise<{ runtime: RuntimeFacts; close(): Promise<void> }> {
  const { startSimulator } = await import('../mocks/simulator');
  const simulator = await startSimulator({ onRequest: (line) => logger.debug(`simulator: ${line}`) });
  logger.info('demo cluster started', { url: simulator.url, fingerprint: simulator.fingerprint });
  const login = simulator.credentials.login;
  return {
    runtime: {
      endpoint: { url: simulator.url, fingerprint: simulator.fingerprint, insecure: false },
      demo: login ? { username: login.username, password: login.password } : undefined,
    },
    close: () => simulator.close(),
  };
}
