/**
 * Mann-Kendall trend test (Mann 1945, Kendall 1975) with the tie-corrected variance and the normal
 * approximation with continuity correction, as in Gilbert (1987), "Statistical Methods for
 * Environmental Pollution Monitoring", §16.4, and the seasonal variant of Hirsch, Slack & Smith (1982).
 *
 *   S     = sum_{i<j} sign(x_j - x_i)
 *   Var S = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18     (t_g = size of tie group g)
 *   Z     = (S - 1)/sqrt(Var S) if S > 0, 0 if S = 0, (S + 1)/sqrt(Var S) if S < 0
 *   p     = 2 (1 - Phi(|Z|)), Phi from erf (two-sided)
 *
 * NaN values are skipped. S is computed in O(n log n) with a Fenwick tree over value ranks.
 * The test assumes independent observations; on strongly autocorrelated data its p-values are too small.
 */
import { normalTwoSidedTail } from '../core/normal';

/** Result of a Mann-Kendall test. */
export interface MannKendallResult {
  /** Kendall's S statistic. */
  s: number;
  /** Variance of S under the null hypothesis, tie-corrected. */
  varS: number;
  /** Standardised statistic with continuity correction. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Direction when p < alpha, else 'none'. */
  trend: 'increasing' | 'decreasing' | 'none';
  /** Number of finite values used. */
  n: number;
}

/** S and tie-corrected Var S of the finite values of `xs`, in time order. */
export function kendallS(xs: ArrayLike<number>): { s: number; varS: number; n: number } {
  const vals: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) {
      vals.push(xs[i]);
    }
  }
  const n = vals.length;
  const sorted = Float64Array.from(vals).sort();
  // Ranks 1..u of the distinct values, and the tie term of the variance.
  const distinct: number[] = [];
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) {
      j++;
    }
    const t = j - i;
    tieTerm += t * (t - 1) * (2 * t + 5);
    distinct.push(sorted[i]);
    i = j;
  }
  const u = distinct.length;
  const tree = new Float64Array(u + 1);
  let s = 0;
  for (let j = 0; j < n; j++) {
    const r = lowerBound(distinct, vals[j]) + 1;
    // Earlier values strictly below and strictly above the current one.
    const below = prefix(tree, r - 1);
    const atOrBelow = prefix(tree, r);
    const above = j - atOrBelow;
    s += below - above;
    for (let k = r; k <= u; k += k & -k) {
      tree[k]++;
    }
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  return { s, varS, n };
}

function prefix(tree: Float64Array, r: number): number {
  let sum = 0;
  for (let k = r; k > 0; k -= k & -k) {
    sum += tree[k];
  }
  return sum;
}

function lowerBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function fromS(s: number, varS: number, n: number, alpha: number): MannKendallResult {
  let z = 0;
  if (varS > 0) {
    z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
  }
  const pValue = varS > 0 ? normalTwoSidedTail(z) : 1;
  const trend = pValue < alpha ? (z > 0 ? 'increasing' : 'decreasing') : 'none';
  return { s, varS, z, pValue, trend, n };
}

/**
 * Mann-Kendall test of the finite values of `values` (in time order).
 *
 * @param alpha significance level for `trend` (default 0.05).
 * @example mannKendall([1, 2, 3, 4, 5]) // { s: 10, varS: 50/3, z: 2.2045..., pValue: 0.0275..., trend: 'increasing' }
 */
export function mannKendall(values: ArrayLike<number>, alpha = 0.05): MannKendallResult {
  const { s, varS, n } = kendallS(values);
  return fromS(s, varS, n, alpha);
}

/**
 * Seasonal Mann-Kendall (Hirsch et al. 1982): S and Var S summed over the sub-series of each season
 * position (index mod `period`), which removes the seasonal cycle from the comparison.
 */
export function seasonalMannKendall(values: ArrayLike<number>, period: number, alpha = 0.05): MannKendallResult {
  if (!(period >= 2)) {
    return mannKendall(values, alpha);
  }
  let s = 0;
  let varS = 0;
  let n = 0;
  for (let k = 0; k < period; k++) {
    const sub: number[] = [];
    for (let i = k; i < values.length; i += period) {
      sub.push(values[i]);
    }
    const r = kendallS(sub);
    s += r.s;
    varS += r.varS;
    n += r.n;
  }
  return fromS(s, varS, n, alpha);
}
