/**
 * Rules applied to a detector's verdict after it has scored a point, the same in every door (the
 * companion's anomaly_* functions, the panel, the CLI): the detector learns as before, only what
 * counts as anomalous changes.
 * - direction (`side`): a deviation on the other side of the expected value is not anomalous
 *   (latency only matters upward);
 * - floors: a deviation smaller than `minAbs`, or than `minRel` x |expected|, is not anomalous
 *   (a quiet series at 0.001 req/s does not page anyone);
 * - valid range: a value below `validMin` or above `validMax` is always anomalous, score 1, even
 *   while the model is warming up (a range check needs no model).
 * A point that is not anomalous after the rules has score 0 and no member fired.
 */
import type { DeviationSide, FunctionOptions } from './query';

/** The rules of a call (the detector options that act after scoring). */
export interface DetectRules {
  side?: DeviationSide;
  minAbs?: number;
  minRel?: number;
  validMin?: number;
  validMax?: number;
}

/** The rules among a call's options, or undefined when it sets none. */
export function rulesOf(o: FunctionOptions): DetectRules | undefined {
  const r: DetectRules = {};
  if (o.side !== undefined && o.side !== 'both') {
    r.side = o.side;
  }
  for (const k of ['minAbs', 'minRel', 'validMin', 'validMax'] as const) {
    if (o[k] !== undefined) {
      r[k] = o[k];
    }
  }
  return Object.keys(r).length > 0 ? r : undefined;
}

/** One point's verdict. */
export interface PointVerdict {
  score: number;
  /** 0 or 1. */
  isAnomaly: number;
  /** Bit mask of the ensemble members that fired (0 for single models). */
  fired: number;
  /** The value is outside the valid range. */
  outOfRange: boolean;
}

/**
 * The verdict on a point of value `value` after the rules, from the detector's.
 *
 * @example applyRules(1.2, 1, { score: 0.9, isAnomaly: 1, fired: 3 }, { minAbs: 0.5 }) // score 0, isAnomaly 0
 */
export function applyRules(
  value: number,
  expected: number,
  v: { score: number; isAnomaly: number; fired: number },
  rules: DetectRules | undefined
): PointVerdict {
  if (!rules || !Number.isFinite(value)) {
    return { ...v, outOfRange: false };
  }
  if (
    (rules.validMin !== undefined && value < rules.validMin) ||
    (rules.validMax !== undefined && value > rules.validMax)
  ) {
    return { score: 1, isAnomaly: 1, fired: v.fired, outOfRange: true };
  }
  if (!Number.isFinite(expected) || !Number.isFinite(v.score)) {
    return { ...v, outOfRange: false };
  }
  const d = value - expected;
  const masked =
    (rules.side === 'above' && d < 0) ||
    (rules.side === 'below' && d > 0) ||
    (rules.minAbs !== undefined && Math.abs(d) < rules.minAbs) ||
    (rules.minRel !== undefined && Math.abs(d) < rules.minRel * Math.abs(expected));
  return masked ? { score: 0, isAnomaly: 0, fired: 0, outOfRange: false } : { ...v, outOfRange: false };
}
