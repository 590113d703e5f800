import * as t from 'io-ts';
import { Boolish, dataOf, fields, maybe, NonEmptyString, Numberish } from './lenient';

/** `GET /nodes`: cluster members with their state; `status` is `online`, `offline` or `unknown`. */
export const NodesResponse = dataOf(
  t.array(
    fields(
      { node: NonEmptyString, status: t.string },
      { maxcpu: maybe(Numberish), maxmem: maybe(Numberish), ssl_fingerprint: maybe(t.string) },
    ),
  ),
);
export type NodesResponse = t.TypeOf<typeof NodesResponse>;

/** `GET /version`: `version` is the full pve-manager version (`9.1.2`), `release` the point release (`9.1`). */
export const VersionResponse = dataOf(fields({ version: NonEmptyString }, { release: maybe(t.string), repoid: maybe(t.string) }));
export type VersionResponse = t.TypeOf<typeof VersionResponse>;

/** `GET /nodes/{node}/capabilities/qemu/cpu`: CPU models for the `cpu` option. */
export const CpuModelsResponse = dataOf(
  t.array(fields({ name: NonEmptyString }, { vendor: maybe(t.string), custom: maybe(Boolish) })),
);
export type CpuModelsResponse = t.TypeOf<typeof CpuModelsResponse>;

/**
 * `GET /nodes/{node}/qemu/{vmid}/status/current`, the parts the create check
 * reads: the VM is there, and which lock it holds (`create` while its
 * qmcreate task runs).
 */
export const VmStatusResponse = dataOf(fields({ status: t.string }, { lock: maybe(t.string), name: maybe(t.string) }));
export type VmStatusResponse = t.TypeOf<typeof VmStatusResponse>;
