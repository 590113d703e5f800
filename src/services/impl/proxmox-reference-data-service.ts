import { inject, injectable } from 'inversify';
import { isProxmoxError } from '../../shared/proxmox-error';
import { PveApi } from '../../proxmox/api-calls';
import { proxmoxError } from '../../proxmox/errors/translate-error';
import { ProxmoxClient } from '../../proxmox/proxmox-client';
import type {
  BridgeInfo,
  CpuModel,
  GuestSummary,
  IsoImage,
  NodeInfo,
  PoolInfo,
  ServerVersion,
  StorageContent,
  StorageInfo,
  TagCatalog,
} from '../../workflow/cluster-facts';
import type { ReferenceDataService } from '../reference-data-service';
import { MemoCache } from './memo-cache';
import { ServerVersionSource, sessionScope } from './server-version';
import {
  toBridges,
  toCpuModels,
  toGuests,
  toIsoImages,
  toNodes,
  toPools,
  toServerVersion,
  toStorages,
  toTagCatalog,
} from './wire-to-domain';

/**
 * ReferenceDataService over the Proxmox client: one request per question,
 * answers mapped to domain values and cached for the session (see MemoCache).
 * Loads do not wait for each other, so screens that ask for several things
 * at once get them in parallel.
 */
@injectable()
export class ProxmoxReferenceDataService implements ReferenceDataService {
  private readonly cache = new MemoCache();

  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(ServerVersionSource) private readonly versions: ServerVersionSource,
  ) {}

  nodes(): Promise<NodeInfo[]> {
    return this.cached('nodes', async () => toNodes(await this.client.request(PveApi.nodes())));
  }

  async nextFreeVmid(): Promise<number> {
    return this.client.request(PveApi.nextId());
  }

  /** `GET /cluster/nextid?vmid=N` answers N when free and a 400 naming `vmid` when taken; anything else is a real error. */
  async isVmidFree(vmid: number): Promise<boolean> {
    try {
      return (await this.client.request(PveApi.nextId(vmid))) === vmid;
    } catch (error) {
      if (isProxmoxError(error) && error.kind === 'validation' && error.details.parameterErrors?.vmid) return false;
      throw error;
    }
  }

  guests(): Promise<GuestSummary[]> {
    return this.cached('guests', async () => toGuests(await this.client.request(PveApi.vmResources())));
  }

  pools(): Promise<PoolInfo[]> {
    return this.cached('pools', async () => toPools(await this.client.request(PveApi.pools())));
  }

  tags(): Promise<TagCatalog> {
    return this.cached('tags', async () => {
      // Sys.Modify on / lifts every tag restriction; /access/permissions tells API tokens too.
      const [options, guests, rootPermissions] = await Promise.all([this.client.request(PveApi.clusterOptions()), this.guests(), this.client.request(PveApi.permissions('/'))]);
      return toTagCatalog(options, guests, rootPermissions);
    });
  }

  storages(node: string, content: StorageContent): Promise<StorageInfo[]> {
    return this.cached(`storages/${node}/${content}`, async () => toStorages(await this.client.request(PveApi.storages(node, content))), node);
  }

  isoImages(node: string, storage: string): Promise<IsoImage[]> {
    return this.cached(`iso/${node}/${storage}`, async () => toIsoImages(await this.client.request(PveApi.storageContent(node, storage, 'iso'))), node);
  }

  bridges(node: string): Promise<BridgeInfo[]> {
    return this.cached(`bridges/${node}`, async () => toBridges(await this.client.request(PveApi.networks(node))), node);
  }

  cpuModels(node: string): Promise<CpuModel[]> {
    return this.cached(`cpu/${node}`, async () => toCpuModels(await this.client.request(PveApi.cpuModels(node))), node);
  }

  serverVersion(): Promise<ServerVersion> {
    // Signing in has usually read it already (ServerVersionSource): no second request.
    return this.cached('version', async () => {
      const answer = await this.versions.read();
      const version = toServerVersion(answer);
      if (!version) {
        // Retry must ask the server again, not get the same answer from the shared cache.
        this.versions.forget();
        throw proxmoxError('protocol', `The server reports version "${answer.version}", which is not a Proxmox VE version number; check that the URL points at a Proxmox VE 8 or 9 API.`, {
          endpoint: 'GET /version',
          decodePath: 'data.version',
        });
      }
      return version;
    });
  }

  refresh(node?: string): void {
    this.cache.clear(node);
  }

  /** Cached per server and identity (sessionScope). */
  private cached<T>(key: string, load: () => Promise<T>, node?: string): Promise<T> {
    return this.cache.get(sessionScope(this.client, key), load, node);
  }
}
