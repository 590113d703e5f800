/**
 * The end of a --yes run: the result document on stdout (text, or the JSON of
 * docs/cli.md "Result output"), the error lines on stderr, and the exit code.
 * One place decides all three, so they cannot disagree.
 */
import type { OutputFormat } from '../../config/app-config';
import { isVmidTaken, type ProvisioningResult } from '../../services/provisioning-service';
import { ExitCode } from '../../shared/exit-codes';
import { isProxmoxError } from '../../shared/proxmox-error';
import { renderQmCommand } from '../../workflow/render-commands';
import type { RequestPlan, StepId } from '../../workflow/request-plan';
import type { StepRecord } from './progress-reporter';

/** `status` of the result document. */
export type RunStatus = ProvisioningResult['status'];

/** The result document of `--yes --output json`. */
export interface RunResultDocument {
  readonly vmid: number;
  readonly node: string;
  readonly status: RunStatus;
  readonly steps: readonly StepRecord[];
  /** Why the run did not complete; null when it did. */
  readonly error: { readonly step: StepId; readonly kind: string; readonly message: string } | null;
}

/** Everything the caller prints and returns. */
export interface RunEnding {
  readonly exitCode: ExitCode;
  /** For stdout, ending with a newline. */
  readonly stdout: string;
  /** One or two lines for stderr (what failed, what to do); empty when created. */
  readonly stderr: readonly string[];
}

/** What the ending is built from. */
export interface RunFacts {
  readonly result: ProvisioningResult;
  /** The plan as run (retargeted when the VM ID changed). */
  readonly plan: RequestPlan;
  readonly steps: readonly StepRecord[];
  /** The answers file named the VM ID, so a taken ID is the user's to change. */
  readonly vmidChosenByUser: boolean;
  readonly format: OutputFormat;
}

/** The exit code of each outcome (docs/cli.md). */
const EXIT_CODES: Record<RunStatus, ExitCode> = {
  created: ExitCode.Ok,
  partial: ExitCode.Partial,
  failed: ExitCode.CreateFailed,
  // Whether the VM exists could not be confirmed: nothing more was sent, the message says what to check.
  unknown: ExitCode.CreateFailed,
  cancelled: ExitCode.Cancelled,
};

/** The document, the error lines and the exit code for a finished run. */
export function runEnding(facts: RunFacts): RunEnding {
  const errorLines = explain(facts);
  const document: RunResultDocument = {
    vmid: facts.result.vmid,
    node: facts.result.node,
    status: facts.result.status,
    steps: facts.steps,
    error: errorOf(facts, errorLines),
  };
  const stdout = facts.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : `${summary(facts)}\n`;
  return { exitCode: EXIT_CODES[facts.result.status], stdout, stderr: errorLines };
}

function errorOf(facts: RunFacts, lines: readonly string[]): RunResultDocument['error'] {
  const { result } = facts;
  if (result.status === 'created') return null;
  const failed = facts.steps.find((step) => step.state === 'failed');
  const step = result.status === 'partial' ? result.failedStep : result.status === 'failed' || result.status === 'unknown' ? 'create' : (failed?.step ?? firstNotDone(facts));
  const kind = result.status === 'cancelled' ? 'cancelled' : isProxmoxError(result.error) ? result.error.kind : 'error';
  return { step, kind, message: lines.join(' ') };
}

function firstNotDone(facts: RunFacts): StepId {
  return facts.steps.find((step) => step.state !== 'done' && step.state !== 'warning')?.step ?? facts.plan.requests[0].step;
}

/** The one-line text result. */
function summary(facts: RunFacts): string {
  const { result } = facts;
  const vm = `VM ${result.vmid}`;
  switch (result.status) {
    case 'created':
      return `${vm} created on ${result.node}.`;
    case 'partial':
      return `${vm} created on ${result.node}, but "${titleOf(facts, result.failedStep)}" failed.`;
    case 'failed':
      return `${vm} was not created on ${result.node}.`;
    case 'unknown':
      return `Whether ${vm} exists on ${result.node} could not be confirmed.`;
    case 'cancelled':
      return result.completed.includes('create') ? `${vm} created on ${result.node}; cancelled before the remaining steps.` : `Cancelled: ${vm} was not created.`;
  }
}

/** What failed and what to do, for stderr. */
function explain(facts: RunFacts): string[] {
  const { result } = facts;
  switch (result.status) {
    case 'created':
      return [];
    case 'partial':
      return [`VM ${result.vmid} exists on ${result.node}, but "${titleOf(facts, result.failedStep)}" failed: ${result.error.message}`, finishByHand(facts, result.completed)];
    case 'failed':
      if (facts.vmidChosenByUser && isVmidTaken(result.error)) {
        return [
          `VM ID ${result.vmid} was taken by someone else after it was checked; nothing was created.`,
          'Choose another general.vmid in the answers file, or leave it out to take the next free ID, then run again.',
        ];
      }
      return [result.error.message];
    case 'unknown':
      return [result.error.message, `Check on ${result.node} before running again: qm status ${result.vmid}, and the node's task log for qmcreate ${result.vmid}.`];
    case 'cancelled':
      return result.completed.includes('create')
        ? [`cancelled after creating VM ${result.vmid} on ${result.node}.`, finishByHand(facts, result.completed)]
        : ['cancelled before the VM was created. Nothing was changed on the cluster.'];
  }
}

/** The remaining steps as the commands that finish them on the node. */
function finishByHand(facts: RunFacts, completed: readonly StepId[]): string {
  const remaining = facts.plan.requests.filter((request) => !completed.includes(request.step));
  if (remaining.length === 0) return 'Every step had finished.';
  const commands = renderQmCommand({ ...facts.plan, requests: remaining }).split('\n').join(' && ');
  return `To finish by hand, run on ${facts.plan.node}: ${commands}`;
}

function titleOf(facts: RunFacts, step: StepId): string {
  return facts.plan.requests.find((request) => request.step === step)?.title ?? step;
}
