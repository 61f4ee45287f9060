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

/** Blocks of this many training windows share one detector run. */
export const BLOCK_TRAIN_WINDOWS = 4;

/**
 * Start of the detector run that produces the value at grid point g. Time is cut into blocks of
 * BLOCK_TRAIN_WINDOWS training windows (aligned to the epoch); the run for a block starts one
 * training window before it, as warm-up. So a model has seen at least one training window when it
 * answers, each point is computed about 1.25 times over a long range (not twice), and the start
 * depends only on g, the training window and the step.
 */
export function segmentStart(g: number, train: number, step: number): number {
  const block = BLOCK_TRAIN_WINDOWS * train;
  return alignDown(Math.floor(g / block) * block - train, step);
}

/** Query times → their grid points, deduplicated, ascending. */
export function gridPoints(times: number[], step: number): number[] {
  return [...new Set(times.map((t) => alignDown(t, step)))].sort((a, b) => a - b);
}
