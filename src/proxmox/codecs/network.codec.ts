import * as t from 'io-ts';
import { Boolish, dataOf, fields, maybe, NonEmptyString } from './lenient';

/**
 * `GET /nodes/{node}/network?type=any_bridge`: Linux bridges (`bridge`), Open
 * vSwitch bridges (`OVSBridge`) and, with SDN, vnets (`vnet`). Flags come as
 * 0/1 or null (`exists: null`).
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
      },
    ),
  ),
);
export type NetworkResponse = t.TypeOf<typeof NetworkResponse>;
