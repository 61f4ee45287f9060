/**
 * Warm-up policy of the forecasting members (Holt-Winters, Prophet-style): they buffer the first
 * points, then detect the season (when `season` is 'auto') and fit on that buffer, all causally.
 */
import { dominantPeriod } from '../core/seasonality';
import { ResolvedOptions } from './types';

/** Points buffered before a seasonal member starts scoring. */
export function seasonalWarmup(opts: ResolvedOptions): number {
  if (typeof opts.season === 'number' && opts.season > 1) {
    // Two full seasons initialise the seasonal components; never fewer than 30 points.
    return Math.max(30, 2 * opts.season + 2);
  }
  if (opts.season === 0) {
    return 30;
  }
  return Math.max(30, Math.min(opts.trainWindow, 600));
}

/** Season length in points to use after the warm-up buffer `values` (0 = none). */
export function resolveSeason(opts: ResolvedOptions, values: ArrayLike<number>): number {
  if (typeof opts.season === 'number') {
    return opts.season > 1 ? Math.floor(opts.season) : 0;
  }
  return dominantPeriod(values, { minPeriod: 4, maxPeriod: Math.floor(values.length / 2), minStrength: 0.3 });
}
