/**
 * Double-seasonal exponential smoothing (Taylor 2003, "Short-term electricity demand forecasting using
 * double seasonal exponential smoothing"): a level, one additive seasonal component per period (e.g.
 * the day and the week of hourly data), no trend, and an AR(1) adjustment of the one-step error.
 *   forecast f_t = l + s1[t mod m1] + s2[t mod m2] + phi e_{t-1};  e_t = y_t - f_t;
 *   l += alpha e_t;  s1[t mod m1] += delta e_t;  s2[t mod m2] += omega e_t.
 * The h-step forecast is l + s1 + s2 at t + h plus phi^h e_n. The parameters are chosen by a grid search
 * on the one-step squared error after the first longest season; the interval is the one-step sigma,
 * widened like a random walk in the level (sigma sqrt(1 + (h - 1) alpha^2)).
 * With one period it is Holt-Winters without trend (plus the AR term). Pure JavaScript: augurs has no
 * multi-seasonal exponential smoothing (its MSTL decomposes first and smooths the trend only).
 */
import { zForLevel } from './numeric';

const GRID = {
  alpha: [0.01, 0.05, 0.1, 0.2, 0.4],
  delta: [0, 0.05, 0.1, 0.2, 0.4],
  omega: [0, 0.05, 0.1, 0.2, 0.4],
  phi: [0, 0.5, 0.8, 0.95],
};

interface State {
  sse: number;
  level: number;
  s1: Float64Array;
  s2: Float64Array;
  error: number;
}

/**
 * Forecasts `horizon` steps of `y` (no NaN) with periods `m1` and `m2` (`m2` 0 for one period).
 * Needs two of the longest seasons; the caller checks.
 */
export function doubleSeasonalForecast(
  y: Float64Array,
  m1: number,
  m2: number,
  horizon: number,
  level: number
): { yhat: Float64Array; lower: Float64Array; upper: Float64Array } {
  const n = y.length;
  const long = Math.max(m1, m2);
  const init = Math.min(2 * long, n);
  // Initial state from the first two longest seasons: a line through them (the mean level, and the
  // slope from the first season's mean to the second's), the mean daily profile around that line, and
  // what the weekly profile adds on top. The profiles are taken around the line, not around each
  // season's own mean: on a trending series a season's values around its mean hold half a season of
  // trend at either end, and a profile learnt that way (kept as it is when the grid search picks no
  // seasonal smoothing) jumps by a whole season's trend where the season wraps: one day's fall, 29 GB,
  // one step ahead on the demo's db-1 disk, 3 days at 1 minute, whose windows end where the day wraps.
  let l0 = 0;
  for (let i = 0; i < init; i++) {
    l0 += y[i];
  }
  l0 /= init;
  let slope = 0;
  if (init >= 2 * long) {
    let first = 0;
    let second = 0;
    for (let i = 0; i < long; i++) {
      first += y[i];
      second += y[long + i];
    }
    slope = (second - first) / long / long;
  }
  const centre = (init - 1) / 2;
  const r = new Float64Array(init);
  for (let i = 0; i < init; i++) {
    r[i] = y[i] - (l0 + slope * (i - centre));
  }
  const s1 = new Float64Array(m1);
  const c1 = new Float64Array(m1);
  for (let d = 0; (d + 1) * m1 <= init; d++) {
    let mu = 0;
    for (let j = 0; j < m1; j++) {
      mu += r[d * m1 + j];
    }
    mu /= m1;
    for (let j = 0; j < m1; j++) {
      s1[j] += r[d * m1 + j] - mu;
      c1[j]++;
    }
  }
  for (let j = 0; j < m1; j++) {
    s1[j] /= c1[j] || 1;
  }
  const s2 = new Float64Array(Math.max(m2, 1));
  if (m2 > 0) {
    const c2 = new Float64Array(m2);
    for (let i = 0; i < init; i++) {
      s2[i % m2] += r[i] - s1[i % m1];
      c2[i % m2]++;
    }
    for (let k = 0; k < m2; k++) {
      s2[k] /= c2[k] || 1;
    }
  }
  // The smoothing starts from the line's level at the first point (the model itself has no trend).
  const start = l0 - slope * centre;
  const at2 = (t: number) => (m2 > 0 ? t % m2 : 0);
  const run = (alpha: number, delta: number, omega: number, phi: number): State => {
    let lv = start;
    const a = Float64Array.from(s1);
    const b = Float64Array.from(s2);
    let e = 0;
    let sse = 0;
    for (let t = 0; t < n; t++) {
      const err = y[t] - (lv + a[t % m1] + b[at2(t)] + phi * e);
      if (t >= long) {
        sse += err * err;
      }
      lv += alpha * err;
      a[t % m1] += delta * err;
      b[at2(t)] += omega * err;
      e = err;
    }
    return { sse, level: lv, s1: a, s2: b, error: e };
  };
  let best = { sse: Infinity, alpha: 0.1, delta: 0, omega: 0, phi: 0 };
  for (const alpha of GRID.alpha) {
    for (const delta of GRID.delta) {
      for (const omega of m2 > 0 ? GRID.omega : [0]) {
        for (const phi of GRID.phi) {
          const sse = run(alpha, delta, omega, phi).sse;
          if (sse < best.sse) {
            best = { sse, alpha, delta, omega, phi };
          }
        }
      }
    }
  }
  const st = run(best.alpha, best.delta, best.omega, best.phi);
  const sigma = Math.sqrt(st.sse / Math.max(1, n - long));
  const z = zForLevel(level);
  const yhat = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  let ar = st.error;
  for (let h = 0; h < horizon; h++) {
    const t = n + h;
    ar *= best.phi;
    yhat[h] = st.level + st.s1[t % m1] + st.s2[at2(t)] + ar;
    const half = z * sigma * Math.sqrt(1 + h * best.alpha * best.alpha);
    lower[h] = yhat[h] - half;
    upper[h] = yhat[h] + half;
  }
  return { yhat, lower, upper };
}
