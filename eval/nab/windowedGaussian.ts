/**
 * NAB's own windowed-Gaussian baseline, as numenta/NAB's nab/detectors/gaussian/
 * windowedGaussian_detector.py computes it (the version behind NAB's scoreboard; an earlier one read
 * nupic's one-sided tail table over 1,000 values and is not what NAB reports):
 * - the score of a value is 1 - Q(|z|), z = (x - mean) / sd, Q the normal upper tail
 *   0.5 erfc(z / sqrt 2): NAB's normalProbability mirrors a value below the mean to 2 mean - x, so the
 *   score is two-sided and a far outlier on either side scores near 1;
 * - mean and (population) sd are those of a window of past values (sd 0 -> 1e-6); the first value
 *   scores 0. The window grows one value at a time (mean and sd updated after every value) up to
 *   6,400 values; after that values are buffered and the window slides forward by 100 at a time, mean
 *   and sd recomputed only then.
 * Our `gaussian` detector is a different variant (score e / (e + 5)).
 */
import { normalUpperTail } from '../../src/ml/core/normal';

/** NAB's window size and step (tuned by Numenta on NAB). */
export const NAB_GAUSSIAN_WINDOW = 6400;
export const NAB_GAUSSIAN_STEP = 100;

/** NAB's score of x: 1 - P(X > x) for x above the mean, mirrored below it (1 - Q(|z|)). */
export function nabGaussianScore(x: number, mean: number, sd: number): number {
  return 1 - normalUpperTail(Math.abs(x - mean) / sd);
}

/**
 * NAB windowed-Gaussian scores of `v` (a NaN value scores NaN and is not added to the window).
 * `window` and `step` default to NAB's; other values are for tests.
 */
export function nabWindowedGaussian(
  v: Float64Array,
  window = NAB_GAUSSIAN_WINDOW,
  step = NAB_GAUSSIAN_STEP
): Float64Array {
  let first = true;
  return nabWindowedZ(v, window, step).map((z) => {
    if (!Number.isFinite(z)) {
      return NaN;
    }
    const s = first ? 0 : 1 - normalUpperTail(z);
    first = false;
    return s;
  });
}

/**
 * |z| of each value of `v` against NAB's window of past values (NaN for a NaN value, 0 for the first
 * value): what nabWindowedGaussian turns into 1 - Q(|z|), which rounds to exactly 1 beyond about 8.3
 * sigmas, so a combination that needs the far tail's order reads |z| here.
 */
export function nabWindowedZ(v: Float64Array, window = NAB_GAUSSIAN_WINDOW, step = NAB_GAUSSIAN_STEP): Float64Array {
  const out = new Float64Array(v.length).fill(NaN);
  const win: number[] = [];
  let buffer: number[] = [];
  let mean = 0;
  let sd = 1;
  const update = () => {
    let s = 0;
    for (const x of win) {
      s += x;
    }
    mean = s / win.length;
    let ss = 0;
    for (const x of win) {
      ss += (x - mean) * (x - mean);
    }
    sd = Math.sqrt(ss / win.length) || 1e-6;
  };
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    out[i] = win.length > 0 ? Math.abs(x - mean) / sd : 0;
    if (win.length < window) {
      win.push(x);
      update();
    } else {
      buffer.push(x);
      if (buffer.length === step) {
        win.splice(0, step);
        win.push(...buffer);
        buffer = [];
        update();
      }
    }
  }
  return out;
}
