/**
 * What the step screens of one wizard run share: the WizardStore (created
 * once the cluster's facts are in), the loading of those facts, and the
 * handling of a session the server ends mid-wizard.
 *
 * Loading is shaped for slow links (docs/architecture.md, "Screens"): right
 * after login everything the default VM needs is requested at once: nodes,
 * the node that answers, next VM ID, guests, pools, tags, version, and the
 * answering node's storages, bridges, CPU models and likely ISO list (by the
 * name `localhost`, before its real name is known; it is the default node).
 * So the General step waits one round trip, and the other steps' data is
 * there when General is. A default node other than the answering one (the
 * answers name it, or the answering one is offline) has its facts read as
 * soon as the node list is in. The
 * store then says what else a choice needs (`factsToLoad`: another node, an
 * ISO list of another storage), and only that is loaded. ReferenceDataService
 * caches per session, so nothing is fetched twice.
 */
import { type Disposable, DisposableStore, Emitter, type Event } from '../shared/emitter';
import { ExitCode } from '../shared/exit-codes';
import type { ProvisioningResult } from '../services/provisioning-service';
import { loadClusterWideFacts, preloadAnsweringNode, type ReadWrapper } from '../services/cluster-wide-facts';
import type { ReferenceDataService } from '../services/reference-data-service';
import type { SessionInfo, SessionService } from '../services/session-service';
import type { ConfigOverlay } from '../workflow/answers.codec';
import type { RequestPlan } from '../workflow/request-plan';
import { combineNodeStorages, type ClusterFacts, type ClusterWideFacts, type CpuModel, type IsoImage, type NodeFacts, type StorageInfo } from '../workflow/cluster-facts';
import { answeringNodeFactsToLoad, earlyFactsToLoad, factsToLoad } from '../workflow/resolve-defaults';
import { loadAnswers, setFacts } from '../workflow/wizard-actions';
import type { WizardStore } from '../workflow/wizard-store';
import type { WizardStoreFactory } from '../workflow/workflow-module';
import { describeError, isAuthFailure } from './error-messages';
import { askPasswordAgain, completeSecondFactor } from './login/sign-in-dialogs';
import type { ScreenHost } from './screen-controller';

/** Where one load is. */
export type LoadStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly what: string }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly what: string; readonly error: unknown; readonly retry: () => void };

/** What a step needs before it can show its fields. */
export type StepNeeds = 'cluster' | 'node' | 'everything';

/** The cluster-wide facts (everything but the per-node ones). */
type ClusterWide = ClusterWideFacts;

/** Storages, bridges of one node: what its facts cannot do without. */
interface NodeCore {
  readonly storages: readonly StorageInfo[];
  readonly bridges: NodeFacts['bridges'];
}

const IDLE: LoadStatus = { kind: 'idle' };
const READY: LoadStatus = { kind: 'ready' };

/** What the session needs. */
export interface WizardSessionDeps {
  readonly session: SessionService;
  readonly referenceData: ReferenceDataService;
  readonly createStore: WizardStoreFactory;
  /** The answers file's overlay (--answers): the store starts from it. */
  readonly answers?: ConfigOverlay;
  /** Remember a typed password for the log's redactor. */
  readonly rememberSecret?: (value: string) => void;
}

/** One wizard run's shared state. */
export class WizardSession implements Disposable {
  private wizardStore: WizardStore | undefined;
  private clusterWide: ClusterWide | undefined;
  private clusterStatus: LoadStatus = IDLE;
  private readonly nodeCores = new Map<string, NodeCore>();
  private readonly nodeStatus = new Map<string, LoadStatus>();
  private readonly isoLists = new Map<string, Record<string, readonly IsoImage[]>>();
  private readonly isoStatus = new Map<string, LoadStatus>();
  private readonly cpuModelLists = new Map<string, readonly CpuModel[]>();
  private readonly cpuStatus = new Map<string, LoadStatus>();
  /** VM IDs found taken after the guest list was read (a check on leave, a create that collided). */
  private readonly takenVmids = new Set<number>();
  /** Messages for fields, set outside their step (Proxmox rejected a parameter); cleared when the field is edited. */
  private readonly fieldErrors = new Map<string, string>();
  private signedIn: SessionInfo | undefined;
  /** The plan the user confirmed, for the Submit step to run. */
  private confirmedPlan: RequestPlan | undefined;
  /** Exit codes of the VMs this session is done with ("Create another VM" moves on from one). */
  private readonly earlierOutcomes: number[] = [];
  /** Exit code of the last run for the VM being made now (a retry replaces it), once one ended. */
  private currentOutcome: number | undefined;
  private host: ScreenHost | undefined;
  private reauthentication: Promise<boolean> | undefined;
  /** Counts sign-ins (the login and every "sign in again"), so a failure can tell whether one happened since. */
  private signInCount = 0;
  private readonly subscriptions = new DisposableStore();
  private readonly changed = new Emitter<void>();

  /** Fires when anything a screen shows may have changed: a load's state, the store's state. */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly deps: WizardSessionDeps) {
    this.subscriptions.add(this.changed);
    // A session the server ends while nothing is loading (a failed renewal) is noticed here.
    this.subscriptions.add(deps.session.onDidExpire(() => void this.reauthenticate()));
  }

  /** The store, once the cluster's facts are in. */
  get store(): WizardStore | undefined {
    return this.wizardStore;
  }

  /** Who is signed in (set by the Login step). */
  get user(): SessionInfo | undefined {
    return this.signedIn;
  }

  /** The screen now shown: its dialogs are where "sign in again" asks. */
  attach(host: ScreenHost): void {
    this.host = host;
  }

  /**
   * Signed in: start loading everything the default VM needs. Calling it
   * again (signed in anew from the Login step) keeps what is loaded.
   */
  start(user: SessionInfo): void {
    this.signedIn = user;
    this.signInCount += 1;
    if (this.clusterStatus.kind === 'idle' || this.clusterStatus.kind === 'failed') void this.loadCluster();
  }

  /** Whether a step's data is there, and if not, where its loading is. */
  readiness(needs: StepNeeds): LoadStatus {
    if (!this.wizardStore) return this.clusterStatus.kind === 'ready' ? IDLE : this.clusterStatus;
    if (needs === 'cluster') return READY;
    const node = this.wizardStore.config.general.node;
    const nodeStatus = this.nodeStatus.get(node) ?? IDLE;
    if (nodeStatus.kind !== 'ready') return nodeStatus.kind === 'idle' ? { kind: 'loading', what: `storages and bridges on ${node}` } : nodeStatus;
    if (needs === 'node') return READY;
    const missing = factsToLoad(this.wizardStore.config, this.wizardStore.state.facts)[0];
    if (missing?.kind === 'iso-images') return this.isoListStatus(missing.node, missing.storage);
    return READY;
  }

  /** The ISO list of a storage on a node: loading, ready or failed (with Retry). */
  isoListStatus(node: string, storage: string): LoadStatus {
    return this.isoStatus.get(`${node}/${storage}`) ?? { kind: 'loading', what: `ISO images on ${storage}` };
  }

  /** The CPU models of a node: loading, ready or failed (with Retry). */
  cpuModelStatus(node: string): LoadStatus {
    return this.cpuStatus.get(node) ?? IDLE;
  }

  /** Forget that `vmid` is free: another VM has it (found on leaving the field, or by a create that collided). */
  markVmidTaken(vmid: number): void {
    if (this.takenVmids.has(vmid)) return;
    this.takenVmids.add(vmid);
    this.pushFacts();
  }

  /** A message for a field, shown when its step is shown (Proxmox rejected the parameter). */
  setFieldError(path: string, message: string): void {
    this.fieldErrors.set(path, message);
    this.changed.fire();
  }

  /** The message set for a field from elsewhere, if any. */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.get(path);
  }

  /** The user edited the field: a message set from elsewhere no longer applies. */
  clearFieldError(path: string): void {
    this.fieldErrors.delete(path);
  }

  /** The user confirmed creating the VM: the Submit step runs `plan` when it is shown. */
  requestSubmission(plan: RequestPlan): void {
    this.confirmedPlan = plan;
  }

  /** The confirmed plan, once (the Submit step takes it and runs it). */
  takeSubmission(): RequestPlan | undefined {
    const plan = this.confirmedPlan;
    this.confirmedPlan = undefined;
    return plan;
  }

  /**
   * A run of the plan ended with `status` (wizard-screens.ts reports every
   * run and resume). A retry of the same VM replaces its outcome: the VM's
   * last state is what counts.
   */
  recordOutcome(status: ProvisioningResult['status']): void {
    this.currentOutcome = outcomeExitCode(status);
  }

  /**
   * The exit code of quitting now, with nothing running (docs/cli.md): the
   * worst outcome of the session's runs, a VM created earlier included
   * (partial 4 > failed 1 > cancelled 130 > created 0), or 130 when nothing
   * was ever submitted.
   */
  quitExitCode(): number {
    const outcomes = this.currentOutcome === undefined ? this.earlierOutcomes : [...this.earlierOutcomes, this.currentOutcome];
    if (outcomes.length === 0) return ExitCode.Cancelled;
    return outcomes.reduce((worst, code) => (OUTCOME_SEVERITY.indexOf(code) > OUTCOME_SEVERITY.indexOf(worst) ? code : worst));
  }

  /**
   * Start another VM from the same starting point (the answers file's
   * values, or the defaults) with a fresh suggested VM ID: the one just
   * created counts as taken, and its outcome stays the session's.
   */
  startAnother(createdVmid: number): void {
    if (this.currentOutcome !== undefined) this.earlierOutcomes.push(this.currentOutcome);
    this.currentOutcome = undefined;
    this.takenVmids.add(createdVmid);
    const { general, ...rest } = this.deps.answers ?? {};
    const overlay: ConfigOverlay = general ? { ...rest, general: { ...general, vmid: undefined } } : rest;
    this.fieldErrors.clear();
    this.wizardStore?.update(loadAnswers(overlay));
    this.pushFacts();
  }

  /**
   * Runs a request of the signed-in session; when the server has ended the
   * session, asks the user to sign in again (once for every request that
   * failed that way) and repeats the request.
   */
  async guard<T>(request: () => Promise<T>): Promise<T> {
    const signIns = this.signIns;
    try {
      return await request();
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      // Signed in again while it ran (the dialog another 401 opened): repeat it without asking once more.
      if (this.signIns === signIns && !(await this.reauthenticate())) throw error;
      return request();
    }
  }

  /** How many times the user has signed in this run: a step that failed with a 401 asks again only if none came since. */
  get signIns(): number {
    return this.signInCount;
  }

  /**
   * The server ended the session: ask for the password (and second factor)
   * in a dialog over the current step. Resolves true once signed in again;
   * false when the user cancels, or when it cannot help (an API token).
   * Several callers share one dialog.
   */
  reauthenticate(): Promise<boolean> {
    const user = this.signedIn;
    if (!user || user.authKind !== 'ticket' || !this.host) return Promise.resolve(false);
    this.reauthentication ??= this.signInAgain(user, this.host).finally(() => (this.reauthentication = undefined));
    return this.reauthentication;
  }

  /** Stop listening; loads still in flight are ignored. */
  dispose(): void {
    this.subscriptions.dispose();
    this.wizardStore?.dispose();
  }

  // ---------------------------------------------------------------- loading

  private async loadCluster(): Promise<void> {
    this.setClusterStatus({ kind: 'loading', what: "the cluster's nodes, VM IDs, pools and tags" });
    const data = this.deps.referenceData;
    const read: ReadWrapper = (load) => this.guard(load);
    const nodes = read(() => data.nodes());
    const answeringNode = read(() => data.answeringNode());
    // Saves a round trip: the node that answers is the default one, and its facts need not wait for its name.
    const answeringNodeFacts = answeringNodeFactsToLoad(this.deps.answers);
    if (answeringNodeFacts) void preloadAnsweringNode(data, read, answeringNodeFacts.isoStorage);
    // Another node (named by the answers, or the answering one is offline) needs the node list first.
    Promise.all([nodes, answeringNode]).then(([list, answering]) => this.prefetch(earlyFactsToLoad(list, answering, this.deps.answers)), () => undefined);
    try {
      this.clusterWide = await loadClusterWideFacts(data, read, { nodes, answeringNode });
    } catch (error) {
      this.setClusterStatus({ kind: 'failed', what: "the cluster's data", error, retry: () => void this.loadCluster() });
      return;
    }
    this.clusterStatus = READY;
    this.createStore();
  }

  private createStore(): void {
    if (this.wizardStore) return this.pushFacts();
    const store = this.deps.createStore(this.facts(), this.deps.answers);
    this.wizardStore = store;
    this.subscriptions.add(
      store.onDidChange(() => {
        this.loadWhatTheConfigNeeds();
        this.changed.fire();
      }),
    );
    this.loadWhatTheConfigNeeds();
    this.changed.fire();
  }

  private prefetch(early: ReturnType<typeof earlyFactsToLoad>): void {
    if (!early) return;
    this.loadNode(early.node);
    if (early.isoStorage) this.loadIsoList(early.node, early.isoStorage, { quiet: true });
  }

  /** What the resolved config still lacks (another node's facts, another storage's ISO list). */
  private loadWhatTheConfigNeeds(): void {
    const store = this.wizardStore;
    if (!store) return;
    for (const missing of factsToLoad(store.config, store.state.facts)) {
      if (missing.kind === 'node') this.loadNode(missing.node);
      else this.loadIsoList(missing.node, missing.storage);
    }
  }

  private loadNode(node: string): void {
    const status = this.nodeStatus.get(node);
    if (status && status.kind !== 'idle') return;
    void this.loadCpuModels(node);
    void this.loadNodeCore(node);
  }

  private async loadNodeCore(node: string): Promise<void> {
    const data = this.deps.referenceData;
    this.setStatus(this.nodeStatus, node, { kind: 'loading', what: `storages and bridges on ${node}` });
    try {
      const [isoStorages, imageStorages, bridges] = await Promise.all([
        this.guard(() => data.storages(node, 'iso')),
        this.guard(() => data.storages(node, 'images')),
        this.guard(() => data.bridges(node)),
      ]);
      this.nodeCores.set(node, { storages: combineNodeStorages(isoStorages, imageStorages), bridges });
      this.nodeStatus.set(node, READY);
      this.pushFacts();
    } catch (error) {
      this.setStatus(this.nodeStatus, node, { kind: 'failed', what: `storages and bridges on ${node}`, error, retry: () => this.retry(this.nodeStatus, node, () => this.loadNode(node)) });
    }
  }

  private async loadCpuModels(node: string): Promise<void> {
    if (this.cpuStatus.get(node)?.kind === 'loading' || this.cpuStatus.get(node)?.kind === 'ready') return;
    this.setStatus(this.cpuStatus, node, { kind: 'loading', what: `CPU models of ${node}` });
    try {
      this.cpuModelLists.set(node, await this.guard(() => this.deps.referenceData.cpuModels(node)));
      this.cpuStatus.set(node, READY);
      this.pushFacts();
    } catch (error) {
      const retry = (): void => {
        this.cpuStatus.delete(node);
        void this.loadCpuModels(node);
      };
      this.setStatus(this.cpuStatus, node, { kind: 'failed', what: `CPU models of ${node}`, error, retry });
    }
  }

  /**
   * Load a storage's ISO list. A `quiet` load is a guess made before the
   * config is resolved: when it fails it is forgotten, and the list is
   * loaded again (with its error shown) if the config turns out to need it.
   */
  private loadIsoList(node: string, storage: string, options: { readonly quiet?: boolean } = {}): void {
    const key = `${node}/${storage}`;
    const status = this.isoStatus.get(key);
    if (status && status.kind !== 'idle') return;
    this.setStatus(this.isoStatus, key, { kind: 'loading', what: `ISO images on ${storage}` });
    this.guard(() => this.deps.referenceData.isoImages(node, storage)).then(
      (images) => {
        this.isoLists.set(node, { ...this.isoLists.get(node), [storage]: images });
        this.isoStatus.set(key, READY);
        this.pushFacts();
      },
      (error: unknown) => {
        if (options.quiet) {
          this.isoStatus.delete(key);
          this.loadWhatTheConfigNeeds();
          this.changed.fire();
          return;
        }
        this.setStatus(this.isoStatus, key, {
          kind: 'failed',
          what: `ISO images on ${storage}`,
          error,
          retry: () => this.retry(this.isoStatus, key, () => this.loadIsoList(node, storage)),
        });
      },
    );
  }

  private retry(statuses: Map<string, LoadStatus>, key: string, load: () => void): void {
    statuses.delete(key);
    load();
    this.loadWhatTheConfigNeeds();
  }

  private setStatus(statuses: Map<string, LoadStatus>, key: string, status: LoadStatus): void {
    statuses.set(key, status);
    this.changed.fire();
  }

  private setClusterStatus(status: LoadStatus): void {
    this.clusterStatus = status;
    this.changed.fire();
  }

  /** The facts as loaded so far. */
  private facts(): ClusterFacts {
    const wide = this.clusterWide!;
    const nodeFacts: Record<string, NodeFacts> = {};
    for (const [node, core] of this.nodeCores) {
      nodeFacts[node] = { ...core, isoImages: this.isoLists.get(node) ?? {}, cpuModels: this.cpuModelLists.get(node) };
    }
    const usedVmids = this.takenVmids.size ? new Set([...wide.usedVmids, ...this.takenVmids]) : wide.usedVmids;
    return { ...wide, usedVmids, nodeFacts };
  }

  /** New facts arrived: the store re-resolves (or, before it exists, the screens hear of the progress). */
  private pushFacts(): void {
    if (this.wizardStore) this.wizardStore.update(setFacts(this.facts()));
    else this.changed.fire();
  }

  private async signInAgain(user: SessionInfo, host: ScreenHost): Promise<boolean> {
    const session = this.deps.session;
    let problem: string | undefined;
    for (;;) {
      const password = await askPasswordAgain(host.modals, user.username, problem);
      if (!password) return false;
      this.deps.rememberSecret?.(password.reveal());
      try {
        const outcome = await session.login(user.username, password);
        const signedIn = outcome.kind === 'authenticated' ? outcome.session : await completeSecondFactor(session, host.modals, outcome.challenge);
        if (!signedIn) return false;
        this.signedIn = signedIn;
        this.signInCount += 1;
        return true;
      } catch (error) {
        problem = describeError(error).message;
      }
    }
  }
}

/**
 * Exit codes of run outcomes from the least to the most in need of the
 * user's attention: a VM left half-made (4) outranks one not made (1), which
 * outranks a run the user stopped (130) and a clean create (0).
 */
const OUTCOME_SEVERITY: readonly number[] = [ExitCode.Ok, ExitCode.Cancelled, ExitCode.CreateFailed, ExitCode.Partial];

/** docs/cli.md's exit code of a run's outcome; one the app could not confirm counts as failed. */
function outcomeExitCode(status: ProvisioningResult['status']): number {
  switch (status) {
    case 'created':
      return ExitCode.Ok;
    case 'partial':
      return ExitCode.Partial;
    case 'cancelled':
      return ExitCode.Cancelled;
    default:
      return ExitCode.CreateFailed;
  }
}

