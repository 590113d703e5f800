/**
 * The wizard's state: the cluster facts, what the user set (the overlay, the
 * same shape as an answers file) and what follows from them (the resolved
 * VmConfig and its notices). Screens dispatch actions and listen to
 * onDidChange; the config is always re-derived from facts + user input, so a
 * node change, a memory change or a fresh ISO list updates every dependent
 * default the user has not set, and nothing the user has set. No timers, no I/O.
 */
import * as t from 'io-ts';
import { closed } from '../shared/decode';
import { Emitter, type Disposable, type Event } from '../shared/emitter';
import { ConfigOverlay, type DiskOverlay } from './answers.codec';
import { buildRequests } from './build-requests';
import type { ClusterFacts } from './cluster-facts';
import { nextFreeIndex, type DiskSlot } from './disk-slots';
import { FieldMessage, type Notice, type ValidationIssue } from './field-message';
import { guestOsType, osHardwareDefaults } from './os-types';
import type { RequestPlan } from './request-plan';
import { resolveDefaults } from './resolve-defaults';
import { issuesOfStep, validate } from './validate';
import { VmConfig, type DiskBus, type StepName } from './vm-config.codec';
import type { ScalarStep, WizardAction } from './wizard-actions';

/** Everything the wizard knows at one moment. */
export interface WizardState {
  readonly facts: ClusterFacts;
  /** What the user (or the answers file) set; everything else follows defaults. */
  readonly input: ConfigOverlay;
  readonly config: VmConfig;
  readonly notices: readonly Notice[];
}

/** What onDidChange reports. */
export interface WizardChange {
  readonly state: WizardState;
  readonly action: WizardAction;
}

/** The JSON-serializable part of the state (facts are reloaded, not saved). */
export const WizardSnapshot = closed(
  { version: t.literal(1), input: ConfigOverlay, config: VmConfig, notices: t.array(FieldMessage) },
  'WizardSnapshot',
);
export type WizardSnapshot = t.TypeOf<typeof WizardSnapshot>;

/** The state for facts and user input. */
export function initialWizardState(facts: ClusterFacts, input: ConfigOverlay = {}): WizardState {
  const { config, notices } = resolveDefaults(facts, input);
  return { facts, input, config, notices };
}

/** The state after an action (pure: the store is a thin shell around this). */
export function reduceWizard(state: WizardState, action: WizardAction): WizardState {
  // A NaN or Infinity (a number field that failed to parse) cannot be saved or sent: keep the last good value.
  if (!carriesOnlyFiniteNumbers(action)) return state;
  switch (action.type) {
    case 'set-field':
      return initialWizardState(state.facts, setInput(state, action.step, action.key, action.value));
    case 'reset-field':
      return initialWizardState(state.facts, withStep(state.input, action.step, omitKey(state.input[action.step] ?? {}, action.key)));
    case 'set-facts':
      return initialWizardState(action.facts, state.input);
    case 'load-answers':
      return initialWizardState(state.facts, action.overlay);
    default:
      return initialWizardState(state.facts, { ...state.input, disks: reduceDisks(state, action) });
  }
}

function carriesOnlyFiniteNumbers(action: WizardAction): boolean {
  const values = action.type === 'set-field' ? [action.value] : action.type === 'update-disk' ? Object.values(action.patch) : [];
  return values.every(hasOnlyFiniteNumbers);
}

function hasOnlyFiniteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value !== null && typeof value === 'object') return Object.values(value).every(hasOnlyFiniteNumbers);
  return true;
}

/** Field-specific follow-ups of setting a field, then the field itself. */
function setInput(state: WizardState, step: ScalarStep, key: string, value: unknown): ConfigOverlay {
  const current = { ...(state.input[step] ?? {}), [key]: value } as Record<string, unknown>;
  if (step === 'os' && key === 'isoStorage') {
    // The ISO list shows one storage: an ISO chosen on another one is gone from view, so re-pick.
    const iso = current.iso;
    if (typeof iso === 'string' && !(typeof value === 'string' && iso.startsWith(`${value}:`))) delete current.iso;
  }
  if (step === 'os' && key === 'guestType') {
    const versions = guestOsType(value as VmConfig['os']['guestType']).versions;
    if (!versions.some((version) => version.ostype === state.config.os.ostype)) current.ostype = versions[0].ostype;
  }
  return withStep(state.input, step, current);
}

function withStep(input: ConfigOverlay, step: ScalarStep, value: object): ConfigOverlay {
  return { ...input, [step]: value };
}

function omitKey(object: object, key: string): object {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

type DiskAction = Extract<WizardAction, { type: 'add-disk' | 'remove-disk' | 'move-disk' | 'update-disk' }>;

/**
 * The user's disk list after a disk action. The first disk action turns the
 * default disk list into an explicit one, with each disk's slot written down,
 * so later removals never shift another disk to a new slot.
 */
function reduceDisks(state: WizardState, action: DiskAction): DiskOverlay[] {
  const disks: DiskOverlay[] = state.input.disks?.map((disk, position) => ({ ...disk, ...slotOf(state, position) })) ??
    state.config.disks.map((disk) => ({ bus: disk.bus, index: disk.index }));
  switch (action.type) {
    case 'add-disk': {
      const slot = nextDiskSlot(state.config, action.bus);
      return slot ? [...disks, slot] : disks;
    }
    case 'remove-disk':
      return disks.filter((_, position) => position !== action.position);
    case 'move-disk':
      return moveItem(disks, action.from, action.to);
    case 'update-disk':
      return disks.map((disk, position) => (position === action.position ? updatedDisk(state, position, disk, action.patch) : disk));
  }
}

/** The resolved slot of a listed disk (answers files may leave the index to the wizard). */
function slotOf(state: WizardState, position: number): DiskSlot {
  const disk = state.config.disks[position];
  return { bus: disk.bus, index: disk.index };
}

/**
 * The slot a new disk gets: the lowest free index on `bus` (default: the last
 * disk's bus, else the OS default bus), or undefined when that bus is full.
 */
export function nextDiskSlot(config: VmConfig, bus?: DiskBus): DiskSlot | undefined {
  const chosenBus = bus ?? config.disks[config.disks.length - 1]?.bus ?? osHardwareDefaults(config.os.ostype).diskBus;
  const index = nextFreeIndex(chosenBus, config.disks);
  return index === undefined ? undefined : { bus: chosenBus, index };
}

/**
 * A disk with a patch applied. Moving to another bus without an index takes
 * that bus' lowest free slot, and drops IO thread / SSD choices the user made
 * for the old bus: they are bus-specific and follow the new bus' defaults.
 */
function updatedDisk(state: WizardState, position: number, disk: DiskOverlay, patch: Partial<DiskOverlay>): DiskOverlay {
  const definedPatch = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<DiskOverlay>;
  const next: DiskOverlay = { ...disk, ...definedPatch };
  if (definedPatch.bus && definedPatch.bus !== disk.bus) {
    const others = state.config.disks.filter((_, other) => other !== position);
    if (definedPatch.index === undefined) next.index = nextFreeIndex(definedPatch.bus, others) ?? disk.index;
    if (definedPatch.iothread === undefined) delete next.iothread;
    if (definedPatch.ssd === undefined) delete next.ssd;
  }
  return next;
}

function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const result = [...items];
  const [moved] = result.splice(from, 1);
  result.splice(to, 0, moved);
  return result;
}

/** Whether the user (or the answers file) set a field: `general.vmid`, `disks`, `disks[1].storage`. */
export function isUserSet(input: ConfigOverlay, path: string): boolean {
  const segments = path.split(/\.|\[(\d+)\]/).filter((segment) => segment !== undefined && segment !== '');
  let value: unknown = input;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<string, unknown>)[segment];
  }
  return value !== undefined;
}

/**
 * The store the screens share: current state, actions, change events, issues
 * and the request plan of the current config.
 */
export class WizardStore implements Disposable {
  private current: WizardState;
  private cachedIssues: { readonly state: WizardState; readonly issues: readonly ValidationIssue[] } | undefined;
  private readonly changed = new Emitter<WizardChange>();
  /** Fires after every action with the new state. */
  readonly onDidChange: Event<WizardChange> = this.changed.event;

  constructor(facts: ClusterFacts, input: ConfigOverlay = {}) {
    this.current = initialWizardState(facts, input);
  }

  /** A store continuing a saved snapshot with fresh facts (the config re-resolves against them). */
  static fromSnapshot(facts: ClusterFacts, snapshot: WizardSnapshot): WizardStore {
    return new WizardStore(facts, snapshot.input);
  }

  /** The whole state. */
  get state(): WizardState {
    return this.current;
  }

  /** The resolved config. */
  get config(): VmConfig {
    return this.current.config;
  }

  /** Notices from defaults resolution. */
  get notices(): readonly Notice[] {
    return this.current.notices;
  }

  /** Apply an action and tell listeners. */
  update(action: WizardAction): void {
    this.current = reduceWizard(this.current, action);
    this.changed.fire({ state: this.current, action });
  }

  /** Validation issues of the config (of one step, if given); computed once per state. */
  issues(step?: StepName): readonly ValidationIssue[] {
    if (this.cachedIssues?.state !== this.current) {
      this.cachedIssues = { state: this.current, issues: validate(this.current.config, this.current.facts) };
    }
    return step ? issuesOfStep(this.cachedIssues.issues, step) : this.cachedIssues.issues;
  }

  /** Notices one step shows. */
  noticesOf(step: StepName): readonly Notice[] {
    return this.current.notices.filter((notice) => notice.step === step);
  }

  /** Whether the user set a field (it no longer follows its default). */
  isUserSet(path: string): boolean {
    return isUserSet(this.current.input, path);
  }

  /** The requests the current config makes on this server. */
  plan(): RequestPlan {
    return buildRequests(this.current.config, { serverVersion: this.current.facts.serverVersion });
  }

  /** JSON-serializable state (see WizardSnapshot). */
  snapshot(): WizardSnapshot {
    const { input, config, notices } = this.current;
    return JSON.parse(JSON.stringify({ version: 1, input, config, notices })) as WizardSnapshot;
  }

  /** Stop notifying listeners. */
  dispose(): void {
    this.changed.dispose();
  }
}
