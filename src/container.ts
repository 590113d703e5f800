/**
 * The composition root: one inversify ContainerModule per layer, loaded into
 * one container. Only this file (and the *-module.ts files) name
 * implementation classes; everything else asks for interfaces by token.
 */
import { Container } from 'inversify';
import type { AppConfig } from './config/app-config';
import { configModule } from './config/config-module';
import { proxmoxModule } from './proxmox/proxmox-module';
import { servicesModule } from './services/services-module';
import type { ServerEndpoint } from './services/session-service';
import type { Logger } from './shared/logger';
import { token } from './shared/token';
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
}

export function buildContainer(inputs: ContainerInputs): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(RuntimeFacts).toConstantValue(inputs.runtime);
  container.loadSync(
    configModule(inputs.config, inputs.logger),
    proxmoxModule({ endpoint: inputs.runtime.endpoint }),
    servicesModule(),
    workflowModule(),
  );
  return container;
}

/** The endpoint the config names, if any (`--host` and its TLS options). */
export function configuredEndpoint(config: AppConfig): ServerEndpoint | undefined {
  if (config.server.kind !== 'remote') return undefined;
  return { url: config.server.url, fingerprint: config.tls.fingerprint, caFile: config.tls.caFile, insecure: config.tls.insecure };
}
