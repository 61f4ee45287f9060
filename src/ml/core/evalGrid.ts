/**
 * The evaluation grid shared by both engines (the companion's evaluator and the browser engine of
 * the data source): derived series are evaluated at multiples of the step (Unix epoch origin), and
 * detector runs restart on fixed blocks. Keeping these rules in one place is what makes the two
 * engines give the same numbers (tests/node/datasource/engineParity.test.ts).
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
 *
 * @example segmentStart(4 * 86_400_000, 86_400_000, 60_000) // 3 * 86_400_000
 */
export function segmentStart(g: number, train: number, step: number): number {
  const block = BLOCK_TRAIN_WINDOWS * train;
  return alignDown(Math.floor(g / block) * block - train, step);
}
