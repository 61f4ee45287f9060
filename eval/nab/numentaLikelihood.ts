/**
 * Numenta's anomaly likelihood as nupic's AnomalyLikelihood computes it for NAB's "numenta" detector
 * (written from the published algorithm, for the research table eval/nabResearch.eval.ts), with the
 * details the simpler eval/nab/likelihood.ts leaves out:
 * - no likelihood (0.5) for the first learningPeriod + estimationSamples scores;
 * - the normal is fitted to the 10-point moving averages of the raw scores in the historic window
 *   (skipping the learning period), re-estimated every `reestimation` scores, mean at least 0.03 and
 *   variance at least 0.0003; a flat metric (value variance < 1.5e-5) gets the null distribution;
 * - the tail is two-sided (a moving average below the mean is mirrored);
 * - the red filter: within a run of tails <= 1e-5, only the first stays red, the rest become 1e-3, so
 *   an anomaly is reported once and not for as long as the averaged score stays high;
 * - reported as NAB's log score log(1.0000000001 - likelihood) / log(1e-10), i.e. about -log10(tail)/10.
 * `spatial` adds NAB's numenta spatial anomaly: a value more than 5% of the seen range outside it scores 1.
 */
import { erfc } from '../../src/ml/core/normal';

export interface NumentaLikelihoodOptions {
  learningPeriod?: number;
  estimationSamples?: number;
  historicWindow?: number;
  reestimation?: number;
  averaging?: number;
  /** The red filter (default true). */
  filter?: boolean;
  spatial?: boolean;
}

const RED = 1e-5;
const YELLOW = 1e-3;

function tail(x: number, mean: number, sd: number): number {
  const xp = x < mean ? 2 * mean - x : x;
  return 0.5 * erfc((xp - mean) / sd / 1.4142);
}

function meanVar(xs: ArrayLike<number>, from: number, to: number): { mean: number; variance: number } {
  const n = to - from;
  let s = 0;
  for (let i = from; i < to; i++) {
    s += xs[i];
  }
  const mean = n > 0 ? s / n : NaN;
  let ss = 0;
  for (let i = from; i < to; i++) {
    ss += (xs[i] - mean) * (xs[i] - mean);
  }
  return { mean, variance: n > 0 ? ss / n : NaN };
}

/** Log-likelihood scores (NaN where the raw score or value is NaN). */
export function numentaLikelihood(
  raw: Float64Array,
  values: Float64Array,
  o: NumentaLikelihoodOptions = {}
): Float64Array {
  const learning = o.learningPeriod ?? 288;
  const probation = learning + (o.estimationSamples ?? 100);
  const windowSize = o.historicWindow ?? 8640;
  const reest = o.reestimation ?? 100;
  const avgN = o.averaging ?? 10;
  const filter = o.filter ?? true;
  const out = new Float64Array(raw.length).fill(NaN);
  const scores: number[] = [];
  const vals: number[] = [];
  const avg: number[] = [];
  let dist: { mean: number; sd: number } | null = null;
  let prevTail = 1;
  let iteration = 0;
  let minV = NaN;
  let maxV = NaN;
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i];
    const value = values[i];
    if (!Number.isFinite(value)) {
      continue;
    }
    let spatial = false;
    if (o.spatial && minV !== maxV && Number.isFinite(minV)) {
      const tol = (maxV - minV) * 0.05;
      spatial = value > maxV + tol || value < minV - tol;
    }
    minV = Number.isFinite(minV) ? Math.min(minV, value) : value;
    maxV = Number.isFinite(maxV) ? Math.max(maxV, value) : value;
    const score = Number.isFinite(x) ? x : 0;
    let likelihood = 0.5;
    // The moving average including this score.
    const n0 = Math.max(0, scores.length - (avgN - 1));
    let s = score;
    for (let k = n0; k < scores.length; k++) {
      s += scores[k];
    }
    const a = s / (scores.length - n0 + 1);
    if (scores.length >= probation) {
      if (dist === null || iteration % reest === 0) {
        const shifted = Math.max(0, iteration - windowSize);
        const skip = Math.min(iteration, Math.max(0, learning - shifted));
        const start = Math.max(0, avg.length - windowSize);
        const m = meanVar(avg, start + skip, avg.length);
        const mv = meanVar(vals, start + skip, vals.length);
        if (!(m.mean === m.mean) || mv.variance < 1.5e-5) {
          dist = { mean: 0.5, sd: 1e6 };
        } else {
          dist = { mean: Math.max(0.03, m.mean), sd: Math.sqrt(Math.max(0.0003, m.variance)) };
        }
      }
      let t = tail(a, dist.mean, dist.sd);
      const unfiltered = t;
      if (filter && t <= RED && prevTail <= RED) {
        t = YELLOW;
      }
      prevTail = unfiltered;
      likelihood = 1 - t;
    }
    scores.push(score);
    vals.push(value);
    avg.push(a);
    iteration++;
    const log = Math.log(1.0000000001 - likelihood) / -23.02585084720009;
    out[i] = spatial ? 1 : log;
  }
  return out;
}
