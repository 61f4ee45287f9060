/**
 * Sample quantile by linear interpolation between order statistics: R's `quantile(type = 7)`,
 * numpy's default. With sorted finite values x[0..n-1], h = (n - 1) p and the result is
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 *
 * NaN and infinities are ignored; returns NaN when no finite value exists.
 * Throws RangeError when p is outside [0, 1]. Does not mutate its input.
 *
 * @example quantile([1, 2, 3, 4], 0.25) // 1.75 (R: quantile(1:4, 0.25))
 */
export function quantile(xs: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError('quantile requires p in [0, 1]');
  }
  const finite: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) {
      finite.push(xs[i]);
    }
  }
  if (finite.length === 0) {
    return NaN;
  }
  finite.sort((a, b) => a - b);
  return quantileSorted(finite, p);
}

/** Type-7 quantile of values already sorted ascending and all finite (no checks; hot paths). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) {
    return NaN;
  }
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
