import { ContainerModule } from 'inversify';
import { ProvisioningService } from './provisioning-service';
import { ReferenceDataService } from './reference-data-service';
import { SessionService } from './session-service';
import { TaskWatcher } from './task-watcher';
import { ProxmoxProvisioningService } from './impl/proxmox-provisioning-service';
import { ProxmoxReferenceDataService } from './impl/proxmox-reference-data-service';
import { ProxmoxSessionService } from './impl/proxmox-session-service';
import { defaultTaskWatcherOptions, ProxmoxTaskWatcher, TaskWatcherOptions } from './impl/proxmox-task-watcher';
import { ServerVersionSource } from './impl/server-version';

export interface ServicesModuleOptions {
  /** Polling intervals and retries of the task watcher (defaults: about once a second, 4 retries). */
  readonly taskWatcher?: Partial<TaskWatcherOptions>;
}

/**
 * The four services over the Proxmox client. Needs proxmoxModule() (client,
 * clock) and the Logger binding. Singletons: the session and the reference
 * data cache live as long as the app.
 */
export function servicesModule(options: ServicesModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TaskWatcherOptions).toConstantValue({ ...defaultTaskWatcherOptions, ...options.taskWatcher });
    bind(ServerVersionSource).toSelf().inSingletonScope();
    bind(SessionService).to(ProxmoxSessionService).inSingletonScope();
    bind(ReferenceDataService).to(ProxmoxReferenceDataService).inSingletonScope();
    bind(TaskWatcher).to(ProxmoxTaskWatcher).inSingletonScope();
    bind(ProvisioningService).to(ProxmoxProvisioningService).inSingletonScope();
  });
}
