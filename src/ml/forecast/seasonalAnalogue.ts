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
 * Interval: z times the analogue's own error at each horizon, measured in-sample ({@link analogueErrorScale}):
 * the same rule run from earlier origins of the last long season and scored on what followed. Its
 * error a few steps ahead is the noise around the current level, not the lag-m difference (the
 * seasonal naive's error, which holds a whole season of trend: on the demo's db-1 volume, falling
 * 33 GB a day, that gave a 1-hour band 142 GB wide where the forecast was off by 0.2 GB).
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
  const scale = analogueErrorScale(y, m, seasons, window, horizon, positive);
  const z = zForLevel(level);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const half = z * scale[h];
    lower[h] = yhat[h] - half;
    upper[h] = yhat[h] + half;
  }
  return { yhat, lower, upper };
}

/** Most origins and horizons the in-sample error is measured at (the rest interpolated). */
const ERROR_ORIGINS = 48;
const ERROR_HORIZONS = 24;

/**
 * The analogue's root mean square error `h + 1` steps ahead, for h < `horizon`: its forecast from up to
 * {@link ERROR_ORIGINS} origins spread over the last long season (each with the seasons before it that
 * the data hold), scored on what followed, at up to {@link ERROR_HORIZONS} horizons spaced
 * geometrically up to a season, linear between them. It never narrows with the horizon (a running
 * maximum), and past the horizons measured it grows with the square root of the horizon, as a random
 * walk's. With no origin to measure from (under two seasons and a window), the lag-m differences'
 * root mean square, growing with the square root of the seasons ahead (the seasonal naive's band).
 */
export function analogueErrorScale(
  y: Float64Array,
  m: number,
  seasons: number,
  window: number,
  horizon: number,
  positive: boolean
): Float64Array {
  const n = y.length;
  const out = new Float64Array(horizon);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    prefix[i + 1] = prefix[i] + y[i];
  }
  const meanBefore = (end: number) => (prefix[end] - prefix[end - window]) / window;
  const reach = Math.min(horizon, m, n - 1);
  const hs: number[] = [];
  for (let j = 0; j < ERROR_HORIZONS && reach >= 1; j++) {
    const h = Math.max(1, Math.round(Math.pow(reach, j / Math.max(1, ERROR_HORIZONS - 1))));
    if (hs[hs.length - 1] !== h) {
      hs.push(h);
    }
  }
  const sigmaAt: number[] = [];
  for (const h of hs) {
    // Origins o with o - m - window >= 0 (one earlier season at least) and o + h <= n, over the last season.
    const first = Math.max(m + window, n - h - m);
    const last = n - h;
    const count = last - first + 1;
    if (count < 1) {
      break;
    }
    const every = Math.max(1, Math.ceil(count / ERROR_ORIGINS));
    let ss = 0;
    let c = 0;
    for (let o = last; o >= first; o -= every) {
      const current = meanBefore(o);
      let s = 0;
      let k = 0;
      for (let j = 1; j <= seasons; j++) {
        const origin = o - j * m;
        if (origin - window < 0) {
          break;
        }
        const base = meanBefore(origin);
        s += positive ? y[origin + h - 1] / base : y[origin + h - 1] - base;
        k++;
      }
      const f = positive ? current * (s / k) : current + s / k;
      const e = y[o + h - 1] - f;
      if (Number.isFinite(e)) {
        ss += e * e;
        c++;
      }
    }
    if (c === 0) {
      break;
    }
    sigmaAt.push(Math.sqrt(ss / c));
  }
  if (sigmaAt.length === 0) {
    const sigma = rmsDiff(y, m);
    for (let h = 0; h < horizon; h++) {
      out[h] = sigma * Math.sqrt(Math.floor(h / m) + 1);
    }
    return out;
  }
  // Running maximum over the horizons measured, linear between them, a square root past the last.
  let running = 0;
  const mono = sigmaAt.map((s) => (running = Math.max(running, s)));
  const lastH = hs[mono.length - 1];
  let j = 0;
  for (let h = 1; h <= horizon; h++) {
    while (j + 1 < mono.length && hs[j + 1] <= h) {
      j++;
    }
    if (h >= lastH) {
      out[h - 1] = mono[mono.length - 1] * Math.sqrt(h / lastH);
    } else if (h <= hs[0]) {
      out[h - 1] = mono[0];
    } else {
      const w = (h - hs[j]) / (hs[j + 1] - hs[j]);
      out[h - 1] = mono[j] + w * (mono[j + 1] - mono[j]);
    }
  }
  return out;
}
