/**
 * `outliers(<inner>, "by=pod algorithm=mad sensitivity=0.5 window=5m train=1h")`: for each group of
 * the inner query's series (same values of the `by` labels; one group when `by` is unset), which
 * members are out of line with the rest (src/ml/group/groupOutliers.ts). `outliers` is each member's
 * score; `outliers_upper` / `outliers_lower` the band of its group, on the member's labels so a panel
 * draws each member with its group's band.
 *
 * Each value at grid point g reads grid points from g - window - train to g: it depends on g and the
 * step only (as every engine function, see grid.ts). Long ranges are evaluated in blocks of
 * OUTLIER_BLOCK_POINTS, each read with its own lead-in, so memory stays within maxSeries times one
 * block whatever the range.
 */
import type { EngineEnv, EvalGrid, SeriesValues } from './context';
import { KindedError } from './errors';
import { labelsKey } from './history';
import type { FunctionCall } from './query';
import { formatCount } from './warnings';
import { didYouMean } from '../common/closestName';
import { groupOutliers, MIN_GROUP_MEMBERS } from '../ml/group/groupOutliers';

/** Default averaging window of a member's level (ms). */
export const OUTLIER_WINDOW = 5 * 60_000;
/** Default window the group's spread is pooled over (ms). */
export const OUTLIER_TRAIN = 3_600_000;
/** Grid points evaluated per history read. */
export const OUTLIER_BLOCK_POINTS = 1440;

/** The call's windows in points at `step`. */
export function outlierWindows(call: FunctionCall, step: number): { window: number; scaleWindow: number } {
  return {
    window: Math.max(1, Math.round((call.options.window ?? OUTLIER_WINDOW) / step)),
    scaleWindow: Math.max(1, Math.round((call.options.train ?? OUTLIER_TRAIN) / step)),
  };
}

/** How far before a grid point its value reads (ms). */
export function outlierLeadIn(call: FunctionCall, step: number): number {
  const w = outlierWindows(call, step);
  return (w.window + w.scaleWindow) * step;
}

/** The group key of a series: its values of the `by` labels (all series in one group without `by`). */
function groupKey(labels: Record<string, string>, by: string[] | undefined): string {
  if (!by || by.length === 0) {
    return '';
  }
  return labelsKey(Object.fromEntries(by.map((k) => [k, labels[k] ?? ''])));
}

/** Most label names a warning lists. */
const MAX_NAMES_LISTED = 12;

/**
 * The warning for `by=` labels that none of the series read has (undefined when every one is on some
 * series, or none was read): such a label groups nothing, so `by=namespace,deploymnt` silently groups
 * by namespace alone. A warning, not an error: Prometheus' `sum by (x)` accepts a label no series has,
 * and a label may appear on the series later in a dashboard's life.
 */
export function absentByLabels(by: string[] | undefined, labelNames: ReadonlySet<string>): string | undefined {
  const missing = (by ?? []).filter((l) => !labelNames.has(l));
  if (missing.length === 0 || labelNames.size === 0) {
    return undefined;
  }
  const names = [...labelNames].filter((n) => n !== '__name__').sort();
  const listed =
    names.length <= MAX_NAMES_LISTED
      ? names.join(', ')
      : `${names.slice(0, MAX_NAMES_LISTED).join(', ')} and ${names.length - MAX_NAMES_LISTED} more`;
  const which = missing.map((l) => `${l}${didYouMean(l, names)}`).join('; ');
  return (
    `outliers(): by= label${missing.length === 1 ? '' : 's'} on none of the input series: ${which}; ` +
    `grouped as if ${missing.length === 1 ? 'it were' : 'they were'} not given (the series' labels: ${listed || 'none'})`
  );
}

/** Evaluates `outliers`, `outliers_upper` or `outliers_lower` at the grid points. */
export async function outliersOnGrid(
  call: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  pick: 'score' | 'upper' | 'lower'
): Promise<SeriesValues[]> {
  const { step, points } = grid;
  const windows = outlierWindows(call, step);
  const leadIn = outlierLeadIn(call, step);
  const out = new Map<string, SeriesValues>();
  // Series keys of members whose group was too small to judge in some block, and of all members.
  const unjudged = new Set<string>();
  // Every label name of the series read, to tell a by= label no series has (a typo groups nothing).
  const labelNames = new Set<string>();
  let judged = 0;
  for (let b = 0; b < points.length;) {
    // A block: consecutive grid points no more than OUTLIER_BLOCK_POINTS steps apart in total.
    const first = points[b];
    let e = b;
    while (e + 1 < points.length && points[e + 1] - first < OUTLIER_BLOCK_POINTS * step) {
      e++;
    }
    const from = first - leadIn;
    const win = await env.history.get(call.inner, step, from, points[e], env.signal);
    const groups = new Map<string, typeof win.series>();
    for (const s of win.series) {
      Object.keys(s.labels).forEach((n) => labelNames.add(n));
      const k = groupKey(s.labels, call.options.by);
      const members = groups.get(k);
      if (members) {
        members.push(s);
      } else {
        groups.set(k, [s]);
      }
      if (!out.has(s.key)) {
        out.set(s.key, { labels: s.labels, values: new Float64Array(points.length).fill(NaN) });
      }
    }
    for (const members of groups.values()) {
      if (members.length < MIN_GROUP_MEMBERS) {
        members.forEach((m) => unjudged.add(m.key));
        continue;
      }
      judged++;
      const r = groupOutliers(
        members.map((m) => m.values),
        {
          algorithm: call.options.algorithm ?? 'mad',
          sensitivity: call.options.sensitivity ?? 0.5,
          ...windows,
        }
      );
      members.forEach((m, j) => {
        const src = pick === 'score' ? r.score[j] : pick === 'upper' ? r.upper : r.lower;
        const dst = out.get(m.key)!.values;
        for (let i = b; i <= e; i++) {
          dst[i] = src[Math.round((points[i] - from) / step)] ?? NaN;
        }
      });
    }
    b = e + 1;
  }
  const absent = absentByLabels(call.options.by, labelNames);
  if (absent !== undefined) {
    env.warnings?.note(absent);
  }
  if (judged === 0 && unjudged.size > 0) {
    const by = call.options.by?.length ? `by=${call.options.by.join(',')}` : 'the whole query';
    throw new KindedError(
      'bad_input',
      `outliers() compares the members of a group and needs at least ${MIN_GROUP_MEMBERS} series per group; ${by} gave no group that large`
    );
  }
  if (unjudged.size > 0) {
    // Their members have no samples: say so, or a panel shows them as if nothing were out of line.
    env.warnings?.count(
      'outliers-small-groups',
      unjudged.size,
      out.size,
      (n, of) =>
        `outliers(): ${formatCount(n)} of ${formatCount(of)} series are in groups of fewer than ${MIN_GROUP_MEMBERS} members and were not judged (no samples)`
    );
  }
  return [...out.values()];
}
