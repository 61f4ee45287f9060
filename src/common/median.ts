/**
 * Median of the finite values of `xs` (NaN is ignored). Returns NaN when no finite value exists.
 * Does not mutate its input.
 *
 * @example median([3, 1, NaN, 2]) // 2
 */
export function median(xs: ArrayLike<number>): number {
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
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}
