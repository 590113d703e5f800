import { ContainerModule } from 'inversify';
import { AxiosProxmoxClient } from './axios-proxmox-client';
import { Clock, systemClock } from './clock';
import { defaultClientOptions, ProxmoxClientOptions } from './connection-options';
import { ProxmoxClient } from './proxmox-client';

/**
 * The proxmox layer's bindings: the client (one per container, it holds the
 * session), its options and the clock. Needs `Logger` bound elsewhere
 * (configModule). Pass the starting endpoint from the config, and any timing
 * overrides; everything else has defaults.
 */
export function proxmoxModule(options: Partial<ProxmoxClientOptions> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ProxmoxClientOptions).toConstantValue({ ...defaultClientOptions, ...options });
    bind(Clock).toConstantValue(systemClock);
    bind(ProxmoxClient).to(AxiosProxmoxClient).inSingletonScope();
  });
}
