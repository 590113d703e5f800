import type { ClusterWideFacts } from '../workflow/cluster-facts';
import type { ReferenceDataService } from './reference-data-service';

/** Runs one read; the wizard passes a wrapper that signs in again when the session ended. */
export type ReadWrapper = <T>(read: () => Promise<T>) => Promise<T>;

/**
 * The cluster-wide reference data, all read at once (one round trip on a
 * slow link): nodes, the next free VM ID, the guests (VM IDs in use), pools,
 * the tag rules and the server version. Shared by the wizard and --yes.
 */
export async function loadClusterWideFacts(data: ReferenceDataService, read: ReadWrapper = (load) => load(), nodes = read(() => data.nodes())): Promise<ClusterWideFacts> {
  const [nodeList, nextVmid, guests, pools, tags, serverVersion] = await Promise.all([
    nodes,
    read(() => data.nextFreeVmid()),
    read(() => data.guests()),
    read(() => data.pools()),
    read(() => data.tags()),
    read(() => data.serverVersion()),
  ]);
  return { nodes: nodeList, nextVmid, usedVmids: new Set(guests.map((guest) => guest.vmid)), pools, tags, serverVersion };
}
