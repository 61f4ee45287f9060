/** The seasonal period a forecast runs with (forecast/index.ts, and the young segment's splice, youngSegment.ts). */
import { dominantPeriod } from '../core/seasonality';

/**
 * A detected season's ACF peak must rise this far above the ACF's lowest point at shorter lags
 * (seasonality.ts): without it, 10,000 minutes of a daily cycle with 10 % noise came out with a
 * "season" of 5 minutes, and a forecast that missed the daily peak.
 */
const SEASON_PROMINENCE = 0.1;

/**
 * The seasonal period `forecast()` runs with on gap-filled values: `season` when given (>= 2), the
 * autocorrelation's when 'auto'; 0 when fewer than two seasons are held.
 */
export function seasonPeriod(filled: Float64Array, season: 'auto' | number): number {
  let period = 0;
  if (season === 'auto') {
    period = dominantPeriod(filled, {
      maxPeriod: Math.min(Math.floor(filled.length / 2), 2000),
      minProminence: SEASON_PROMINENCE,
    });
  } else if (season >= 2) {
    period = season;
  }
  return period > 0 && filled.length < 2 * period ? 0 : period;
}
