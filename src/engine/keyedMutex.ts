/** Runs async work one at a time per key, so concurrent queries of one cache entry do not race. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Callers per key: the one running and those queued behind it. */
  private readonly callers = new Map<string, number>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(work);
    this.tails.set(key, next);
    this.callers.set(key, (this.callers.get(key) ?? 0) + 1);
    try {
      return await next;
    } finally {
      const n = this.callers.get(key)! - 1;
      if (n === 0) {
        this.callers.delete(key);
      } else {
        this.callers.set(key, n);
      }
      if (this.tails.get(key) === next) {
        this.tails.delete(key);
      }
    }
  }

  /** Whether someone waits for `key` behind the work running on it. */
  contended(key: string): boolean {
    return (this.callers.get(key) ?? 0) > 1;
  }
}
