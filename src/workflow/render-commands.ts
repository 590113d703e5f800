/**
 * The request plan as the shell commands an admin would type on a node:
 * `qm create ...` (plus `qm set`, `ha-manager add`, `qm start`) and the
 * equivalent `pvesh` calls. Shown on Confirm and in the dry-run output, so
 * the values are quoted for a POSIX shell.
 */
import type { ParamValue, PlannedRequest, RequestPlan } from './request-plan';

/** Characters a POSIX shell passes through unquoted. `,` `=` `;` are safe too, but quoting property strings reads better. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+.:/-]+$/;

/** One shell word: as is when safe, else in single quotes with `'` written as `'\''`. */
export function shellQuote(value: ParamValue): string {
  const text = String(value);
  return SHELL_SAFE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** ` --key value` for each parameter, in the plan's order. */
function options(params: PlannedRequest['params'], skip: readonly string[] = []): string {
  return Object.entries(params)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => ` --${key} ${shellQuote(value)}`)
    .join('');
}

function qmCommand(request: PlannedRequest, vmid: number): string {
  switch (request.step) {
    case 'create':
      return `qm create ${vmid}${options(request.params, ['vmid'])}`;
    case 'serial-console':
      return `qm set ${vmid}${options(request.params)}`;
    case 'ha':
      return `ha-manager add ${shellQuote(request.params.sid ?? `vm:${vmid}`)}${options(request.params, ['sid'])}`;
    case 'start':
      return `qm start ${vmid}${options(request.params)}`;
  }
}

/** The plan as `qm` / `ha-manager` commands, one per line (run on the target node). */
export function renderQmCommand(plan: RequestPlan): string {
  return plan.requests.map((request) => qmCommand(request, plan.vmid)).join('\n');
}

/** The plan as `pvesh` calls, one per line: POST is `create`, PUT is `set`. */
export function renderPveshCommands(plan: RequestPlan): string {
  return plan.requests
    .map((request) => `pvesh ${request.method === 'PUT' ? 'set' : 'create'} ${shellQuote(request.path)}${options(request.params)}`)
    .join('\n');
}
