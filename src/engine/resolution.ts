/**
 * Scoring at the data's own resolution. A detector judged on a coarse grid sees one sample per step
 * (what Prometheus returns at the step's end) and misses what happened in between: a one-minute
 * latency spike vanishes at a 10-minute step. When a call's resolution is finer than its grid, the
 * detector runs on the fine grid and the score at a query time t is the highest fine score in
 * (t - step, t], the window Prometheus' max_over_time(x[step]) reads at t, whether or not t is a
 * multiple of the step (Grafana alerting and vmalert evaluate at any time); the band (upper, lower)
 * is the fine grid's value at the latest fine point at or before t.
 */
import { formatDuration } from '../common/duration';
import type { EngineEnv, EvalGrid, SeriesValues } from './context';
import { alignDown } from './grid';
import { labelsKey } from './history';
import { MAX_HISTORY_POINTS, MAX_LEAD_IN_POINTS } from './leadInBound';
import { mostCommonInterval } from './sampleIntervals';
import type { FunctionCall } from './query';
import { formatCount } from './warnings';

/**
 * Where a call learns how often the series of its inner query are sampled: the companion reads raw
 * samples from its upstream (companion/src/history/sampleIntervals.ts). Hosts that hold a matrix (the
 * worker, the CLI) have none: their matrix is already on the series' own grid.
 */
export interface SampleIntervalSource {
  /**
   * The sample interval of each series `query` reads (ms, the median spacing of its raw samples in
   * `(at - window, at]`, `window` for a series with a single sample there), or why it cannot be told.
   */
  intervals(query: string, at: number, window: number, signal?: AbortSignal): Promise<SampleIntervals>;
}

/**
 * The companion's default `defaults.resolution` (companion/src/config/config.ts), which the data
 * source's browser engine takes as its floor too, so both choose the same resolution.
 */
export const DEFAULT_RESOLUTION = 60_000;

/** What choosing a resolution reads of an environment (the data source chooses outside the worker). */
export type ResolutionEnv = Pick<EngineEnv, 'defaults' | 'sampleIntervals' | 'now' | 'signal' | 'warnings'>;

/**
 * Why a sample interval could not be told. `failed`: the samples could not be read (a source down or
 * failing, HTTP 5xx; the data source counts any error answer so, as Grafana hands both over alike),
 * which says nothing of the data: a cache must not keep it, and the next query asks again. Without it
 * the answer is definite (no samples in the window, selectors that cannot be read from the query, an
 * answer that is not raw samples, the companion's upstream refusing a selector) and may be kept.
 */
export type SampleIntervalProblem = { problem: string; failed?: true };

/** A {@link SampleIntervalSource}'s answer. */
export type SampleIntervals = { intervals: number[] } | SampleIntervalProblem;

/**
 * How much raw history before the query's end the sample intervals are read from: six steps, at
 * least 10 minutes (so a 1-minute step still sees ten one-minute samples), at most an hour (so 15 s
 * data costs at most 240 samples per series).
 */
export function intervalWindow(step: number): number {
  return Math.min(3_600_000, Math.max(600_000, 6 * step));
}

/**
 * The resolution a detector call scores at on `grid`:
 * - its `resolution=` when given;
 * - else, when the environment can tell how often the series are sampled and the grid is coarser
 *   than the default resolution, the series' own interval, but not finer than the default (its
 *   floor: 15 s data scores at 1 m, where the default three-day training window is 4,320 points and
 *   not 17,280, over the 10,000-point limit) and not finer than the interval (a finer grid repeats
 *   each sample, which shrinks the variance and looks like flat runs);
 * - else, when the grid is finer than the default resolution (Grafana's 15 s step for "Last 1h"),
 *   the series' own interval, not finer than the default: coarser than the grid, so the call scores
 *   on that coarser grid and each grid point reads the latest coarse point at or before it (evaluate.ts,
 *   evaluateAt). Scored on a 15 s grid, 1-minute data repeats each sample four times (flat runs, a
 *   shrunk variance) and the three-day training window is cut to 10,000 points: a sustained
 *   saturation scored above 0.76 at 1 of 93 points, and at 93 of 93 on the 1-minute grid;
 * - else the default resolution, with a warning naming why when the interval could not be told.
 * The intervals are read once per window-aligned time before the grid's last point, so the range
 * query and the instant queries of the same stretch agree, and a repeated query reads its cache.
 */
export async function scoringResolution(
  call: FunctionCall,
  grid: EvalGrid,
  env: ResolutionEnv
): Promise<number | undefined> {
  const floor = env.defaults.resolution;
  if (
    call.options.resolution !== undefined ||
    env.sampleIntervals === undefined ||
    floor === undefined ||
    grid.step === floor ||
    grid.points.length === 0
  ) {
    return call.options.resolution ?? floor;
  }
  const window = intervalWindow(grid.step);
  const at = alignDown(Math.min(grid.points[grid.points.length - 1], env.now()), window);
  const found = await env.sampleIntervals.intervals(call.inner, at, window, env.signal);
  if ('problem' in found) {
    env.warnings?.note(
      `scored at the default resolution ${formatDuration(floor)}: the sample interval of ${call.inner} could not be told (${found.problem}); set resolution= to choose`
    );
    return floor;
  }
  return resolutionOnGrid(grid.step, commonInterval(found.intervals, floor, call.inner, env), floor);
}

/**
 * The resolution a grid of `step` scores at on series sampled every `interval` (read as at least
 * `floor`): the interval when the step is finer than the floor (coarser than the grid: each grid
 * point then reads the coarse point at or before it), else the finest whole division of the step
 * not finer than the interval. The rule of {@link scoringResolution}, which the anomaly panel on a
 * plain data source applies too (src/panels/anomaly/plainSource.ts).
 *
 * @example resolutionOnGrid(15_000, 60_000, 60_000) // 60_000: coarser than the grid
 * @example resolutionOnGrid(600_000, 60_000, 60_000) // 60_000: ten fine points per step
 */
export function resolutionOnGrid(step: number, interval: number, floor: number): number {
  const chosen = Math.max(interval, floor);
  return step < floor ? chosen : notFinerThan(step, chosen);
}

/**
 * The interval most series are sampled at, each read as at least `floor`; ties go to the finer. A
 * warning with counts when the series differ (scoring is one grid per call).
 */
function commonInterval(intervals: number[], floor: number, inner: string, env: ResolutionEnv): number {
  const ranked = mostCommonInterval(intervals, floor);
  if (ranked.length > 1) {
    const listed = ranked.map(([v, n]) => `${formatDuration(v)}: ${formatCount(n)}`).join(', ');
    env.warnings?.note(
      `the series of ${inner} are sampled at different intervals (${listed} series); scored at ${formatDuration(ranked[0][0])}, the most common; set resolution= to choose`
    );
  }
  return ranked[0][0];
}

/**
 * The finest whole division of `step` that is not finer than `interval` (so the fine grid never
 * repeats a sample); the step itself when the interval is a step or longer.
 *
 * @example notFinerThan(600_000, 120_000) // 120_000
 * @example notFinerThan(300_000, 120_000) // 150_000
 * @example notFinerThan(300_000, 299_000) // 300_000
 */
export function notFinerThan(step: number, interval: number): number {
  let k = Math.floor(step / interval);
  while (k > 1 && step % k !== 0) {
    k--;
  }
  return k > 1 ? step / k : step;
}

/**
 * Most fine points per series one evaluation scores over its range: 50,000, what MAX_HISTORY_POINTS
 * (100,000 per series, the browser doors' bound) leaves beside a lead-in of MAX_LEAD_IN_POINTS. Not
 * Prometheus' 11,000 points per query: every door fetches the fine series in requests of at most
 * 11,000 points (the companion's history store, the data source's history cache, the panel's
 * training fetch). 50,000 holds every range the companion accepts (limits.maxRange, 32 days) at
 * 1 m: 30 days of api-1's p99 at a 10-minute step score all 43,200 minutes and flag 26 of its 26
 * spikes, where at the old 11,000 they scored at 5 m and flagged 19 (docs/anomaly-detection.md; the
 * cost is `npm run bench -- fineRange`). Above it the resolution is coarsened, with a warning that
 * counts the points (fineLimitWarning).
 */
export const MAX_FINE_POINTS = MAX_HISTORY_POINTS - MAX_LEAD_IN_POINTS;

/**
 * The fine step for a call on `grid`: the call's or the default resolution, rounded so that it
 * divides the grid step into whole milliseconds, and coarsened (documented, never silent: the
 * rule is the limit above) until the fine points fit {@link MAX_FINE_POINTS}. The grid step itself
 * when no finer resolution applies.
 *
 * @example fineStep(600_000, 60_000, 576) // 60_000: ten fine points per 10-minute step
 */
export function fineStep(step: number, resolution: number | undefined, points: number): number {
  if (!(resolution !== undefined && resolution > 0 && resolution < step)) {
    return step;
  }
  let k = Math.ceil(step / resolution);
  while (k > 1 && (step % k !== 0 || points * k > MAX_FINE_POINTS)) {
    k--;
  }
  return step / k;
}

/**
 * What a call scoring at `fine` rather than the finer `resolution` it chose says: the fine points
 * of the range (`points` grid points) would pass {@link MAX_FINE_POINTS}. Undefined when the fine
 * step is the resolution, or only rounded to divide the step.
 */
export function fineLimitWarning(
  step: number,
  resolution: number | undefined,
  fine: number,
  points: number
): string | undefined {
  if (resolution === undefined || !(resolution > 0 && resolution < step) || fine <= resolution) {
    return undefined;
  }
  const wanted = points * Math.ceil(step / resolution);
  if (wanted <= MAX_FINE_POINTS) {
    return undefined;
  }
  return `scored at ${formatDuration(fine)}, not ${formatDuration(resolution)}: ${formatCount(wanted)} points at ${formatDuration(resolution)} over the range pass the ${formatCount(MAX_FINE_POINTS)}-point limit; shorten the range for the finer resolution`;
}

/**
 * The fine step for a call on `grid` ({@link fineStep}) with what it says when the point limit, not
 * the data, set it ({@link fineLimitWarning}): the one choice the companion, the data source and the
 * anomaly panel make.
 */
export function fineGrid(
  step: number,
  resolution: number | undefined,
  points: number
): { fine: number; coarsened?: string } {
  const fine = fineStep(step, resolution, points);
  const coarsened = fineLimitWarning(step, resolution, fine, points);
  return coarsened === undefined ? { fine } : { fine, coarsened };
}

/**
 * Evaluates a detector function at `fine` resolution and reads it back at `times` (ascending query
 * times, any ms) with windows of `step` (see the file's comment). Times on the step's grid read
 * exactly the fine points of their step, so an aligned query answers as it always has.
 */
export async function onFinerGrid(
  call: FunctionCall,
  step: number,
  times: number[],
  fine: number,
  env: EngineEnv,
  run: (call: FunctionCall, grid: EvalGrid, env: EngineEnv) => Promise<SeriesValues[]>
): Promise<SeriesValues[]> {
  const k = Math.round(step / fine);
  // The fine points in (t - step, t]: the latest at or before t and the k - 1 before it.
  const ends = times.map((t) => alignDown(t, fine));
  const finePoints = new Set<number>();
  for (const f of ends) {
    for (let j = k - 1; j >= 0; j--) {
      finePoints.add(f - j * fine);
    }
  }
  const sorted = [...finePoints].sort((a, b) => a - b);
  const index = new Map(sorted.map((g, i) => [g, i]));
  // The fine grid is the detector's own grid: its step sets the lead-in and the training points.
  const fineCall = { ...call, options: { ...call.options, step: fine } };
  const values = await run(fineCall, { step: fine, points: sorted }, env);
  const maxInStep = call.func === 'anomaly_score';
  const out = new Map<string, SeriesValues>();
  for (const s of values) {
    const v = new Float64Array(times.length).fill(NaN);
    ends.forEach((f, i) => {
      const at = fineIndexAt(s.values, (g) => index.get(g), f, k, fine, maxInStep);
      v[i] = at >= 0 ? s.values[at] : NaN;
    });
    out.set(labelsKey(s.labels), { labels: s.labels, values: v });
  }
  return [...out.values()];
}

/**
 * Which fine value a query time reports, as an index into `values` (`indexOf` maps a fine point to
 * it): with `maxInStep` (a score) the highest finite value among the `k` fine points ending at `end`
 * (the fine point at or before the time), else the value at `end` (a band); -1 when there is none.
 * The one rule of onFinerGrid, shared with the anomaly panel's own fine scoring.
 *
 * @example fineIndexAt([0.1, 0.9, 0.2], (g) => g / 60_000, 120_000, 3, 60_000, true) // 1
 */
export function fineIndexAt(
  values: ArrayLike<number>,
  indexOf: (g: number) => number | undefined,
  end: number,
  k: number,
  fine: number,
  maxInStep: boolean
): number {
  if (!maxInStep) {
    return indexOf(end) ?? -1;
  }
  let best = -1;
  for (let j = 0; j < k; j++) {
    const i = indexOf(end - j * fine);
    const x = i === undefined ? NaN : values[i];
    if (Number.isFinite(x) && !(x <= (best >= 0 ? values[best] : NaN))) {
      best = i!;
    }
  }
  return best;
}
