/**
 * The workflow layer's bindings: a factory for the wizard store, so the app
 * creates one store per wizard run once the cluster's facts are loaded.
 */
import { ContainerModule } from 'inversify';
import { token } from '../shared/token';
import type { ConfigOverlay } from './answers.codec';
import type { ClusterFacts } from './cluster-facts';
import { WizardStore } from './wizard-store';

/** Creates a wizard store for loaded facts and an optional answers overlay. */
export type WizardStoreFactory = (facts: ClusterFacts, answers?: ConfigOverlay) => WizardStore;
export const WizardStoreFactory = token<WizardStoreFactory>('WizardStoreFactory');

/** Binds WizardStoreFactory. */
export function workflowModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(WizardStoreFactory).toConstantValue((facts: ClusterFacts, answers?: ConfigOverlay) => new WizardStore(facts, answers));
  });
}
