/**
 * Reading what the unattended run needs from the cluster, in as few round
 * trips as the data allows: the cluster-wide lists together with the facts of
 * the node that answers (the default node, read by the name `localhost`), and
 * as soon as the node list is in, another likely node's storages, bridges, CPU
 * models and ISO list (workflow earlyFactsToLoad). Both are guesses that warm
 * the ReferenceDataService cache. Then defaults are resolved, and whatever they
 * still need (workflow factsToLoad: another node, a substitute ISO storage)
 * is read in further rounds until nothing is missing.
 */
import { loadClusterWideFacts, preloadAnsweringNode } from '../../services/cluster-wide-facts';
import type { ReferenceDataService } from '../../services/reference-data-service';
import { isProxmoxError } from '../../shared/proxmox-error';
import type { ConfigOverlay } from '../../workflow/answers.codec';
import { combineNodeStorages, type ClusterFacts, type CpuModel, type IsoImage, type NodeFacts, type NodeInfo } from '../../workflow/cluster-facts';
import { storageHolds } from '../../workflow/cluster-picks';
import { answeringNodeFactsToLoad, earlyFactsToLoad, factsToLoad, resolveDefaults, type FactsToLoad, type Resolution } from '../../workflow/resolve-defaults';

/** The loaded facts and the config resolved against them. */
export interface LoadedFacts {
  readonly facts: ClusterFacts;
  readonly resolution: Resolution;
}

/** Rounds are node facts then ISO images; more means a resolve/load cycle, which is a bug, not a slow cluster. */
const MAX_ROUNDS = 4;

/**
 * Load everything the answers need and resolve them. A node or storage that
 * the answers name but the cluster lacks is not read (the server would answer
 * an error); validation then reports it by its path.
 */
export async function loadFacts(data: ReferenceDataService, overlay: ConfigOverlay): Promise<LoadedFacts> {
  const nodes = data.nodes();
  const answeringNode = data.answeringNode();
  const answeringNodeFacts = answeringNodeFactsToLoad(overlay);
  const warmUp = Promise.allSettled([
    answeringNodeFacts && preloadAnsweringNode(data, (read) => read(), answeringNodeFacts.isoStorage),
    Promise.all([nodes, answeringNode]).then(([list, answering]) => warmUpLikelyNode(data, list, answering, overlay)),
  ]);
  try {
    let facts: ClusterFacts = { ...(await loadClusterWideFacts(data, undefined, { nodes, answeringNode })), nodeFacts: {} };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const resolution = resolveDefaults(facts, overlay);
      const loads = factsToLoad(resolution.config, facts).filter((load) => canLoad(load, facts));
      if (loads.length === 0) return { facts, resolution };
      facts = await loadMore(data, facts, loads);
    }
    throw new Error('resolving the defaults kept asking for more cluster data');
  } finally {
    // Nothing of this run may still be reading when it ends (the guesses may outlast a failure).
    await warmUp;
  }
}

/**
 * Start reading the node and ISO storage the VM will most likely use, while
 * the other cluster lists are still loading. Only a guess: failures are
 * ignored here (a storage guessed wrong is never asked for again), and a load
 * the run really needs is asked again, from the cache when the guess was right.
 */
async function warmUpLikelyNode(data: ReferenceDataService, nodes: readonly NodeInfo[], answeringNode: string | undefined, overlay: ConfigOverlay): Promise<void> {
  const early = earlyFactsToLoad(nodes, answeringNode, overlay);
  if (!early || !nodes.some((node) => node.name === early.node && node.online)) return;
  const { node, isoStorage } = early;
  await Promise.allSettled([
    data.storages(node, 'iso'),
    data.storages(node, 'images'),
    data.bridges(node),
    data.cpuModels(node),
    ...(isoStorage ? [data.isoImages(node, isoStorage)] : []),
  ]);
}

/** Reading an offline or unknown node, or a storage the node lacks, would only fail: leave those to validation. */
function canLoad(load: FactsToLoad, facts: ClusterFacts): boolean {
  const node = facts.nodes.find((candidate) => candidate.name === load.node);
  if (!node?.online) return false;
  if (load.kind === 'node') return true;
  const storage = facts.nodeFacts[load.node]?.storages.find((candidate) => candidate.id === load.storage);
  return storage !== undefined && storageHolds(storage, 'iso');
}

/** What one load brought: a node's facts, or one storage's ISO list. */
type Loaded =
  | { readonly kind: 'node'; readonly node: string; readonly facts: NodeFacts }
  | { readonly kind: 'iso-images'; readonly node: string; readonly storage: string; readonly images: readonly IsoImage[] };

async function loadMore(data: ReferenceDataService, facts: ClusterFacts, loads: readonly FactsToLoad[]): Promise<ClusterFacts> {
  const results = await Promise.all(
    loads.map(async (load): Promise<Loaded> => {
      if (load.kind === 'node') return { kind: 'node', node: load.node, facts: await loadNodeFacts(data, load.node) };
      return { ...load, images: await data.isoImages(load.node, load.storage) };
    }),
  );
  const nodeFacts: Record<string, NodeFacts> = { ...facts.nodeFacts };
  for (const result of results) {
    if (result.kind === 'node') {
      nodeFacts[result.node] = result.facts;
      continue;
    }
    const current = nodeFacts[result.node];
    if (current) nodeFacts[result.node] = { ...current, isoImages: { ...current.isoImages, [result.storage]: result.images } };
  }
  return { ...facts, nodeFacts };
}

/** One node's storages (ISO and disk ones), bridges and CPU models, in parallel. */
async function loadNodeFacts(data: ReferenceDataService, node: string): Promise<NodeFacts> {
  const [isoStorages, imageStorages, bridges, cpuModels] = await Promise.all([
    data.storages(node, 'iso'),
    data.storages(node, 'images'),
    data.bridges(node),
    optionalCpuModels(data, node),
  ]);
  return { storages: combineNodeStorages(isoStorages, imageStorages), bridges, isoImages: {}, cpuModels };
}

/**
 * CPU models only sharpen one check (an unknown CPU type); a user without
 * Sys.Audit on the node cannot read them, which must not stop a run that asks
 * for the default `host`. Without them any plausible name is accepted.
 */
async function optionalCpuModels(data: ReferenceDataService, node: string): Promise<CpuModel[] | undefined> {
  try {
    return await data.cpuModels(node);
  } catch (error) {
    if (isProxmoxError(error) && error.kind === 'permission') return undefined;
    throw error;
  }
}
