import type { ClusterWideFacts } from '../workflow/cluster-facts';
import { ANSWERING_NODE, type ReferenceDataService } from './reference-data-service';

/** Runs one read; the wizard passes a wrapper that signs in again when the session ended. */
export type ReadWrapper = <T>(read: () => Promise<T>) => Promise<T>;

/** Reads the caller started already (it needs their answers early, for the node facts). */
export interface StartedReads {
  readonly nodes?: Promise<ClusterWideFacts['nodes']>;
  readonly answeringNode?: Promise<string | undefined>;
}

/**
 * The cluster-wide reference data, all read at once (one round trip on a
 * slow link): nodes, the node that answers, the next free VM ID, the guests
 * (VM IDs in use), pools, the tag rules, the user's privileges on `/` (read
 * once for both) and the server version. Shared by the
 * wizard and --yes.
 */
export async function loadClusterWideFacts(data: ReferenceDataService, read: ReadWrapper = (load) => load(), started: StartedReads = {}): Promise<ClusterWideFacts> {
  const [nodeList, answeringNode, nextVmid, guests, pools, tags, rootPrivileges, serverVersion] = await Promise.all([
    started.nodes ?? read(() => data.nodes()),
    started.answeringNode ?? read(() => data.answeringNode()),
    read(() => data.nextFreeVmid()),
    read(() => data.guests()),
    read(() => data.pools()),
    read(() => data.tags()),
    read(() => data.rootPrivileges()),
    read(() => data.serverVersion()),
  ]);
  return {
    nodes: nodeList,
    ...(answeringNode ? { answeringNode } : {}),
    rootPrivileges,
    nextVmid,
    usedVmids: new Set(guests.map((guest) => guest.vmid)),
    pools,
    tags,
    serverVersion,
  };
}

/**
 * Read the facts of the node that answers (storages, bridges, CPU models and
 * the likely ISO list) by ANSWERING_NODE, alongside the cluster-wide reads:
 * when that node turns out to be the VM's node, as it is by default, its
 * facts are there one round trip earlier. Only a head start: failures are
 * left to the reads by name that follow.
 */
export async function preloadAnsweringNode(data: ReferenceDataService, read: ReadWrapper, isoStorage: string | undefined): Promise<void> {
  await Promise.allSettled([
    read(() => data.storages(ANSWERING_NODE, 'iso')),
    read(() => data.storages(ANSWERING_NODE, 'images')),
    read(() => data.bridges(ANSWERING_NODE)),
    read(() => data.cpuModels(ANSWERING_NODE)),
    ...(isoStorage ? [read(() => data.isoImages(ANSWERING_NODE, isoStorage))] : []),
  ]);
}
