/**
 * NAB's own windowed-Gaussian baseline (numenta/NAB nab/detectors/gaussian/windowedGaussian_detector.py
 * with nupic's anomaly_likelihood.normalProbability), the baseline of the evaluation's tables: the
 * score of a value is P(X > x) under a normal with the mean and (population) standard deviation of the
 * previous 1,000 values (sd 1e-6 when they are all equal; the first value scores 0). nupic reads the
 * tail from a table at z rounded to 0.1 and returns 0 beyond z = 7; below the mean it returns
 * 1 - P(X > 2 mean - x). As in NAB, that makes far-below-mean values score near 1 and far-above-mean
 * values near 0; NAB's threshold optimisation works with whatever order the scores have.
 * Our `gaussian` detector is a different, two-sided variant (score e / (e + 5)).
 */
import { normalTwoSidedTail } from '../../src/ml/core/normal';

const WINDOW = 1000;

/** nupic's normalProbability: the upper tail P(X > x), mirrored below the mean. */
function normalProbability(x: number, mean: number, sd: number): number {
  if (x < mean) {
    return 1 - normalProbability(2 * mean - x, mean, sd);
  }
  const xs = Math.round((10 * (x - mean)) / sd);
  return xs > 70 ? 0 : normalTwoSidedTail(xs / 10) / 2;
}

/** NAB windowed-Gaussian scores of `v` (a NaN value scores NaN and is not added to the window). */
export function nabWindowedGaussian(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  const win = new Float64Array(WINDOW);
  let size = 0;
  let head = 0;
  let mean = 0;
  let sd = 1;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    out[i] = size > 0 ? normalProbability(x, mean, sd) : 0;
    win[head] = x;
    head = (head + 1) % WINDOW;
    size = Math.min(WINDOW, size + 1);
    let s = 0;
    for (let k = 0; k < size; k++) {
      s += win[k];
    }
    mean = s / size;
    let ss = 0;
    for (let k = 0; k < size; k++) {
      ss += (win[k] - mean) * (win[k] - mean);
    }
    sd = Math.sqrt(ss / size) || 1e-6;
  }
  return out;
}
