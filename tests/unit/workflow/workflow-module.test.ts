import 'reflect-metadata';
import { Container } from 'inversify';
import { WizardStoreFactory, workflowModule } from '../../../src/workflow/workflow-module';
import { demoFacts } from './helpers/facts';

describe('workflowModule', () => {
  it('binds a factory that makes one store per wizard run, with the answers overlay applied', () => {
    const container = new Container();
    container.loadSync(workflowModule());
    const create = container.get<WizardStoreFactory>(WizardStoreFactory);
    const first = create(demoFacts(), { cpu: { cores: 4 } });
    const second = create(demoFacts());
    expect(first.config.cpu.cores).toBe(4);
    expect(second.config.cpu.cores).toBe(2);
    expect(first).not.toBe(second);
  });
});
