/**
 * Panel helpers on top of the shared duration grammar (src/common/duration.ts): option text in ms
 * or in points, and the sampling step of a series.
 */
import { parseDuration } from '../../common/duration';
import { median } from '../../common/median';

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
 * Median positive spacing of ascending-ish timestamps (ms), NaN with fewer than two points: the step
 * the CLI estimates (prepareSeries' `stepMs`, the mean of the two middle spacings when their count is
 * even), so a panel puts irregular rows on the same grid as `bellwether detect`.
 */
export function medianStep(t: Float64Array): number {
  const d: number[] = [];
  for (let i = 1; i < t.length; i++) {
    const s = t[i] - t[i - 1];
    if (s > 0 && Number.isFinite(s)) {
      d.push(s);
    }
  }
  return median(d);
}
