/**
 * Lets the host answer other work during a long evaluation. `await slice.pause()` between series
 * yields one macrotask once `budgetMs` of work has run since the last yield, so a query over
 * thousands of series (the home page's anomaly scan) does not hold every other request on the
 * companion's one thread (a health check, a panel's single series, the page's visible rows) for
 * its whole length. Scheduling only: no result depends on it.
 */

/** Work between yields, in ms: short enough for interactive requests, long enough to cost nothing. */
export const SLICE_MS = 50;

const clock = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class TimeSlice {
  private since = clock();

  constructor(private readonly budgetMs = SLICE_MS) {}

  /** Yields to the event loop when this slice's budget is spent. */
  async pause(): Promise<void> {
    if (clock() - this.since < this.budgetMs) {
      return;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.since = clock();
  }
}
