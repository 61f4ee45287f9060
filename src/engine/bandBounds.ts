/**
 * The physics of an anomaly band, as every door draws it (companion's anomaly_upper/lower, the data
 * source, the panel, the CLI): a band held where the quantity can go. A band is the expected value
 * plus or minus a multiple of the noise, so under a spike of a p99 latency its lower edge fell below
 * 0 s. The bounds come from the metric name (the inner selector's, or the panel's series' `metric`)
 * and the unit the call carries, never from the values (src/ml/forecast/bounds.ts quantityBounds);
 * `bounds=none` turns them off.
 *
 * Verdicts do not move: a value inside the bounds is outside the held band exactly when it was outside
 * the band, and the score comes from the detector. A side stops applying, for the rest of the run, at
 * the first value past it (a "ratio" above 1 says it is no ratio), so a run's outputs depend on its
 * own values only, in order (causal): the panel and the companion, fed the same run, agree.
 */
import { type Bounds, quantityBounds } from '../ml/forecast/bounds';
import { metricNameOf } from './metricName';
import type { FunctionCall } from './query';

/** The bounds of an anomaly_* call's band, or undefined when it has none. */
export function bandBoundsOf(q: FunctionCall): Bounds | undefined {
  if (q.options.bounds === 'none') {
    return undefined;
  }
  const b = quantityBounds({ name: q.options.metric ?? metricNameOf(q.inner), unit: q.options.unit });
  return b.min === undefined && b.max === undefined ? undefined : { min: b.min, max: b.max };
}

/** The extent of the values a run has seen so far (a run series' state; Infinity/-Infinity before any). */
export interface SeenExtent {
  lo: number;
  hi: number;
}

export function newSeenExtent(): SeenExtent {
  return { lo: Infinity, hi: -Infinity };
}

/**
 * Holds one point's band and expected value (`out`: [expected, lower, upper], in place) in the
 * bounds the values seen so far, this one included, have not crossed; `seen` takes the value in.
 */
export function holdInBounds(bounds: Bounds, seen: SeenExtent, value: number, out: Float64Array): void {
  if (value < seen.lo) {
    seen.lo = value;
  }
  if (value > seen.hi) {
    seen.hi = value;
  }
  const lo = bounds.min !== undefined && !(seen.lo < bounds.min) ? bounds.min : -Infinity;
  const hi = bounds.max !== undefined && !(seen.hi > bounds.max) ? bounds.max : Infinity;
  for (let k = 0; k < out.length; k++) {
    const x = out[k];
    out[k] = x < lo ? lo : x > hi ? hi : x;
  }
}

/**
 * A batch detection's band and expected value (the panel's LSTM worker) held in `bounds` point by
 * point in order, exactly as a detector run holds them (detectRuns.ts push): new arrays.
 */
export function holdSeriesInBounds(
  bounds: Bounds,
  values: ArrayLike<number>,
  r: { expected: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number> }
): { expected: Float64Array; lower: Float64Array; upper: Float64Array } {
  const n = values.length;
  const out = { expected: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n) };
  const seen = newSeenExtent();
  const held = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    held[0] = r.expected[i];
    held[1] = r.lower[i];
    held[2] = r.upper[i];
    holdInBounds(bounds, seen, values[i], held);
    out.expected[i] = held[0];
    out.lower[i] = held[1];
    out.upper[i] = held[2];
  }
  return out;
}
