/**
 * The trend test a forecast must not contradict. When the Mann-Kendall test finds a significant
 * monotonic trend that dominates the series, a flat forecast ("41 GB tomorrow" for a disk losing 50 GB
 * a day) contradicts the Sen's slope shown beside it, however well it backtested. `auto` then skips the
 * trend-free models (naive2, seasonal naive) and any candidate whose forecast does not follow the trend
 * ({@link followsTrend}).
 *
 * - Once the data span two days the test is the seasonal Mann-Kendall with a day per season and the
 *   slope the seasonal Kendall slope (Hirsch et al. 1982), as the trend readout and time to
 *   exhaustion's gate read it (trend/acrossDays.ts), so a daily cycle is not read as a trend, even when
 *   a spike hides it from the autocorrelation; on less, the same with the detected period, if any.
 * - Significance is two-sided at {@link TREND_ALPHA} = 0.01, not 0.05: Mann-Kendall assumes independent
 *   observations, and on autocorrelated metrics its p-values come out too small.
 * - The rule binds only when the trend also explains at least {@link MIN_EXPLAINED} of the variance
 *   (R-squared of the least-squares line). Significance alone is not enough: it flagged 317 of the 414
 *   M4 Hourly series, where daily cycles dominate, and binding on all of them moved auto's OWA from
 *   0.608 to 0.922; with R-squared >= 0.5 it binds on 3 and OWA stays 0.608 (docs/forecasting.md).
 */
import { mannKendall, seasonalMannKendall } from '../trend/mannKendall';
import { seasonalSensSlope } from '../trend/seasonalSensSlope';
import { fitLinear } from '../models/linear';
import { sensSlope } from '../trend/sensSlope';
import { daySeasonPoints } from '../trend/acrossDays';
import { ForecastTrend } from '../types';

/** Two-sided significance level of the trend test. */
export const TREND_ALPHA = 0.01;

/** Share of the variance the trend line must explain for the rule to bind. */
export const MIN_EXPLAINED = 0.5;

/**
 * Share of Sen's slope that a forecast's own drift must reach, in the same direction, to follow the
 * trend (a damped trend that has flattened out does not).
 */
export const FOLLOW_SHARE = 0.5;

/**
 * Mann-Kendall and Sen's slope of (t, v) on a grid of `stepMs`, and whether the rule binds: across
 * daily cycles (a day per season) once the data span two days, as the trend readout and time to
 * exhaustion's gate read them (trend/acrossDays.ts); else seasonal with `period` when it is >= 2 (the
 * detected one); else plain.
 */
export function trendTest(
  t: Float64Array,
  v: Float64Array,
  period: number,
  stepMs: number,
  alpha = TREND_ALPHA
): ForecastTrend {
  const days = daySeasonPoints(v, stepMs);
  if (days > 0) {
    period = days;
  }
  const seasonal = period >= 2;
  const mk = seasonal ? seasonalMannKendall(v, period) : mannKendall(v);
  const sen = seasonal ? seasonalSensSlope(t, v, period) : sensSlope(t, v);
  const slope = sen.slope * 1000;
  const significant = mk.pValue < alpha && slope !== 0 && Math.sign(slope) === Math.sign(mk.z);
  const explained = rSquared(t, v);
  return {
    z: mk.z,
    pValue: mk.pValue,
    slopePerSecond: slope,
    slopeSpread: [sen.spreadLower * 1000, sen.spreadUpper * 1000],
    seasonPoints: seasonal ? period : 0,
    significant,
    explained,
    binding: significant && explained >= MIN_EXPLAINED,
    seasonal,
  };
}

/** R-squared of the least-squares line through the finite points (0 when they do not vary). */
function rSquared(t: Float64Array, v: Float64Array): number {
  const fit = fitLinear(t, v);
  let mean = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      mean += v[i];
      n++;
    }
  }
  mean /= n;
  let total = 0;
  let residual = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      total += (v[i] - mean) ** 2;
      residual += (v[i] - fit.intercept - fit.slope * t[i]) ** 2;
    }
  }
  return total > 0 ? 1 - residual / total : 0;
}

/**
 * A forecast's drift per second. With a period P and at least 2P steps: the mean of
 * yhat[k] - yhat[k - P] over k >= P, divided by P steps, so the seasonal shape cancels and only the
 * trend remains. Otherwise the least-squares slope of `yhat` over its steps.
 *
 * @example forecastDrift(Float64Array.of(3, 2, 1), 1000, 0) // -1 (per second)
 */
export function forecastDrift(yhat: Float64Array, step: number, period: number): number {
  const h = yhat.length;
  if (period >= 2 && h >= 2 * period) {
    let sum = 0;
    for (let k = period; k < h; k++) {
      sum += yhat[k] - yhat[k - period];
    }
    return (sum / (h - period) / (period * step)) * 1000;
  }
  const mx = (h - 1) / 2;
  let my = 0;
  for (let k = 0; k < h; k++) {
    my += yhat[k];
  }
  my /= h;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < h; k++) {
    sxy += (k - mx) * (yhat[k] - my);
    sxx += (k - mx) * (k - mx);
  }
  return sxx > 0 ? (sxy / sxx / step) * 1000 : 0;
}

/** Steps a forecast needs for {@link forecastDrift} to see its trend: 2 seasons, or 2 steps. */
export function driftHorizon(horizon: number, period: number): number {
  return Math.max(horizon, period >= 2 ? 2 * period : 2);
}

/**
 * Whether a forecast follows a trend of `slopePerSecond`: its {@link forecastDrift} has the same sign
 * and at least {@link FOLLOW_SHARE} of the magnitude.
 *
 * @example followsTrend(Float64Array.of(3, 2, 1), 1000, 0, -1) // true
 */
export function followsTrend(yhat: Float64Array, step: number, period: number, slopePerSecond: number): boolean {
  const drift = forecastDrift(yhat, step, period);
  return drift * slopePerSecond > 0 && Math.abs(drift) >= FOLLOW_SHARE * Math.abs(slopePerSecond);
}

/**
 * The season over which a forecast of `horizon` steps is held to the trend's slope spread
 * ({@link withinSpread}): the test's own (a day), when the horizon spans at least one; else 0 (not
 * held: a shorter forecast may rightly follow the season's current phase, e.g. the daytime write rate
 * an hour ahead).
 */
export function spreadSeason(trend: Pick<ForecastTrend, 'seasonPoints'>, horizon: number): number {
  return trend.seasonPoints >= 2 && horizon >= trend.seasonPoints ? trend.seasonPoints : 0;
}

/**
 * Whether a forecast's mean slope over whole seasons of `season` steps ({@link forecastDrift}, at least
 * two seasons of `yhat`) lies within the trend test's spread of slopes (ForecastTrend.slopeSpread).
 * {@link followsTrend} bounds it on one side only, and a steeper model passed: on the demo's db-1
 * disk at noon (daily write cycle, Sen's slope -32.9 GB/day, spread [-33.4, -32.3]) Holt-Winters'
 * weighted recent slope, the daytime write rate, drifted -42.2 GB/day, and its 7-day forecast was
 * 101.7 GB where the trend said 167.6 GB.
 *
 * @example withinSpread(Float64Array.of(3, 2, 1, 0), 1000, 2, [-1.5, -0.5]) // true
 */
export function withinSpread(
  yhat: Float64Array,
  step: number,
  season: number,
  spread: readonly [number, number]
): boolean {
  const drift = forecastDrift(yhat, step, season);
  return !(drift < spread[0] || drift > spread[1]);
}
