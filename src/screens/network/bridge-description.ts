/**
 * How a bridge is described beside its name in the Network step's list:
 * its kind, whether it is VLAN-aware (once: an admin's comment often says so
 * already), whether it is down, then the admin's comment.
 *
 *   vmbr0  Linux bridge: LAN
 *   vmbr9  VLAN-aware Linux bridge: VM networks
 *   vmbr9  Linux bridge: VM networks (VLAN-aware)
 *   vnet1  SDN vnet: tenant A
 */
import type { BridgeInfo } from '../../workflow/cluster-facts';

/** What each kind of bridge is called. */
const KIND_NAMES: Readonly<Record<BridgeInfo['kind'], string>> = { bridge: 'Linux bridge', ovs: 'OVS bridge', vnet: 'SDN vnet' };

/** "VLAN aware", "vlan-aware", "VLAN-Aware" ... in a comment. */
const MENTIONS_VLAN_AWARE = /\bvlan[\s-]?aware\b/i;

/** The words shown beside a bridge's name. */
export function bridgeDescription(bridge: BridgeInfo): string {
  const comment = bridge.comment?.trim() ?? '';
  const vlanAware = bridge.vlanAware === true && !MENTIONS_VLAN_AWARE.test(comment);
  const kind = [bridge.active ? '' : 'inactive', vlanAware ? 'VLAN-aware' : '', KIND_NAMES[bridge.kind]].filter(Boolean).join(' ');
  return comment ? `${kind}: ${comment}` : kind;
}
