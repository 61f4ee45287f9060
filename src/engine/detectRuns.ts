/**
 * Anomaly detection on the evaluation grid. Each grid point's value comes from a detector run that
 * starts at `segmentStart(g, leadIn)` (see grid.ts), the lead-in being the training window or the
 * detector's warm-up at this step, the longer; so it depends only on g, the step and the options.
 * Runs are cached per (inner query, step, options, segment start) with their detectors and per-point
 * outputs, and extended incrementally: an alert evaluated every minute feeds one new point. A cached
 * run keeps its outputs from its block on (its lead-in's points are read from the run before), and a
 * cache under pressure cuts them to the last RUN_KEEP_POINTS (runOutputs.ts), then RUN_KEEP_MIN_POINTS, before it evicts runs:
 * a query that reads older points then runs the detector again from the run's start, as after an
 * eviction, so answers never depend on what the cache kept.
 */
import type { Sized } from './byteLru';
import {
  detectorTrain,
  type EngineEnv,
  MATRIX_SETTINGS,
  type EngineSettings,
  type EvalGrid,
  groupIndices,
  optionsKey,
  seasonPoints,
  type SeriesValues,
} from './context';
import { alignDown, detectorLeadIn, segmentStart } from './grid';
import type { HistoryWindow } from './history';
import { KeyedMutex } from './keyedMutex';
import {
  createStreamDetector,
  type DetectSettings,
  detectorWarmupPoints,
  prepareDetector,
  type StreamDetector,
} from './models';
import type { DetectorModel } from '../ml/detect/types';
import { MIN_TRAIN_WINDOW } from '../ml/detect/options';
import { formatDuration } from '../common/duration';
import { tooShortTrainText } from './trainMinimum';
import type { DetectionResult } from '../ml/types';
import type { FunctionCall } from './query';
import { cloneKindState, kindName, type KindState, newKindState, nextKind } from './anomalyKind';
import { applyRules, type DetectRules, rulesOf } from './detectRules';
import { applyRateGate } from './rateGate';
import { TimeSlice } from './timeSlice';
import { stopIfAborted } from './abort';
import { partialAnswerWarning } from './warnings';
import { KindedError } from './errors';
import { type Learning, learningOf, learningWarning, worstLearning } from './learning';
import { RunOutputs } from './runOutputs';
import { bandBoundsOf, holdInBounds, newSeenExtent, type SeenExtent } from './bandBounds';
import type { Bounds } from '../ml/forecast/bounds';

/**
 * Points of outputs per series a run keeps when the cache is short of room (runOutputs.ts): a day
 * at 1 m, what the home page's scan (2 h), alert rules and most dashboards read; about 70 KB a series
 * at most with the chunk in progress. Older points are recomputed when asked for.
 */
export const RUN_KEEP_POINTS = 1440;

/**
 * Points of outputs per series a run keeps when cutting every run to RUN_KEEP_POINTS was not enough
 * (the cache's hard level, byteLru.ts): three hours at 1 m, the home page's 2-hour scan and an alert's
 * pending period with room to spare. A run evicted instead would be fed again from its start, 9 days
 * of lead-in; after a day at 1 m, 2,000 series' runs cut to RUN_KEEP_POINTS no longer fit the
 * default cache (about 55 KB of outputs a series beside its detector's 60 KB).
 */
export const RUN_KEEP_MIN_POINTS = 180;

/**
 * Per-point outputs of a detector run (isAnomaly and fired as 0/1 and bit masks; kind as a code of
 * anomalyKind.ts), after the call's rules (detectRules.ts).
 */
export const DETECT_OUTPUTS = ['score', 'upper', 'lower', 'expected', 'isAnomaly', 'fired', 'kind'] as const;

/** One detector output. */
export type DetectOutput = (typeof DETECT_OUTPUTS)[number];

interface RunSeries {
  out: RunOutputs;
  labels: Record<string, string>;
  detector: StreamDetector;
  kindState: KindState;
  /** Extent of the values fed so far: which of the band's bounds still hold (bandBounds.ts). */
  seen: SeenExtent;
  /** Ensemble members, in bit order of `fired`. */
  members?: string[];
  /** Time of the first finite value fed to this run (NaN before one). */
  firstAt: number;
}

interface Run extends Sized {
  start: number;
  /** Last grid point fed (persistently). */
  last: number;
  /** First point (index from `start`) any query reads from this run; outputs before it are not kept. */
  readFrom: number;
  series: Map<string, RunSeries>;
  /**
   * A window begun but not fed to every series: fed to `to` for the series in `fed`, to `last` for
   * the others. Left by a query stopped at its deadline, so the next one feeds only the rest.
   */
  partial?: { to: number; fed: Set<string> };
  shrink(): void;
  shrinkHard(): void;
}

/**
 * Detector outputs at the grid points, for one series (NaN = not judged). Outputs the caller did
 * not ask for (detectAllOnGrid's `wanted`) are empty arrays.
 */
export interface DetectionOnGrid {
  labels: Record<string, string>;
  outputs: Record<DetectOutput, Float64Array>;
  members?: string[];
  /** Set when some points asked were scored by a model short of its lead-in (learning.ts). */
  learning?: Learning;
}

const mutex = new KeyedMutex();

/** Values of `output` at the grid points, per series of the inner query. */
export async function detectOnGrid(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  output: DetectOutput
): Promise<SeriesValues[]> {
  // The rate gate (min_rate=) reads and masks the verdicts too; otherwise only `output` is read.
  const wanted: readonly DetectOutput[] = q.options.minRate === undefined ? [output] : [output, ...GATED_OUTPUTS];
  return (await detectAllOnGrid(q, grid, env, wanted)).map((d) => ({ labels: d.labels, values: d.outputs[output] }));
}

/** The outputs applyRateGate reads or masks. */
const GATED_OUTPUTS: readonly DetectOutput[] = ['score', 'isAnomaly', 'fired', 'kind'];

/**
 * anomaly_score with explain=true: each anomalous point carries the labels `anomaly_kind` (its kind,
 * anomalyKind.ts) and, for the ensemble, `anomaly_fired` (the members that fired, comma-separated).
 * Labels are per series in Prometheus, so a series splits into one series per label set, each with
 * values only at its own points (as Prometheus does for count_values or ALERTS' alertstate).
 */
export async function explainedScoreOnGrid(q: FunctionCall, grid: EvalGrid, env: EngineEnv): Promise<SeriesValues[]> {
  const out: SeriesValues[] = [];
  for (const d of await detectAllOnGrid(q, grid, env)) {
    const parts = new Map<string, SeriesValues>();
    const { score, isAnomaly, kind, fired } = d.outputs;
    for (let i = 0; i < score.length; i++) {
      const labels = { ...d.labels };
      if (isAnomaly[i] === 1) {
        labels.anomaly_kind = kindName(kind[i]) ?? 'unknown';
        const members = d.members?.filter((_, b) => (fired[i] >> b) & 1);
        if (members && members.length > 0) {
          labels.anomaly_fired = members.join(',');
        }
      }
      const k = `${labels.anomaly_kind ?? ''}\u0000${labels.anomaly_fired ?? ''}`;
      let part = parts.get(k);
      if (!part) {
        part = { labels, values: new Float64Array(score.length).fill(NaN) };
        parts.set(k, part);
      }
      part.values[i] = score[i];
    }
    out.push(...parts.values());
  }
  return out;
}

/**
 * Every detector output at the grid points, per series of the inner query: what the anomaly panel
 * draws (band, expected value, verdicts and the members that fired) beside the score the companion
 * serves. `wanted`: the outputs to fill (default all).
 */
export async function detectAllOnGrid(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  wanted: readonly DetectOutput[] = DETECT_OUTPUTS
): Promise<DetectionOnGrid[]> {
  const step = grid.step;
  const train = detectorTrain(q.options, env, step);
  const settings = detectSettings(q, env, step);
  await prepareDetector(settings.model);
  const rules = rulesOf(q.options);
  const bounds = bandBoundsOf(q);
  // The cache key below holds the options, train and step, so it also fixes the lead-in.
  const leadIn = detectLeadIn(q, env, step);
  // explain= only labels the output and min_rate= masks it afterwards: the same run either way.
  const { explain: _explain, minRate: _minRate, ...runOptions } = q.options;
  const first = env.historyStart === undefined ? -Infinity : env.historyStart;
  const groups = groupIndices(grid.points, (g) => Math.max(segmentStart(g, leadIn, step), first));
  const out = new Map<string, DetectionOnGrid>();
  /** Series short of their lead-in for some points asked (learning.ts), each at its worst. */
  const short = new Map<string, Learning>();
  /** Series not scored when a query wrapped up at its deadline (EngineEnv.wrapUp). */
  const unscored = new Set<string>();
  const outFor = (k: string, s: { labels: Record<string, string>; members?: string[] }) => {
    let d = out.get(k);
    if (!d) {
      const outputs = {} as DetectionOnGrid['outputs'];
      // Outputs not wanted stay empty: filling and copying all seven for 2 million points was most
      // of a warm range query's time (docs/companion.md, "Performance").
      for (const o of DETECT_OUTPUTS) {
        outputs[o] = new Float64Array(wanted.includes(o) ? grid.points.length : 0);
        outputs[o].fill(NaN);
      }
      d = { labels: s.labels, outputs, members: s.members };
      out.set(k, d);
    }
    d.members ??= s.members;
    return d;
  };
  // Copies a span's points held by `from` (those before it or past its end stay NaN).
  const copy = (d: DetectionOnGrid, span: Span, from: RunOutputs) => {
    const lo = Math.max(span.i, 0);
    const hi = Math.min(span.i + span.n, from.end);
    if (hi > lo) {
      for (const o of wanted) {
        from.read(o, lo, hi, d.outputs[o], span.idx + lo - span.i);
      }
    }
  };
  // A run is read from its block on (see readFrom in newRun); over a matrix, whose runs start at
  // its first point rather than one lead-in before their block, from its start.
  const blockFrom = env.historyStart === undefined ? Math.floor(leadIn / step) : 0;
  for (const [start, indices] of groups) {
    const key = `detect\u0000${q.inner}\u0000${step}\u0000${optionsKey(runOptions, [env.defaults.model, env.defaults.sensitivity, train])}\u0000${start}`;
    // A new run keeps outputs from the first point asked of it: the points before are fed for the
    // detector's state only, which costs less (EnsembleCore.run), and a later query asking for
    // them runs it again from its start (holdsAll below), as after the cache cut them.
    const readFrom = Math.max(blockFrom, Math.round((grid.points[indices[0]] - start) / step));
    // Background work gives way to foreground queries between series, unless one waits for this run.
    const hold = env.background && (() => env.background!(() => mutex.contended(key)));
    await mutex.run(key, async () => {
      const cached = env.cache.get(key) as Run | undefined;
      let run = cached ?? newRun(start, step, readFrom);
      const gmax = grid.points[indices[indices.length - 1]];
      const persistTo = Math.min(gmax, alignDown(env.now() - env.settleMs, step));
      // Feeds the settled window to `to` (first the rest of a window a query stopped at its deadline
      // left, partial), keeping what was fed when the query stops: the next one goes on from there.
      const extend = async (to: number): Promise<Set<string>> => {
        const fed = run.partial?.fed ?? new Set<string>();
        const w = await env.history.get(q.inner, step, run.last + step, to, env.signal);
        let left: Set<string>;
        try {
          left = await feed(
            run,
            w,
            () => createStreamDetector(settings),
            { rules, bounds },
            env.signal,
            hold,
            fed,
            env.wrapUp
          );
        } catch (err) {
          if (!env.signal?.aborted) {
            // A failure inside a series' detector may leave it half fed: the run goes.
            env.cache.delete(key);
            throw err;
          }
          // Stopped between series (abort.ts): each series is fed in full or not at all.
          left = new Set(['\u0000stopped']);
        }
        if (left.size === 0) {
          run.last = to;
          run.partial = undefined;
        } else {
          run.partial = { to, fed };
        }
        // A run with nothing fed is not worth its place in the cache.
        if (run.series.size > 0 || cached) {
          env.cache.set(key, run);
        }
        stopIfAborted(env.signal);
        return left;
      };
      let left = new Set<string>();
      if (run.partial) {
        left = await extend(run.partial.to);
      }
      if (left.size === 0 && persistTo > run.last) {
        left = await extend(persistTo);
      }
      if (left.size > 0) {
        // Wrapped up at the deadline: answer from the series fed to the end of the window so far,
        // leave out the others, and say how many.
        left.forEach((k) => unscored.add(k));
        run.series.forEach((_, k) => !run.partial!.fed.has(k) && unscored.add(k));
        run = answerView(run, step);
      }
      // Points not yet settled run on copies, so a late sample upstream can still change them later.
      const tail = new Map<string, RunSeries>();
      if (gmax > run.last) {
        const w = await env.history.get(q.inner, step, run.last + step, gmax, env.signal);
        // The copies' outputs start after the run's (indexes from the run's start, as the run's).
        const held = Math.round((run.last - run.start) / step) + 1;
        const copyRun = newRun(run.start, step, held);
        copyRun.last = run.last;
        for (const [k, s] of run.series) {
          copyRun.series.set(k, {
            ...s,
            out: new RunOutputs(held, held),
            detector: s.detector.clone(),
            kindState: cloneKindState(s.kindState),
            seen: { ...s.seen },
          });
        }
        await feed(copyRun, w, () => createStreamDetector(settings), { rules, bounds }, env.signal, hold);
        copyRun.series.forEach((s, k) => tail.set(k, s));
      }
      const persisted = Math.round((run.last - start) / step) + 1;
      // Checked after the last await on the cached run, so the cache cannot cut it before the copies
      // below (other requests run only while this one awaits).
      if (!holdsAll(run, grid.points, indices, start, step, persisted)) {
        if (left.size > 0) {
          // Running it again from its start is no way to wrap up at a deadline.
          throw new KindedError('timeout', "query timed out in query execution (the run's older outputs were cut)");
        }
        // The cache cut points asked for (RUN_KEEP_POINTS): run again from the start, as after an
        // eviction; the new run is cached only once fed, with nothing awaited before the copies.
        // A series first seen mid-run starts at its first value either way (feed), so the run fed
        // again answers as the run it replaces; its series keep the run's order.
        const fresh = newRun(start, step, Math.min(readFrom, run.readFrom));
        const w = await env.history.get(q.inner, step, start, run.last, env.signal);
        await feed(fresh, w, () => createStreamDetector(settings), { rules, bounds }, env.signal, hold);
        fresh.series = new Map(
          [...run.series.keys(), ...fresh.series.keys()].flatMap((k) =>
            fresh.series.has(k) ? [[k, fresh.series.get(k)!]] : []
          )
        );
        fresh.last = run.last;
        run = fresh;
        env.cache.set(key, run);
      }
      const all = runSpans(grid.points, indices, start, step);
      // Settled points are read from the run, the others from the tail's copies (when there are any).
      const settled = all.flatMap((p) => splitSpan(p, persisted)[0]);
      const unsettled = all.flatMap((p) => splitSpan(p, persisted)[1]);
      for (const [k, s] of run.series) {
        const d = outFor(k, s);
        const t = tail.get(k);
        settled.forEach((p) => copy(d, p, s.out));
        unsettled.forEach((p) => copy(d, p, t?.out ?? s.out));
      }
      // Series that appeared only in the unsettled tail.
      for (const [k, t] of tail) {
        if (!run.series.has(k)) {
          const d = outFor(k, t);
          all.forEach((p) => copy(d, p, t.out));
        }
      }
      // Read from the later of the run's start and the series' first sample: the companion's
      // upstream past its retention or a newer series, the first row of a CLI's or panel's matrix.
      for (const [k, s] of [...run.series, ...tail]) {
        const l = Number.isFinite(s.firstAt)
          ? learningOf(Math.max(start, s.firstAt), grid.points[indices[0]], gmax, leadIn, train)
          : undefined;
        if (l) {
          short.set(k, worstLearning([l, ...(short.has(k) ? [short.get(k)!] : [])])!);
        }
      }
    });
  }
  if (unscored.size > 0) {
    // A series wrapped up in one run but fed in another (a range across two blocks) is left out too.
    unscored.forEach((k) => out.delete(k));
    env.warnings?.count('detect-partial', unscored.size, unscored.size + out.size, partialAnswerWarning);
  }
  const learning = [...short].filter(([k]) => out.has(k));
  if (learning.length > 0) {
    learning.forEach(([k, l]) => (out.get(k)!.learning = l));
    const worst = worstLearning(learning.map(([, l]) => l))!;
    env.warnings?.note(learningWarning(worst, { n: learning.length, of: out.size }));
  }
  const detections = [...out.values()];
  await applyRateGate(q, grid, env, detections);
  return detections;
}

/** Consecutive grid indexes from `idx` whose run indexes count up from `i`: `n` points read as one slice. */
interface Span {
  idx: number;
  i: number;
  n: number;
}

/** The grid points `indices` (ascending) of a run from `start` as spans of consecutive run indexes. */
function runSpans(points: number[], indices: number[], start: number, step: number): Span[] {
  const spans: Span[] = [];
  let last: Span | undefined;
  for (const idx of indices) {
    const i = Math.round((points[idx] - start) / step);
    if (last && idx === last.idx + last.n && i === last.i + last.n) {
      last.n++;
    } else {
      last = { idx, i, n: 1 };
      spans.push(last);
    }
  }
  return spans;
}

/** A span's points before run index `at`, and from it on (each an empty list or one span). */
function splitSpan(p: Span, at: number): [Span[], Span[]] {
  if (p.i + p.n <= at) {
    return [[p], []];
  }
  if (p.i >= at) {
    return [[], [p]];
  }
  const k = at - p.i;
  return [[{ idx: p.idx, i: p.i, n: k }], [{ idx: p.idx + k, i: at, n: p.n - k }]];
}

/**
 * The detector settings of a call at a step, in the models' units.
 *
 * @throws KindedError('bad_input') when the call's train= holds fewer points at `step` than a
 *         detector learns from, in the option's words (the models' own message names trainWindow).
 */
function detectSettings(q: FunctionCall, env: EngineSettings, step: number): DetectSettings {
  const trainPoints = Math.round(detectorTrain(q.options, env, step) / step);
  if (q.options.train !== undefined && trainPoints < MIN_TRAIN_WINDOW) {
    throw new KindedError('bad_input', tooShortTrain(q.func, q.options.train, step));
  }
  return {
    model: q.options.model ?? env.defaults.model,
    sensitivity: q.options.sensitivity ?? env.defaults.sensitivity,
    trainPoints,
    season: seasonPoints(q.options, step),
    adaptAfter: q.options.adaptAfter,
  };
}

/**
 * The one-line error of a train= too short for a detector at `step`, the step it scores at (the
 * query's, or the data's coarser resolution): the option as typed, the points it holds, the minimum.
 */
export function tooShortTrain(func: string, train: number, step: number): string {
  return tooShortTrainText(
    `${func}(): train=${formatDuration(train)}`,
    train,
    step,
    `the scoring step ${formatDuration(step)}`,
    (shortest) => `use train=${shortest} or longer`
  );
}

/** The models' detector options of a call at a step (what warm-up figures are computed for). */
export function callDetectorOptions(q: FunctionCall, step: number, env: EngineSettings = MATRIX_SETTINGS) {
  const s = detectSettings(q, env, step);
  return {
    model: s.model as DetectorModel | undefined,
    sensitivity: s.sensitivity,
    trainWindow: s.trainPoints,
    season: s.season,
  };
}

/** How long before a block its detector run starts: the training window or the warm-up, the longer. */

export function detectLeadIn(q: FunctionCall, env: EngineSettings, step: number): number {
  return detectorLeadIn(
    detectorTrain(q.options, env, step),
    detectorWarmupPoints(detectSettings(q, env, step), step),
    step
  );
}

/** A run from `start`, whose outputs are kept from point `readFrom` on. */
function newRun(start: number, step: number, readFrom: number): Run {
  const run: Run = {
    start,
    last: start - step,
    readFrom,
    series: new Map(),
    sizeBytes() {
      let bytes = 64;
      for (const s of run.series.values()) {
        bytes += s.out.bytes + s.detector.approxBytes + 200;
      }
      return bytes;
    },
    shrink: () => keepLast(RUN_KEEP_POINTS),
    shrinkHard: () => keepLast(RUN_KEEP_MIN_POINTS),
  };
  const keepLast = (points: number): void => {
    const keepFrom = Math.round((run.last - run.start) / step) + 1 - points;
    run.series.forEach((s) => s.out.dropBefore(keepFrom));
  };
  return run;
}

/**
 * Whether a run still holds every settled point asked of it (`indices` into `points`, ascending;
 * those before `persisted` are read from the run), or the cache cut some (Run.shrink).
 */
function holdsAll(
  run: Run,
  points: number[],
  indices: number[],
  start: number,
  step: number,
  persisted: number
): boolean {
  const i0 = Math.round((points[indices[0]] - start) / step);
  for (const s of run.series.values()) {
    if (s.out.first <= i0 || i0 >= persisted) {
      continue;
    }
    for (const idx of indices) {
      const i = Math.round((points[idx] - start) / step);
      if (i >= persisted || i >= s.out.first) {
        break;
      }
      if (!s.out.holds(i)) {
        return false;
      }
    }
  }
  return true;
}

/**
 * Feeds a history window to every series of a run not yet in `fed`, adding each to `fed` once fed.
 * A series first seen mid-run starts a fresh detector with NaN outputs before; a series missing
 * from the window is fed NaN (a gap). Yields between series now and then (timeSlice.ts), so other
 * requests are answered meanwhile, and stops between series once `signal` is aborted (abort.ts),
 * leaving the run fed for the series in `fed` only (the caller keeps it as partial). Once `wrapUp`
 * aborts it stops too, after at least one series, and returns the series left (none: all fed).
 */
async function feed(
  run: Run,
  w: HistoryWindow,
  make: () => StreamDetector,
  judge: Judging,
  signal: AbortSignal | undefined,
  /** Background work's turn (EngineEnv.background), awaited between series. */
  hold: (() => Promise<void>) | undefined,
  fed: Set<string> = new Set(),
  wrapUp?: AbortSignal
): Promise<Set<string>> {
  const left = new Set<string>();
  let fedNow = 0;
  const stopping = () => wrapUp?.aborted === true && fedNow > 0;
  const n = Math.round((w.to - w.from) / w.step) + 1;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = w.from + i * w.step;
  }
  const seen = new Set<string>();
  const born = Math.round((w.from - run.start) / w.step);
  // Points the run keeps no outputs of are fed for the detector's state only (RunOutputs drops them).
  const outputsFrom = Math.max(0, run.readFrom - born);
  const slice = new TimeSlice();
  for (const s of w.series) {
    if (fed.has(s.key)) {
      continue;
    }
    if (stopping()) {
      left.add(s.key);
      continue;
    }
    await slice.pause();
    await hold?.();
    stopIfAborted(signal);
    let rs = run.series.get(s.key);
    // Points of this window before the series' first value: a series starts at its first value in
    // the run, whichever window brought it (a warm run's next minutes, or a cold run's whole span
    // after an eviction), so its detector and warm-up count from the same point either way.
    let skip = 0;
    if (!rs) {
      skip = s.values.findIndex((v) => Number.isFinite(v));
      if (skip < 0) {
        continue; // no value yet: not started (a later window starts it at its first value)
      }
      rs = {
        labels: s.labels,
        detector: make(),
        kindState: newKindState(w.step),
        seen: newSeenExtent(),
        firstAt: NaN,
        out: new RunOutputs(born + skip, run.readFrom),
      };
      run.series.set(s.key, rs);
    }
    seen.add(s.key);
    const ts = skip > 0 ? t.subarray(skip) : t;
    const values = skip > 0 ? s.values.subarray(skip) : s.values;
    if (Number.isNaN(rs.firstAt)) {
      const i = values.findIndex((v) => Number.isFinite(v));
      rs.firstAt = i < 0 ? NaN : ts[i];
    }
    push(rs, values, rs.detector.update(ts, values, Math.max(0, outputsFrom - skip)), judge);
    fed.add(s.key);
    fedNow++;
  }
  const gap = new Float64Array(n).fill(NaN);
  for (const [k, rs] of run.series) {
    if (!seen.has(k) && !fed.has(k)) {
      if (stopping()) {
        left.add(k);
        continue;
      }
      stopIfAborted(signal);
      push(rs, gap, rs.detector.update(t, gap, outputsFrom), judge);
      fed.add(k);
      fedNow++;
    }
  }
  return left;
}

/**
 * A wrapped-up run as an answer reads it: only the series fed to the end of its partial window,
 * that window's end as the last point fed (the points after it are computed on copies, uncached).
 */
function answerView(run: Run, step: number): Run {
  const view = newRun(run.start, step, run.readFrom);
  view.last = run.partial!.to;
  view.series = new Map([...run.series].filter(([k]) => run.partial!.fed.has(k)));
  return view;
}

/** What is applied to a detector's outputs: the call's rules (detectRules.ts) and its band's bounds (bandBounds.ts). */
interface Judging {
  rules: DetectRules | undefined;
  bounds: Bounds | undefined;
}

/**
 * Appends a detector's outputs for `values`, after the rules, with each point's kind, and the band and
 * expected value held in the bounds after both (so they change no verdict).
 */
function push(rs: RunSeries, values: Float64Array, r: DetectionResult, { rules, bounds }: Judging): void {
  rs.members ??= r.members;
  const held = bounds ? new Float64Array(3) : undefined;
  for (let i = 0; i < r.score.length; i++) {
    let score = r.score[i];
    let isAnomaly = r.isAnomaly[i];
    let fired = r.fired ? r.fired[i] : 0;
    let outOfRange = false;
    // Without rules the detector's verdict stands: no object per point (a cold run pushes millions).
    if (rules) {
      ({ score, isAnomaly, fired, outOfRange } = applyRules(
        values[i],
        r.expected[i],
        { score, isAnomaly, fired },
        rules
      ));
    }
    const kind = nextKind(rs.kindState, { value: values[i], expected: r.expected[i], isAnomaly, outOfRange });
    if (held) {
      held[0] = r.expected[i];
      held[1] = r.lower[i];
      held[2] = r.upper[i];
      holdInBounds(bounds!, rs.seen, values[i], held);
      rs.out.push(score, held[2], held[1], held[0], isAnomaly, fired, kind);
    } else {
      rs.out.push(score, r.upper[i], r.lower[i], r.expected[i], isAnomaly, fired, kind);
    }
  }
}
