import * as t from 'io-ts';
import { Boolish, dataOf, fields, Integerish, maybe, NonEmptyString } from './lenient';

/**
 * `GET /nodes/{node}/network?type=any_bridge`: Linux bridges (`bridge`), Open
 * vSwitch bridges (`OVSBridge`) and, with SDN, vnets (`vnet`). Flags come as
 * 0/1 or null (`exists: null`); `mtu` comes only when configured.
 */
export const NetworkResponse = dataOf(
  t.array(
    fields(
      { iface: NonEmptyString, type: t.string },
      {
        active: maybe(Boolish),
        autostart: maybe(Boolish),
        exists: maybe(Boolish),
        bridge_vlan_aware: maybe(Boolish),
        comments: maybe(t.string),
        cidr: maybe(t.string),
        cidr6: maybe(t.string),
        // Only when set in the interfaces file; a string or a number depending on the parser.
        mtu: maybe(Integerish),
      },
    ),
  ),
);
export type NetworkResponse = t.TypeOf<typeof NetworkResponse>;
