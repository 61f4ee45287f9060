/**
 * Physical bounds of a forecast value: free space cannot go below 0, usage above capacity, a ratio out
 * of [0, 1]. Models extrapolate lines and bands past them; the forecast and its interval are clamped
 * into the bounds afterwards.
 */
import { MlError } from '../types';

/** Known limits of the value; either may be left out. */
export interface Bounds {
  /** Smallest possible value (e.g. 0 free bytes). */
  min?: number;
  /** Largest possible value (e.g. the capacity, or 1 for a ratio). */
  max?: number;
}

/** Throws `bad_input` unless each given bound is finite and min < max. */
export function checkBounds(bounds: Bounds | undefined): void {
  if (bounds === undefined) {
    return;
  }
  const { min, max } = bounds;
  for (const [name, x] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (x !== undefined && !Number.isFinite(x)) {
      throw new MlError('bad_input', `bounds.${name} must be a finite number, got ${x}`);
    }
  }
  if (min !== undefined && max !== undefined && !(min < max)) {
    throw new MlError('bad_input', `bounds.min must be below bounds.max, got min ${min} and max ${max}`);
  }
}

/**
 * Clamps every array into [min, max] in place.
 *
 * @example clampToBounds([Float64Array.of(-2, 0.5, 3)], { min: 0, max: 1 }) // [0, 0.5, 1]
 */
export function clampToBounds(arrays: Float64Array[], bounds: Bounds | undefined): void {
  const lo = bounds?.min ?? -Infinity;
  const hi = bounds?.max ?? Infinity;
  if (lo === -Infinity && hi === Infinity) {
    return;
  }
  for (const a of arrays) {
    for (let k = 0; k < a.length; k++) {
      a[k] = Math.min(hi, Math.max(lo, a[k]));
    }
  }
}
