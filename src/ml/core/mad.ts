import { median } from '../../common/median';

/**
 * Factor that turns a MAD into a consistent estimate of the standard deviation of normal data:
 * 1 / Phi^-1(3/4) = 1.482602218505602 (R's `mad()` default constant).
 */
export const MAD_TO_SIGMA = 1.482602218505602;

/**
 * Median absolute deviation from the median, median(|x - median(x)|), unscaled (R's
 * `mad(x, constant = 1)`). Multiply by {@link MAD_TO_SIGMA} for a robust standard deviation.
 * NaN and infinities are ignored; NaN when no finite value exists. Does not mutate its input.
 *
 * @example mad([1, 2, 3, 4, 100]) // 1
 */
export function mad(xs: ArrayLike<number>): number {
  const m = median(xs);
  if (Number.isNaN(m)) {
    return NaN;
  }
  const dev: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) {
      dev.push(Math.abs(xs[i] - m));
    }
  }
  return median(dev);
}
