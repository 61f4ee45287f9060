/**
 * Leak detector: a monotonic rise (or, with `toward: 'down'`, a fall to a floor) that the Mann-Kendall
 * test finds significant at p < alpha and whose Sen's slope is at least `minSlopePerHour` (value units
 * per hour) that way. Typical use: memory, open files, queue length. Slow leaks that a 6 h
 * `predict_linear` misses show up here because the test counts rank order over the whole window rather
 * than the size of one line fit.
 *
 * `seasonal` (a period in points, or 'auto' to detect one) switches to the seasonal Mann-Kendall test,
 * which keeps a daily cycle from masking or faking a trend, and the slope then comes from the matching
 * seasonal Kendall slope estimator (within-season pairs only), so test and slope agree. Throws MlError('not_enough_data') below
 * 10 finite points.
 */
import { prepareSeries } from '../core/prepare';
import { dominantPeriod } from '../core/seasonality';
import { MlError, Series } from '../types';
import { MannKendallResult, mannKendall, seasonalMannKendall } from './mannKendall';
import { seasonalSensSlope } from './seasonalSensSlope';
import { perHour, perSecond } from './sensSlope';

export interface LeakOptions {
  /** Significance level (default 0.01). */
  alpha?: number;
  /** Smallest slope, in value units per hour, that counts as a leak (default 0: any significant rise). */
  minSlopePerHour?: number;
  /** Seasonal period in points for the seasonal test, or 'auto' (default: none). */
  seasonal?: number | 'auto';
  /**
   * Which way the series runs out (default 'up', a usage rising to a ceiling): with 'down' (free bytes,
   * headroom falling to a floor) a leak is a significant fall, its slope at least `minSlopePerHour` down.
   */
  toward?: 'up' | 'down';
}

export interface LeakResult {
  /** True when the trend toward the limit (a rise, or a fall with `toward: 'down'`) is significant and steep enough. */
  leak: boolean;
  /** Sen's slope per second (seasonal Kendall slope when `period` >= 2), with its 95 % confidence bounds. */
  slopePerSecond: number;
  slopeLowerPerSecond: number;
  slopeUpperPerSecond: number;
  /** Sen's slope per hour. */
  slopePerHour: number;
  /** Two-sided Mann-Kendall p-value. */
  pValue: number;
  /** The full trend test. */
  trend: MannKendallResult;
  /** Seasonal period used by the test (0 = plain Mann-Kendall). */
  period: number;
}

/**
 * @example detectLeak({ t, v }, { alpha: 0.01, minSlopePerHour: 1e6 }) // memory growing >= 1 MB/h?
 */
export function detectLeak(series: Series, options: LeakOptions = {}): LeakResult {
  const alpha = options.alpha ?? 0.01;
  const prepared = prepareSeries(series);
  let finite = 0;
  for (let i = 0; i < prepared.v.length; i++) {
    if (Number.isFinite(prepared.v[i])) {
      finite++;
    }
  }
  if (finite < 10) {
    throw new MlError('not_enough_data', `leak detection needs at least 10 finite points, got ${finite}`);
  }
  const period = options.seasonal === 'auto' ? dominantPeriod(prepared.v) : (options.seasonal ?? 0);
  const trend = period >= 2 ? seasonalMannKendall(prepared.v, period, alpha) : mannKendall(prepared.v, alpha);
  const sen = seasonalSensSlope(prepared.t, prepared.v, period);
  const slopePerHour = perHour(sen.slope);
  const down = options.toward === 'down';
  const leak =
    trend.trend === (down ? 'decreasing' : 'increasing') &&
    trend.pValue < alpha &&
    (down ? -slopePerHour : slopePerHour) >= (options.minSlopePerHour ?? 0);
  return {
    leak,
    slopePerSecond: perSecond(sen.slope),
    slopeLowerPerSecond: perSecond(sen.lower),
    slopeUpperPerSecond: perSecond(sen.upper),
    slopePerHour,
    pValue: trend.pValue,
    trend,
    period,
  };
}
