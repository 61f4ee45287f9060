/**
 * Number of finite values (NaN and infinities are missing data).
 *
 * @example finiteCount([1, NaN, Infinity, 2]) // 2
 */
export function finiteCount(xs: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) {
      n++;
    }
  }
  return n;
}

/**
 * The time of the first finite value: where data begins in a window that starts with missing values
 * (a training window longer than the history). `t[0]` when none is finite.
 *
 * @example firstFiniteTime([0, 60, 120], [NaN, 5, 6]) // 60
 */
export function firstFiniteTime(t: ArrayLike<number>, v: ArrayLike<number>): number {
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      return t[i];
    }
  }
  return t[0];
}

/**
 * Lowest and highest finite values: [Infinity, -Infinity] when none is finite.
 *
 * @example finiteExtent([3, NaN, 1, Infinity]) // [1, 3]
 */
export function finiteExtent(xs: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (Number.isFinite(x)) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return [lo, hi];
}
