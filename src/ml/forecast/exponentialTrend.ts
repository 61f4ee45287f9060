/**
 * A multiplicative-growth candidate for time to exhaustion: y = a + b e^{k u} with u the time since the
 * last point in units of the segment's span and k > 0, fitted by least squares (a and b linear for each
 * k; k by a grid search refined by golden section). It covers usage that grows by a fixed share per
 * day (data that doubles every week), and the free space left by it (a minus such a growth), where a
 * straight line reads the fill as later and later, and a parabola still too late.
 *
 * Its interval is a profile-likelihood one: the union, over every growth rate k whose residual sum of
 * squares is within the chi-squared(1) band of the best (the growth rates the data cannot tell apart),
 * of each k's least-squares prediction interval. So the interval widens with the uncertainty of the
 * growth rate itself, which dominates far ahead.
 *
 * `auto` admits it like the parabola (curvedTrend.ts: it must clearly beat the straight models and the
 * curvature must be significant).
 */
import { normalQuantile } from '../core/normal';
import { zForLevel } from '../models/numeric';
import { Forecaster } from './model';

/** Largest growth over the segment's span, e^{K_MAX} (e^8: about 3,000-fold). */
const K_MAX = 8;
const K_GRID = 32;
/** Largest exponent evaluated: far past any limit, and still finite. */
const EXP_CAP = 60;

interface ExpFit {
  k: number;
  a: number;
  b: number;
  sse: number;
  /** (G'G)^-1 of the basis (1, e^{ku}), row-major 2 x 2. */
  inv: [number, number, number, number];
}

/** Least squares of y on (1, e^{k u}) for one k; undefined when degenerate. */
function fitAt(u: Float64Array, y: Float64Array, k: number): ExpFit | undefined {
  let n = 0;
  let se = 0;
  let see = 0;
  let sy = 0;
  let sey = 0;
  for (let i = 0; i < u.length; i++) {
    if (Number.isFinite(y[i])) {
      const e = Math.exp(k * u[i]);
      n++;
      se += e;
      see += e * e;
      sy += y[i];
      sey += e * y[i];
    }
  }
  const det = n * see - se * se;
  if (!(det > 1e-12 * n * see)) {
    return undefined;
  }
  const inv: [number, number, number, number] = [see / det, -se / det, -se / det, n / det];
  const a = inv[0] * sy + inv[1] * sey;
  const b = inv[2] * sy + inv[3] * sey;
  let sse = 0;
  for (let i = 0; i < u.length; i++) {
    if (Number.isFinite(y[i])) {
      const r = y[i] - a - b * Math.exp(k * u[i]);
      sse += r * r;
    }
  }
  return { k, a, b, sse, inv };
}

/** The best fit and every fit on the grid (and the refined one), or undefined when none fits. */
function fitExponential(u: Float64Array, y: Float64Array): { best: ExpFit; all: ExpFit[] } | undefined {
  const all: ExpFit[] = [];
  for (let g = 1; g <= K_GRID; g++) {
    const f = fitAt(u, y, (K_MAX * g) / K_GRID);
    if (f) {
      all.push(f);
    }
  }
  if (all.length === 0) {
    return undefined;
  }
  let best = all.reduce((p, c) => (c.sse < p.sse ? c : p));
  // Golden-section refinement within the neighbouring grid cells.
  let lo = Math.max(1e-3, best.k - K_MAX / K_GRID);
  let hi = Math.min(K_MAX, best.k + K_MAX / K_GRID);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 20; it++) {
    const m1 = hi - phi * (hi - lo);
    const m2 = lo + phi * (hi - lo);
    const f1 = fitAt(u, y, m1);
    const f2 = fitAt(u, y, m2);
    if (!f1 || !f2) {
      break;
    }
    all.push(f1, f2);
    if (f1.sse < f2.sse) {
      hi = m2;
    } else {
      lo = m1;
    }
    best = [best, f1, f2].reduce((p, c) => (c.sse < p.sse ? c : p));
  }
  return { best, all };
}

/** a + b e^{k u} with its least-squares prediction interval, over the plausible growth rates. */
export const exponentialForecaster: Forecaster = (input) => {
  const n = input.t.length;
  const last = input.t[n - 1];
  const span = last - input.t[0] || 1;
  const u = Float64Array.from(input.t, (x) => (x - last) / span);
  const fit = fitExponential(u, input.v);
  if (!fit) {
    throw new Error('exponential trend: degenerate fit');
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    count += Number.isFinite(input.v[i]) ? 1 : 0;
  }
  const dof = Math.max(1, count - 3);
  const sigma2 = fit.best.sse / dof;
  // Growth rates within the chi-squared(1) band of the best fit (profile likelihood).
  const chi = normalQuantile(0.5 + input.level / 2) ** 2;
  const band = fit.all.filter((f) => f.sse <= fit.best.sse + chi * sigma2);
  const z = zForLevel(input.level);
  const h = input.horizon;
  const yhat = new Float64Array(h);
  const lower = new Float64Array(h).fill(Infinity);
  const upper = new Float64Array(h).fill(-Infinity);
  for (let s = 0; s < h; s++) {
    const x = (input.futureT[s] - last) / span;
    for (const f of [fit.best, ...band]) {
      const e = Math.exp(Math.min(EXP_CAP, f.k * x));
      const y = f.a + f.b * e;
      const lev = f.inv[0] + 2 * f.inv[1] * e + f.inv[3] * e * e;
      const half = z * Math.sqrt(sigma2 * (1 + Math.max(0, lev)));
      if (f === fit.best) {
        yhat[s] = y;
      }
      lower[s] = Math.min(lower[s], y - half);
      upper[s] = Math.max(upper[s], y + half);
    }
  }
  return { yhat, lower, upper };
};
