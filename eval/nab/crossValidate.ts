/**
 * Cross-validated NAB scores. NAB picks one threshold per detector and profile on the whole corpus, so
 * its "optimised" score is in-sample. Here each held-out fold (one file, or one category) is scored at
 * the threshold, and the setting, that maximise the profile on the other files only; the held-out raw
 * scores are then summed and normalised as NAB does for a corpus. No choice sees the file it scores.
 *
 * Per file, the raw score as a function of the threshold is computed exactly for every candidate at
 * once (`thresholdCurve`): false-positive costs by a sorted prefix sum, each window's credit from the
 * running maximum of its scores (the earliest detection is the first row whose running maximum reaches
 * the threshold). `scoreNabFile` stays the reference; a check in the evaluation compares the two.
 */
import { NabProfile, nabBounds, normaliseNab } from '../../src/ml/scoring/nab';
import { ScoredFile } from './sweep';

/** Candidate thresholds (descending) and, per candidate, the groups whose files it came from (bit mask). */
export interface Candidates {
  values: Float64Array;
  origin: Uint32Array;
}

/**
 * Per file, its distinct scored values after the probationary period, thinned to at most `max` (dense
 * at the top, then evenly by rank), merged into one descending list with +Infinity (never fire) first.
 * `groupOf[k]` (default k) is the bit of file k in `origin`: its fold, so a pooled corpus of many files
 * cross-validates over up to 32 folds.
 */
export function candidatesOf(files: ScoredFile[], max = 400, groupOf: number[] = files.map((_, k) => k)): Candidates {
  if (Math.max(-1, ...groupOf) >= 32) {
    throw new Error(`cross-validation masks hold 32 folds, got ${Math.max(...groupOf) + 1}`);
  }
  const origin = new Map<number, number>([[Infinity, 0xffffffff]]);
  files.forEach((f, k) => {
    const all: number[] = [];
    for (let i = f.file.probation; i < f.score.length; i++) {
      if (Number.isFinite(f.score[i])) {
        all.push(f.score[i]);
      }
    }
    all.sort((a, b) => b - a);
    const distinct = all.filter((x, i) => i === 0 || x !== all[i - 1]);
    let picked = distinct;
    if (distinct.length > max) {
      picked = distinct.slice(0, max / 2);
      const stride = (distinct.length - max / 2) / (max / 2);
      for (let j = 0; j < max / 2; j++) {
        picked.push(distinct[Math.floor(max / 2 + j * stride)]);
      }
    }
    for (const x of picked) {
      origin.set(x, (origin.get(x) ?? 0) | (1 << groupOf[k]));
    }
  });
  const values = Float64Array.from(origin.keys()).sort().reverse();
  return { values, origin: Uint32Array.from(values, (x) => origin.get(x)! >>> 0) };
}

function firstAtLeast(sortedAsc: Float64Array, x: number): number {
  let lo = 0;
  let hi = sortedAsc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedAsc[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Raw NAB score of one file at each threshold of `thresholds` (detection = score >= threshold). */
export function thresholdCurve(f: ScoredFile, profile: NabProfile, thresholds: Float64Array): Float64Array {
  const { file, score } = f;
  // False positives: weighted costs sorted by score, descending, with prefix sums.
  const fp: Array<[number, number]> = [];
  for (let i = file.probation; i < file.n; i++) {
    if (file.windowOf[i] < 0 && Number.isFinite(score[i])) {
      fp.push([score[i], profile.fp * file.unweighted[i]]);
    }
  }
  fp.sort((a, b) => a[0] - b[0]);
  const fpScore = Float64Array.from(fp, (x) => x[0]);
  const fpSuffix = new Float64Array(fp.length + 1);
  for (let j = fp.length - 1; j >= 0; j--) {
    fpSuffix[j] = fpSuffix[j + 1] + fp[j][1];
  }
  // Windows: the running maximum's records (value ascending, credit of the row that set it).
  const records: Array<{ max: Float64Array; credit: Float64Array }> = [];
  for (let w = 0; w < file.bestTp.length; w++) {
    if (file.bestTp[w] < 0) {
      continue;
    }
    const max: number[] = [];
    const credit: number[] = [];
    let m = -Infinity;
    for (let i = file.probation; i < file.n; i++) {
      if (file.windowOf[i] === w && score[i] > m) {
        m = score[i];
        max.push(m);
        credit.push(file.unweighted[i]);
      }
    }
    records.push({ max: Float64Array.from(max), credit: Float64Array.from(credit) });
  }
  const out = new Float64Array(thresholds.length);
  for (let j = 0; j < thresholds.length; j++) {
    const thr = thresholds[j];
    let raw = fpSuffix[firstAtLeast(fpScore, thr)];
    for (const r of records) {
      const k = firstAtLeast(r.max, thr);
      raw += k < r.max.length ? profile.tp * r.credit[k] : -profile.fn;
    }
    out[j] = raw;
  }
  return out;
}

/** One setting of a detector: its scored files (same order as the corpus) and its candidates. */
export interface SettingRun {
  name: string;
  files: ScoredFile[];
}

export interface CvResult {
  /** Normalised score of the held-out folds, each at the choice made on the other files. */
  cv: number;
  /** Best normalised score on all files at once (NAB's optimised score, in-sample). */
  inSample: number;
  /** The setting and threshold of the in-sample optimum. */
  inSampleSetting: string;
  inSampleThreshold: number;
  /** Per fold: the setting and threshold chosen without it. */
  chosen: Array<{ fold: string; setting: string; threshold: number }>;
  /** Per file: its raw score at the choice made without its fold (what `cv` sums). */
  heldOutRaw: Float64Array;
}

/**
 * Cross-validates the choice of (setting, threshold) under `profile`. `foldOf[k]` names the fold of
 * file k (its name for leave-one-file-out, its category for leave-one-category-out).
 */
export function crossValidate(runs: SettingRun[], profile: NabProfile, foldOf: string[]): CvResult {
  const n = foldOf.length;
  const folds = Array.from(new Set(foldOf));
  const foldIndex = foldOf.map((f) => folds.indexOf(f));
  const bounds = runs[0].files.map((f) => nabBounds(f.file, profile));
  const curves = runs.map((r) => {
    const cand = candidatesOf(r.files, 400, foldIndex);
    return { cand, raw: r.files.map((f) => thresholdCurve(f, profile, cand.values)) };
  });
  const best = (train: boolean[]): { s: number; j: number } => {
    let nul = 0;
    let perfect = 0;
    let mask = 0;
    for (let k = 0; k < n; k++) {
      if (train[k]) {
        nul += bounds[k].nullScore;
        perfect += bounds[k].perfect;
        mask |= 1 << foldIndex[k];
      }
    }
    let top = { s: 0, j: 0, score: -Infinity };
    curves.forEach((c, s) => {
      for (let j = 0; j < c.cand.values.length; j++) {
        if ((c.cand.origin[j] & mask) === 0) {
          continue;
        }
        let raw = 0;
        for (let k = 0; k < n; k++) {
          raw += train[k] ? c.raw[k][j] : 0;
        }
        const score = normaliseNab(raw, nul, perfect);
        if (score > top.score) {
          top = { s, j, score };
        }
      }
    });
    return top;
  };
  let raw = 0;
  const chosen: CvResult['chosen'] = [];
  const heldOutRaw = new Float64Array(n);
  for (const fold of folds) {
    const pick = best(foldOf.map((f) => f !== fold));
    chosen.push({ fold, setting: runs[pick.s].name, threshold: curves[pick.s].cand.values[pick.j] });
    for (let k = 0; k < n; k++) {
      if (foldOf[k] === fold) {
        heldOutRaw[k] = curves[pick.s].raw[k][pick.j];
        raw += heldOutRaw[k];
      }
    }
  }
  const nul = bounds.reduce((a, b) => a + b.nullScore, 0);
  const perfect = bounds.reduce((a, b) => a + b.perfect, 0);
  const all = best(foldOf.map(() => true));
  let allRaw = 0;
  for (let k = 0; k < n; k++) {
    allRaw += curves[all.s].raw[k][all.j];
  }
  return {
    cv: normaliseNab(raw, nul, perfect),
    inSample: normaliseNab(allRaw, nul, perfect),
    inSampleSetting: runs[all.s].name,
    inSampleThreshold: curves[all.s].cand.values[all.j],
    chosen,
    heldOutRaw,
  };
}
