/**
 * The seasonal line (time to exhaustion only): a straight trend around a free profile of the longest
 * season the segment holds twice, a week when it spans two whole weeks, else the detected period.
 *
 *   y_i = b i + s_(i mod S) + e_i        (least squares with one level per position of the season)
 *
 * The slope b comes only from differences within each position (the same hour of the same weekday a
 * week apart), so no shape that repeats every S steps can tilt it, whatever that shape is. A line, or
 * Prophet's trend without weekly terms (they need two weeks and more), through whole weekly cycles is
 * tilted by the weekly shape: on a disk falling 1.15 %/day under a weekday/weekend swing of 12 % and a
 * daily one of 8 %, the line over 14 days read 89 d to 107 d or "beyond 90 d" where the disk fills in
 * 36-44 d, depending on where the window began in the week. With two seasons b is the mean of the
 * week-apart differences; its variance is a third above the line's when there is no cycle at all.
 * The profile is smoothed over an hour (circularly), so the crossing is not searched on the noise of
 * two samples per position. The interval: the residual scale (corrected for the levels fitted) for
 * the next value and the profile, plus the slope's standard error times the steps from the data's
 * centre; time to exhaustion widens it further (driftInterval.ts, rateSpread.ts).
 */
import { zForLevel } from '../models/numeric';
import type { Forecaster, ModelInput } from './model';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 86_400_000;

/**
 * The season (in steps) the seasonal line uses on `input`: a week when the segment holds two whole
 * weeks (missing a step at most) and a week of whole steps stays in phase with the clock over the
 * segment (below), else `input.period` when it holds two of those (`weeklyOnly`: none), else 0 (no
 * season: the model does not apply).
 *
 * A step that does not divide a week puts each slot of a `week`-step season off the clock by the
 * remainder every week (an 11-minute step: 4 minutes a week); the week is used only while that drift,
 * summed over the segment's weeks, stays within half a step, so every slot keeps its time of the week.
 */
export function seasonalLineSeason(input: Pick<ModelInput, 'v' | 'step' | 'period'>, weeklyOnly = false): number {
  const n = input.v.length;
  const week = Math.round(WEEK_MS / input.step);
  const drift = (Math.abs(week * input.step - WEEK_MS) * n) / Math.max(1, week);
  if (drift <= input.step / 2 && week >= 2 && n >= 2 * week - 1) {
    return week;
  }
  if (!weeklyOnly && input.period >= 2 && n >= 2 * input.period) {
    return input.period;
  }
  return 0;
}

/** The seasonal line's fit: slope per step, the smoothed profile, the residual scale and the slope's variance. */
export function fitSeasonalLine(
  v: ArrayLike<number>,
  season: number,
  smoothSteps: number
): { slope: number; profile: Float64Array; sigma: number; slopeVar: number; centre: number; n: number } {
  const count = new Float64Array(season);
  const sumI = new Float64Array(season);
  const sumY = new Float64Array(season);
  let n = 0;
  let iSum = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      const p = i % season;
      count[p]++;
      sumI[p] += i;
      sumY[p] += v[i];
      n++;
      iSum += i;
    }
  }
  // Within each position: slope from the deviations from that position's means.
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      const p = i % season;
      const di = i - sumI[p] / count[p];
      sxy += di * (v[i] - sumY[p] / count[p]);
      sxx += di * di;
    }
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  // Each position's level at i = 0; positions never seen take the mean level of their neighbours below.
  const raw = new Float64Array(season).fill(NaN);
  for (let p = 0; p < season; p++) {
    if (count[p] > 0) {
      raw[p] = (sumY[p] - slope * sumI[p]) / count[p];
    }
  }
  let rss = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      const e = v[i] - raw[i % season] - slope * i;
      rss += e * e;
    }
  }
  const seen = count.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  const df = Math.max(1, n - seen - 1);
  const sigma = Math.sqrt(rss / df);
  // Circular moving average over `smoothSteps` (odd), skipping unseen positions.
  const half = Math.max(0, Math.floor(smoothSteps / 2));
  const profile = new Float64Array(season);
  for (let p = 0; p < season; p++) {
    let s = 0;
    let k = 0;
    for (let d = -half; d <= half; d++) {
      const x = raw[(((p + d) % season) + season) % season];
      if (Number.isFinite(x)) {
        s += x;
        k++;
      }
    }
    profile[p] = k > 0 ? s / k : NaN;
  }
  return { slope, profile, sigma, slopeVar: sxx > 0 ? (sigma * sigma) / sxx : Infinity, centre: iSum / n, n };
}

/**
 * Forecaster for the seasonal line on `input`'s own season ({@link seasonalLineSeason}); without one
 * (a segment too short, as in the drift's refits on a shorter part), the same fit with a season of one
 * step, which is the least-squares line.
 */
export const seasonalLineForecaster: Forecaster = (input) => {
  const season = Math.max(1, seasonalLineSeason(input));
  const smooth = season > 1 ? Math.max(1, 2 * Math.floor(HOUR_MS / input.step / 2) + 1) : 1;
  const fit = fitSeasonalLine(input.v, season, smooth);
  const z = zForLevel(input.level);
  const last = input.v.length - 1;
  const perPosition = fit.n / season;
  const h = input.horizon;
  const yhat = new Float64Array(h);
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const i = last + 1 + k;
    yhat[k] = fit.profile[i % season] + fit.slope * i;
    const d = i - fit.centre;
    const half = z * Math.sqrt(fit.sigma * fit.sigma * (1 + 1 / (perPosition * smooth)) + d * d * fit.slopeVar);
    lower[k] = yhat[k] - half;
    upper[k] = yhat[k] + half;
  }
  return { yhat, lower, upper };
};

/**
 * Time to exhaustion's seasonal path (tte/settings.ts `seasonalLine`): `auto`'s choice among the trend
 * candidates, replaced by the seasonal line when the choice is not a curve, a seasonal period was
 * detected, and the segment holds two whole weeks (`mode` 1) or, failing that, two of the detected
 * period (`mode` 2). Mode 0, another model asked for, or no such season: `fit` itself. Done after the
 * choice, not as a backtested candidate: a hold-out leaves under two weeks to fit on, so no backtest
 * on two weeks can score a weekly model.
 */
export function seasonalLineInstead<
  F extends { model: string; yhat: Float64Array; lower: Float64Array; upper: Float64Array },
>(fit: F, input: ModelInput, mode: number, curves: readonly string[]): F {
  if (mode <= 0 || curves.includes(fit.model) || input.period < 2) {
    return fit;
  }
  if (seasonalLineSeason(input, mode === 1) === 0) {
    return fit;
  }
  const out = seasonalLineForecaster(input);
  return { ...fit, ...out, model: SEASONAL_LINE };
}

/** The seasonal line's name in answers (`model`). */
export const SEASONAL_LINE = 'seasonal_line';
