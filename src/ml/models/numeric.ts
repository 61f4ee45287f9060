/**
 * Small numeric helpers private to the model cores (`src/ml/models`). They exist here because the
 * shared `src/ml/core` helpers were not yet written when the models were; prefer `core/` elsewhere.
 *
 * - `quickMedian(buf, n)`: median of the first `n` entries of a scratch buffer (reorders it).
 * - `normalQuantile(p)`: inverse standard normal CDF (Acklam's rational approximation, |rel err| < 1.2e-9
 *  ; plenty for interval widths).
 * - `mulberry32(seed)`: tiny deterministic PRNG returning floats in [0, 1).
 * - `solveSymmetric(a, b, p)`: solves A x = b for a symmetric positive-definite p x p matrix (Cholesky).
 */

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

/**
 * Inverse of the standard normal CDF (P. J. Acklam's algorithm, relative error below 1.15e-9).
 *
 * @example normalQuantile(0.975) // 1.959963984...
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) {
      return -Infinity;
    }
    if (p === 1) {
      return Infinity;
    }
    return NaN;
  }
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Two-sided z multiplier for an interval of coverage `level` (e.g. 0.95 -> 1.96). */
export function zForLevel(level: number): number {
  return normalQuantile(0.5 + level / 2);
}

/** Deterministic PRNG (mulberry32): returns a function yielding floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
