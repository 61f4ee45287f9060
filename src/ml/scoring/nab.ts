/**
 * Scoring in the style of the Numenta Anomaly Benchmark (Lavin & Ahmad 2015; NAB's sweeper.py),
 * as described in shared/data/README.md:
 * - the first min(floor(0.15 n), 750) rows of a file are probationary and not scored;
 * - a detection is a row whose score is >= the threshold;
 * - inside a labelled window only the earliest detection counts, worth
 *   tp * scaledSigmoid(-(right - i + 1) / width) / scaledSigmoid(-1), i.e. 1 at the window's first
 *   row and close to 0 at its last;
 * - a window without a detection costs fn;
 * - a detection outside every window costs fp * |scaledSigmoid(y)|: y = (i - prevRight) / (prevWidth - 1)
 *   after a window (cheap just after it, the full fp from 3 widths on), and the full fp before any window;
 * - scaledSigmoid(y) = 2 / (1 + exp(5 y)) - 1, and -1 for y > 3;
 * - totals over a corpus are normalised to 100 (raw - null) / (perfect - null), where the null detector
 *   never fires (-fn per window) and the perfect one fires at the first scored row of every window.
 * Windows with no scored row (entirely probationary) do not count.
 */

/** Weights of a NAB profile (true negatives are worth nothing in NAB's window score). */
export interface NabProfile {
  name: string;
  tp: number;
  fp: number;
  fn: number;
}

/** NAB's three application profiles. */
export const NAB_PROFILES: NabProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP_rate', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN_rate', tp: 1, fp: 0.11, fn: 2 },
];

/** NAB's scaled sigmoid: 2 sigmoid(-5 y) - 1 in (-1, 1), and exactly -1 beyond y = 3. */
export function scaledSigmoid(y: number): number {
  if (y > 3) {
    return -1;
  }
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows at the start of a file of n rows that are not scored: min(floor(0.15 n), 750). */
export function probationaryLength(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/** A file prepared for scoring: per row, which window it is in and its unweighted TP/FP value. */
export interface NabFile {
  n: number;
  probation: number;
  /** Window index of each row, -1 outside windows. */
  windowOf: Int32Array;
  /**
   * Unweighted value of a detection at each row: inside a window the normalised TP credit in (0, 1],
   * outside a negative FP factor in [-1, 0).
   */
  unweighted: Float64Array;
  /** Number of windows that have a scored row. */
  windows: number;
  /** Best TP credit available in each window (at its first scored row); -1 when not counted. */
  bestTp: Float64Array;
}

/**
 * Prepares a file. `windows` are inclusive [startIndex, endIndex] row ranges, sorted, non-overlapping.
 */
export function prepareNabFile(n: number, windows: Array<[number, number]>): NabFile {
  const probation = probationaryLength(n);
  const windowOf = new Int32Array(n).fill(-1);
  const unweighted = new Float64Array(n);
  const maxTp = scaledSigmoid(-1);
  const bestTp = new Float64Array(windows.length).fill(-1);
  let counted = 0;
  let w = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const win = windows[w];
    if (win && i >= win[0] && i <= win[1]) {
      const width = win[1] - win[0] + 1;
      windowOf[i] = w;
      unweighted[i] = scaledSigmoid(-(win[1] - i + 1) / width) / maxTp;
      if (i >= probation && bestTp[w] < 0) {
        bestTp[w] = unweighted[i];
        counted++;
      }
      if (i === win[1]) {
        prevRight = i;
        prevWidth = width;
        w++;
      }
    } else if (prevRight < 0) {
      unweighted[i] = -1;
    } else {
      // NAB divides by (prevWidth - 1); a 1-row window would divide by 0, treat it as width 2.
      unweighted[i] = scaledSigmoid(Math.abs(i - prevRight) / Math.max(1, prevWidth - 1));
    }
  }
  return { n, probation, windowOf, unweighted, windows: counted, bestTp };
}

/** Raw score parts of one file at one threshold. */
export interface NabFileScore {
  raw: number;
  tp: number;
  fn: number;
  fp: number;
  /** Sum of the (negative) weighted FP costs. */
  fpCost: number;
}

/** Scores detections (`flag[i]` true = detection) on a prepared file under a profile. */
export function scoreNabFile(file: NabFile, flag: (i: number) => boolean, profile: NabProfile): NabFileScore {
  const credit = new Float64Array(file.bestTp.length).fill(-1);
  let fp = 0;
  let fpCost = 0;
  for (let i = file.probation; i < file.n; i++) {
    if (!flag(i)) {
      continue;
    }
    const w = file.windowOf[i];
    if (w >= 0) {
      if (credit[w] < 0) {
        credit[w] = file.unweighted[i];
      }
    } else {
      fp++;
      fpCost += profile.fp * file.unweighted[i];
    }
  }
  let tp = 0;
  let fn = 0;
  let raw = fpCost;
  for (let w = 0; w < credit.length; w++) {
    if (file.bestTp[w] < 0) {
      continue;
    }
    if (credit[w] >= 0) {
      tp++;
      raw += profile.tp * credit[w];
    } else {
      fn++;
      raw -= profile.fn;
    }
  }
  return { raw, tp, fn, fp, fpCost };
}

/** Raw scores of the null (never fires) and perfect (first scored row of each window) detectors. */
export function nabBounds(file: NabFile, profile: NabProfile): { nullScore: number; perfect: number } {
  let perfect = 0;
  for (let w = 0; w < file.bestTp.length; w++) {
    if (file.bestTp[w] >= 0) {
      perfect += profile.tp * file.bestTp[w];
    }
  }
  return { nullScore: -profile.fn * file.windows, perfect };
}

/** 100 (raw - null) / (perfect - null); 0 when the corpus has no counted window. */
export function normaliseNab(raw: number, nullScore: number, perfect: number): number {
  return perfect > nullScore ? (100 * (raw - nullScore)) / (perfect - nullScore) : 0;
}
