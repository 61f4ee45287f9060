/**
 * Seasonal analogue: the next steps as they went after the same moment one (or more) long seasons ago,
 * rescaled to the current level. For each of the last `seasons` seasons of length `m` (e.g. the week),
 * take the point that lies k m steps before the end, the mean of the `window` points before it (e.g. the
 * day), and what followed relative to that mean; average over the seasons and apply the result to the
 * mean of the last `window` points. Relative means a ratio when every value is positive (a swing that
 * grows with the level), a difference otherwise or when `additive`. The combination asks for differences
 * when a trend dominates the series (combination.ts): the departure from a season's mean then holds
 * half a season of that trend, and a ratio shrinks it by the level's change over the season.
 *
 * Seasonal naive repeats the last week as it was; this repeats its shape from today's level, so a
 * series whose level moved since last week keeps its weekly pattern without the jump.
 * Interval: z times the root mean square of the lag-m differences, growing with the square root of
 * the number of seasons ahead.
 */
import { zForLevel } from '../models/numeric';
import { ModelOutput } from './model';
import { rmsDiff } from './naive';

export function seasonalAnalogue(
  y: Float64Array,
  m: number,
  seasons: number,
  window: number,
  horizon: number,
  level: number,
  additive = false
): ModelOutput {
  const n = y.length;
  let positive = !additive;
  for (let i = 0; i < n && positive; i++) {
    if (!(y[i] > 0)) {
      positive = false;
      break;
    }
  }
  const meanBefore = (end: number) => {
    let s = 0;
    for (let i = end - window; i < end; i++) {
      s += y[i];
    }
    return s / window;
  };
  const current = meanBefore(n);
  const bases: Array<{ origin: number; base: number }> = [];
  for (let k = 1; k <= seasons; k++) {
    const origin = n - k * m;
    if (origin - window >= 0) {
      bases.push({ origin, base: meanBefore(origin) });
    }
  }
  const yhat = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let s = 0;
    let c = 0;
    for (const { origin, base } of bases) {
      if (origin + h < n) {
        s += positive ? y[origin + h] / base : y[origin + h] - base;
        c++;
      }
    }
    if (c > 0) {
      yhat[h] = positive ? current * (s / c) : current + s / c;
    } else {
      // Beyond the seasons held: repeat the forecast a season earlier (or the last season).
      yhat[h] = h >= m ? yhat[h - m] : y[n - m + h];
    }
  }
  const sigma = rmsDiff(y, m);
  const z = zForLevel(level);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const half = z * sigma * Math.sqrt(Math.floor(h / m) + 1);
    lower[h] = yhat[h] - half;
    upper[h] = yhat[h] + half;
  }
  return { yhat, lower, upper };
}
