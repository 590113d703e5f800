/**
 * The screens layer's bindings: the wizard's steps (WizardScreens), built
 * from the services and the setup tokens (LoginSetup, AnswersSink,
 * WizardStart) that src/container.ts binds from the config.
 */
import { ContainerModule } from 'inversify';
import { ProvisioningService } from '../services/provisioning-service';
import { ReferenceDataService } from '../services/reference-data-service';
import { SessionService } from '../services/session-service';
import { WizardStoreFactory } from '../workflow/workflow-module';
import { WizardScreens } from './screen-controller';
import { createWizardScreens } from './wizard-screens';
import { AnswersSink, LoginSetup, WizardStart } from './wizard-setup';

/** Binds WizardScreens; needs the services, the workflow module and the three setup tokens. */
export function screensModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(WizardScreens)
      .toDynamicValue((context) =>
        createWizardScreens({
          session: context.get(SessionService),
          referenceData: context.get(ReferenceDataService),
          provisioning: context.get(ProvisioningService),
          createStore: context.get(WizardStoreFactory),
          login: context.get(LoginSetup),
          answersSink: context.get(AnswersSink),
          start: context.get(WizardStart, { optional: true }),
        }).steps,
      )
      .inSingletonScope();
  });
}
