import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { proxmoxModule } from '../../../src/proxmox/proxmox-module';
import { ProxmoxClient } from '../../../src/proxmox/proxmox-client';
import { Clock } from '../../../src/proxmox/clock';
import { ProxmoxClientOptions } from '../../../src/proxmox/connection-options';
import { servicesModule } from '../../../src/services/services-module';
import { SessionService } from '../../../src/services/session-service';
import { ReferenceDataService } from '../../../src/services/reference-data-service';
import { ProvisioningService } from '../../../src/services/provisioning-service';
import { TaskWatcher } from '../../../src/services/task-watcher';
import { TaskWatcherOptions } from '../../../src/services/impl/proxmox-task-watcher';
import { Logger, NullLogger } from '../../../src/shared/logger';

function container(): Container {
  const built = new Container({ defaultScope: 'Singleton' });
  built.loadSync(
    new ContainerModule(({ bind }) => {
      bind(Logger).toConstantValue(new NullLogger());
    }),
    proxmoxModule({ endpoint: { url: 'https://pve1.example.org:8006', fingerprint: 'AA' }, requestTimeoutMs: 5000 }),
    servicesModule({ taskWatcher: { intervalMs: 2000 } }),
  );
  return built;
}

describe('proxmoxModule + servicesModule', () => {
  it('resolve every service, all over one shared client', () => {
    const built = container();
    const session = built.get<SessionService>(SessionService);
    built.get(ReferenceDataService);
    built.get(ProvisioningService);
    built.get(TaskWatcher);
    expect(built.get(ProxmoxClient)).toBe(built.get(ProxmoxClient));
    expect(session.endpoint).toEqual({ url: 'https://pve1.example.org:8006', fingerprint: 'AA', caFile: undefined, insecure: false });
  });

  it('apply the options given and keep defaults for the rest', () => {
    const built = container();
    expect(built.get<ProxmoxClientOptions>(ProxmoxClientOptions)).toMatchObject({ requestTimeoutMs: 5000, renewTicketAfterMs: 15 * 60_000 });
    expect(built.get<TaskWatcherOptions>(TaskWatcherOptions)).toMatchObject({ intervalMs: 2000, maxRetries: 4 });
    expect(typeof built.get<Clock>(Clock).now()).toBe('number');
  });
});
