/**
 * What --dry-run prints on stdout: the request plan as text for a person, or
 * the contract's JSON (docs/cli.md, "Dry-run output") for a script.
 */
import type { OutputFormat } from '../../config/app-config';
import { toDryRun } from '../../workflow/dry-run';
import type { PlannedRequest, RequestPlan } from '../../workflow/request-plan';
import { renderPveshCommands, renderQmCommand } from '../../workflow/render-commands';

/** The dry-run document in the chosen format, ending with a newline. */
export function dryRunOutput(plan: RequestPlan, format: OutputFormat): string {
  return format === 'json' ? `${JSON.stringify(toDryRun(plan), null, 2)}\n` : dryRunText(plan);
}

/**
 * The plan for reading: each request with its parameters one per line, then
 * the same as `qm` commands on the node and as `pvesh` calls.
 */
export function dryRunText(plan: RequestPlan): string {
  const lines = [
    `Dry run: nothing was sent. These ${plan.requests.length} requests would create VM ${plan.vmid} on ${plan.node}:`,
    '',
    ...plan.requests.flatMap((request, index) => requestLines(request, index)),
    `The same as commands on ${plan.node}:`,
    ...indent(renderQmCommand(plan).split('\n'), 2),
    '',
    'Or through the API from any node:',
    ...indent(renderPveshCommands(plan).split('\n'), 2),
  ];
  return `${lines.join('\n')}\n`;
}

function requestLines(request: PlannedRequest, index: number): string[] {
  const entries = Object.entries(request.params);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return [
    `  ${index + 1}. ${request.method} ${request.path}   ${request.title}`,
    ...entries.map(([key, value]) => `       ${key.padEnd(width)}  ${value}`),
    '',
  ];
}

function indent(lines: readonly string[], spaces: number): string[] {
  return lines.map((line) => `${' '.repeat(spaces)}${line}`);
}
