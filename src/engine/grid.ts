/**
 * The evaluation grid. Derived series are evaluated at multiples of the step (Unix epoch origin),
 * and a query time between grid points takes the value of the grid point at or before it. So the
 * value at t depends only on t and the step, never on how a query's range was cut: an instant query
 * at t equals the range query's point at t, and repeated alert evaluations reuse cached work.
 * Detector runs restart on fixed blocks, each started one lead-in (three training windows or the
 * detector's warm-up, the longer) before its block.
 */

/** Latest grid point at or before t. */
export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

/** t modulo m, in [0, m) for negative t too: a time's phase on a grid of step m. */
export function mod(t: number, m: number): number {
  return ((t % m) + m) % m;
}

/**
 * The multiples of `step` (the epoch's, as Grafana's Prometheus aligns a range) from `from` to the last
 * before `before`: a coarse lead-in phase a door fetches; undefined when there is none.
 */
export function phaseSpan(from: number, step: number, before: number): { start: number; end: number } | undefined {
  const start = from + mod(-from, step);
  const end = before - 1 - mod(before - 1, step);
  return end >= start ? { start, end } : undefined;
}

/** Query times → their grid points, deduplicated, ascending. */
export function gridPoints(times: number[], step: number): number[] {
  return [...new Set(times.map((t) => alignDown(t, step)))].sort((a, b) => a - b);
}

/** Blocks of this many lead-ins share one detector run. */
export const BLOCK_LEAD_INS = 4;

/**
 * Training windows in a detector run's lead-in. The first fills the members' history; the others
 * fill their score calibrations (whose memory is one training window, with exponentially decayed
 * evidence) and let recursive state (Holt-Winters' level and season, the ensemble's raised threshold)
 * settle, so a run answers close to what one continuous run over the whole series would. Three, not
 * two: on the NAB development files, averaged over eight placements of the restarts, the engine
 * scores 63.1 cross-validated with three and 59.3 with two (one continuous run: 64.1); a longer
 * lead-in helped more than rarer restarts (docs/anomaly-detection.md, "What users run").
 */
export const LEAD_IN_WINDOWS = 3;

/**
 * Lead-in of a detector run: how long before its block the run starts. At least LEAD_IN_WINDOWS
 * training windows, and at least the detector's warm-up at this step (`warmupPoints`: the index of
 * the first point it judges on a complete series, from src/ml/detect/warmupPoints.ts, passed in so
 * this file stays free of the detectors), so with complete data every point of a block is judged. A
 * function of the training window, the step and the detector options only (the warm-up depends on
 * nothing else), so instant and range queries, and both engines, cut the same runs.
 *
 * @example detectorLeadIn(3_600_000, 90, 60_000) // 10_800_000: three 1 h windows (the warm-up is 90 points)
 */
export function detectorLeadIn(train: number, warmupPoints: number, step: number): number {
  return Math.max(LEAD_IN_WINDOWS * train, Math.ceil(warmupPoints) * step);
}

/**
 * Start of the detector run that produces the value at grid point g. Time is cut into blocks of
 * BLOCK_LEAD_INS lead-ins (aligned to the epoch); the run for a block starts one lead-in before it
 * (see {@link detectorLeadIn}). So a model has seen at least one training window and its warm-up
 * when it answers, each point is computed about 1.25 times over a long range (not twice), and the
 * start depends only on g, the lead-in and the step.
 *
 * @example segmentStart(4 * 86_400_000, 86_400_000, 60_000) // 3 * 86_400_000 (lead-in 1 day)
 */
export function segmentStart(g: number, leadIn: number, step: number): number {
  const block = BLOCK_LEAD_INS * leadIn;
  return alignDown(Math.floor(g / block) * block - leadIn, step);
}
