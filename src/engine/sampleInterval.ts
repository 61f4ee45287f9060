/**
 * How often a series is sampled, from its raw sample times: the pure rule every door shares. The
 * companion reads raw samples from its upstream (companion/src/history/sampleIntervals.ts); the
 * anomaly panel asks its data source for `timestamp(expr)` (src/panels/anomaly/nativeResolution.ts).
 */
import { median } from '../common/median';

/** Scrape intervals people configure; a median within 10% of one is read as it. */
const USUAL_INTERVALS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 21600, 43200, 86400,
].map((s) => s * 1000);

/**
 * A median spacing as a scrape interval: the nearest usual one within 10%, else whole seconds
 * (at least one).
 *
 * @example snapInterval(299_870) // 300_000
 * @example snapInterval(90_020) // 90_000
 */
export function snapInterval(ms: number): number {
  const usual = USUAL_INTERVALS.find((u) => Math.abs(ms / u - 1) <= 0.1);
  return usual ?? Math.max(1000, Math.round(ms / 1000) * 1000);
}

/**
 * The sample interval of one series from its raw timestamps (seconds, ascending): the median
 * spacing, snapped; `window` for a single sample (it is sampled at least that far apart).
 */
export function seriesInterval(times: number[], window: number): number {
  if (times.length < 2) {
    return window;
  }
  const gaps = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) {
    gaps[i - 1] = (times[i] - times[i - 1]) * 1000;
  }
  return snapInterval(median(gaps));
}

/**
 * The interval most series are sampled at, each read as at least `floor`, ties to the finer, and how
 * many series each interval has (most first): scoring is one grid per call, so a door that finds
 * several says so with these counts.
 */
export function mostCommonInterval(intervals: number[], floor: number): Array<[interval: number, series: number]> {
  const counts = new Map<number, number>();
  for (const i of intervals) {
    const v = Math.max(i, floor);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}
