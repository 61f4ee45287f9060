/**
 * Panel helpers on top of the shared duration grammar (src/common/duration.ts): option text in ms
 * or in points, and the sampling step of a series.
 */
import { parseDuration } from '../../common/duration';
import { prepareSeries } from '../../ml/core/prepare';

/** Milliseconds of a duration typed into a panel option (spaces around it ignored); NaN if not one. */
export function optionDurationMs(text: string): number {
  return parseDuration((text ?? '').trim()) ?? NaN;
}

/**
 * A length given either as a plain whole number of points ('1000') or as a duration ('7d'), turned
 * into points at the sampling step `stepMs`. Returns NaN when `text` is neither.
 */
export function toPoints(text: string | number, stepMs: number): number {
  if (typeof text === 'number') {
    return Number.isFinite(text) ? Math.round(text) : NaN;
  }
  if (/^\s*\d+\s*$/.test(text ?? '')) {
    return Number(text);
  }
  const ms = optionDurationMs(text);
  return Number.isFinite(ms) && stepMs > 0 ? Math.round(ms / stepMs) : NaN;
}

/**
 * The sampling step of a series' timestamps (ms), NaN with fewer than two distinct times: the step the
 * CLI and the engine estimate (prepareSeries' `stepMs`: the median spacing of the times sorted and
 * made distinct, the mean of the two middle spacings when their count is even; for irregular times
 * the step of the grid fitted to them, ml/core/gridStep.ts), so a panel puts rows in any order on the
 * same grid as `bellwether detect`.
 */
export function medianStep(t: Float64Array): number {
  return prepareSeries({ t, v: new Float64Array(t.length) }).stepMs;
}
