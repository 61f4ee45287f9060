/**
 * Sen's slope (Sen 1968): the median of all pairwise slopes (v_j - v_i) / (t_j - t_i), with the
 * confidence interval of Gilbert (1987, §16.5): with N' slopes sorted and C = z_{1-a/2} sqrt(Var S)
 * (Var S from Mann-Kendall), the bounds are the M1-th and (M2+1)-th slopes, M1 = (N' - C)/2,
 * M2 = (N' + C)/2. Over `maxPairs` pairs (default 200,000, about 630 points) the slopes are a seeded
 * random sample and the bounds use the same ranks scaled to the sample (an approximation).
 *
 * Timestamps are in ms, so `slope` is per ms; `perSecond` and `perHour` convert it.
 */
import { normalQuantile } from '../core/normal';
import { quickMedian, quickSelect } from '../models/numeric';
import { finitePairs, pairSlopes } from '../models/theilSen';
import { kendallS } from './mannKendall';

/** Sen's slope with its confidence interval (all slopes per ms). */
export interface SensSlopeResult {
  /** Median pairwise slope, value units per ms. */
  slope: number;
  /** Lower and upper confidence bounds of the slope, per ms (NaN when too few points). */
  lower: number;
  upper: number;
  /** Median of v - slope * t: the intercept at t = 0. */
  intercept: number;
  /**
   * The central `level` share of the pairwise slopes themselves (their 2.5 % and 97.5 % quantiles at
   * 0.95), per ms: the spread of the slopes the test saw, not the uncertainty of their median.
   */
  spreadLower: number;
  spreadUpper: number;
  /** Number of finite points used. */
  n: number;
  /** True when every pair was used. */
  exact: boolean;
}

export interface SensSlopeOptions {
  /** Coverage of the confidence interval (default 0.95). */
  level?: number;
  /** Maximum number of pairwise slopes (default 200,000). */
  maxPairs?: number;
  /** Seed for pair sampling (default 1). */
  seed?: number;
}

/** Converts a slope per ms to per second. */
export function perSecond(slopePerMs: number): number {
  return slopePerMs * 1000;
}

/** Converts a slope per ms to per hour. */
export function perHour(slopePerMs: number): number {
  return slopePerMs * 3_600_000;
}

/**
 * Sen's slope of v over t (ms). NaN points are skipped.
 *
 * @example sensSlope([0, 1000, 2000, 3000], [0, 2, 1, 3]).slope // 0.00075 per ms (0.75 per second)
 */
export function sensSlope(t: ArrayLike<number>, v: ArrayLike<number>, options: SensSlopeOptions = {}): SensSlopeResult {
  const [ft, fv] = finitePairs(t, v);
  const n = ft.length;
  const total = (n * (n - 1)) / 2;
  const { slopes, exact } = pairSlopes(ft, fv, options.maxPairs ?? 200_000, options.seed ?? 1);
  const m = slopes.length;
  return summariseSlopes(slopes, exact ? m : total, kendallS(fv).varS, ft, fv, exact, options.level);
}

/**
 * Turns a set of pairwise slopes into a {@link SensSlopeResult}: the median slope, the intercept (median
 * of v - slope t) and Gilbert's rank bounds for `nPairs` pairs and Var S `varS` (ranks are scaled onto
 * `slopes` when it is a sample of the pairs). Shared by the plain and the seasonal estimator.
 * Reorders `slopes`.
 */
export function summariseSlopes(
  slopes: Float64Array,
  nPairs: number,
  varS: number,
  ft: ArrayLike<number>,
  fv: ArrayLike<number>,
  exact: boolean,
  level = 0.95
): SensSlopeResult {
  const n = ft.length;
  const m = slopes.length;
  if (m === 0) {
    return { slope: NaN, lower: NaN, upper: NaN, spreadLower: NaN, spreadUpper: NaN, intercept: NaN, n, exact };
  }
  const slope = quickMedian(Float64Array.from(slopes), m);
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    resid[i] = fv[i] - slope * ft[i];
  }
  const intercept = quickMedian(resid, n);

  const z = normalQuantile(0.5 + level / 2);
  const c = z * Math.sqrt(varS);
  const m1 = (nPairs - c) / 2;
  const m2 = (nPairs + c) / 2;
  let lower = NaN;
  let upper = NaN;
  if (m1 >= 1 && m2 + 1 <= nPairs) {
    // 1-based ranks M1 and M2 + 1, rounded, mapped onto the (possibly sampled) slopes.
    const scale = m / nPairs;
    lower = quickSelect(slopes, m, Math.min(m - 1, Math.max(0, Math.round(m1 * scale) - 1)));
    upper = quickSelect(slopes, m, Math.min(m - 1, Math.max(0, Math.round((m2 + 1) * scale) - 1)));
  }
  const tail = (1 - level) / 2;
  const spreadLower = quickSelect(slopes, m, Math.floor(tail * (m - 1)));
  const spreadUpper = quickSelect(slopes, m, Math.ceil((1 - tail) * (m - 1)));
  return { slope, lower, upper, spreadLower, spreadUpper, intercept, n, exact };
}
