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
