/**
 * The evaluation grid. Derived series are evaluated at multiples of the step (unix epoch origin),
 * and a query time between grid points takes the value of the grid point at or before it. So the
 * value at t depends only on t and the step, never on how a query's range was cut: an instant
 * query at t equals the range query's point at t, and repeated alert evaluations reuse cached work.
 */

/** Latest grid point at or before t. */
export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

/**
 * Start of the detector run that produces the value at grid point g: runs restart every `train`
 * (aligned to the epoch) and each starts one `train` before its block, so a model always has seen
 * between one and two training windows when it produces a value.
 */
export function segmentStart(g: number, train: number, step: number): number {
  return alignDown((Math.floor(g / train) - 1) * train, step);
}

/** Query times → their grid points, deduplicated, ascending. */
export function gridPoints(times: number[], step: number): number[] {
  return [...new Set(times.map((t) => alignDown(t, step)))].sort((a, b) => a - b);
}
