/**
 * The score threshold behind the "anomalies" output and the annotations: the score at or above which
 * a model calls a point anomalous at a sensitivity (src/ml/detect/sensitivity.ts). Both engines
 * filter the same anomaly_score values with it (the companion through `anomaly_score(...) >= T`).
 * The ensemble's own `isAnomaly` adds a short hysteresis after a hit; the plain threshold here does
 * not, so a point right after an anomaly can differ from the panel's in-worker verdict.
 */
import { ensembleThreshold, iforestThreshold, parametricThreshold } from '../ml/detect/sensitivity';

/**
 * Score threshold of `model` at sensitivity `s` (clamped to [0, 1]).
 *
 * @example scoreThreshold('mad', 0.5) // 0.5 (tail probability 1e-5: evidence 5, score 5 / (5 + 5))
 */
export function scoreThreshold(model: string | undefined, s: number): number {
  const sens = Math.min(1, Math.max(0, Number.isFinite(s) ? s : 0.5));
  switch (model ?? 'ensemble') {
    case 'ensemble':
      return ensembleThreshold(sens);
    case 'iforest':
      return iforestThreshold(sens);
    default:
      return parametricThreshold(sens);
  }
}
