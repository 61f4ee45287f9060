/**
 * The start of the target's anomalous region around a clicked time, for "what moved together".
 * Onsets and leads are measured from where the anomaly began, not from the click: clicked half an
 * hour into an incident, a 30-minute look-back would start inside the incident, every candidate
 * would look as if it changed at the window's first point, and the leads would be wrong.
 *
 * The region is the run of points whose robust z-score (against the `baseline` points before a
 * `lookBack` window) is above CHANGE_Z, ending at `at` and allowing gaps of up to {@link GAP}
 * points. When the run reaches the window's start, the window is moved back to it and the search
 * repeats with an earlier baseline, until the run starts inside its window or the data runs out.
 */
import { CHANGE_Z, zScores } from '../ml/group/movedTogether';

/** Points below CHANGE_Z a region may hold and still be one region (a brief dip mid-incident). */
export const GAP = 2;

export type RegionStart =
  /** The region starts at `start` (`at` itself when the target is not anomalous at `at`). */
  | { start: number }
  /** The region reaches back before the data read: the data cannot say when it began. */
  | { start: undefined; earliest: number };

/**
 * Where the anomalous region of `values` holding index `at` begins (indices into `values`), with
 * each point judged against the `baseline` points before a `lookBack`-point window.
 *
 * @example regionStart([1, 1, 1, 1, 1, 1, 9, 9, 9], 8, 2, 4) // { start: 6 }
 */
export function regionStart(values: ArrayLike<number>, at: number, lookBack: number, baseline: number): RegionStart {
  let anchor = at;
  for (;;) {
    const from = anchor - lookBack;
    if (from - baseline < 0) {
      return { start: undefined, earliest: Math.max(0, from) };
    }
    let known = 0;
    for (let i = from - baseline; i < from; i++) {
      known += Number.isFinite(values[i]) ? 1 : 0;
    }
    if (known < baseline / 2) {
      // No normal to judge against: the data cannot say whether the anomaly began here.
      return { start: undefined, earliest: from };
    }
    const z = zScores(values, from - baseline, from, from, at);
    const changed = (i: number) => Math.abs(z[i - from]) > CHANGE_Z;
    // The click may sit on a brief dip: the region holds `at` if a changed point is within GAP.
    let start: number | undefined;
    for (let i = at; i >= Math.max(from, at - GAP); i--) {
      if (changed(i)) {
        start = i;
        break;
      }
    }
    if (start === undefined) {
      return anchor === at ? { start: at } : { start: anchor };
    }
    let gap = 0;
    for (let i = start - 1; i >= from && gap <= GAP; i--) {
      if (changed(i)) {
        start = i;
        gap = 0;
      } else {
        gap++;
      }
    }
    if (start > from + GAP || start >= anchor) {
      return { start };
    }
    // The run reaches the window's start: it began earlier; judge it against an earlier baseline.
    anchor = start;
  }
}
