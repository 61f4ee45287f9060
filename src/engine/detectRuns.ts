/**
 * Anomaly detection on the evaluation grid. Each grid point's value comes from a detector run that
 * starts at `segmentStart(g, leadIn)` (see grid.ts), the lead-in being the training window or the
 * detector's warm-up at this step, the longer; so it depends only on g, the step and the options.
 * Runs are cached per (inner query, step, options, segment start) with their detectors and per-point
 * outputs, and extended incrementally: an alert evaluated every minute feeds one new point.
 */
import type { Sized } from './byteLru';
import {
  type EngineEnv,
  type EngineSettings,
  type EvalGrid,
  groupIndices,
  optionsKey,
  seasonPoints,
  type SeriesValues,
  trainWindow,
} from './context';
import { alignDown, detectorLeadIn, segmentStart } from './grid';
import type { HistoryWindow } from './history';
import { KeyedMutex } from './keyedMutex';
import { createStreamDetector, type DetectSettings, detectorWarmupPoints, type StreamDetector } from './models';
import type { FunctionCall } from './query';

/** Which detector output a function returns. */
export type DetectOutput = 'score' | 'upper' | 'lower';

interface RunSeries {
  labels: Record<string, string>;
  detector: StreamDetector;
  /** Outputs per grid point from the run's start. */
  score: number[];
  upper: number[];
  lower: number[];
}

interface Run extends Sized {
  start: number;
  /** Last grid point fed (persistently). */
  last: number;
  series: Map<string, RunSeries>;
}

const mutex = new KeyedMutex();

/** Values of `output` at the grid points, per series of the inner query. */
export async function detectOnGrid(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  output: DetectOutput
): Promise<SeriesValues[]> {
  const step = grid.step;
  const train = trainWindow(q.options, env, step);
  const settings = detectSettings(q, env, step);
  // The cache key below holds the options, train and step, so it also fixes the lead-in.
  const leadIn = detectLeadIn(q, env, step);
  const groups = groupIndices(grid.points, (g) => segmentStart(g, leadIn, step));
  const out = new Map<string, SeriesValues>();
  const outFor = (k: string, labels: Record<string, string>) => {
    let sv = out.get(k);
    if (!sv) {
      sv = { labels, values: new Float64Array(grid.points.length).fill(NaN) };
      out.set(k, sv);
    }
    return sv;
  };
  for (const [start, indices] of groups) {
    const key = `detect\u0000${q.inner}\u0000${step}\u0000${optionsKey(q.options, [env.defaults.model, env.defaults.sensitivity, train])}\u0000${start}`;
    await mutex.run(key, async () => {
      const run = (env.cache.get(key) as Run | undefined) ?? newRun(start, step, settings.trainPoints);
      const gmax = grid.points[indices[indices.length - 1]];
      const persistTo = Math.min(gmax, alignDown(env.now() - env.settleMs, step));
      if (persistTo > run.last) {
        const w = await env.history.get(q.inner, step, run.last + step, persistTo, env.signal);
        feed(
          run,
          w,
          () => createStreamDetector(settings),
          (s) => s.detector
        );
        run.last = persistTo;
        env.cache.set(key, run);
      }
      // Points not yet settled run on copies, so a late sample upstream can still change them later.
      const tail = new Map<string, RunSeries>();
      if (gmax > run.last) {
        const w = await env.history.get(q.inner, step, run.last + step, gmax, env.signal);
        const copy: Run = { ...run, series: new Map() };
        for (const [k, s] of run.series) {
          copy.series.set(k, { ...s, detector: s.detector.clone(), score: [], upper: [], lower: [] });
        }
        feed(
          copy,
          w,
          () => createStreamDetector(settings),
          (s) => s.detector,
          Math.round((run.last - run.start) / step) + 1
        );
        copy.series.forEach((s, k) => tail.set(k, s));
      }
      const persisted = Math.round((run.last - start) / step) + 1;
      for (const [k, s] of run.series) {
        const sv = outFor(k, s.labels);
        const t = tail.get(k);
        for (const idx of indices) {
          const i = Math.round((grid.points[idx] - start) / step);
          const v = i < persisted ? s[output][i] : t?.[output][i - persisted];
          if (v !== undefined) {
            sv.values[idx] = v;
          }
        }
      }
      // Series that appeared only in the unsettled tail.
      for (const [k, t] of tail) {
        if (!run.series.has(k)) {
          const sv = outFor(k, t.labels);
          for (const idx of indices) {
            const v = t[output][Math.round((grid.points[idx] - start) / step) - persisted];
            if (v !== undefined) {
              sv.values[idx] = v;
            }
          }
        }
      }
    });
  }
  return [...out.values()];
}

/** The detector settings of a call at a step, in the models' units. */
function detectSettings(q: FunctionCall, env: EngineSettings, step: number): DetectSettings {
  return {
    model: q.options.model ?? env.defaults.model,
    sensitivity: q.options.sensitivity ?? env.defaults.sensitivity,
    trainPoints: Math.round(trainWindow(q.options, env, step) / step),
    season: seasonPoints(q.options, step),
  };
}

/** How long before a block its detector run starts: the training window or the warm-up, the longer. */
export function detectLeadIn(q: FunctionCall, env: EngineSettings, step: number): number {
  return detectorLeadIn(
    trainWindow(q.options, env, step),
    detectorWarmupPoints(detectSettings(q, env, step), step),
    step
  );
}

function newRun(start: number, step: number, trainPoints: number): Run {
  const run: Run = {
    start,
    last: start - step,
    series: new Map(),
    sizeBytes() {
      let bytes = 64;
      for (const s of run.series.values()) {
        bytes += 24 * s.score.length + s.detector.approxBytes + 200;
      }
      return bytes;
    },
  };
  void trainPoints;
  return run;
}

/**
 * Feeds a history window to every series of a run. A series first seen mid-run starts a fresh
 * detector with NaN outputs before; a series missing from the window is fed NaN (a gap).
 * `offset` is the number of outputs (points) already held elsewhere, for tail copies.
 */
function feed(
  run: Run,
  w: HistoryWindow,
  make: () => StreamDetector,
  det: (s: RunSeries) => StreamDetector,
  offset = 0
): void {
  const n = Math.round((w.to - w.from) / w.step) + 1;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = w.from + i * w.step;
  }
  const seen = new Set<string>();
  const before = Math.round((w.from - run.start) / w.step) - offset;
  for (const s of w.series) {
    seen.add(s.key);
    let rs = run.series.get(s.key);
    if (!rs) {
      rs = {
        labels: s.labels,
        detector: make(),
        score: nanArray(before),
        upper: nanArray(before),
        lower: nanArray(before),
      };
      run.series.set(s.key, rs);
    }
    push(rs, det(rs).update(t, s.values));
  }
  const gap = new Float64Array(n).fill(NaN);
  for (const [k, rs] of run.series) {
    if (!seen.has(k)) {
      push(rs, det(rs).update(t, gap));
    }
  }
}

function push(rs: RunSeries, r: { score: Float64Array; upper: Float64Array; lower: Float64Array }): void {
  for (let i = 0; i < r.score.length; i++) {
    rs.score.push(r.score[i]);
    rs.upper.push(r.upper[i]);
    rs.lower.push(r.lower[i]);
  }
}

function nanArray(n: number): number[] {
  return n > 0 ? new Array(n).fill(NaN) : [];
}
