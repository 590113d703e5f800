/**
 * The Network step: one NIC (net0) or none. Bridge (Linux, OVS and SDN
 * vnets of the node; when vmbr9 is missing the substitute is named), VLAN
 * tag, model, firewall and MAC address; Disconnect (link down), MTU, rate
 * limit and multiqueue in the advanced group, as the web UI has them.
 */
import { NIC_MODEL_LABELS } from '../../workflow/summary';
import type { VmConfig } from '../../workflow/vm-config.codec';
import {
  setBridge,
  setFirewall,
  setLinkDown,
  setMac,
  setMtu,
  setNetworkEnabled,
  setNicModel,
  setQueues,
  setRate,
  setVlan,
} from '../../workflow/wizard-actions';
import type { WizardStore } from '../../workflow/wizard-store';
import type { ListItem } from '../../widgets/filter-model';
import type { FormLayout } from '../../widgets/form-layout';
import { WizardStep } from '../wizard-step';
import { bridgeDescription } from './bridge-description';

/** The Network step. */
export class NetworkScreen extends WizardStep {
  readonly id = 'network';
  readonly title = 'Network';
  readonly step = 'network';

  protected buildFields(form: FormLayout, store: WizardStore): void {
    const off = (c: VmConfig): boolean => !c.network.enabled;
    this.bindCheckbox(form, 'network.enabled', { label: 'No network', text: 'create the VM without a network device' }, (c) => !c.network.enabled, (none) => setNetworkEnabled(!none));
    this.bindDropdown(form, 'network.bridge', { label: 'Bridge', placeholder: 'choose a bridge' }, bridgeItems, (c) => c.network.bridge, setBridge, off);
    this.bindNumber(form, 'network.vlan', { label: 'VLAN tag', placeholder: 'none', disabled: off }, (c) => c.network.vlan, setVlan);
    const models = Object.entries(NIC_MODEL_LABELS).map(([value, label]) => ({ value, label, detail: value }));
    this.bindDropdown(form, 'network.model', { label: 'Model' }, () => models, (c) => c.network.model, setNicModel, off);
    this.bindCheckbox(form, 'network.firewall', { label: 'Firewall', text: "apply the VM's firewall rules" }, (c) => c.network.firewall, setFirewall, off);
    this.bindText(form, 'network.mac', { label: 'MAC address', placeholder: 'auto (Proxmox generates one)', maxLength: 17 }, (c) => c.network.mac, setMac, off, { width: 32 });
    const { linkDown, mtu, rateMBps, queues } = store.config.network;
    form.advanced('Disconnect, MTU, rate limit, multiqueue', () => {
      this.bindCheckbox(form, 'network.linkDown', { label: 'Disconnect', text: 'start with the link down, as if unplugged' }, (c) => c.network.linkDown, setLinkDown, off);
      this.bindNumber(form, 'network.mtu', { label: 'MTU', placeholder: 'same as bridge', width: 16, disabled: off }, (c) => c.network.mtu, setMtu);
      this.bindNumber(form, 'network.rateMBps', { label: 'Rate limit (MB/s)', placeholder: 'unlimited', decimal: true, disabled: off }, (c) => c.network.rateMBps, setRate);
      this.bindNumber(form, 'network.queues', { label: 'Multiqueue', placeholder: 'off', disabled: off }, (c) => c.network.queues, setQueues);
    }, linkDown || mtu !== null || rateMBps !== null || queues !== null);
    const bridges = store.state.facts.nodeFacts[store.config.general.node]?.bridges ?? [];
    if (bridges.length === 0) {
      form.loadState('network.bridge').showEmpty({
        title: `No bridges on ${store.config.general.node}.`,
        hint: 'Create one under the node\'s System > Network, choose another node, or tick "No network".',
      });
    }
  }
}

/** The node's bridges, described by kind, VLAN awareness and comment. */
function bridgeItems(store: WizardStore): ListItem<string>[] {
  const bridges = store.state.facts.nodeFacts[store.config.general.node]?.bridges ?? [];
  return [...bridges]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((bridge) => ({
      value: bridge.name,
      label: bridge.name,
      detail: bridgeDescription(bridge),
    }));
}
