/**
 * The CPU step: sockets, cores per socket, the total, and the CPU type from
 * the node's list of models (`host` first: the product default). The model
 * list has its own loading and error state; the type can be kept or typed
 * meanwhile.
 */
import type { CpuModel } from '../../workflow/cluster-facts';
import { setCores, setCpuType, setSockets } from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import type { ListItem } from '../../widgets/filter-model';
import type { FormLayout } from '../../widgets/form-layout';
import type { StateView } from '../../widgets/state-view';
import type { TextField } from '../../widgets/text-field';
import { errorInfo } from '../error-messages';
import type { LoadStatus } from '../wizard-session';
import { WizardStep } from '../wizard-step';

/** The CPU step. */
export class CpuScreen extends WizardStep {
  readonly id = 'cpu';
  readonly title = 'CPU';
  readonly step = 'cpu';
  protected override readonly needs = 'cluster';
  private total: TextField | undefined;
  private typeState: StateView | undefined;
  private shownTypeStatus: LoadStatus | undefined;

  protected buildFields(form: FormLayout): void {
    this.bindNumber(form, 'cpu.sockets', { label: 'Sockets' }, (c) => c.cpu.sockets, (value) => setSockets(value ?? 0));
    this.bindNumber(form, 'cpu.cores', { label: 'Cores' }, (c) => c.cpu.cores, (value) => setCores(value ?? 0));
    this.total = form.text('cpu.total', { label: 'Total cores', disabled: true }, { width: 40 });
    this.bindDropdown(form, 'cpu.type', { label: 'Type', placeholder: 'host' }, typeItems, (c) => c.cpu.type, setCpuType);
    this.typeState = form.loadState('cpu.type');
  }

  override unmount(): void {
    this.total = undefined;
    this.typeState = undefined;
    this.shownTypeStatus = undefined;
    super.unmount();
  }

  /** The total follows sockets x cores; the model list shows its own load state. */
  protected override afterSync(): void {
    const { sockets, cores } = this.store.config.cpu;
    if (this.total) this.total.value = Number.isFinite(sockets * cores) ? `${sockets * cores} (${sockets} x ${cores})` : '';
    this.showTypeStatus(this.wizard.cpuModelStatus(this.store.config.general.node));
  }

  private showTypeStatus(status: LoadStatus): void {
    const state = this.typeState;
    if (!state || status === this.shownTypeStatus) return;
    this.shownTypeStatus = status;
    if (status.kind === 'failed') state.showError(errorInfo(status.error, status.retry, { inline: true }));
    else if (status.kind === 'loading') state.showLoading(status.what);
    else state.showReady();
  }
}

/** `host` first (the node's own CPU: the product default), then the node's models by name. */
function typeItems(store: WizardStore): ListItem<string>[] {
  const models: readonly CpuModel[] = store.state.facts.nodeFacts[store.config.general.node]?.cpuModels ?? [];
  const others = models.filter((model) => model.name !== 'host').sort((a, b) => a.name.localeCompare(b.name));
  return [
    { value: 'host', label: 'host', detail: "node's CPU, no migration" },
    ...others.map((model) => ({ value: model.name, label: model.name, detail: model.custom ? 'custom model' : vendorLabel(model.vendor) })),
  ];
}

/** Proxmox's vendor of a CPU model in words: `default` is QEMU's generic models (kvm64, x86-64-v2-AES), not "the default". */
function vendorLabel(vendor: string): string {
  if (vendor === 'default') return 'generic';
  if (vendor === 'GenuineIntel') return 'Intel';
  if (vendor === 'AuthenticAMD') return 'AMD';
  return vendor;
}
