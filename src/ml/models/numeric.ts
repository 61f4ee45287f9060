/**
 * Small numeric helpers private to the model cores (`src/ml/models`):
 * - `quickSelect` / `quickMedian`: order statistics of a scratch Float64Array in O(n) (reorders it).
 * - `zForLevel(level)`: two-sided normal multiplier for an interval coverage.
 * - `solveSymmetric(a, b, p)`: solves A x = b for a symmetric positive-definite p x p matrix (Cholesky).
 * `normalQuantile` and `mulberry32` are re-exported from `src/ml/core`.
 */
import { normalQuantile } from '../core/normal';
import { mulberry32 } from '../core/prng';

export { normalQuantile, mulberry32 };

/** k-th smallest (0-based) of the first `n` entries of `buf`, by quickselect. Reorders `buf`. */
export function quickSelect(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = buf[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i] < pivot) {
        i++;
      }
      while (buf[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const tmp = buf[i];
        buf[i] = buf[j];
        buf[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) {
      hi = j;
    } else if (k >= i) {
      lo = i;
    } else {
      return buf[k];
    }
  }
  return buf[k];
}

/** Median of the first `n` entries of `buf` (mean of the two middles when `n` is even). Reorders `buf`. */
export function quickMedian(buf: Float64Array, n: number): number {
  if (n === 0) {
    return NaN;
  }
  const hi = quickSelect(buf, n, n >> 1);
  if (n % 2 === 1) {
    return hi;
  }
  // After selecting index n/2, everything left of it is <= hi: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) {
    if (buf[i] > lo) {
      lo = buf[i];
    }
  }
  return (lo + hi) / 2;
}

/** Two-sided z multiplier for an interval of coverage `level` (e.g. 0.95 -> 1.96). */
export function zForLevel(level: number): number {
  return normalQuantile(0.5 + level / 2);
}

/**
 * Solves `A x = b` for a symmetric positive-definite `p x p` matrix `A` (row-major) by Cholesky.
 * Returns null when `A` is not positive definite (e.g. collinear columns without a ridge).
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) {
        sum -= l[i * p + k] * l[j * p + k];
      }
      if (i === j) {
        if (!(sum > 0)) {
          return null;
        }
        l[i * p + i] = Math.sqrt(sum);
      } else {
        l[i * p + j] = sum / l[j * p + j];
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) {
      sum -= l[i * p + k] * y[k];
    }
    y[i] = sum / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < p; k++) {
      sum -= l[k * p + i] * x[k];
    }
    x[i] = sum / l[i * p + i];
  }
  return x;
}
