/**
 * Puts a sorted series on a regular grid t0 + k * step (nearest slot, mean of rows sharing a slot, NaN
 * in empty slots) and fills gaps by linear interpolation for models that cannot skip missing values.
 */

/** A regular series: t[k] = t0 + k * step. */
export interface GridSeries {
  t: Float64Array;
  v: Float64Array;
  step: number;
}

/** Regularises sorted (t, v) onto `step` ms starting at the first timestamp. */
export function toGrid(t: ArrayLike<number>, v: ArrayLike<number>, step: number): GridSeries {
  const n = t.length;
  const t0 = t[0];
  const slots = Math.round((t[n - 1] - t0) / step) + 1;
  const sum = new Float64Array(slots);
  const cnt = new Uint32Array(slots);
  for (let i = 0; i < n; i++) {
    const k = Math.round((t[i] - t0) / step);
    if (Number.isFinite(v[i])) {
      sum[k] += v[i];
      cnt[k]++;
    }
  }
  const gt = new Float64Array(slots);
  const gv = new Float64Array(slots);
  for (let k = 0; k < slots; k++) {
    gt[k] = t0 + k * step;
    gv[k] = cnt[k] > 0 ? sum[k] / cnt[k] : NaN;
  }
  return { t: gt, v: gv, step };
}

/**
 * Copy of `v` with NaN replaced by linear interpolation between neighbours; leading and trailing NaN
 * take the nearest finite value. All-NaN input stays all NaN.
 */
export function interpolateGaps(v: Float64Array): Float64Array {
  const out = Float64Array.from(v);
  const n = out.length;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i])) {
      continue;
    }
    if (prev === -1) {
      out.fill(out[i], 0, i);
    } else if (i - prev > 1) {
      const a = out[prev];
      const b = out[i];
      for (let k = prev + 1; k < i; k++) {
        out[k] = a + ((b - a) * (k - prev)) / (i - prev);
      }
    }
    prev = i;
  }
  if (prev !== -1) {
    out.fill(out[prev], prev + 1);
  }
  return out;
}
