/**
 * Warm-up policy of the forecasting members (Holt-Winters, Prophet-style): they buffer the first
 * points, then detect the season (when `season` is 'auto') and fit on that buffer, all causally.
 */
import { dominantPeriod } from '../core/seasonality';
import { interpolateGaps } from '../forecast/grid';
import { ResolvedOptions } from './types';

/** Points Holt-Winters buffers before detecting the season ('auto') and scoring: regular members. */
export const SEASON_WARMUP = 600;
/**
 * The same for a provisional member (ResolvedOptions.provisional), and the Prophet-style model's
 * least warm-up there: points before the provisional ensemble judges, while the regular members warm
 * up. Chosen by cross-validation on the NAB development files and their short, hourly and gappy
 * proxies (eval/anomalyProxies.eval.ts; docs/anomaly-detection.md, "Short series").
 */
export const PROVISIONAL_SEASON_WARMUP = 300;
export const PROVISIONAL_PROPHET_WARMUP = 100;

/** Points buffered before a seasonal member starts scoring. */
export function seasonalWarmup(opts: ResolvedOptions): number {
  if (typeof opts.season === 'number' && opts.season > 1) {
    // Two full seasons initialise the seasonal components; never fewer than 30 points.
    return Math.max(30, 2 * opts.season + 2);
  }
  if (opts.season === 0) {
    return 30;
  }
  return Math.max(30, Math.min(opts.trainWindow, opts.provisional ? PROVISIONAL_SEASON_WARMUP : SEASON_WARMUP));
}

/**
 * Season length in points to use after the warm-up buffer `values` (0 = none). Missing values are
 * interpolated first, as forecasting does before its season search: the autocorrelation counts a
 * missing value as the mean, so scattered missing points add white noise whose ripples on a smooth
 * series' slowly falling ACF make local peaks at a few points' lag, stronger than the daily peak (a
 * daily 5-minute series with 30 % of its rows missing got a season of 4 points instead of 288, and
 * Holt-Winters then flagged its busy hours; docs/anomaly-detection.md, "Shapes of the held-out
 * files"). A buffer without missing values is searched exactly as before.
 */
export function resolveSeason(opts: ResolvedOptions, values: ArrayLike<number>): number {
  if (typeof opts.season === 'number') {
    return opts.season > 1 ? Math.floor(opts.season) : 0;
  }
  return dominantPeriod(interpolateGaps(Float64Array.from(values)), {
    minPeriod: 4,
    maxPeriod: Math.floor(values.length / 2),
    minStrength: 0.3,
  });
}
