/**
 * Prophet-style regression (Taylor & Letham 2017, without the Bayesian sampler): piecewise-linear trend
 * with changepoints plus daily and weekly Fourier seasonality, fitted by ridge regression.
 *
 * API:
 * - `fitProphetRidge(t, v, options?)`: fit on a window of (t ms, v); NaN values are skipped.
 * - `predictProphetRidge(model, t)`: point prediction at any timestamps (ms).
 * - `prophetRidgeInterval(model, t, level?)`: prediction with an interval: residual sigma plus a trend
 *   uncertainty that grows beyond the window like Prophet's (future changepoints as frequent and as large
 *   as the fitted ones).
 * Features: 1, s, max(0, s - c_k) for changepoints c_k evenly spread over the first `changepointRange`
 * of the window (s = time scaled to [0, 1] over the window), and sin/cos(2 pi k t / P) for P = 1 day
 * (order `dailyOrder`) and 1 week (`weeklyOrder`). Daily terms are used when the window spans at least
 * 2 days with a step under 6 h, weekly terms when it spans at least 2 weeks. Ridge penalties (relative
 * to n, on the standardised target) shrink changepoint deltas strongly and Fourier terms mildly.
 * Cost: O(n p^2) with p <= 1 + 1 + 25 + 8 + 6.
 */
import { solveSymmetric, zForLevel } from './numeric';

const DAY_MS = 86_400_000;

/** Whether a window of `spanMs` at `stepMs` gets daily terms: two days at least, at a step under 6 h. */
export function hasDailyTerms(spanMs: number, stepMs: number): boolean {
  return spanMs >= 2 * DAY_MS && stepMs < DAY_MS / 4;
}
const WEEK_MS = 7 * DAY_MS;

export interface ProphetRidgeOptions {
  /** Number of potential changepoints (default 10; fewer when there are few points). */
  changepoints?: number;
  /** Fraction of the window where changepoints may sit (default 0.8, as in Prophet). */
  changepointRange?: number;
  /** Ridge penalty on changepoint deltas (default 0.05). */
  changepointPenalty?: number;
  /** Ridge penalty on Fourier terms (default 0.001). */
  seasonalityPenalty?: number;
  /** Fourier order for the daily cycle; default 4, 0 disables; 'auto' rules as in the header. */
  dailyOrder?: number;
  /** Fourier order for the weekly cycle; default 3, 0 disables. */
  weeklyOrder?: number;
}

/** A fitted model; plain data (JSON-safe except the Float64Arrays). */
export interface ProphetRidgeModel {
  t0: number;
  /** Window length in ms (time scale of the trend). */
  span: number;
  /** Changepoint positions in scaled time. */
  changepoints: Float64Array;
  dailyOrder: number;
  weeklyOrder: number;
  /** Coefficients in feature order, already on the original value scale. */
  coef: Float64Array;
  /** Residual standard deviation. */
  sigma: number;
  /** Root-mean-square of the fitted changepoint deltas (drives future trend uncertainty). */
  deltaScale: number;
  n: number;
}

function featureCount(k: number, daily: number, weekly: number): number {
  return 2 + k + 2 * daily + 2 * weekly;
}

/**
 * Writes sin/cos(k phase), k = 1..order, into `row` from index `j` (sin, cos interleaved); returns the
 * next index. Two trig calls per cycle, higher harmonics by angle addition (relative error ~1e-15).
 */
function fourier(phase: number, order: number, row: Float64Array, j: number): number {
  if (order <= 0) {
    return j;
  }
  const s1 = Math.sin(phase);
  const c1 = Math.cos(phase);
  let sk = s1;
  let ck = c1;
  row[j++] = sk;
  row[j++] = ck;
  for (let k = 2; k <= order; k++) {
    const s = sk * c1 + ck * s1;
    ck = ck * c1 - sk * s1;
    sk = s;
    row[j++] = sk;
    row[j++] = ck;
  }
  return j;
}

/**
 * The Fourier terms of recent timestamps, shared by every fit (fits are synchronous): each fit of a
 * scan's detector overlaps the one before by three quarters, and the series of one query share their
 * timestamps, so most rows' terms were computed before. Direct-mapped by minute: a slot holds one
 * timestamp's terms (its tag), for one pair of orders. The same function of the same timestamp, so
 * every term is the one `fourier` gives, to the bit.
 */
const FOURIER_SLOTS = 16_384;
const fourierCache = { daily: -1, weekly: -1, width: 0, tags: new Float64Array(0), terms: new Float64Array(0) };

/** Writes the Fourier terms of `tms` into `row` from index `j`, from the cache when it holds them. */
function cachedFourier(tms: number, daily: number, weekly: number, row: Float64Array, j: number): void {
  const c = fourierCache;
  if (c.daily !== daily || c.weekly !== weekly) {
    c.daily = daily;
    c.weekly = weekly;
    c.width = 2 * (daily + weekly);
    if (c.tags.length === 0) {
      c.tags = new Float64Array(FOURIER_SLOTS);
    }
    c.tags.fill(NaN);
    if (c.terms.length < FOURIER_SLOTS * c.width) {
      c.terms = new Float64Array(FOURIER_SLOTS * c.width);
    }
  }
  const slot = ((Math.floor(tms / 60_000) % FOURIER_SLOTS) + FOURIER_SLOTS) % FOURIER_SLOTS;
  const w = c.width;
  const at = slot * w;
  if (c.tags[slot] !== tms) {
    fourierTerms(tms, daily, weekly, c.terms, at);
    c.tags[slot] = tms;
  }
  for (let k = 0; k < w; k++) {
    row[j + k] = c.terms[at + k];
  }
}

/** Daily then weekly Fourier terms of `tms` into `row` from index `j`. */
function fourierTerms(tms: number, daily: number, weekly: number, row: Float64Array, j: number): void {
  // Phase from the timestamp modulo the period keeps precision for epoch-sized numbers.
  if (daily > 0) {
    j = fourier((2 * Math.PI * (((tms % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS, daily, row, j);
  }
  if (weekly > 0) {
    fourier((2 * Math.PI * (((tms % WEEK_MS) + WEEK_MS) % WEEK_MS)) / WEEK_MS, weekly, row, j);
  }
}

/** Writes the feature row for time `tms` into `row`. */
function features(
  tms: number,
  t0: number,
  span: number,
  cps: Float64Array,
  daily: number,
  weekly: number,
  row: Float64Array,
  cached = false
): void {
  const s = (tms - t0) / span;
  let j = 0;
  row[j++] = 1;
  row[j++] = s;
  for (let k = 0; k < cps.length; k++) {
    row[j++] = s > cps[k] ? s - cps[k] : 0;
  }
  if (daily + weekly > 0) {
    if (cached) {
      cachedFourier(tms, daily, weekly, row, j);
    } else {
      fourierTerms(tms, daily, weekly, row, j);
    }
  }
}

let designScratch = new Float64Array(0);

/** A scratch buffer of at least `size` entries, reused across fits (fits are synchronous). */
function designBuffer(size: number): Float64Array {
  if (designScratch.length < size) {
    designScratch = new Float64Array(Math.max(size, 2 * designScratch.length));
  }
  return designScratch;
}

/**
 * Entries (a, b..b+3) and (a + 1, b..b+3) of X'X for b = 0, 4, ... while b + 3 <= a, from the design
 * stored column by column (p x n); returns the first b not done.
 */
function gramPairBlocks(
  design: Float64Array,
  n: number,
  p: number,
  first: Int32Array,
  a: number,
  xtx: Float64Array
): number {
  const ca = a * n;
  const cn = ca + n;
  let b = 0;
  for (; b + 3 <= a; b += 4) {
    const lo = Math.min(first[b], first[b + 1], first[b + 2], first[b + 3]);
    const from = Math.min(Math.max(first[a], lo), Math.max(first[a + 1], lo));
    const c0 = b * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let k = from; k < n; k++) {
      const x = design[ca + k];
      const y = design[cn + k];
      const d0 = design[c0 + k];
      const d1 = design[c1 + k];
      const d2 = design[c2 + k];
      const d3 = design[c3 + k];
      s0 += x * d0;
      s1 += x * d1;
      s2 += x * d2;
      s3 += x * d3;
      t0 += y * d0;
      t1 += y * d1;
      t2 += y * d2;
      t3 += y * d3;
    }
    xtx[a * p + b] = s0;
    xtx[a * p + b + 1] = s1;
    xtx[a * p + b + 2] = s2;
    xtx[a * p + b + 3] = s3;
    xtx[(a + 1) * p + b] = t0;
    xtx[(a + 1) * p + b + 1] = t1;
    xtx[(a + 1) * p + b + 2] = t2;
    xtx[(a + 1) * p + b + 3] = t3;
  }
  return b;
}

/** Entries (a, b) of X'X for b from `from` to a: four columns at a time, then one at a time. */
function gramRowFrom(
  design: Float64Array,
  n: number,
  p: number,
  first: Int32Array,
  a: number,
  from: number,
  xtx: Float64Array
): void {
  const ca = a * n;
  let b = from;
  // Four independent sums (each still added in row order) keep the processor busy where one sum
  // waits for its previous addition.
  for (; b + 3 <= a; b += 4) {
    const k0 = Math.max(first[a], Math.min(first[b], first[b + 1], first[b + 2], first[b + 3]));
    const c0 = b * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = k0; k < n; k++) {
      const x = design[ca + k];
      s0 += x * design[c0 + k];
      s1 += x * design[c1 + k];
      s2 += x * design[c2 + k];
      s3 += x * design[c3 + k];
    }
    xtx[a * p + b] = s0;
    xtx[a * p + b + 1] = s1;
    xtx[a * p + b + 2] = s2;
    xtx[a * p + b + 3] = s3;
  }
  for (; b <= a; b++) {
    const cb = b * n;
    let sum = 0;
    for (let k = first[a] > first[b] ? first[a] : first[b]; k < n; k++) {
      sum += design[ca + k] * design[cb + k];
    }
    xtx[a * p + b] = sum;
  }
}

/**
 * Fits the model on the finite points of (t, v).
 *
 * @throws Error when fewer than 3 finite points or the window has zero length.
 */
export function fitProphetRidge(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ProphetRidgeOptions = {}
): ProphetRidgeModel {
  let n = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
      n++;
      sum += v[i];
      tMin = Math.min(tMin, t[i]);
      tMax = Math.max(tMax, t[i]);
    }
  }
  if (n < 3 || !(tMax > tMin)) {
    throw new Error('Prophet-style model needs at least 3 finite points spanning some time');
  }
  const span = tMax - tMin;
  const step = span / (n - 1);
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
      ss += (v[i] - mean) * (v[i] - mean);
    }
  }
  // Standardise so that the penalties mean the same for bytes and percentages.
  const scale = Math.sqrt(ss / n) || 1;

  const nCp = Math.max(0, Math.min(options.changepoints ?? 10, Math.floor(n / 10)));
  const range = options.changepointRange ?? 0.8;
  const cps = new Float64Array(nCp);
  for (let k = 0; k < nCp; k++) {
    cps[k] = (range * (k + 1)) / (nCp + 1);
  }
  const daily = hasDailyTerms(span, step) ? (options.dailyOrder ?? 4) : 0;
  const weekly = span >= 2 * WEEK_MS && step < DAY_MS ? (options.weeklyOrder ?? 3) : 0;
  const p = featureCount(nCp, daily, weekly);

  // The design matrix is stored column by column (p x n, reused between fits) so that X'X is a set of
  // contiguous dot products and the residuals below reuse it instead of recomputing features.
  const design = designBuffer(n * p);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const ys = new Float64Array(n);
  const row = new Float64Array(p);
  let r = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(Number.isFinite(t[i]) && Number.isFinite(v[i]))) {
      continue;
    }
    features(t[i], tMin, span, cps, daily, weekly, row, true);
    ys[r] = (v[i] - mean) / scale;
    for (let a = 0; a < p; a++) {
      design[a * n + r] = row[a];
    }
    r++;
  }
  // A changepoint column is zero up to its changepoint: its dot products start at its first non-zero
  // row (skipping exact zeros leaves every sum unchanged, in the same row order).
  const first = new Int32Array(p);
  for (let a = 0; a < p; a++) {
    let k = 0;
    while (k < n && design[a * n + k] === 0) {
      k++;
    }
    first[a] = k;
  }
  for (let a = 0; a < p; a++) {
    const ca = a * n;
    let sy = 0;
    for (let k = first[a]; k < n; k++) {
      sy += design[ca + k] * ys[k];
    }
    xty[a] = sy;
  }
  // The lower triangle of X'X, two rows a and a + 1 at a time against four columns b (eight sums that
  // share the loads of six columns), then each row's remaining columns alone. Every sum is still added
  // in row order; starting one before its columns' first non-zero row adds exact zeros to 0, which
  // leaves it 0, so every entry is the same to the bit as one dot product at a time.
  let a = 0;
  for (; a + 1 < p; a += 2) {
    const b = gramPairBlocks(design, n, p, first, a, xtx);
    gramRowFrom(design, n, p, first, a, b, xtx);
    gramRowFrom(design, n, p, first, a + 1, b, xtx);
  }
  if (a < p) {
    gramRowFrom(design, n, p, first, a, 0, xtx);
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) {
      xtx[b * p + a] = xtx[a * p + b];
    }
  }
  const cpPen = n * (options.changepointPenalty ?? 0.05);
  const seasonPen = n * (options.seasonalityPenalty ?? 0.001);
  // A tiny ridge on intercept and slope only guards against exact collinearity.
  xtx[0] += 1e-9 * n;
  xtx[p + 1] += 1e-9 * n;
  for (let k = 0; k < nCp; k++) {
    xtx[(2 + k) * (p + 1)] += cpPen;
  }
  for (let j = 2 + nCp; j < p; j++) {
    xtx[j * (p + 1)] += seasonPen;
  }
  const beta = solveSymmetric(xtx, xty, p);
  if (!beta) {
    throw new Error('Prophet-style model: normal equations are singular');
  }
  const coef = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    coef[j] = beta[j] * scale;
  }
  coef[0] += mean;
  let deltaSq = 0;
  for (let k = 0; k < nCp; k++) {
    deltaSq += coef[2 + k] * coef[2 + k];
  }
  const model: ProphetRidgeModel = {
    t0: tMin,
    span,
    changepoints: cps,
    dailyOrder: daily,
    weeklyOrder: weekly,
    coef,
    sigma: 0,
    deltaScale: nCp > 0 ? Math.sqrt(deltaSq / nCp) : 0,
    n,
  };
  let sse = 0;
  r = 0;
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
      let yhat = 0;
      for (let j = 0; j < p; j++) {
        yhat += coef[j] * design[j * n + r];
      }
      r++;
      const e = v[i] - yhat;
      sse += e * e;
    }
  }
  model.sigma = Math.sqrt(sse / Math.max(1, n - p));
  return model;
}

function predictOne(model: ProphetRidgeModel, tms: number, row: Float64Array): number {
  features(tms, model.t0, model.span, model.changepoints, model.dailyOrder, model.weeklyOrder, row);
  let y = 0;
  const p = model.coef.length;
  for (let j = 0; j < p; j++) {
    y += model.coef[j] * row[j];
  }
  return y;
}

/**
 * Point prediction at one timestamp (ms) without allocating; `row` is scratch space of at least
 * `model.coef.length` entries (for callers that predict point by point, like the detector).
 */
export function predictProphetRidgeAt(model: ProphetRidgeModel, tms: number, row: Float64Array): number {
  return predictOne(model, tms, row);
}

/** Point predictions at timestamps `t` (ms). */
export function predictProphetRidge(model: ProphetRidgeModel, t: ArrayLike<number>): Float64Array {
  const row = new Float64Array(model.coef.length);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    out[i] = predictOne(model, t[i], row);
  }
  return out;
}

/**
 * Predictions with an interval of coverage `level` (default 0.95). Beyond the fitted window the variance
 * adds K * deltaScale^2 * d^3 / 3 (K changepoints per window, d = scaled distance past the window).
 */
export function prophetRidgeInterval(
  model: ProphetRidgeModel,
  t: ArrayLike<number>,
  level = 0.95
): { yhat: Float64Array; lower: Float64Array; upper: Float64Array } {
  const yhat = predictProphetRidge(model, t);
  const lower = new Float64Array(t.length);
  const upper = new Float64Array(t.length);
  const z = zForLevel(level);
  const rate = model.changepoints.length; // changepoints per unit of scaled time
  for (let i = 0; i < t.length; i++) {
    const d = Math.max(0, (t[i] - model.t0) / model.span - 1);
    // Future changepoints arrive at `rate` per unit and each adds delta * (d - c): variance rate * delta^2 * d^3 / 3.
    const trendVar = (rate * model.deltaScale * model.deltaScale * d * d * d) / 3;
    const half = z * Math.sqrt(model.sigma * model.sigma + trendVar);
    lower[i] = yhat[i] - half;
    upper[i] = yhat[i] + half;
  }
  return { yhat, lower, upper };
}
