/**
 * Fault injection: answers that go wrong on purpose, matched by method and
 * path. A fault can answer with an error status, delay, hang, reset the
 * connection mid-answer, send a malformed or wrongly shaped body, or let a
 * competing client take the VM ID the app just got from /cluster/nextid.
 */
import type { FaultSpec } from './scenario/codec';

/** A fault in effect, with its own call counter. */
interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly matches: (method: string, path: string) => boolean;
  calls: number;
}

/**
 * Glob over API paths: `*` is one path segment (or part of one), `**` any
 * number of segments. `/nodes/*\/qemu` matches `/nodes/pve1/qemu`.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function matcher(spec: FaultSpec): (method: string, path: string) => boolean {
  const pathRegex = spec.pathRegex !== undefined ? new RegExp(spec.pathRegex) : globToRegExp(spec.path ?? '**');
  const method = spec.method?.toUpperCase();
  return (requestMethod, path) => (method === undefined || method === requestMethod) && pathRegex.test(path);
}

/** The faults in effect, matched against every call. */
export class FaultSet {
  private readonly faults: ActiveFault[] = [];
  private nextId = 1;

  constructor(initial: readonly FaultSpec[] = []) {
    for (const spec of initial) this.add(spec);
  }

  /** Add a fault; returns its id for `remove`. */
  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec, matches: matcher(spec), calls: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex((fault) => fault.id === id);
    if (index >= 0) this.faults.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /**
   * The faults that fire for this call. Every matching fault counts the call;
   * `nth` fires on exactly that matching call, `times` on the first N.
   */
  fire(method: string, path: string): FaultSpec[] {
    const firing: FaultSpec[] = [];
    for (const fault of this.faults) {
      if (!fault.matches(method, path)) continue;
      fault.calls += 1;
      const { nth, times } = fault.spec;
      const fires = nth !== undefined ? fault.calls === nth : times !== undefined ? fault.calls <= times : true;
      if (fires) firing.push(fault.spec);
    }
    return firing;
  }

  list(): Array<{ id: string; spec: FaultSpec; calls: number }> {
    return this.faults.map((fault) => ({ id: fault.id, spec: fault.spec, calls: fault.calls }));
  }
}

/** What the firing faults ask for, merged (delays add up; the first of each other kind wins). */
export interface FaultPlan {
  readonly delayMs: number;
  readonly hang: boolean;
  readonly reset: boolean;
  readonly error?: { readonly status: number; readonly message?: string; readonly errors?: Record<string, string> };
  readonly malformed: boolean;
  readonly wrongShape: boolean;
  readonly body?: { readonly value: unknown };
  readonly raceVmid: boolean;
  /** Names of the fault kinds that fired, for the request log. */
  readonly kinds: readonly string[];
}

/** Merge the faults that fired for one call into what the server does. */
export function planFaults(specs: readonly FaultSpec[]): FaultPlan {
  const kinds = new Set<string>();
  const first = <K extends keyof FaultSpec>(key: K): FaultSpec | undefined => specs.find((spec) => spec[key] !== undefined && spec[key] !== false);
  for (const spec of specs) {
    for (const kind of ['status', 'delayMs', 'hang', 'reset', 'malformed', 'wrongShape', 'body', 'raceVmid'] as const) {
      if (spec[kind] !== undefined && spec[kind] !== false) kinds.add(kind === 'delayMs' ? 'delay' : kind);
    }
  }
  const errorSpec = first('status');
  const bodySpec = first('body');
  return {
    delayMs: specs.reduce((total, spec) => total + (spec.delayMs ?? 0), 0),
    hang: first('hang') !== undefined,
    reset: first('reset') !== undefined,
    error: errorSpec ? { status: errorSpec.status as number, message: errorSpec.message, errors: errorSpec.errors } : undefined,
    malformed: first('malformed') !== undefined,
    wrongShape: first('wrongShape') !== undefined,
    body: bodySpec ? { value: bodySpec.body } : undefined,
    raceVmid: first('raceVmid') !== undefined,
    kinds: [...kinds],
  };
}
