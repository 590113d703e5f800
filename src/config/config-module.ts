import { ContainerModule } from 'inversify';
import { Logger } from '../shared/logger';
import { AppConfig } from './app-config';

/** Binds the resolved AppConfig and the logger: every other layer reads settings from here. */
export function configModule(config: AppConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(AppConfig).toConstantValue(config);
    bind(Logger).toConstantValue(logger);
  });
}
