/**
 * Long horizons on a coarser grid. A 90-day horizon at a 15 s step is 518,400 forecast steps; rather
 * than cut the horizon, time to exhaustion forecasts on a step that is a whole multiple (`factor`) of
 * the data's step, chosen so the horizon fits in at most {@link MAX_FORECAST_STEPS} steps, and feeds
 * the forecaster the means of the data over that step ({@link coarsen}).
 *
 * - The coarse step divides a day when one within twice the needed factor does (5 min, 30 min, 2 h, ...),
 *   so a daily cycle keeps a whole period in steps.
 * - The segment must keep at least {@link MIN_COARSE_POINTS} coarse points, so the factor is smaller on
 *   short histories and the step count may then exceed MAX_FORECAST_STEPS, up to forecast()'s own limit
 *   of {@link FORECAST_STEP_LIMIT}. Only beyond that is the horizon cut, and `cut` says so.
 */

const DAY_MS = 86_400_000;

/** Most forecast steps per call before the step is coarsened. */
export const MAX_FORECAST_STEPS = 20_000;
/** Fewest coarse points the segment keeps (the step is not coarsened further than that). */
export const MIN_COARSE_POINTS = 100;
/** forecast()'s limit on the number of steps. */
export const FORECAST_STEP_LIMIT = 100_000;

/** The grid the forecast runs on. */
export interface CoarseGrid {
  /** Coarse step = factor x data step. */
  factor: number;
  step: number;
  /** Number of forecast steps that cover `spanMs` (or FORECAST_STEP_LIMIT when cut). */
  steps: number;
  /** True when even FORECAST_STEP_LIMIT steps of `step` do not cover `spanMs`. */
  cut: boolean;
}

/**
 * The coarsening factor and step count for forecasting `spanMs` ahead from a segment of `points` values
 * sampled every `dataStep` ms.
 *
 * @example chooseGrid(60_000, 60 * 86_400_000, 20_160) // { factor: 5, step: 300_000, steps: 17_280, cut: false }
 */
export function chooseGrid(dataStep: number, spanMs: number, points: number): CoarseGrid {
  const needed = Math.max(1, Math.ceil(spanMs / (MAX_FORECAST_STEPS * dataStep)));
  let factor = needed;
  for (let f = needed; f <= 2 * needed && needed > 1; f++) {
    if (DAY_MS % (f * dataStep) === 0) {
      factor = f;
      break;
    }
  }
  factor = Math.max(1, Math.min(factor, Math.floor(points / MIN_COARSE_POINTS)));
  const step = factor * dataStep;
  const steps = Math.max(1, Math.ceil(spanMs / step));
  return steps > FORECAST_STEP_LIMIT
    ? { factor, step, steps: FORECAST_STEP_LIMIT, cut: true }
    : { factor, step, steps, cut: false };
}

/**
 * Means of `v` over buckets of `step` ms that end at the last timestamp, oldest first; a bucket without
 * a finite value is NaN. Each bucket is stamped at the centre of the data slots it covers
 * (end - (step - dataStep) / 2), where the mean of a steady trend lies. An incomplete oldest bucket is
 * dropped (its mean would sit elsewhere).
 *
 * @example coarsen([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], 1, 2) // { t: [0.5, 2.5, 4.5], v: [0.5, 2.5, 4.5] }
 */
export function coarsen(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  dataStep: number,
  step: number
): { t: Float64Array; v: Float64Array } {
  const n = t.length;
  const lastT = t[n - 1];
  const span = lastT - t[0] + dataStep;
  let buckets = Math.ceil(span / step - 1e-9);
  if (buckets * step > span + dataStep / 2 && buckets > 1) {
    buckets--;
  }
  const sum = new Float64Array(buckets);
  const count = new Uint32Array(buckets);
  for (let i = 0; i < n; i++) {
    const back = Math.floor((lastT - t[i] + dataStep / 2) / step);
    if (back < buckets && Number.isFinite(v[i])) {
      sum[buckets - 1 - back] += v[i];
      count[buckets - 1 - back]++;
    }
  }
  const outT = new Float64Array(buckets);
  const outV = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    outT[b] = lastT - (buckets - 1 - b) * step - (step - dataStep) / 2;
    outV[b] = count[b] > 0 ? sum[b] / count[b] : NaN;
  }
  return { t: outT, v: outV };
}
