/**
 * Additive Holt-Winters in its ETS(A,Ad,A) error-correction form (Hyndman et al., "Forecasting with
 * Exponential Smoothing", 2008, ch. 2 and 6), with an optional damped trend.
 *
 * API:
 * - `fitHoltWinters(values, { period, damped? })`: chooses alpha, beta, gamma (and phi when damped is
 *   'auto' or true) by a grid search that minimises the one-step squared error, then returns the state
 *   after running over `values`.
 * - `createHoltWinters(values, params)`: the same with fixed parameters (defaults alpha 0.2, beta 0.01,
 *   gamma 0.1, phi 1).
 * - `updateHoltWinters(state, y)`: online one-step update; mutates and returns `{ expected, error }`.
 *   NaN `y` advances time without learning (error NaN).
 * - `forecastHoltWinters(state, h, level?)`: h-step forecast with the analytical ETS interval
 *   var_h = sigma^2 (1 + sum_{j<h} (alpha + beta phi_j + gamma [j mod m = 0])^2).
 * - `holtWintersToJSON(state)` / `holtWintersFromJSON(json)`: plain serialisable state.
 * `period` 0 or 1 means no seasonality (Holt's linear trend). A seasonal model needs two full seasons of
 * data to initialise; with less it falls back to the non-seasonal model (`state.period` tells which).
 * Updates: e = y - (l + phi b + s); l += phi b + alpha e (before); b = phi b + beta e; s += gamma e.
 */
import { zForLevel } from './numeric';

/** Smoothing parameters. beta <= alpha and gamma <= 1 - alpha keep the model stable. */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Trend damping in (0, 1]; 1 = undamped. */
  phi: number;
}

/** Model state after the last observed point. Typed arrays; use holtWintersToJSON to serialise. */
export interface HoltWintersState extends HoltWintersParams {
  /** Season length in steps; 0 when the model is not seasonal. */
  period: number;
  level: number;
  trend: number;
  /** Seasonal components, indexed by position in the season. */
  season: Float64Array;
  /** Position in the season of the next point. */
  pos: number;
  /** Points seen (including NaN). */
  n: number;
  /** Sum of squared one-step errors after the burn-in, and their count. */
  sse: number;
  nErr: number;
}

/** Plain-object form of the state (JSON-safe). */
export interface HoltWintersJSON extends Omit<HoltWintersState, 'season'> {
  season: number[];
}

const DEFAULTS: HoltWintersParams = { alpha: 0.2, beta: 0.01, gamma: 0.1, phi: 1 };

function nanMean(v: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    if (Number.isFinite(v[i])) {
      s += v[i];
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

function countFinite(v: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      c++;
    }
  }
  return c;
}

/**
 * The first two seasons of `values` with each missing value filled from the other seasons: an
 * additive fit y[c m + k] = P_k + L_c over the whole seasons c of `values` (P_k the mean of phase k
 * over them, L_c the mean of season c's finite values less their phases' P), so a gap in the first
 * seasons takes its phase's shape at its own season's level. A phase missing in every season is
 * interpolated between the nearest known phases on either side (circularly). No missing value in
 * the first two seasons: `values` itself, so complete data initialises exactly as before.
 * Why: a missing value counted as a seasonal effect of 0, so a gap in the first season became a
 * wrong season shape that the parameter search then fixed with a fast level (alpha 0.7 to 0.9
 * instead of 0.02 on the NAB development files' daily series with seeded gaps), which follows an
 * anomaly as it happens instead of flagging it.
 */
function firstSeasonsFilled(values: ArrayLike<number>, m: number): ArrayLike<number> {
  let complete = true;
  for (let i = 0; i < 2 * m && complete; i++) {
    complete = Number.isFinite(values[i]);
  }
  if (complete) {
    return values; // nothing allocated on complete data (every refit comes here)
  }
  const head = Array.from({ length: 2 * m }, (_, i) => values[i]);
  const cycles = Math.floor(values.length / m);
  const phase = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let s = 0;
    let c = 0;
    for (let j = 0; j < cycles; j++) {
      const y = values[j * m + k];
      if (Number.isFinite(y)) {
        s += y;
        c++;
      }
    }
    phase[k] = c > 0 ? s / c : NaN;
  }
  const known = phase.slice();
  for (let k = 0; k < m; k++) {
    if (Number.isNaN(known[k])) {
      // Linear between the nearest known phases on either side (0 when no phase is known).
      let a = 1;
      let b = 1;
      while (a < m && Number.isNaN(known[(k - a + m) % m])) {
        a++;
      }
      while (b < m && Number.isNaN(known[(k + b) % m])) {
        b++;
      }
      const lo = known[(k - a + m) % m];
      const hi = known[(k + b) % m];
      phase[k] = a < m ? lo + ((hi - lo) * a) / (a + b) : 0;
    }
  }
  for (let c = 0; c < 2; c++) {
    let s = 0;
    let n = 0;
    for (let k = 0; k < m; k++) {
      const y = head[c * m + k];
      if (Number.isFinite(y)) {
        s += y - phase[k];
        n++;
      }
    }
    const level = n > 0 ? s / n : 0;
    for (let k = 0; k < m; k++) {
      if (!Number.isFinite(head[c * m + k])) {
        head[c * m + k] = level + phase[k];
      }
    }
  }
  return head;
}

/** Initial level/trend/season from the first two seasons (or first points when not seasonal). */
function initialState(values: ArrayLike<number>, period: number, p: HoltWintersParams): HoltWintersState {
  const m = period > 1 && values.length >= 2 * period ? period : 0;
  const season = new Float64Array(m);
  let level: number;
  let trend: number;
  if (m > 0) {
    const head = firstSeasonsFilled(values, m);
    const mean1 = nanMean(head, 0, m);
    const mean2 = nanMean(head, m, 2 * m);
    trend = Number.isFinite(mean2 - mean1) ? (mean2 - mean1) / m : 0;
    for (let k = 0; k < m; k++) {
      const y = head[k];
      season[k] = Number.isFinite(y) ? y - (mean1 + trend * (k - (m - 1) / 2)) : 0;
    }
    // Seasonal components sum to zero so the level carries the mean.
    const sMean = nanMean(season, 0, m);
    for (let k = 0; k < m; k++) {
      season[k] -= sMean;
    }
    // Level one step before the first point, so that the first prediction is l + b + s[0].
    level = mean1 - trend * ((m + 1) / 2);
  } else {
    const w = Math.min(values.length, 10);
    const first = nanMean(values, 0, Math.max(1, w >> 1));
    const second = nanMean(values, w >> 1, w);
    const gap = Math.max(1, w >> 1);
    trend = Number.isFinite(second - first) ? (second - first) / gap : 0;
    level = (Number.isFinite(first) ? first : 0) - trend * ((gap + 1) / 2);
  }
  return { ...p, period: m, level, trend, season, pos: 0, n: 0, sse: 0, nErr: 0 };
}

/**
 * One-step online update with observation `y`. Mutates `state`.
 *
 * @returns the one-step prediction made before seeing `y`, and the error y - expected (NaN for NaN y).
 */
export function updateHoltWinters(state: HoltWintersState, y: number): { expected: number; error: number } {
  const s = state.period > 0 ? state.season[state.pos] : 0;
  const damped = state.phi * state.trend;
  const expected = state.level + damped + s;
  let error = NaN;
  if (Number.isFinite(y)) {
    error = y - expected;
    state.level = state.level + damped + state.alpha * error;
    state.trend = damped + state.beta * error;
    if (state.period > 0) {
      state.season[state.pos] = s + state.gamma * error;
    }
    // Skip the first season (or first few points) while the initial state settles.
    if (state.n >= Math.max(state.period, 2)) {
      state.sse += error * error;
      state.nErr++;
    }
  } else {
    state.level = state.level + damped;
    state.trend = damped;
  }
  state.n++;
  if (state.period > 0) {
    state.pos = (state.pos + 1) % state.period;
  }
  return { expected, error };
}

/** Builds a model with fixed parameters and runs it over `values`. */
export function createHoltWinters(
  values: ArrayLike<number>,
  options: { period: number } & Partial<HoltWintersParams>
): HoltWintersState {
  const p: HoltWintersParams = {
    alpha: options.alpha ?? DEFAULTS.alpha,
    beta: options.beta ?? DEFAULTS.beta,
    gamma: options.gamma ?? DEFAULTS.gamma,
    phi: options.phi ?? DEFAULTS.phi,
  };
  const state = initialState(values, options.period, p);
  for (let i = 0; i < values.length; i++) {
    updateHoltWinters(state, values[i]);
  }
  return state;
}

let seasonScratch = new Float64Array(0);

/**
 * One-step SSE of a parameter set without allocating (grid-search inner loop; the season is copied into
 * a buffer reused across calls, which are synchronous). Stops as soon as the sum reaches `bound` (it
 * only grows, so such a set cannot beat the best one so far) and returns the partial sum.
 */
function sseFor(values: ArrayLike<number>, start: HoltWintersState, p: HoltWintersParams, bound = Infinity): number {
  const m = start.period;
  if (seasonScratch.length < start.season.length) {
    seasonScratch = new Float64Array(start.season.length);
  }
  const season = seasonScratch;
  season.set(start.season);
  let level = start.level;
  let trend = start.trend;
  let pos = 0;
  let sse = 0;
  const burn = Math.max(m, 2);
  for (let i = 0; i < values.length; i++) {
    const s = m > 0 ? season[pos] : 0;
    const damped = p.phi * trend;
    const y = values[i];
    if (y === y) {
      const e = y - (level + damped + s);
      level += damped + p.alpha * e;
      trend = damped + p.beta * e;
      if (m > 0) {
        season[pos] = s + p.gamma * e;
      }
      if (i >= burn) {
        sse += e * e;
        if (sse >= bound) {
          return sse;
        }
      }
    } else {
      level += damped;
      trend = damped;
    }
    if (m > 0) {
      pos = pos + 1 === m ? 0 : pos + 1;
    }
  }
  return sse;
}

/**
 * Fits alpha, beta, gamma (and phi) by grid search on the one-step squared error, then runs the
 * model over `values`. `damped`: false = phi 1, true = phi 0.98, 'auto' (default) = whichever fits better.
 *
 * @throws Error when `values` has fewer than 3 finite values.
 */
export function fitHoltWinters(
  values: ArrayLike<number>,
  options: { period: number; damped?: boolean | 'auto' }
): HoltWintersState {
  if (countFinite(values) < 3) {
    throw new Error('Holt-Winters needs at least 3 finite values');
  }
  const start = initialState(values, options.period, DEFAULTS);
  const damped = options.damped ?? 'auto';
  const phis = damped === 'auto' ? [1, 0.98] : damped ? [0.98] : [1];
  const alphas = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
  const betaFractions = [0, 0.02, 0.1, 0.3];
  const gammaFractions = start.period > 0 ? [0, 0.05, 0.15, 0.35, 0.6] : [0];
  let best: HoltWintersParams = DEFAULTS;
  let bestSse = Infinity;
  for (const phi of phis) {
    for (const alpha of alphas) {
      for (const bf of betaFractions) {
        for (const gf of gammaFractions) {
          const p = { alpha, beta: bf * alpha, gamma: gf * (1 - alpha), phi };
          const sse = sseFor(values, start, p, bestSse);
          if (sse < bestSse) {
            bestSse = sse;
            best = p;
          }
        }
      }
    }
  }
  return createHoltWinters(values, { period: start.period, ...best });
}

/** Residual standard deviation of the one-step errors (NaN before any error was recorded). */
export function holtWintersSigma(state: HoltWintersState): number {
  return state.nErr > 0 ? Math.sqrt(state.sse / state.nErr) : NaN;
}

/** h-step forecast (steps 1..h after the last point) with an interval of coverage `level`. */
export function forecastHoltWinters(
  state: HoltWintersState,
  h: number,
  level = 0.95
): { yhat: Float64Array; lower: Float64Array; upper: Float64Array } {
  const yhat = new Float64Array(h);
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  const z = zForLevel(level);
  const sigma = holtWintersSigma(state);
  let phiSum = 0;
  let phiPow = 1;
  let varSum = 1;
  for (let k = 1; k <= h; k++) {
    phiPow *= state.phi;
    phiSum += phiPow;
    const s = state.period > 0 ? state.season[(state.pos + k - 1) % state.period] : 0;
    yhat[k - 1] = state.level + phiSum * state.trend + s;
    const half = z * sigma * Math.sqrt(varSum);
    lower[k - 1] = yhat[k - 1] - half;
    upper[k - 1] = yhat[k - 1] + half;
    // c_j for the next horizon uses phi_j = phi + ... + phi^j with j = k.
    const c = state.alpha + state.beta * phiSum + (state.period > 0 && k % state.period === 0 ? state.gamma : 0);
    varSum += c * c;
  }
  return { yhat, lower, upper };
}

/** A running {@link holtWintersVarianceRatio}: `varSum` is the ratio at h = j + 1. */
export interface VarianceRatioSum {
  j: number;
  phiPow: number;
  phiSum: number;
  varSum: number;
}

/** The ratio at h = 1, to extend with {@link extendVarianceRatio}. */
export function varianceRatioStart(): VarianceRatioSum {
  return { j: 0, phiPow: 1, phiSum: 0, varSum: 1 };
}

/** Adds the next term, c_{j+1}^2: the ratio one step further out, in the same order of operations. */
export function extendVarianceRatio(state: HoltWintersParams & { period: number }, s: VarianceRatioSum): void {
  s.j++;
  s.phiPow *= state.phi;
  s.phiSum += s.phiPow;
  const c = state.alpha + state.beta * s.phiSum + (state.period > 0 && s.j % state.period === 0 ? state.gamma : 0);
  s.varSum += c * c;
}

/**
 * Variance of the h-step forecast error relative to the one-step one: 1 + sum_{j<h} c_j^2 with
 * c_j = alpha + beta (phi + ... + phi^j) + gamma [j mod m = 0] (the ETS interval of
 * forecastHoltWinters). 1 at h = 1.
 */
export function holtWintersVarianceRatio(state: HoltWintersParams & { period: number }, h: number): number {
  const s = varianceRatioStart();
  while (s.j < h - 1) {
    extendVarianceRatio(state, s);
  }
  return s.varSum;
}

/** JSON-safe copy of the state. */
export function holtWintersToJSON(state: HoltWintersState): HoltWintersJSON {
  return { ...state, season: Array.from(state.season) };
}

/** Restores a state produced by holtWintersToJSON. */
export function holtWintersFromJSON(json: HoltWintersJSON): HoltWintersState {
  return { ...json, season: Float64Array.from(json.season) };
}
