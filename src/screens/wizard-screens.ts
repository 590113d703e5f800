/**
 * The wizard's steps in order, built from the services: what the screens
 * module binds as WizardScreens, and what UI tests build with fakes.
 */
import type { ProvisioningResult, ProvisioningService } from '../services/provisioning-service';
import type { ReferenceDataService } from '../services/reference-data-service';
import type { SessionService } from '../services/session-service';
import type { WizardStoreFactory } from '../workflow/workflow-module';
import { ConfirmScreen } from './confirm/confirm-screen';
import { CpuScreen } from './cpu/cpu-screen';
import { DisksScreen } from './disks/disks-screen';
import { GeneralScreen } from './general/general-screen';
import { LoginScreen } from './login/login-screen';
import { MemoryScreen } from './memory/memory-screen';
import { NetworkScreen } from './network/network-screen';
import { OsScreen } from './os/os-screen';
import type { ScreenController } from './screen-controller';
import { SubmitScreen } from './submit/submit-screen';
import { SystemScreen } from './system/system-screen';
import { WizardSession } from './wizard-session';
import type { AnswersSink, LoginSetup, WizardStart } from './wizard-setup';

/** Everything the steps need. */
export interface WizardScreenDeps {
  readonly session: SessionService;
  readonly referenceData: ReferenceDataService;
  readonly provisioning: ProvisioningService;
  readonly createStore: WizardStoreFactory;
  readonly login: LoginSetup;
  readonly answersSink: AnswersSink;
  readonly start?: WizardStart;
}

/** The steps of one wizard run and the session they share (dispose it when the run ends). */
export interface WizardScreenSet {
  readonly steps: readonly ScreenController[];
  readonly wizard: WizardSession;
}

/** Login, General, OS, System, Disks, CPU, Memory, Network, Confirm, Submit. */
export function createWizardScreens(deps: WizardScreenDeps): WizardScreenSet {
  const wizard = new WizardSession({
    session: deps.session,
    referenceData: deps.referenceData,
    createStore: deps.createStore,
    answers: deps.start?.answers,
    rememberSecret: (value) => deps.login.rememberSecret(value),
  });
  const steps: ScreenController[] = [
    new LoginScreen(deps.session, wizard, deps.login),
    new GeneralScreen(wizard, deps.referenceData),
    new OsScreen(wizard),
    new SystemScreen(wizard),
    new DisksScreen(wizard),
    new CpuScreen(wizard),
    new MemoryScreen(wizard),
    new NetworkScreen(wizard),
    new ConfirmScreen(wizard, deps.answersSink),
    new SubmitScreen(wizard, reportingOutcomes(deps.provisioning, wizard)),
  ];
  return { steps, wizard };
}

/**
 * The provisioning service, telling the session how each run ended: quitting
 * later, on any step, ends with the session's worst outcome (docs/cli.md
 * exit codes), even after "Create another VM" started over.
 */
function reportingOutcomes(provisioning: ProvisioningService, wizard: WizardSession): ProvisioningService {
  const report = (running: Promise<ProvisioningResult>): Promise<ProvisioningResult> =>
    running.then(
      (result) => {
        wizard.recordOutcome(result.status);
        return result;
      },
      (error: unknown) => {
        // The Submit step shows a run that threw as failed; it counts as one.
        wizard.recordOutcome('failed');
        throw error;
      },
    );
  return {
    run: (...args) => report(provisioning.run(...args)),
    resume: (...args) => report(provisioning.resume(...args)),
  };
}
