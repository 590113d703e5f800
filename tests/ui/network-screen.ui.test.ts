/**
 * The Network step over the service fakes: the advanced group's Disconnect
 * (link_down=1), the bridge list's descriptions, and a MTU the bridge cannot
 * carry said at the field, all through the keys a user presses.
 */
import type { BridgeInfo } from '../../src/workflow/cluster-facts';
import { bridgeDescription } from '../../src/screens/network/bridge-description';
import { defaultClusterData } from '../../mocks/fakes/fake-reference-data-service';
import { StepPage } from './harness/page-objects';
import type { UiDriver } from './harness/ui-driver';
import type { FakeWizard, FakeWizardOptions } from './fixtures/wizard-app';
import { closeFakeWizard, startSignedInWithFakes } from './fixtures/signed-in';
import { wizardPages } from './fixtures/wizard-pages';

/** The advanced group's toggle, by its title on screen. */
const ADVANCED = 'Disconnect, MTU, rate limit, multiqueue';

/** The Network step in the user's words. */
class NetworkPage extends StepPage {
  /** Open (or close) the advanced group with Enter on its title. */
  async toggleAdvanced(): Promise<void> {
    await this.field(ADVANCED).press('enter');
  }

  /** Whether the advanced group shows its fields. */
  async advancedShown(): Promise<boolean> {
    return (await this.lines()).some((line) => /^[│ ]*[> ] Disconnect\s/.test(line));
  }
}

async function networkPage(ui: UiDriver): Promise<NetworkPage> {
  await ui.goTo('Network');
  return new NetworkPage(ui, 'Network');
}

describe('the Network step', () => {
  let app: FakeWizard;
  afterEach(() => closeFakeWizard(app));

  async function signedIn(options: FakeWizardOptions = {}): Promise<FakeWizard> {
    app = await startSignedInWithFakes(options);
    return app;
  }

  const network = () => app.wizard.store?.config.network;

  describe('Disconnect (link down)', () => {
    it('is in the advanced group, off by default; Space turns it on and the request says link_down=1', async () => {
      await signedIn({ cols: 120, rows: 40 }); // tall enough for the whole create request
      const page = await networkPage(app.ui);
      expect(await page.advancedShown()).toBe(false);
      await page.toggleAdvanced();
      expect(await page.field('Disconnect').value()).toBe(false);
      await page.field('Disconnect').toggle();
      expect(await page.field('Disconnect').value()).toBe(true);
      expect(network()?.linkDown).toBe(true);

      const confirm = await wizardPages(app.ui).confirm();
      await confirm.press('v'); // the Requests view
      expect(await app.ui.screenText()).toMatch(/net0 +virtio,bridge=vmbr9,firewall=1,link_down=1/);
    });

    it('stays set through Back and Next, and the group opens by itself to show it', async () => {
      await signedIn();
      const page = await networkPage(app.ui);
      await page.toggleAdvanced();
      await page.field('Disconnect').toggle();
      await app.ui.step('Confirm');
      const again = await networkPage(app.ui);
      expect(await again.advancedShown()).toBe(true);
      expect(await again.field('Disconnect').value()).toBe(true);
    });

    it('comes from an answers file (network.linkDown) with the group open', async () => {
      await signedIn({ answers: { network: { linkDown: true } } });
      const page = await networkPage(app.ui);
      expect(await page.advancedShown()).toBe(true);
      expect(await page.field('Disconnect').value()).toBe(true);
    });

    it('has no say without a network device: Tab passes it by', async () => {
      await signedIn();
      const page = await networkPage(app.ui);
      await page.toggleAdvanced();
      await page.field('No network').toggle();
      expect(network()?.enabled).toBe(false);
      await expect(page.field('Disconnect').focus()).rejects.toThrow(/no field "Disconnect" on "Network"/);
      expect(network()?.linkDown).toBe(false);
    });
  });

  describe('bridges', () => {
    it('read as kind, VLAN-aware once, then the comment', () => {
      const bridge = (fields: Partial<BridgeInfo>): BridgeInfo => ({ name: 'vmbr9', kind: 'bridge', active: true, mtu: 1500, ...fields });
      expect(bridgeDescription(bridge({ comment: 'LAN' }))).toBe('Linux bridge: LAN');
      expect(bridgeDescription(bridge({ vlanAware: true, comment: 'VM networks' }))).toBe('VLAN-aware Linux bridge: VM networks');
      expect(bridgeDescription(bridge({ vlanAware: true, comment: 'VM networks (VLAN-aware)' }))).toBe('Linux bridge: VM networks (VLAN-aware)');
      expect(bridgeDescription(bridge({ vlanAware: true, comment: 'vlan aware trunk' }))).toBe('Linux bridge: vlan aware trunk');
      expect(bridgeDescription(bridge({ vlanAware: true }))).toBe('VLAN-aware Linux bridge');
      expect(bridgeDescription(bridge({ kind: 'ovs', comment: 'storage' }))).toBe('OVS bridge: storage');
      expect(bridgeDescription(bridge({ kind: 'vnet', comment: 'tenant A' }))).toBe('SDN vnet: tenant A');
      expect(bridgeDescription(bridge({ active: false, comment: 'LAN' }))).toBe('inactive Linux bridge: LAN');
    });

    it('are shown that way beside the chosen one and in the list', async () => {
      await signedIn();
      const page = await networkPage(app.ui);
      expect(await page.field('Bridge').line()).toContain('vmbr9  VLAN-aware Linux bridge: VM traffic');
      await page.field('Bridge').press('enter');
      const list = await app.ui.screenText();
      expect(list).toContain('vmbr0  Linux bridge');
      expect(list).not.toMatch(/VLAN aware, /);
      await app.ui.press('escape');
    });
  });

  it('says at the MTU field when the MTU is bigger than the bridge carries (the VM would not start)', async () => {
    const bridges = [{ name: 'vmbr9', kind: 'bridge' as const, active: true, vlanAware: true, mtu: 1500 }];
    await signedIn({ cols: 120, cluster: { ...defaultClusterData, bridges: { pve1: bridges, pve2: bridges } } });
    const page = await networkPage(app.ui);
    await page.toggleAdvanced();
    await page.field('MTU').type('9000');
    await app.ui.press('tab');
    expect(await page.field('MTU').message()).toMatch(/^MTU 9000 is bigger than the MTU of bridge vmbr9 \(1500\): the VM would not start/);
    expect(await page.next()).toBe('Network');
    await page.field('MTU').type('1500');
    expect(await page.next()).toBe('Confirm');
  });

  it('keeps 1.5 or -5 typed into the VLAN tag as typed and says it is not a whole number (never 15 or 5 in silence)', async () => {
    await signedIn();
    const page = await networkPage(app.ui);
    await page.field('VLAN tag').type('1.5');
    await app.ui.press('tab');
    expect(await page.field('VLAN tag').value()).toBe('1.5');
    expect(await page.field('VLAN tag').message()).toBe('VLAN tag must be a whole number');
    expect(await page.next()).toBe('Network');
    await page.field('VLAN tag').type('-5');
    await app.ui.press('tab');
    expect(await page.field('VLAN tag').message()).toMatch(/^VLAN tag must be/);
    expect(network()?.vlan).not.toBe(5);
    await page.field('VLAN tag').type('42');
    expect(await page.next()).toBe('Confirm');
    expect(network()?.vlan).toBe(42);
  });
});
