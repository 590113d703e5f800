/**
 * Every endpoint the app uses, as data: method, path, query or form, and the
 * codec for the answer. One line each, so the list doubles as an inventory of
 * what we ask Proxmox for; `ProxmoxClient.request` does the rest.
 */
import { DomainsResponse, PermissionsResponse, TicketResponse } from './codecs/access.codec';
import { AnyDataResponse, ClusterOptionsResponse, ClusterStatusResponse, NextIdResponse, PoolsResponse, VmResourcesResponse } from './codecs/cluster.codec';
import { CpuModelsResponse, NodesResponse, VersionResponse, VmStatusResponse } from './codecs/nodes.codec';
import { NetworkResponse } from './codecs/network.codec';
import { StorageContentResponse, StorageListResponse } from './codecs/storage.codec';
import { TaskListResponse, TaskLogResponse, TaskStatusResponse, UpidResponse } from './codecs/tasks.codec';
import type { ApiCall, WireValue } from './proxmox-client';
import type { Secret } from '../shared/secret';
import type { Upid } from './upid';

const segment = encodeURIComponent;

/** Node-scoped path: `/nodes/<node>/...`. */
const onNode = (node: string, rest: string): string => `/nodes/${segment(node)}${rest}`;

/** Task paths name the node from the UPID (where the task runs) and the URL-encoded UPID. */
const taskPath = (upid: Upid, rest: string): string => onNode(upid.node, `/tasks/${segment(upid.raw)}${rest}`);

/** A task request as messages name it: the task's type and ID instead of its encoded UPID. */
const taskShownAs = (upid: Upid, rest: string): string => `GET ${onNode(upid.node, `/tasks/{${upid.type} ${upid.id}}${rest}`)}`;

export const PveApi = {
  domains: (): ApiCall<DomainsResponse> => ({ method: 'GET', path: '/access/domains', codec: DomainsResponse, anonymous: true }),

  /** Login, TFA answer and renewal are all this call with different form fields. */
  ticket: (form: Readonly<Record<string, string | Secret>>): ApiCall<TicketResponse> => ({
    method: 'POST',
    path: '/access/ticket',
    form,
    codec: TicketResponse,
    anonymous: true,
  }),

  /** The signed-in user's (or token's) privileges on one ACL path; works for API tokens, unlike the ticket's `cap`. */
  permissions: (aclPath: string): ApiCall<PermissionsResponse> => ({ method: 'GET', path: '/access/permissions', query: { path: aclPath }, codec: PermissionsResponse }),

  version: (): ApiCall<VersionResponse> => ({ method: 'GET', path: '/version', codec: VersionResponse }),

  nodes: (): ApiCall<NodesResponse> => ({ method: 'GET', path: '/nodes', codec: NodesResponse }),

  /** The cluster's and its nodes' state; tells which node answers (`local`). Needs Sys.Audit on `/`. */
  clusterStatus: (): ApiCall<ClusterStatusResponse> => ({ method: 'GET', path: '/cluster/status', codec: ClusterStatusResponse }),

  /** Without `vmid`: the next free ID. With it: that ID if free, else a 400 with `errors.vmid`. */
  nextId: (vmid?: number): ApiCall<NextIdResponse> => ({
    method: 'GET',
    path: '/cluster/nextid',
    query: vmid === undefined ? undefined : { vmid },
    codec: NextIdResponse,
  }),

  clusterOptions: (): ApiCall<ClusterOptionsResponse> => ({ method: 'GET', path: '/cluster/options', codec: ClusterOptionsResponse }),

  vmResources: (): ApiCall<VmResourcesResponse> => ({ method: 'GET', path: '/cluster/resources', query: { type: 'vm' }, codec: VmResourcesResponse }),

  pools: (): ApiCall<PoolsResponse> => ({ method: 'GET', path: '/pools', codec: PoolsResponse }),

  /** Enabled storages of `node` that hold `content`, with their formats (`format=1`), as the wizard's selectors ask. */
  storages: (node: string, content: string): ApiCall<StorageListResponse> => ({
    method: 'GET',
    path: onNode(node, '/storage'),
    query: { content, enabled: 1, format: 1 },
    codec: StorageListResponse,
  }),

  storageContent: (node: string, storage: string, content: string): ApiCall<StorageContentResponse> => ({
    method: 'GET',
    path: onNode(node, `/storage/${segment(storage)}/content`),
    query: { content },
    codec: StorageContentResponse,
  }),

  /** `any_bridge`: Linux and OVS bridges, plus SDN vnets where SDN is installed (filtered by SDN.Use). */
  networks: (node: string, type = 'any_bridge'): ApiCall<NetworkResponse> => ({
    method: 'GET',
    path: onNode(node, '/network'),
    query: { type },
    codec: NetworkResponse,
  }),

  cpuModels: (node: string): ApiCall<CpuModelsResponse> => ({ method: 'GET', path: onNode(node, '/capabilities/qemu/cpu'), codec: CpuModelsResponse }),

  taskStatus: (upid: Upid): ApiCall<TaskStatusResponse> => ({
    method: 'GET',
    path: taskPath(upid, '/status'),
    shownAs: taskShownAs(upid, '/status'),
    codec: TaskStatusResponse,
    poll: true,
  }),

  taskLog: (upid: Upid, start: number, limit: number): ApiCall<TaskLogResponse> => ({
    method: 'GET',
    path: taskPath(upid, '/log'),
    shownAs: taskShownAs(upid, '/log'),
    query: { start, limit },
    codec: TaskLogResponse,
    poll: true,
  }),

  /**
   * Tasks of one type for one VM on `node`, running ones included
   * (`source=all`; the default lists finished tasks only). A user always sees
   * their own tasks; others' need Sys.Audit on the node.
   */
  vmTasks: (node: string, vmid: number, type: string): ApiCall<TaskListResponse> => ({
    method: 'GET',
    path: onNode(node, '/tasks'),
    query: { vmid, typefilter: type, source: 'all' },
    codec: TaskListResponse,
  }),

  /** Whether VM `vmid` is on `node` and its lock; a VM that is not there answers 500 "Configuration file ... does not exist". */
  vmStatus: (node: string, vmid: number): ApiCall<VmStatusResponse> => ({
    method: 'GET',
    path: onNode(node, `/qemu/${vmid}/status/current`),
    codec: VmStatusResponse,
  }),

  /** A write that starts a worker and answers with its UPID (create, start). */
  taskWrite: (method: 'POST' | 'PUT', path: string, form: Readonly<Record<string, WireValue>>): ApiCall<string> => ({
    method,
    path,
    form,
    codec: UpidResponse,
  }),

  /** Destroy a VM (and purge it from HA, backup jobs, replication); answers with the qmdestroy UPID. */
  destroyVm: (node: string, vmid: number): ApiCall<string> => ({
    method: 'DELETE',
    path: onNode(node, `/qemu/${vmid}`),
    query: { purge: 1 },
    codec: UpidResponse,
  }),

  /** A write whose answer is not needed (`null` from PUT config, HA registration); a UPID is passed through. */
  write: (method: 'POST' | 'PUT', path: string, form: Readonly<Record<string, WireValue>>): ApiCall<unknown> => ({
    method,
    path,
    form,
    codec: AnyDataResponse,
  }),
};
