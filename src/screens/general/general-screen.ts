/**
 * The General step: node (online ones; offline ones shown and disabled with
 * why), VM ID (the next free one; a typed one is checked with the server as
 * the field is left), name, resource pool, tags, HA, start at boot, and in
 * the advanced group the startup order, delay and shutdown timeout.
 */
import type { ReferenceDataService } from '../../services/reference-data-service';
import type { NodeInfo } from '../../workflow/cluster-facts';
import { suggestedVmid } from '../../workflow/resolve-defaults';
import { tagSuggestions, validateField } from '../../workflow/validate';
import type { VmConfig } from '../../workflow/vm-config.codec';
import { resetField, setHa, setName, setNode, setOnboot, setPool, setStartup, setTags, setVmid } from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import type { ListItem } from '../../widgets/filter-model';
import type { FormLayout } from '../../widgets/form-layout';
import type { TagEditor } from '../../widgets/tag-editor';
import { whatFailed } from '../error-messages';
import { formatBytes } from '../format';
import { LeaveCheck, type StepDirection } from '../screen-controller';
import type { WizardSession } from '../wizard-session';
import { WizardStep } from '../wizard-step';

/** The General step. */
export class GeneralScreen extends WizardStep {
  readonly id = 'general';
  readonly title = 'General';
  readonly step = 'general';
  protected override readonly needs = 'cluster';
  /** The VM ID last confirmed free by the server, and the check in flight. */
  private checkedVmid: number | undefined;
  private vmidCheck: Promise<void> | undefined;

  constructor(
    wizard: WizardSession,
    private readonly referenceData: ReferenceDataService,
  ) {
    super(wizard);
  }

  protected buildFields(form: FormLayout, store: WizardStore): void {
    this.bindDropdown(form, 'general.node', { label: 'Node', placeholder: 'choose a node' }, (s) => nodeItems(s.state.facts.nodes), (c) => c.general.node || null, setNode);
    const vmid = this.bindNumber(
      form,
      'general.vmid',
      { label: 'VM ID', placeholder: `next free: ${suggestedVmid(store.state.facts)}`, onEmpty: () => resetField('general', 'vmid') },
      (c) => c.general.vmid,
      (value) => setVmid(value ?? 0),
    );
    vmid.onDidLeave(() => void this.checkVmid());
    this.bindText(form, 'general.name', { label: 'Name', placeholder: 'optional, e.g. web-1', maxLength: 63 }, (c) => c.general.name, setName);
    this.bindPool(form, store);
    this.bindTags(form, store);
    this.bindCheckbox(form, 'general.ha', { label: 'Add to HA', text: 'the HA manager keeps it running' }, (c) => c.general.ha, setHa);
    this.bindCheckbox(form, 'general.onboot', { label: 'Start at boot', text: 'start when its node boots' }, (c) => c.general.onboot, setOnboot);
    const { order, up, down } = store.config.general.startup;
    // Open when it holds something (set earlier, or by the answers file): nothing set is hidden.
    const startupSet = order !== null || up !== null || down !== null;
    form.advanced('Startup order, delay and shutdown timeout', () => {
      const startup = (c: VmConfig) => c.general.startup;
      const change = (part: 'order' | 'up' | 'down') => (value: number | null) => setStartup({ ...this.store.config.general.startup, [part]: value });
      this.bindNumber(form, 'general.startup.order', { label: 'Start/shutdown order', placeholder: 'any' }, (c) => startup(c).order, change('order'));
      this.bindNumber(form, 'general.startup.up', { label: 'Startup delay (s)', placeholder: 'default' }, (c) => startup(c).up, change('up'));
      this.bindNumber(form, 'general.startup.down', { label: 'Shutdown timeout (s)', placeholder: 'default' }, (c) => startup(c).down, change('down'));
    }, startupSet);
  }

  /** Next waits for the VM ID check (a typed ID the server knows as taken blocks with its message). */
  override async canLeave(direction: StepDirection): Promise<LeaveCheck> {
    if (direction === 'next' && this.wizard.store) await this.checkVmid();
    return super.canLeave(direction);
  }

  private bindPool(form: FormLayout, store: WizardStore): void {
    const pools = store.state.facts.pools;
    const items = (s: WizardStore): ListItem<string>[] => [
      { value: '', label: '(none)' },
      ...s.state.facts.pools.map((pool) => ({ value: pool.id, label: pool.id, detail: pool.comment })),
    ];
    this.bindDropdown(form, 'general.pool', { label: 'Resource pool', placeholder: '(none)' }, items, (c) => c.general.pool ?? '', (pool) => setPool(pool || null));
    if (pools.length === 0) {
      form.loadState('general.pool').showEmpty({ title: 'No pools: the VM goes to no pool.', hint: 'Pools are made under Datacenter > Permissions > Pools.' });
    }
  }

  private bindTags(form: FormLayout, store: WizardStore): void {
    const tags = form.tags('general.tags', {
      label: 'Tags',
      value: store.config.general.tags,
      suggestions: tagSuggestions(store.state.facts.tags),
      validateTag: (tag) => this.tagProblem(tag),
    });
    tags.onDidChange((value) => this.edit('general.tags', setTags(value)));
    // A tag typed but not confirmed with Enter is still meant: add it as the user moves on.
    tags.onDidLeave(() => commitTyped(tags));
    this.onSync(() => {
      if (!this.hasFocus(tags)) tags.value = this.store.config.general.tags;
    });
  }

  /** Why `tag` cannot be added, from the domain's rules for the whole tag list. */
  private tagProblem(tag: string): string | undefined {
    const config = this.store.config;
    const tags = [...config.general.tags, tag];
    const trial = { ...config, general: { ...config.general, tags } };
    return validateField(`general.tags[${tags.length - 1}]`, trial, this.store.state.facts)[0]?.message;
  }

  /** Ask the server whether a typed VM ID is free (once per value); a taken one becomes an issue at the field. */
  private checkVmid(): Promise<void> {
    const store = this.wizard.store;
    if (!store || !store.isUserSet('general.vmid')) return Promise.resolve();
    const vmid = store.config.general.vmid;
    if (vmid === this.checkedVmid || store.issues('general').some((issue) => issue.path === 'general.vmid')) return this.vmidCheck ?? Promise.resolve();
    this.checkedVmid = vmid;
    this.setFieldWarning('general.vmid', undefined);
    this.vmidCheck = this.wizard.guard(() => this.referenceData.isVmidFree(vmid)).then(
      (free) => {
        if (!free) this.wizard.markVmidTaken(vmid);
      },
      (error: unknown) => {
        // The create checks again; say at the field (where the whole reason fits) that this check could not be made.
        this.checkedVmid = undefined;
        this.setFieldWarning('general.vmid', `Could not check VM ID ${vmid} (${whatFailed(error)}); leave the field to check again (the create checks it too).`);
        this.host?.flash(`Could not check VM ID ${vmid}: the reason is shown at VM ID.`);
      },
    );
    return this.vmidCheck;
  }
}

/** Nodes by name; offline ones are shown but cannot be chosen, and say why. */
function nodeItems(nodes: readonly NodeInfo[]): ListItem<string>[] {
  return [...nodes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((node) =>
      node.online
        ? { value: node.name, label: node.name, detail: [node.maxCpu ? `${node.maxCpu} CPUs` : '', formatBytes(node.maxMemoryBytes)].filter(Boolean).join(', ') }
        : { value: node.name, label: node.name, detail: 'offline', disabled: true },
    );
}

/** Add what is typed in a tag editor but not confirmed yet. */
function commitTyped(tags: TagEditor): void {
  if (tags.pendingInput.trim() !== '') tags.add(tags.pendingInput);
}
