/**
 * The simulated cluster of the fault matrix: one per row (describe block),
 * with the faults of a cell added and cleared around it, and "the server goes
 * away" (refused) at a chosen moment: when the simulator answers a given call,
 * it stops listening right after that answer.
 */
import { startSimulator, type RunningSimulator, type Scenario } from '../../../mocks/simulator';
import { FAULT_KINDS, faultFor, type FaultKind, type MatrixRow } from './fault-matrix';

/** A call the simulator answered, as its request log line says (`POST /access/ticket -> 200`). */
export interface AnsweredCall {
  readonly method: string;
  readonly pathRegex: string;
  /** Only answers with this status (or `reset`); any when unset. */
  readonly status?: number | 'reset';
}

/** A running simulator plus the matrix's controls. */
export interface MatrixCluster {
  readonly sim: RunningSimulator;
  /**
   * A refused cell: no connection is kept for the next request (each answer
   * closes its own), so whatever the app sends after the server went away has
   * to connect, and is refused, as when a server is down.
   */
  expectRefusal(): void;
  /** Stop listening once the simulator has answered `call` (every later connection is refused). */
  refuseAfter(call: AnsweredCall): void;
  /** Stop listening now. */
  refuseNow(): void;
  /** Install the simulator fault of `kind` for `row` (refused has none: use refuseAfter / refuseNow). */
  inject(row: MatrixRow, kind: Exclude<FaultKind, 'refused'>): void;
  /** The cause is gone: faults cleared, listening again. */
  recover(): Promise<void>;
  close(): Promise<void>;
}

/** `POST /access/ticket -> 200 [faults]` */
const LOG_LINE = /^(\S+) (\S+) -> (\S+)/;

export async function startMatrixCluster(scenario: Scenario): Promise<MatrixCluster> {
  let trigger: AnsweredCall | undefined;
  // onRequest needs the simulator it is passed to.
  const started: { sim?: RunningSimulator } = {};
  const onRequest = (line: string): void => {
    const match = LOG_LINE.exec(line);
    if (!trigger || !match || !started.sim) return;
    const [, method, path, status] = match;
    if (method !== trigger.method || !new RegExp(trigger.pathRegex).test(path)) return;
    if (trigger.status !== undefined && String(trigger.status) !== status) return;
    trigger = undefined;
    // The answer being written goes out first; pause() drops its connection after it.
    void started.sim.pause();
  };
  const running = await startSimulator({ scenario, onRequest });
  started.sim = running;
  return {
    sim: running,
    expectRefusal: () => running.setKeepAlive(false),
    refuseAfter: (call) => {
      running.setKeepAlive(false);
      trigger = call;
    },
    refuseNow: () => void running.pause(),
    inject: (row, kind) => void running.addFault(faultFor(row, kind)),
    recover: async () => {
      trigger = undefined;
      running.clearFaults();
      running.setKeepAlive(true);
      await running.resume();
    },
    close: () => running.close(),
  };
}

/** Kinds other than refused, which is not a simulator fault. */
export const INJECTED_KINDS = FAULT_KINDS.filter((kind): kind is Exclude<FaultKind, 'refused'> => kind !== 'refused');
