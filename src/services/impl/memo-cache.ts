/**
 * Session cache of in-flight and finished loads: the second caller of the
 * same key gets the same promise (no duplicate request while the first is
 * running), and a failed load is forgotten so Retry asks the server again.
 */
export class MemoCache {
  private readonly entries = new Map<string, { readonly node?: string; readonly promise: Promise<unknown> }>();

  /** The cached promise for `key`, or `load()`'s, remembered until it fails. `node` scopes it for `clear(node)`. */
  get<T>(key: string, load: () => Promise<T>, node?: string): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached.promise as Promise<T>;
    return this.remember(key, load(), node);
  }

  /**
   * Serve `key` from the load of `sourceKey` (in flight or done), unless `key`
   * is cached already or `sourceKey` is not. Should that load fail with an
   * error `loadAgain` accepts, `load()` runs instead.
   */
  alias<T>(sourceKey: string, key: string, node: string, load: () => Promise<T>, loadAgain: (error: unknown) => boolean): void {
    const source = this.entries.get(sourceKey);
    if (!source || this.entries.has(key)) return;
    this.remember(
      key,
      (source.promise as Promise<T>).catch((error: unknown) => {
        if (loadAgain(error)) return load();
        throw error;
      }),
      node,
    );
  }

  private remember<T>(key: string, promise: Promise<T>, node: string | undefined): Promise<T> {
    this.entries.set(key, { node, promise });
    promise.catch(() => {
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    return promise;
  }

  /** Forget one key (the next `get` loads it again). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forget everything, or only what belongs to `node`. */
  clear(node?: string): void {
    if (node === undefined) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) if (entry.node === node) this.entries.delete(key);
  }
}
