/**
 * The composition root: one inversify ContainerModule per layer, loaded into
 * one container. Only this file (and the *-module.ts files) name
 * implementation classes; everything else asks for interfaces by token.
 */
import * as fs from 'node:fs';
import { Container } from 'inversify';
import type { AppConfig } from './config/app-config';
import { configModule } from './config/config-module';
import { proxmoxModule } from './proxmox/proxmox-module';
import { screensModule } from './screens/screens-module';
import { AnswersSink, LoginSetup, WizardStart } from './screens/wizard-setup';
import { servicesModule } from './services/services-module';
import type { ServerEndpoint } from './services/session-service';
import type { Logger } from './shared/logger';
import type { Redactor } from './shared/redact';
import { Secret } from './shared/secret';
import { token } from './shared/token';
import type { ConfigOverlay } from './workflow/answers.codec';
import { workflowModule } from './workflow/workflow-module';

/** Facts known only once the program runs: the server to use, and for --demo the simulator's login. */
export interface RuntimeFacts {
  /** The server: from the config, or the simulated cluster started for --demo. Unset: the login screen asks. */
  readonly endpoint?: ServerEndpoint;
  /** --demo: the simulated cluster's credentials, to pre-fill the login form. */
  readonly demo?: {
    readonly username: string;
    readonly password: string;
  };
}
export const RuntimeFacts = token<RuntimeFacts>('RuntimeFacts');

export interface ContainerInputs {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly runtime: RuntimeFacts;
  /** The log's redactor: passwords typed into the app are added to it. */
  readonly redactor?: Redactor;
  /** The answers file's overlay (--answers without --yes), read by main before the UI starts. */
  readonly answers?: ConfigOverlay;
}

export function buildContainer(inputs: ContainerInputs): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(RuntimeFacts).toConstantValue(inputs.runtime);
  container.loadSync(
    configModule(inputs.config, inputs.logger),
    proxmoxModule({ endpoint: inputs.runtime.endpoint }),
    servicesModule(),
    workflowModule(),
    screensModule(),
  );
  container.bind(LoginSetup).toConstantValue(loginSetup(inputs));
  const answersSink: AnswersSink = {
    defaultPath: inputs.config.wizard.saveAnswersFile,
    save: (file, config) => answersFiles().writeAnswersFile(file, config),
    exists: (file) => fs.existsSync(file),
  };
  container.bind(AnswersSink).toConstantValue(answersSink);
  container.bind(WizardStart).toConstantValue({ answers: inputs.answers });
  return container;
}

/** The answers-file codecs load when a file is saved, not at start-up (docs/benchmarks.md). */
const answersFiles = (): typeof import('./app/answers-file') => require('./app/answers-file');

/** What the Login step pre-fills: --demo's credentials, else --user / --password-file / --token. */
function loginSetup(inputs: ContainerInputs): LoginSetup {
  const { config, runtime, redactor } = inputs;
  const credentials = config.credentials;
  const rememberSecret = (value: string): void => redactor?.addSecret(value);
  if (credentials.kind === 'token') {
    return { askServer: runtime.endpoint === undefined, token: { tokenId: credentials.tokenId, secret: credentials.secret }, rememberSecret };
  }
  if (runtime.demo) {
    return { askServer: false, user: runtime.demo.username, password: new Secret(runtime.demo.password), rememberSecret };
  }
  return { askServer: runtime.endpoint === undefined, user: credentials.user, password: credentials.password, rememberSecret };
}

/** The endpoint the config names, if any (`--host` and its TLS options). */
export function configuredEndpoint(config: AppConfig): ServerEndpoint | undefined {
  if (config.server.kind !== 'remote') return undefined;
  return { url: config.server.url, fingerprint: config.tls.fingerprint, caFile: config.tls.caFile, insecure: config.tls.insecure };
}
