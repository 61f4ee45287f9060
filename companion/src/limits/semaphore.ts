import { KindedError } from '../../../src/engine/errors';

/**
 * Bounds concurrent query evaluations. Waiters queue in order; when the queue is also full the
 * request is refused at once with a Prometheus-style 503 rather than piling up.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly max: number,
    private readonly maxQueue = max * 4
  ) {}

  /** Number of evaluations running now. */
  get inFlight(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.max) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxQueue) {
      throw new KindedError(
        'unavailable',
        `too many concurrent queries (limit ${this.max}, ${this.waiting.length} waiting); retry later`
      );
    }
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) {
          this.waiting.splice(i, 1);
        }
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
    this.active++;
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.active--;
        this.waiting.shift()?.();
      }
    };
  }
}
