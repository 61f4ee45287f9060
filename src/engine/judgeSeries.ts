/**
 * The rules and the kinds over a whole batch detection (the CLI's `detect`, the panel's LSTM worker),
 * exactly as a detector run applies them point by point (detectRuns.ts).
 */
import { newKindState, nextKind } from './anomalyKind';
import { applyRules, type DetectRules } from './detectRules';

/** A batch detector's verdicts, aligned with the values. */
export interface BatchVerdicts {
  expected: ArrayLike<number>;
  score: ArrayLike<number>;
  isAnomaly: ArrayLike<number>;
  fired?: ArrayLike<number>;
}

/** The verdicts after the rules, with each point's kind code (anomalyKind.ts). */
export interface JudgedSeries {
  score: Float64Array;
  isAnomaly: Uint8Array;
  fired?: Uint32Array;
  kind: Uint8Array;
}

/**
 * Applies `rules` (none: verdicts unchanged) to every point in order and names each anomaly's kind
 * (points `stepMs` apart: how long a spike may last depends on it).
 */
export function judgeSeries(
  values: ArrayLike<number>,
  r: BatchVerdicts,
  rules: DetectRules | undefined,
  stepMs: number
): JudgedSeries {
  const n = values.length;
  const out: JudgedSeries = {
    score: new Float64Array(n),
    isAnomaly: new Uint8Array(n),
    fired: r.fired ? new Uint32Array(n) : undefined,
    kind: new Uint8Array(n),
  };
  const state = newKindState(stepMs);
  for (let i = 0; i < n; i++) {
    const v = applyRules(
      values[i],
      r.expected[i],
      { score: r.score[i], isAnomaly: r.isAnomaly[i], fired: r.fired ? r.fired[i] : 0 },
      rules
    );
    out.score[i] = v.score;
    out.isAnomaly[i] = v.isAnomaly;
    if (out.fired) {
      out.fired[i] = v.fired;
    }
    out.kind[i] = nextKind(state, {
      value: values[i],
      expected: r.expected[i],
      isAnomaly: v.isAnomaly,
      outOfRange: v.outOfRange,
    });
  }
  return out;
}
