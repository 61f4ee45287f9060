/**
 * "What moved together": the engine's door to src/ml/group/movedTogether.ts. Reads the target
 * series and the candidates on the grid of `step` around `at` (only up to `at + after`), finds where
 * the target's anomalous region holding `at` began (src/engine/anomalousRegion.ts), ranks the
 * candidates around that start and returns each with a sparkline of its values from the window's
 * start to `at + after`. Onsets and leads are so the same wherever in the incident one clicks. The
 * companion serves it at /api/v1/bellwether/moved_together.
 */
import type { EngineEnv } from './context';
import { KindedError } from './errors';
import { alignDown } from './grid';
import { labelsKey } from './history';
import { regionStart } from './anomalousRegion';
import { rankMovedTogether } from '../ml/group/movedTogether';

/** What to rank. Durations in ms. */
export interface MovedTogetherRequest {
  /** The query of the anomalous series (one series). */
  target: string;
  /**
   * The candidates' queries. History drops metric names (as PromQL functions do), so series of
   * several metrics with the same other labels are asked for one metric at a time, each with its
   * `name`, which is put back on its series' labels.
   */
  candidates: Array<{ query: string; name?: string }>;
  /** The target's metric name, when known: a candidate with it and the target's labels is the target. */
  targetName?: string;
  /** The anomalous time. */
  at: number;
  step: number;
  /** How long before `at` a cause may have started (default 30 m). */
  lookBack?: number;
  /** How long after `at` still counts (default 5 m). */
  after?: number;
  /** The normal before the look-back window (default 2 h). */
  baseline?: number;
  /** How far before `at` the start of the target's anomalous region is looked for (default 6 h). */
  regionSearch?: number;
}

/** One ranked candidate. Times in ms. */
export interface MovedSeries {
  labels: Record<string, string>;
  score: number;
  maxZ: number;
  correlation: number;
  /** How long before the target it moved (negative: after), at the best correlation. */
  leadMs: number;
  /** When it started to change, if it did and the window shows it. */
  onset?: number;
  /**
   * Set when it had already changed at the window's first point (`from`): its onset is before that
   * time and not known, and `leadMs` is a lower bound at best; `onset` is then absent.
   */
  changedBefore?: number;
  /** Its values from `at - lookBack` to `at + after` (NaN missing), for a sparkline. */
  sparkline: number[];
}

export interface MovedTogetherResult {
  target: Record<string, string>;
  /** The clicked time, on the grid. */
  at: number;
  /**
   * Where the target's anomalous region holding `at` began: onsets and leads are measured around
   * it (`at` itself when the target was not anomalous there). Absent when the region began before
   * the data read (`regionSearch`): the ranking then falls back to `at`, and `note` says so.
   */
  regionStart?: number;
  /** What the data cannot say, in one line, for the table to show. */
  note?: string;
  /** The sparklines' first time: the look-back window's start. */
  from: number;
  step: number;
  candidates: MovedSeries[];
}

/** Ranks the candidates by how much and how early they moved with the target around `at`. */
export async function movedTogether(r: MovedTogetherRequest, env: EngineEnv): Promise<MovedTogetherResult> {
  const step = r.step;
  const lookBack = Math.max(2, Math.round((r.lookBack ?? 30 * 60_000) / step));
  const after = Math.max(0, Math.round((r.after ?? 5 * 60_000) / step));
  const baseline = Math.max(10, Math.round((r.baseline ?? 2 * 3_600_000) / step));
  const search = Math.max(0, Math.round((r.regionSearch ?? 6 * 3_600_000) / step));
  const at = alignDown(r.at, step);
  const from = at - (search + lookBack + baseline) * step;
  const to = at + after * step;
  const target = await env.history.get(r.target, step, from, to, env.signal);
  if (target.series.length !== 1) {
    throw notOneTarget(target.series.length, at);
  }
  const self = target.series[0];
  const selfKey = labelsKey(r.targetName ? { ...self.labels, __name__: r.targetName } : self.labels);
  const candidates: Array<{ labels: Record<string, string>; values: Float64Array }> = [];
  for (const c of r.candidates) {
    const window = await env.history.get(c.query, step, from, to, env.signal);
    for (const s of window.series) {
      const labels = c.name ? { __name__: c.name, ...s.labels } : s.labels;
      if (labelsKey(labels) !== selfKey) {
        candidates.push({ labels, values: s.values });
      }
    }
  }
  const atIdx = search + lookBack + baseline;
  const region = regionStart(self.values, atIdx, lookBack, baseline);
  // Without a start the data can show, rank around the click as before, and say so.
  const anchor = region.start ?? atIdx;
  const ranked = rankMovedTogether(
    self.values,
    candidates.map((c) => c.values),
    anchor,
    { lookBack, after, baseline }
  );
  const sparkFrom = anchor - lookBack;
  const windowFrom = from + sparkFrom * step;
  return {
    target: r.targetName ? { __name__: r.targetName, ...self.labels } : self.labels,
    at,
    ...(region.start !== undefined
      ? { regionStart: from + region.start * step }
      : {
          note: `the anomaly began more than ${Math.round((search * step) / 60_000)} min before the clicked time; onsets before ${new Date(windowFrom).toISOString()} are not known`,
        }),
    from: windowFrom,
    step,
    candidates: ranked.map((m) => {
      const before = m.onset === sparkFrom;
      return {
        labels: candidates[m.index].labels,
        score: m.score,
        maxZ: m.maxZ,
        correlation: m.correlation,
        leadMs: m.lag * step,
        ...(m.onset !== undefined && !before ? { onset: from + m.onset * step } : {}),
        ...(before ? { changedBefore: windowFrom } : {}),
        sparkline: Array.from(candidates[m.index].values.subarray(sparkFrom)),
      };
    }),
  };
}

/**
 * The error for a target that is not one series: none is most often a misspelt name or label, or a
 * time before the series existed; several need a narrower selector.
 */
export function notOneTarget(count: number, at: number): KindedError {
  return new KindedError(
    'bad_input',
    count === 0
      ? `the target query returned no series at ${new Date(at).toISOString()}; check its metric name and labels, and the time`
      : `the target query must return one series, it returned ${count}; narrow its selector`
  );
}

/**
 * The default candidates of a target: every series sharing its namespace, else its job, else its
 * instance, as a selector (`{namespace="shop"}`); undefined when it has none of these labels.
 *
 * @example sameGroupSelector({ job: 'api', instance: 'a:1' }) // '{job="api"}'
 */
export function sameGroupSelector(labels: Record<string, string>): string | undefined {
  for (const k of ['namespace', 'job', 'instance']) {
    if (labels[k]) {
      return `{${k}=${JSON.stringify(labels[k])}}`;
    }
  }
  return undefined;
}
