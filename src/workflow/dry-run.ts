/**
 * The `--dry-run --output json` document of docs/cli.md: the writes that
 * would be sent, exactly, and the equivalent shell commands.
 */
import { renderPveshCommands, renderQmCommand } from './render-commands';
import type { ParamValue, RequestPlan } from './request-plan';

/** The contract's dry-run JSON. */
export interface DryRunOutput {
  readonly vmid: number;
  readonly node: string;
  readonly requests: readonly { readonly method: 'POST' | 'PUT'; readonly path: string; readonly params: Readonly<Record<string, ParamValue>> }[];
  readonly commands: { readonly qm: string; readonly pvesh: string };
}

/** The dry-run document for a plan (only the contract's keys, in its order). */
export function toDryRun(plan: RequestPlan): DryRunOutput {
  return {
    vmid: plan.vmid,
    node: plan.node,
    requests: plan.requests.map(({ method, path, params }) => ({ method, path, params })),
    commands: { qm: renderQmCommand(plan), pvesh: renderPveshCommands(plan) },
  };
}
