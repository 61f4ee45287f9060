/**
 * Outlying members of a group of series (pods of one Deployment, disks of one host): at each time,
 * which members' recent level departs from the group's. Two algorithms, as Grafana's augurs offers:
 *
 * - `mad`: a member's distance from the group median, averaged over the trailing `window`, in
 *   robust standard deviations of the group (MAD_TO_SIGMA times the median per-time MAD over the
 *   trailing `scaleWindow`); an outlier beyond k(sensitivity) of them;
 * - `dbscan`: one-dimensional DBSCAN (minimum two points, single linkage) on the members' trailing
 *   means with eps = k(sensitivity) robust standard deviations; members outside the cluster that
 *   holds more than half the group are outliers.
 *
 * Unlike augurs' detector, which judges a whole window at once (its scale and eps come from every
 * timestamp, later ones included), every output at index i reads only indices at or before i, so a
 * value never changes once computed and an alert sees what the chart shows. Score in [0, 1]: 0.5 at
 * the decision, d / (d + k) for a distance of d robust standard deviations.
 */
import { crossSection, trailingMean, trailingScale } from './crossSection';

/** How members are compared with their group. */
export type OutlierAlgorithm = 'mad' | 'dbscan';

/** The algorithms, for editors and errors. */
export const OUTLIER_ALGORITHMS: readonly OutlierAlgorithm[] = ['mad', 'dbscan'];

/** Options of {@link groupOutliers}. Windows are in points. */
export interface GroupOutlierOptions {
  algorithm: OutlierAlgorithm;
  /** 0..1, higher flags more (default 0.5). */
  sensitivity: number;
  /** Points a member's level is averaged over (a short blip is not an outlier). */
  window: number;
  /** Points the group's spread is pooled over. */
  scaleWindow: number;
}

/** Score at and above which a member is outlying. */
export const OUTLIER_DECISION = 0.5;

/** Fewest members with a value at a time for that time to be judged. */
export const MIN_GROUP_MEMBERS = 3;

/** Per-member outputs and the group's band, aligned with the input indices. */
export interface GroupOutlierResult {
  /** Per member: score in [0, 1] (NaN where the group could not be judged). */
  score: Float64Array[];
  /** The group's centre (median of the members' trailing means). */
  center: Float64Array;
  /** Edges of the band a member's trailing mean must stay within to be in line. */
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Distance multiplier k for a sensitivity: k = 10 at 0, 5 at 0.5 (default), 2.5 at 1 for `mad`;
 * DBSCAN's eps (a gap between neighbours, not a distance from the median) is three quarters of that.
 *
 * @example outlierMultiplier('mad', 0.5) // 5
 */
export function outlierMultiplier(algorithm: OutlierAlgorithm, sensitivity: number): number {
  const s = Math.min(1, Math.max(0, Number.isFinite(sensitivity) ? sensitivity : 0.5));
  const k = 10 * Math.pow(0.25, s);
  return algorithm === 'dbscan' ? 0.75 * k : k;
}

/** Outlier scores of each member of one group (members aligned on the same indices). */
export function groupOutliers(members: Array<ArrayLike<number>>, o: GroupOutlierOptions): GroupOutlierResult {
  const n = members.reduce((a, m) => Math.max(a, m.length), 0);
  const means = members.map((m) => trailingMean(m, o.window));
  const cs = crossSection(means, MIN_GROUP_MEMBERS);
  const scale = trailingScale(cs, o.scaleWindow);
  const k = outlierMultiplier(o.algorithm, o.sensitivity);
  const score = members.map(() => new Float64Array(n).fill(NaN));
  const lower = new Float64Array(n).fill(NaN);
  const upper = new Float64Array(n).fill(NaN);
  const judge = o.algorithm === 'dbscan' ? dbscanAt : madAt;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scale[i])) {
      continue;
    }
    judge(means, i, cs.center[i], scale[i], k, score, lower, upper);
  }
  return { score, center: cs.center, lower, upper };
}

type Judge = (
  means: Float64Array[],
  i: number,
  center: number,
  scale: number,
  k: number,
  score: Float64Array[],
  lower: Float64Array,
  upper: Float64Array
) => void;

const madAt: Judge = (means, i, center, scale, k, score, lower, upper) => {
  lower[i] = center - k * scale;
  upper[i] = center + k * scale;
  means.forEach((m, j) => {
    if (Number.isFinite(m[i])) {
      const d = Math.abs(m[i] - center) / scale;
      score[j][i] = d / (d + k);
    }
  });
};

const dbscanAt: Judge = (means, i, _center, scale, k, score, lower, upper) => {
  const eps = k * scale;
  const present: Array<{ j: number; v: number }> = [];
  means.forEach((m, j) => {
    if (Number.isFinite(m[i])) {
      present.push({ j, v: m[i] });
    }
  });
  present.sort((a, b) => a.v - b.v);
  // Clusters of a sorted line under single linkage: split wherever a gap exceeds eps.
  let best = { from: 0, to: 0 };
  let from = 0;
  for (let a = 1; a <= present.length; a++) {
    if (a === present.length || present[a].v - present[a - 1].v > eps) {
      if (a - from > best.to - best.from) {
        best = { from, to: a };
      }
      from = a;
    }
  }
  if ((best.to - best.from) * 2 <= present.length) {
    return; // no majority cluster: nobody is out of line with a group that has no line
  }
  const lo = present[best.from].v;
  const hi = present[best.to - 1].v;
  lower[i] = lo - eps;
  upper[i] = hi + eps;
  for (const { j, v } of present) {
    // Distance beyond the cluster's edge, in eps: 0 inside, 1 (score 0.5) one eps out.
    const d = Math.max(0, lo - v, v - hi) / scale;
    score[j][i] = d === 0 ? 0 : d / (d + k);
  }
};
