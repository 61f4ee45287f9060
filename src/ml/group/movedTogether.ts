/**
 * What moved together: given a target series that went wrong at index `at`, rank candidate series
 * by how much and how early they changed around it. Each series is turned into robust z-scores
 * against its own baseline (the `baseline` points before the look-back window), then three signals
 * are combined:
 *
 * - strength: the largest |z| in the window [at - lookBack, at + after], as 1 - exp(-|z| / 10);
 * - lead/lag correlation: the best correlation of the candidate's z with the target's over lags
 *   from `lookBack` (candidate earlier) to -`after` (later), weighted toward leads;
 * - change-point alignment: the candidate's onset (first of two consecutive |z| > 4) relative to the
 *   target's; an earlier onset ranks higher, as a cause precedes its effects.
 *
 * Every input is read up to `at + after` only. Candidates that did not change (|z| never above 4)
 * score 0 and rank last.
 */
import { MAD_TO_SIGMA, mad } from '../core/mad';
import { median } from '../../common/median';

/** Options of {@link rankMovedTogether}; windows in points. */
export interface MovedTogetherOptions {
  /** Points before `at` a cause may have started. */
  lookBack: number;
  /** Points after `at` still considered. */
  after: number;
  /** Points before the look-back window that define each series' normal. */
  baseline: number;
  /** Weights of strength, correlation and earliness (default 0.5, 0.3, 0.2). */
  weights?: { strength: number; correlation: number; earliness: number };
}

/** One ranked candidate. */
export interface MovedCandidate {
  /** Index into the candidates passed in. */
  index: number;
  /** Combined score in [0, 1]; higher moved more, more like the target, earlier. */
  score: number;
  /** Largest |z| in the window. */
  maxZ: number;
  /** Best lead/lag correlation, and its lag in points (positive: the candidate moved first). */
  correlation: number;
  lag: number;
  /** Onset index (first change) in the window, or undefined when it did not change. */
  onset?: number;
}

/** |z| above which a point counts as changed. */
export const CHANGE_Z = 4;

/**
 * The weights `npm run eval -- groups` chose by cross-validation on generated causal chains (the
 * same row on every fold; its held-out figures are in docs/groups.md).
 */
export const DEFAULT_WEIGHTS = { strength: 0.5, correlation: 0.3, earliness: 0.2 };

/** Robust z-scores of xs[from..to] against the baseline xs[bFrom..bTo) (NaN where missing). */
export function zScores(xs: ArrayLike<number>, bFrom: number, bTo: number, from: number, to: number): Float64Array {
  const base = Array.from({ length: Math.max(0, bTo - bFrom) }, (_, k) => xs[bFrom + k]);
  const m = median(base);
  const floor = 1e-3 * Math.abs(m) || 1e-9;
  const s = Math.max(MAD_TO_SIGMA * mad(base), floor);
  const out = new Float64Array(to - from + 1);
  for (let i = from; i <= to; i++) {
    const v = i >= 0 && i < xs.length ? xs[i] : NaN;
    out[i - from] = Number.isFinite(v) && Number.isFinite(m) ? (v - m) / s : NaN;
  }
  return out;
}

/** First index with two consecutive |z| above CHANGE_Z, or undefined. */
function onsetOf(z: Float64Array): number | undefined {
  for (let i = 0; i + 1 < z.length; i++) {
    if (Math.abs(z[i]) > CHANGE_Z && Math.abs(z[i + 1]) > CHANGE_Z) {
      return i;
    }
  }
  return undefined;
}

/** Pearson correlation of a[i - lag] with b[i] over the indices where both exist (NaN under 5 pairs). */
function laggedCorrelation(a: Float64Array, b: Float64Array, lag: number): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = Math.max(0, lag); i < b.length && i - lag < a.length; i++) {
    const x = a[i - lag];
    const y = b[i];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      n++;
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
      sab += x * y;
    }
  }
  if (n < 5) {
    return NaN;
  }
  const cov = sab - (sa * sb) / n;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/**
 * Ranks `candidates` (aligned with `target`) by how much and how early they moved with the target
 * around index `at`. Returns every candidate, best first.
 */
export function rankMovedTogether(
  target: ArrayLike<number>,
  candidates: Array<ArrayLike<number>>,
  at: number,
  o: MovedTogetherOptions
): MovedCandidate[] {
  const w = o.weights ?? DEFAULT_WEIGHTS;
  const from = at - o.lookBack;
  const to = at + o.after;
  const bFrom = from - o.baseline;
  const zt = zScores(target, bFrom, from, from, to);
  const targetOnset = onsetOf(zt) ?? o.lookBack;
  const span = o.lookBack + o.after;
  const ranked = candidates.map((c, index): MovedCandidate => {
    const z = zScores(c, bFrom, from, from, to);
    let maxZ = 0;
    for (const v of z) {
      if (Number.isFinite(v)) {
        maxZ = Math.max(maxZ, Math.abs(v));
      }
    }
    const onset = onsetOf(z);
    let correlation = 0;
    let lag = 0;
    for (let l = -o.after; l <= o.lookBack; l++) {
      const r = Math.abs(laggedCorrelation(z, zt, l));
      // A lead counts fully, a lag at half: effects follow their causes.
      const weighted = l >= 0 ? r : r * 0.5;
      if (Number.isFinite(r) && weighted > (lag >= 0 ? correlation : correlation * 0.5)) {
        correlation = r;
        lag = l;
      }
    }
    if (onset === undefined) {
      return { index, score: 0, maxZ, correlation, lag };
    }
    const strength = 1 - Math.exp(-maxZ / 10);
    const earliness = Math.min(1, Math.max(0, 0.5 + (targetOnset - onset) / span));
    const corr = lag >= 0 ? correlation : correlation * 0.5;
    const score = w.strength * strength + w.correlation * corr + w.earliness * earliness;
    return { index, score, maxZ, correlation, lag, onset: from + onset };
  });
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}
