/**
 * Numenta's anomaly likelihood (nupic anomaly_likelihood.py, as NAB's "numenta" detectors use it),
 * applied to a detector's score stream for the evaluation: the mean of the last `short` scores against
 * a normal fitted to the long-run distribution of those means (exponentially weighted, memory `long`
 * points, sd at least 0.03), likelihood = 1 - upper tail, reported as NAB's log-likelihood
 * min(1, -log10(tail) / 10). `max` keeps the larger of it and the score itself.
 */
import { normalTwoSidedTail } from '../../src/ml/core/normal';

export function anomalyLikelihood(score: Float64Array, short = 10, long = 1000, combine: 'alone' | 'max' = 'max') {
  const out = new Float64Array(score.length).fill(NaN);
  const ring: number[] = [];
  let mean = 0;
  let variance = 0;
  let n = 0;
  for (let i = 0; i < score.length; i++) {
    const x = score[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    ring.push(x);
    if (ring.length > short) {
      ring.shift();
    }
    const a = ring.reduce((p, q) => p + q, 0) / ring.length;
    if (n >= 50) {
      const z = (a - mean) / Math.max(Math.sqrt(variance), 0.03);
      const tail = z > 0 ? normalTwoSidedTail(z) / 2 : 0.5;
      const l = Math.min(1, -Math.log10(Math.max(tail, 1e-300)) / 10);
      out[i] = combine === 'max' ? Math.max(l, x) : l;
    }
    n++;
    const w = 1 / Math.min(n, long);
    const d = a - mean;
    mean += w * d;
    variance = (1 - w) * (variance + w * d * d);
  }
  return out;
}
