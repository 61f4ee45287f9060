/**
 * A detector's output on one corpus file, and event-level precision/recall/F1 at its shipped
 * decisions. Threshold sweeps and cross-validation: crossValidate.ts.
 */
import { NabFile } from '../../src/ml/scoring/nab';

export interface ScoredFile {
  file: NabFile;
  /** Detector score per row (NaN = not judged, never a detection). */
  score: Float64Array;
  /** Shipped decision per row. */
  flag: Uint8Array;
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
