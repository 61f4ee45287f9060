/**
 * The season a trend test reads a series with, shared by every test a view prints beside a forecast or
 * a time to exhaustion: a day per season (seasonal Mann-Kendall, Hirsch et al. 1982) once the data span
 * two days, so part of a daily cycle is not read as a trend and a spike cannot hide that cycle. Before
 * this, forecast() and the trend readout took the season from the autocorrelation, and one 3-minute
 * latency spike (the demo's api-1 p99 at 1796489220) flattened it to none: the plain test then read
 * three days of a daily cycle as a rise at p = 6e-12. Across days it reads p = 0.3 (docs/forecasting.md).
 * Time to exhaustion's gate (src/ml/tte) uses the same rule.
 */

const DAY_MS = 86_400_000;

/**
 * How long a series must span to show a daily season: two days, one cycle against the next. It is also
 * how long after a clean-up both the forecast (forecast/youngSegment.ts) and time to exhaustion
 * (tte/settings.ts carryRateMs) carry the steady tooth before it, one constant so the panel's forecast
 * line and its "full in" cannot disagree between 12 and 48 h after a clean-up (they did: -27.0 GB/day
 * beside -32.9, youngSegment.test.ts).
 */
export const DAY_SEASON_MS = 2 * DAY_MS;

/**
 * Points per day at `stepMs` when a day holds at least two steps and `v` holds two days of slots from
 * its first finite value (a window that reaches before the series' birth starts with missing values,
 * which hold no cycle); else 0 (the caller's own season, or the plain test).
 *
 * @example daySeasonPoints(v, 60_000) // 1440 on three days of one-minute data, 0 on one day
 */
export function daySeasonPoints(v: ArrayLike<number>, stepMs: number): number {
  const perDay = stepMs > 0 ? Math.round(DAY_MS / stepMs) : 0;
  let first = 0;
  while (first < v.length && !Number.isFinite(v[first])) {
    first++;
  }
  return perDay >= 2 && v.length - first >= Math.round(DAY_SEASON_MS / DAY_MS) * perDay ? perDay : 0;
}
