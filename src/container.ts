/**
 * The composition root: one inversify ContainerModule per layer, loaded into
 * one container. Only this file (and the *-module.ts files) name
 * implementation classes; everything else asks for interfaces by token.
 */
import { Container } from 'inversify';
import type { AppConfig } from './config/app-config';
import { configModule } from './config/config-module';
import type { Logger } from './shared/logger';

export interface ContainerInputs {
  readonly config: AppConfig;
  readonly logger: Logger;
}

export function buildContainer(inputs: ContainerInputs): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.loadSync(configModule(inputs.config, inputs.logger));
  return container;
}
