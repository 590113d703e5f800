/** One measured figure against its target, as the report prints it. */
export interface BenchResult {
  /** Which group of the issue it belongs to ("Start-up", "Keys", ...). */
  readonly group: string;
  readonly title: string;
  readonly measured: number;
  readonly target: number;
  /** Unit of measured and target: 'x node', 'ms', 'bytes', 'MB', 'requests', 'req/s'. */
  readonly unit: string;
  /** How the samples were reduced, and the figures around it (printed in the notes column). */
  readonly detail: string;
  /** Informational rows have no target to meet. */
  readonly informational?: boolean;
}

export function passed(result: BenchResult): boolean {
  return result.informational === true || result.measured <= result.target;
}
