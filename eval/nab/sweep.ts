/**
 * Corpus-level NAB scores: at a fixed set of detections (the shipped default), and at the single
 * score threshold that maximises each profile over the whole corpus (NAB optimises one threshold per
 * detector and profile). Also event-level precision/recall/F1.
 */
import { NabFile, NabProfile, nabBounds, normaliseNab, scoreNabFile } from '../../src/ml/scoring/nab';

export interface ScoredFile {
  file: NabFile;
  /** Detector score per row (NaN = not judged, never a detection). */
  score: Float64Array;
  /** Shipped decision per row. */
  flag: Uint8Array;
}

export interface ProfileResult {
  profile: string;
  /** Normalised score at the shipped default decisions. */
  atDefault: number;
  /** Best normalised score over thresholds, and that threshold. */
  best: number;
  bestThreshold: number;
}

function corpusScore(
  files: ScoredFile[],
  profile: NabProfile,
  flagOf: (f: ScoredFile) => (i: number) => boolean
): number {
  let raw = 0;
  let nul = 0;
  let perfect = 0;
  for (const f of files) {
    raw += scoreNabFile(f.file, flagOf(f), profile).raw;
    const b = nabBounds(f.file, profile);
    nul += b.nullScore;
    perfect += b.perfect;
  }
  return normaliseNab(raw, nul, perfect);
}

/** Candidate thresholds: distinct scored values, thinned to at most `max` by rank. */
export function candidateThresholds(files: ScoredFile[], max = 600): number[] {
  const all: number[] = [];
  for (const f of files) {
    for (let i = f.file.probation; i < f.score.length; i++) {
      if (Number.isFinite(f.score[i])) {
        all.push(f.score[i]);
      }
    }
  }
  all.sort((a, b) => b - a);
  const distinct: number[] = [];
  for (const x of all) {
    if (distinct.length === 0 || distinct[distinct.length - 1] !== x) {
      distinct.push(x);
    }
  }
  if (distinct.length <= max) {
    return distinct;
  }
  // Dense at the top (where good thresholds live), then evenly by rank.
  const out = distinct.slice(0, max / 2);
  const stride = (distinct.length - max / 2) / (max / 2);
  for (let k = 0; k < max / 2; k++) {
    out.push(distinct[Math.floor(max / 2 + k * stride)]);
  }
  return out;
}

export function profileResult(files: ScoredFile[], profile: NabProfile, thresholds: number[]): ProfileResult {
  const atDefault = corpusScore(files, profile, (f) => (i) => f.flag[i] === 1);
  let best = 0; // never firing scores 0
  let bestThreshold = Infinity;
  for (const thr of thresholds) {
    const s = corpusScore(files, profile, (f) => (i) => f.score[i] >= thr);
    if (s > best) {
      best = s;
      bestThreshold = thr;
    }
  }
  return { profile: profile.name, atDefault, best, bestThreshold };
}

export interface EventStats {
  precision: number;
  recall: number;
  f1: number;
  events: number;
  trueEvents: number;
  windowsHit: number;
  windows: number;
}

/**
 * Event-level precision/recall at the shipped decisions, after the probationary period: an event is a
 * run of flagged rows (runs less than `gap` rows apart merge); it is true when it touches a window.
 * Recall = windows touched by an event / windows.
 */
export function eventStats(files: ScoredFile[], gap = 12): EventStats {
  let events = 0;
  let trueEvents = 0;
  let windowsHit = 0;
  let windows = 0;
  for (const f of files) {
    const hit = new Uint8Array(f.file.bestTp.length);
    let inEvent = false;
    let lastFlag = -Infinity;
    let touches = false;
    const close = () => {
      if (inEvent) {
        events++;
        trueEvents += touches ? 1 : 0;
      }
      inEvent = false;
      touches = false;
    };
    for (let i = f.file.probation; i < f.file.n; i++) {
      if (f.flag[i] !== 1) {
        continue;
      }
      if (i - lastFlag > gap) {
        close();
        inEvent = true;
      }
      lastFlag = i;
      const w = f.file.windowOf[i];
      if (w >= 0) {
        touches = true;
        hit[w] = 1;
      }
    }
    close();
    for (let w = 0; w < hit.length; w++) {
      if (f.file.bestTp[w] >= 0) {
        windows++;
        windowsHit += hit[w];
      }
    }
  }
  const precision = events > 0 ? trueEvents / events : 0;
  const recall = windows > 0 ? windowsHit / windows : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, events, trueEvents, windowsHit, windows };
}
