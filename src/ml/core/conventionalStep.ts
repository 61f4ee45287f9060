/**
 * The step of an irregular series. Scrape and step intervals are conventional durations (Prometheus'
 * 15s/30s/1m scrapes, 5m/1h rollups); jittered timestamps give a median difference a few percent off
 * (6 % short at jitter of up to 0.9 step), and a grid at that step drifts against the data.
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Conventional scrape and step intervals, ms. Neighbours are at least 1.5x apart. */
export const CONVENTIONAL_STEPS = [
  S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  6 * H,
  12 * H,
  24 * H,
];

/**
 * Relative tolerance of the snap: half the widest that keeps neighbours' windows apart (1.2 x 10s =
 * 0.8 x 15s), so a median difference is never snapped to a value it is nearer half-way to the next.
 * Fixed by that argument, not tuned on data.
 */
export const SNAP_TOLERANCE = 0.1;

/**
 * The conventional interval within {@link SNAP_TOLERANCE} of `medianDiff` (ms), or `medianDiff`
 * itself when there is none.
 *
 * @example conventionalStep(278_841) // 300_000
 * @example conventionalStep(240_000) // 240_000 (4m is not conventional; 5m is 25 % away)
 */
export function conventionalStep(medianDiff: number): number {
  for (const c of CONVENTIONAL_STEPS) {
    if (Math.abs(medianDiff - c) <= SNAP_TOLERANCE * c) {
      return c;
    }
  }
  return medianDiff;
}
