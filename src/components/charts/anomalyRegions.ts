/**
 * Highlighted regions of an anomaly overlay: maximal runs of anomalous points. Runs separated by at
 * most `mergeGap` (default 2) normal points are joined, so one incident reads as one region.
 */

/** A run of anomalous points, as indices into the series (inclusive). */
export interface AnomalyRegion {
  start: number;
  end: number;
  /** Highest score inside the region (NaN when no score is known). */
  peak: number;
}

/** Finds the regions of `mask` (1 = anomalous); `score` (optional) gives each region's peak. */
export function anomalyRegions(mask: ArrayLike<number>, score?: ArrayLike<number>, mergeGap = 2): AnomalyRegion[] {
  const regions: AnomalyRegion[] = [];
  let current: AnomalyRegion | undefined;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) {
      continue;
    }
    const s = score ? score[i] : NaN;
    if (current && i - current.end - 1 <= mergeGap) {
      current.end = i;
      current.peak = Number.isNaN(current.peak) ? s : Math.max(current.peak, Number.isNaN(s) ? -Infinity : s);
    } else {
      current = { start: i, end: i, peak: s };
      regions.push(current);
    }
  }
  return regions;
}
