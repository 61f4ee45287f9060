/**
 * How often the series of an inner query are sampled, read from raw samples: for each selector of
 * the query (promql/innerSelectors.ts) one instant query `sel[window]` at `at`, each series' median
 * spacing, snapped to a usual scrape interval. Pure: each host supplies how it reads raw samples
 * (the companion from its upstream, companion/src/history/sampleIntervals.ts; the data source
 * through Grafana's Prometheus, src/datasource/sources/promSampleIntervals.ts; the anomaly panel
 * through its own data source, src/panels/anomaly/plainSource.ts), so all learn the same interval and score at the same resolution (resolution.ts).
 */
import { formatDuration } from '../common/duration';
import { median } from '../common/median';
import { innerSelectors } from './promql/innerSelectors';
import type { SampleIntervalProblem, SampleIntervals } from './resolution';

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

/**
 * Raw sample times (seconds, ascending) of each series a range selector `expr` reads at `at` (ms),
 * or why the host could not read them, `failed` when the read failed rather than the source answered
 * (an error it cannot answer through is thrown instead).
 */
export type RawSampleTimes = (
  expr: string,
  at: number,
  signal?: AbortSignal
) => Promise<number[][] | SampleIntervalProblem>;

/** The sample interval of every series of `query`'s selectors, read through `raw` (see the file's comment). */
export async function readSampleIntervals(
  query: string,
  at: number,
  window: number,
  raw: RawSampleTimes,
  signal?: AbortSignal
): Promise<SampleIntervals> {
  const sel = innerSelectors(query);
  if ('problem' in sel) {
    return sel;
  }
  const intervals: number[] = [];
  for (const s of sel.selectors) {
    const series = await raw(`${s}[${formatDuration(window)}]`, at, signal);
    if ('problem' in series) {
      return series;
    }
    for (const times of series) {
      intervals.push(seriesInterval(times, window));
    }
  }
  if (intervals.length === 0) {
    return {
      problem: `no raw samples of ${sel.selectors.join(', ')} in the ${formatDuration(window)} before ${new Date(at).toISOString()}`,
    };
  }
  return { intervals };
}
