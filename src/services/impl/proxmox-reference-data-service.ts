import { inject, injectable } from 'inversify';
import { isProxmoxError } from '../../shared/proxmox-error';
import { PveApi } from '../../proxmox/api-calls';
import { proxmoxError } from '../../proxmox/errors/translate-error';
import type { PermissionsResponse } from '../../proxmox/codecs/access.codec';
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
import { ANSWERING_NODE, type ReferenceDataService } from '../reference-data-service';
import { MemoCache } from './memo-cache';
import { ServerVersionSource, sessionScope } from './server-version';
import {
  toAnsweringNode,
  toPrivileges,
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
  /** Per session scope: the answering node's name once known, or the aliases waiting for it (see ANSWERING_NODE). */
  private readonly answeringNodes = new Map<string, { name?: string; readonly pending: Map<string, (name: string) => void> }>();

  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(ServerVersionSource) private readonly versions: ServerVersionSource,
  ) {}

  nodes(): Promise<NodeInfo[]> {
    return this.cached('nodes', async () => toNodes(await this.client.request(PveApi.nodes())));
  }

  answeringNode(): Promise<string | undefined> {
    return this.cached('answering-node', async () => {
      let name: string | undefined;
      try {
        name = toAnsweringNode(await this.client.request(PveApi.clusterStatus()));
      } catch (error) {
        // Only a hint for the default node: a user without Sys.Audit on / gets the first online node instead.
        if (isProxmoxError(error) && error.kind === 'permission') return undefined;
        throw error;
      }
      if (name) this.nameAnsweringNode(name);
      return name;
    });
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
      const [options, guests, rootPermissions] = await Promise.all([this.client.request(PveApi.clusterOptions()), this.guests(), this.rootPermissions()]);
      return toTagCatalog(options, guests, rootPermissions);
    });
  }

  async rootPrivileges(): Promise<ReadonlySet<string>> {
    return toPrivileges(await this.rootPermissions(), '/');
  }

  storages(node: string, content: StorageContent): Promise<StorageInfo[]> {
    return this.perNode(node, (on) => `storages/${on}/${content}`, async (on) => toStorages(await this.client.request(PveApi.storages(on, content))));
  }

  isoImages(node: string, storage: string): Promise<IsoImage[]> {
    return this.perNode(node, (on) => `iso/${on}/${storage}`, async (on) => toIsoImages(await this.client.request(PveApi.storageContent(on, storage, 'iso'))));
  }

  bridges(node: string): Promise<BridgeInfo[]> {
    return this.perNode(node, (on) => `bridges/${on}`, async (on) => toBridges(await this.client.request(PveApi.networks(on))));
  }

  cpuModels(node: string): Promise<CpuModel[]> {
    return this.perNode(node, (on) => `cpu/${on}`, async (on) => toCpuModels(await this.client.request(PveApi.cpuModels(on))));
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
    if (node === undefined) this.answeringNodes.clear();
  }

  /**
   * A read of one node's facts, cached per node. A read of ANSWERING_NODE
   * also serves the same read of the answering node by name, once its name
   * is known (at once, if it is already).
   */
  private perNode<T>(node: string, what: (node: string) => string, load: (node: string) => Promise<T>): Promise<T> {
    const promise = this.cached(what(node), () => load(node), node);
    if (node !== ANSWERING_NODE) return promise;
    const alias = (name: string): void =>
      this.cache.alias(sessionScope(this.client, what(ANSWERING_NODE)), sessionScope(this.client, what(name)), name, () => load(name), mayHelpByName);
    const answering = this.answeringNodeOfSession();
    if (answering.name) alias(answering.name);
    else answering.pending.set(what(ANSWERING_NODE), alias);
    return promise;
  }

  private nameAnsweringNode(name: string): void {
    const answering = this.answeringNodeOfSession();
    answering.name = name;
    for (const alias of answering.pending.values()) alias(name);
    answering.pending.clear();
  }

  private answeringNodeOfSession(): { name?: string; readonly pending: Map<string, (name: string) => void> } {
    const scope = sessionScope(this.client, 'answering-node');
    let answering = this.answeringNodes.get(scope);
    if (!answering) this.answeringNodes.set(scope, (answering = { pending: new Map() }));
    return answering;
  }

  /** One read of the privileges on `/` for the tag rules and rootPrivileges. */
  private rootPermissions(): Promise<PermissionsResponse> {
    return this.cached('permissions/', () => this.client.request(PveApi.permissions('/')));
  }

  /** Cached per server and identity (sessionScope). */
  private cached<T>(key: string, load: () => Promise<T>, node?: string): Promise<T> {
    return this.cache.get(sessionScope(this.client, key), load, node);
  }
}

/**
 * When a read by ANSWERING_NODE failed, whether the same read by the node's
 * name is worth sending: not when the server is unreachable, slow or has
 * ended the session (it would fail the same way, later), but when the answer
 * itself was refused or not understood, in case the alias was the cause.
 */
function mayHelpByName(error: unknown): boolean {
  return !isProxmoxError(error) || !['network', 'timeout', 'tls', 'auth'].includes(error.kind);
}
