/**
 * What every fake service lets a test control, per method: record calls,
 * fail (once, n times or always) with a given error, and hold calls until the
 * test releases them, to show loading states. Small on purpose: fakes that
 * grow logic of their own end up needing tests themselves.
 */
export interface RecordedCall<M extends string> {
  readonly method: M;
  readonly args: readonly unknown[];
}

export class FakeControls<M extends string> {
  readonly calls: RecordedCall<M>[] = [];
  private readonly failures = new Map<M, { readonly error: Error; remaining: number }>();
  private readonly gates = new Map<M, { readonly opened: Promise<void>; readonly open: () => void }>();

  /** The next `times` calls of `method` reject with `error` (Infinity: until `recover`). */
  fail(method: M, error: Error, times = 1): this {
    this.failures.set(method, { error, remaining: times });
    return this;
  }

  /** Calls of `method` succeed again. */
  recover(method: M): this {
    this.failures.delete(method);
    return this;
  }

  /** Calls of `method` wait (the UI shows "loading") until `release(method)`. */
  hold(method: M): this {
    if (!this.gates.has(method)) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      this.gates.set(method, { opened, open });
    }
    return this;
  }

  /** Let held calls of `method` (and later ones) go on. */
  release(method: M): this {
    this.gates.get(method)?.open();
    this.gates.delete(method);
    return this;
  }

  /** Recorded calls of one method. */
  callsTo(method: M): RecordedCall<M>[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Record the call, wait at a gate if held, fail if told to, else produce the answer. */
  async run<T>(method: M, args: readonly unknown[], produce: () => T | Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    const gate = this.gates.get(method);
    if (gate) await gate.opened;
    const failure = this.failures.get(method);
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.delete(method);
      throw failure.error;
    }
    return produce();
  }
}
