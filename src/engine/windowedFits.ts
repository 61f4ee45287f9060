/**
 * Functions that fit a model on a trailing window: forecast*, time_to_exhaustion, trend_*.
 * A fit is made at "fit times" f, multiples of the refit interval on the grid, on the window
 * (f - train, f]; a grid point g uses the fit at f = alignDown(g, refit) ≤ g (causal) and projects
 * it to g. Fits are cached per (inner query, step, options, f), so instant and range queries agree
 * and an alert rule refits at most once per refit interval.
 *
 * Except after a jump: a series whose values jump (a restart, a clean-up: ml/forecast/resetSegment.ts
 * firstJumpAfter) between f and g is refitted at each step from the jump to the next refit, so a fit
 * made before a restart is never projected past it (before, `forecast(mem, 1h)` read the tooth before
 * a 12:00 restart, 830 MB, until 13:00 while the memory read 320 MB). A window that has too few points
 * to fit (NotEnoughData: e.g. fewer than 3 since a reset) gives no value there, and a counted warning
 * says how many steps, the first and last, and why; its series refits at each step until the next
 * refit, so the answer is back as soon as enough points follow the reset.
 */
import type { Series } from '../ml/types';
import type { Sized } from './byteLru';
import {
  type EngineEnv,
  type EngineSettings,
  type EvalGrid,
  groupIndices,
  lookBack,
  optionsKey,
  type SeriesValues,
  trainCapWarning,
  trainRead,
  trainWindow,
} from './context';
import { KindedError, LimitUnreachable, NotEnoughData } from './errors';
import { Refusals, seriesName } from './refusals';
import { alignDown } from './grid';
import { labelsKey } from './history';
import { KeyedMutex } from './keyedMutex';
import { TimeSlice } from './timeSlice';
import { stopIfAborted } from './abort';
import type { FunctionCall } from './query';
import { formatCount, type EngineWarnings } from './warnings';
import { coarseForecastWarning, isForecastCall, refitEvery } from './forecastGrid';
import { bandHeldWarning } from './bandHold';
import { firstJumpAfter, MIN_JUMP_SHARE } from '../ml/forecast/resetSegment';
import { utcMinute } from '../common/utcMinute';
import { type StepWarning, StepWarnings } from './stepWarnings';

/**
 * A fitter: given the window ending at fit time f, returns one fit, or undefined when the engine
 * cannot judge the window. Functions that share a fitter share its cached fits.
 */
export type Fitter<D = unknown> = (window: Series, ctx: FitContext) => Promise<Fit<D> | undefined>;

/** A fitter with what the fit cache needs to know of it. */
export interface FitterFamily<D = unknown> {
  /** Names the fitter in the cache key (the call's arguments and options are part of it too). */
  name: string;
  fitter: Fitter<D>;
  /**
   * Fits that are a few numbers per series (time to exhaustion, trend; not a forecast's path): kept in
   * env.fitCache when there is one, apart from the detector runs that would evict them.
   */
  scalar: boolean;
}

/** Value at `f + delta` ms. */
export type Projector = (delta: number) => number;

/** One fit: projectors by output name (e.g. yhat, lower, upper), and the model's whole answer. */
export interface Fit<D = unknown> {
  outputs: Record<string, Projector>;
  /** What the model said at the fit time (a forecast path, a time to exhaustion, a trend test). */
  detail: D;
  /** What limited this fit's answer, in words (each said once per evaluation). */
  warnings?: string[];
  /**
   * One of `warnings` whose figures change from fit to fit (a trailing excursion's): a range query
   * says it once per series with the steps that gave it (stepWarnings.ts), not once per fit.
   */
  stepWarning?: StepWarning;
  /** Outputs held at a physical bound: per output, whether its value at `f + delta` was clipped. */
  clipped?: { outputs: Record<string, (delta: number) => boolean>; bounds: string };
  /** Bounds held within `ranges` of the window's range (src/ml/forecast/bandLimit.ts), as `clipped`. */
  held?: { outputs: Record<string, (delta: number) => boolean>; ranges: number };
  /** What the cache counts for this fit when it holds more than the family's bytes per fit (a path). */
  bytes?: number;
}

/** What a fitter knows about its grid. */
export interface FitContext {
  /** The step of the window (the call's, or a coarser read's: context.ts trainRead). */
  step: number;
  /** The call's grid step, which the fit is read on (`step` when unset). */
  gridStep?: number;
  refit: number;
  fitTime: number;
  /**
   * Time of the window's first sample when the fitter is given values before it (context.ts lookBack:
   * the look-back of time to exhaustion, forecasts and trend tests), which it reads but does not fit; unset: the window's start.
   */
  windowStart?: number;
}

/** The fits of every series of an inner query at one fit time. */
export interface FitsAt<D = unknown> {
  fitTime: number;
  /**
   * `tooFew`: why there is no fit, when the window had too few points (NotEnoughData); `refused`: why
   * the series was refused (LimitUnreachable: a limit it can never reach), its query's other series
   * answered (refusals.ts).
   */
  series: Array<{ labels: Record<string, string>; fit: Fit<D> | undefined; tooFew?: string; refused?: string }>;
}

type FitEntry = FitsAt & Sized;

const mutex = new KeyedMutex();

/** Refit interval of a call on the grid: a multiple of the step, at least one step. */
export function refitInterval(q: FunctionCall, env: EngineSettings, step: number): number {
  return refitEvery(q.options, env.defaults, step);
}

/**
 * The fits of `family` at fit time `f` on the grid of `step`, from the cache or fitted now. With
 * `only` (a labels key), of that series alone: a refit after its jump, which the query's other series
 * do not share (one cleaned-up filesystem among thousands refits alone).
 */
export async function fitsAt<D>(
  q: FunctionCall,
  f: number,
  step: number,
  env: EngineEnv,
  family: FitterFamily<D>,
  bytesPerFit = 256,
  only?: string
): Promise<FitsAt<D>> {
  const { name, fitter } = family;
  // Time to exhaustion reads a window longer than the points limit at a coarser step (trainRead):
  // every `read.step` ending at f, as Prometheus answers a range query at that step.
  // So does a forecast whose horizon is more steps than one fit makes (forecastGrid.ts).
  const read = trainRead(q.options, env, step, q.func, q.capacity, q.horizon);
  const train = read.train;
  const cap = trainCapWarning(q.options, env, step, q.func, q.capacity, q.horizon);
  if (cap !== undefined) {
    env.warnings?.note(cap);
  }
  const refit = refitInterval(q, env, step);
  const coarse = isForecastCall(q.func) ? coarseForecastWarning(q.horizon ?? 0, refit, step, read.step) : undefined;
  if (coarse !== undefined) {
    env.warnings?.note(coarse);
  }
  const settled = alignDown(env.now() - env.settleMs, step);
  const key = `${name}\u0000${q.inner}\u0000${step}\u0000${optionsKey(q.options, [q.horizon, q.capacity, train, refit, env.defaults])}\u0000${f}${only === undefined ? '' : `\u0000${only}`}`;
  return mutex.run(key, async () => {
    const cache = (family.scalar && env.fitCache) || env.cache;
    const cached = cache.get(key) as (FitsAt<D> & Sized) | undefined;
    if (cached) {
      return cached;
    }
    // With the look-back before the window (context.ts lookBack), which the fitter reads but does not fit.
    const windowStart = f - train + read.step;
    const w = await env.history.get(q.inner, read.step, windowStart - lookBack(q, read), f, env.signal);
    const t = new Float64Array(w.series.length ? Math.round((w.to - w.from) / read.step) + 1 : 0);
    for (let i = 0; i < t.length; i++) {
      t[i] = w.from + i * read.step;
    }
    const sized = (series: FitsAt<D>['series']): FitsAt<D> & Sized => ({
      fitTime: f,
      series,
      sizeBytes: () => series.reduce((n, s) => n + 200 + (s.fit?.bytes ?? bytesPerFit), 64),
    });
    const fitted = sized([]);
    // The series a pass stopped by the query's timeout had fitted (a settled fit time only): the next
    // ask goes on from them. Before, a pass was kept only whole, so a cold selector whose fits took
    // longer than the timeout (500 filesystems on the capacity dashboard, at its 1-minute step) timed
    // out again on every refresh, however often it was asked (docs/troubleshooting.md).
    const partialKey = `${key}\u0000partial`;
    const before = f <= settled ? (cache.get(partialKey) as (FitsAt<D> & Sized) | undefined) : undefined;
    const kept = new Map(before?.series.map((x) => [labelsKey(x.labels), x]));
    const slice = new TimeSlice();
    try {
      for (const s of only === undefined ? w.series : w.series.filter((x) => labelsKey(x.labels) === only)) {
        const done = kept.get(labelsKey(s.labels));
        if (done) {
          fitted.series.push(done);
          continue;
        }
        await slice.pause();
        stopIfAborted(env.signal);
        let fit: Fit<D> | undefined;
        let tooFew: string | undefined;
        let refused: string | undefined;
        try {
          fit = await fitter({ t, v: s.values }, { step: read.step, gridStep: step, refit, fitTime: f, windowStart });
        } catch (err) {
          if (err instanceof LimitUnreachable) {
            refused = err.message;
          } else if (err instanceof NotEnoughData) {
            tooFew = err.message;
          } else {
            throw err;
          }
        }
        fitted.series.push({
          labels: s.labels,
          fit,
          ...(tooFew !== undefined ? { tooFew } : {}),
          ...(refused !== undefined ? { refused } : {}),
        });
      }
    } catch (err) {
      // Only whole fits are kept (a fit stopped half way left nothing in `fitted`), and only when the
      // query was stopped: any other error is the query's answer, and asking again would repeat it.
      const all = new Map(kept);
      fitted.series.forEach((x) => all.set(labelsKey(x.labels), x));
      if (f <= settled && env.signal?.aborted && all.size > kept.size) {
        cache.set(partialKey, sized([...all.values()]));
      }
      throw err;
    }
    if (f <= settled) {
      cache.set(key, fitted);
      if (before) {
        cache.delete(partialKey);
      }
    }
    return fitted;
  });
}

/** Evaluates output `pick` of the fits of `family` at the grid points, per series. */
export async function fitOnGrid(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  family: FitterFamily,
  pick: string,
  bytesPerFit = 256
): Promise<SeriesValues[]> {
  const step = grid.step;
  const refit = refitInterval(q, env, step);
  const byFit = groupIndices(grid.points, (g) => alignDown(g, refit));
  if (byFit.size > MAX_MODEL_FITS) {
    throw tooManyFits(byFit.size, byFit.size, 0);
  }
  // Jumps are judged before any fit, so the refits after them count against the limit up front.
  const jumpsAt = new Map<number, Map<string, Set<number>>>();
  const refitCount = new Map<string, number>();
  for (const [f, indices] of byFit) {
    const last = indices.reduce((m, idx) => Math.max(m, grid.points[idx]), -Infinity);
    const jumps = await jumpsAfter(q, f, last, step, env);
    jumpsAt.set(f, jumps);
    for (const [k, seen] of jumps) {
      const steps = new Set(
        indices.map((idx) => stepFitTime(f, grid.points[idx], step)).filter((at) => at > f && seen.has(at))
      );
      refitCount.set(k, (refitCount.get(k) ?? 0) + steps.size);
    }
  }
  const most = Math.max(0, ...refitCount.values());
  if (byFit.size + most > MAX_MODEL_FITS) {
    throw tooManyFits(byFit.size + most, byFit.size, most);
  }
  // What each series has refitted so far (after a jump, or after a fit with too few points, which
  // only fitting finds out): counted as they happen.
  const refitted = new Map<string, number>();
  const out = new Map<string, SeriesValues>();
  const refusals = new Refusals();
  // The fits' own warnings, by text, with the series that gave each: said once all are placed, naming
  // their series when the query has more than one (seriesNotes).
  const fitNotes = new Map<string, Map<string, Record<string, string>>>();
  const stepNotes = new StepWarnings();
  const place = (s: FitsAt['series'][number], f: number, indices: number[]) => {
    const k = labelsKey(s.labels);
    if (indices.length > 0) {
      refusals.see(s.labels, s.refused, indices.length);
    }
    const sv = out.get(k) ?? { labels: s.labels, values: new Float64Array(grid.points.length).fill(NaN) };
    out.set(k, sv);
    const project = s.fit?.outputs[pick];
    if (project) {
      for (const idx of indices) {
        sv.values[idx] = project(grid.points[idx] - f);
      }
      const stepWarning = s.fit!.stepWarning;
      stepNotes.see(
        k,
        s.labels,
        indices.map((idx) => grid.points[idx]),
        stepWarning
      );
      noteFitWarnings(
        q,
        s.fit!,
        pick,
        indices.map((idx) => grid.points[idx] - f),
        env,
        (text) => {
          if (text === stepWarning?.text) {
            return; // said once for the series below
          }
          const from = fitNotes.get(text) ?? new Map<string, Record<string, string>>();
          fitNotes.set(text, from.set(k, s.labels));
        },
        s.labels
      );
    }
    countTooFew(
      q,
      indices.map((idx) => grid.points[idx]),
      project ? undefined : s.tooFew,
      env
    );
  };
  for (const [f, indices] of byFit) {
    const entry: FitEntry = (await fitsAt(q, f, step, env, family, bytesPerFit)) as FitEntry;
    const jumps = jumpsAt.get(f)!;
    for (const s of entry.series) {
      const k = labelsKey(s.labels);
      const seen = jumps.get(k);
      // Grid points whose step time saw a jump after f refit there; so do all after f when the fit at
      // f had too few points (a reset just before it), so the answer comes back once enough points
      // follow the reset, not at the next refit. As an instant query at that point decides.
      const refitsAt = (g: number) => {
        const at = stepFitTime(f, g, step);
        return at > f && (s.tooFew !== undefined || seen?.has(at) === true) ? at : undefined;
      };
      const again = indices.filter((idx) => refitsAt(grid.points[idx]) !== undefined);
      place(s, f, again.length ? indices.filter((idx) => refitsAt(grid.points[idx]) === undefined) : indices);
      // Refit this series alone at those steps (cached: a range query shares them).
      const byStep = groupIndices(
        again.map((idx) => grid.points[idx]),
        (g) => refitsAt(g)!
      );
      if (byStep.size > 0) {
        const n = (refitted.get(k) ?? 0) + byStep.size;
        refitted.set(k, n);
        if (byFit.size + n > MAX_MODEL_FITS) {
          throw tooManyFits(byFit.size + n, byFit.size, n);
        }
      }
      for (const [f2, sub] of byStep) {
        const s2 = (await fitsAt(q, f2, step, env, family, bytesPerFit, k)).series[0];
        if (s2) {
          place(
            s2,
            f2,
            sub.map((i) => again[i])
          );
        }
      }
    }
  }
  for (const { key, labels, text } of stepNotes.notes(q.func)) {
    fitNotes.set(text, (fitNotes.get(text) ?? new Map<string, Record<string, string>>()).set(key, labels));
  }
  for (const w of seriesNotes(fitNotes, out.size)) {
    env.warnings?.note(w);
  }
  refusals.settle(q, out.size, env);
  return [...out.values()];
}

/** Series a fit warning names; the rest are counted. */
const MAX_NAMED = 3;

/**
 * The fits' warnings, each once: as the fit said it when the query has one series (the CLI's, the
 * panel's words), else with the series it is about ("resets recur every 3.5 d … would reach it in
 * 11.2 d" is one pod's, not the selector's): `{instance="api-1:8080", job="api"}: …`, or
 * `2 of 5 series ({…}; {…}): …` when several gave the same words.
 */
export function seriesNotes(notes: Map<string, Map<string, Record<string, string>>>, total: number): string[] {
  return [...notes].map(([text, from]) => {
    if (total <= 1) {
      return text;
    }
    const names = [...from.values()].map(seriesName);
    if (names.length === 1) {
      return `${names[0]}: ${text}`;
    }
    const more = names.length > MAX_NAMED ? `; and ${formatCount(names.length - MAX_NAMED)} more` : '';
    return `${formatCount(names.length)} of ${formatCount(total)} series (${names.slice(0, MAX_NAMED).join('; ')}${more}): ${text}`;
  });
}

/**
 * Model fits one series of a query may need: its fit times (each shared by every series of the
 * query) plus its own refits after a jump or a reset. Counted per series, as the fit times always
 * were, so a query's cost stays within its series times this, and a deploy that restarts every
 * series of a query does not fail it.
 */
export const MAX_MODEL_FITS = 11_000;

function tooManyFits(total: number, fitTimes: number, refits: number): KindedError {
  const why =
    refits > 0
      ? ` for one series (${formatCount(fitTimes)} fit times and ${formatCount(refits)} refits after a jump or reset)`
      : '';
  return new KindedError(
    'bad_input',
    `the query needs ${formatCount(total)} model fits${why}, over the limit of ${formatCount(MAX_MODEL_FITS)}; use a larger ${refits > 0 ? 'step=' : 'refit= or step='}`
  );
}

/**
 * Passes a fit's warnings on to the evaluation's, and counts the values of output `pick` at the
 * offsets `deltas` that a physical bound clipped (summed over fits and series into one warning).
 */
export function noteFitWarnings(
  q: FunctionCall,
  fit: Fit,
  pick: string,
  deltas: number[],
  env: EngineEnv,
  note: (text: string) => void = (text) => env.warnings?.note(text),
  labels?: Record<string, string>
): void {
  const sink = env.warnings;
  if (!sink) {
    return;
  }
  for (const w of fit.warnings ?? []) {
    note(w);
  }
  countMarked(fit, pick, fit.held?.outputs[pick], deltas, (count, of) => {
    const byFunc = heldRanges.get(sink) ?? new Map<string, HeldSeen>();
    heldRanges.set(sink, byFunc);
    const seen = byFunc.get(q.func) ?? { ranges: new Set<number>(), series: new Set<string>(), held: new Map() };
    byFunc.set(q.func, seen);
    const name = labels ? seriesName(labels) : '';
    seen.series.add(name);
    if (count > 0) {
      seen.ranges.add(fit.held!.ranges);
      seen.held.set(name, name);
    }
    sink.count(`bandHeld\u0000${q.func}`, count, of, (c, n) =>
      bandHeldWarning(q.func, c, n, [...seen.ranges], { names: [...seen.held.keys()], total: seen.series.size })
    );
  });
  const bounds = fit.clipped?.bounds;
  countMarked(fit, pick, fit.clipped?.outputs[pick], deltas, (count, of) =>
    sink.count(
      `clipped\u0000${q.func}\u0000${bounds}`,
      count,
      of,
      (c, n) =>
        `${q.func}: ${formatCount(c)} of ${formatCount(n)} values held at the physical bounds, ${bounds}; ` +
        `option bounds=none turns inferred bounds off`
    )
  );
}

/**
 * Per evaluation and function: the factors (in ranges of the window) its held bounds were held at, the
 * series it counted, and those with a held value (by name, in the order first held).
 */
interface HeldSeen {
  ranges: Set<number>;
  series: Set<string>;
  held: Map<string, string>;
}
const heldRanges = new WeakMap<EngineWarnings, Map<string, HeldSeen>>();

/** Counts the values of output `pick` at `deltas` (those that are numbers) and how many `marked` marks. */
function countMarked(
  fit: Fit,
  pick: string,
  marked: ((delta: number) => boolean) | undefined,
  deltas: number[],
  add: (count: number, of: number) => void
): void {
  if (!marked) {
    return;
  }
  let count = 0;
  let of = 0;
  for (const d of deltas) {
    if (!Number.isNaN(fit.outputs[pick](d))) {
      of++;
      count += marked(d) ? 1 : 0;
    }
  }
  add(count, of);
}

/** The last point of the grid of `step` from fit time `f` at or before `g`: where g refits after a jump. */
export function stepFitTime(f: number, g: number, step: number): number {
  return f + Math.floor((g - f) / step) * step;
}

/**
 * Per series (by labels key), the step times t in (f, last] (on the grid of `step` from fit time `f`)
 * whose window through t shows a jump after f (ml/forecast/resetSegment.ts firstJumpAfter, on the
 * training window from f's start through t): a grid point refits at its step time when that holds.
 * Judged on the window through t alone, so a range query refits where an instant query at each of its
 * points does, never on samples after the point (a later spike widens the range a jump is judged
 * against). Only series with a move of a quarter of the window's range through f after it (what
 * firstJumpAfter needs at least) are judged step by step.
 */
export async function jumpsAfter(
  q: FunctionCall,
  f: number,
  last: number,
  step: number,
  env: EngineEnv
): Promise<Map<string, Set<number>>> {
  const jumps = new Map<string, Set<number>>();
  const to = stepFitTime(f, last, step);
  if (to <= f) {
    return jumps;
  }
  // At the call's step, at most the points limit back: a window read coarsely (trainRead) is judged on
  // its last maxTrainPoints steps, whose narrower range makes a jump more likely to count (a refit
  // more, never a stale fit projected past a jump).
  const train = Math.min(trainWindow(q.options, env, step, q.func, q.capacity), env.maxTrainPoints * step);
  const w = await env.history.get(q.inner, step, f - train + step, to, env.signal);
  const fromIdx = Math.round((f - w.from) / step);
  for (const s of w.series) {
    const first = firstLargeMove(s.values, fromIdx);
    if (first < 0) {
      continue;
    }
    const seen = new Set<number>();
    for (let idx = Math.max(first, fromIdx + 1); idx < s.values.length; idx++) {
      if (firstJumpAfter(s.values.subarray(0, idx + 1), fromIdx) >= 0) {
        seen.add(w.from + idx * step);
      }
    }
    if (seen.size) {
      jumps.set(labelsKey(s.labels), seen);
    }
  }
  return jumps;
}

/**
 * Index of the first value after `from` that moves from the finite value before it by at least
 * MIN_JUMP_SHARE of the range of `v` through `from`, or -1: no jump firstJumpAfter finds on any window
 * through a later point comes before it (that window's range is at least as wide).
 */
function firstLargeMove(v: Float64Array, from: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  let prev = NaN;
  for (let i = 0; i <= from && i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
      prev = v[i];
    }
  }
  const least = hi >= lo ? MIN_JUMP_SHARE * (hi - lo) : 0;
  for (let i = from + 1; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      if (Number.isFinite(prev) && Math.abs(v[i] - prev) >= least) {
        return i;
      }
      prev = v[i];
    }
  }
  return -1;
}

/** What each evaluation's "too few points" warnings have seen: per warning key, the first and last step. */
const tooFewSeen = new WeakMap<EngineWarnings, Map<string, { first: number; last: number; reasons: string[] }>>();

/**
 * Counts the grid points `points` of call `q` that have no value because their fit had too few points
 * (`reason`, from NotEnoughData), or, with no reason, that had a value (the count's "of").
 */
function countTooFew(q: FunctionCall, points: number[], reason: string | undefined, env: EngineEnv): void {
  const sink = env.warnings;
  if (!sink || points.length === 0) {
    return;
  }
  const key = `tooFew\u0000${q.func}`;
  const seen = tooFewSeen.get(sink) ?? new Map();
  tooFewSeen.set(sink, seen);
  if (reason !== undefined) {
    const at = seen.get(key) ?? { first: Infinity, last: -Infinity, reasons: [] };
    seen.set(key, at);
    for (const g of points) {
      at.first = Math.min(at.first, g);
      at.last = Math.max(at.last, g);
    }
    if (!at.reasons.includes(reason)) {
      at.reasons.push(reason);
    }
  }
  sink.count(key, reason !== undefined ? points.length : 0, points.length, (c, n) => {
    const at = seen.get(key)!;
    const span =
      c === 1 ? `at ${utcMinute(at.first)}` : `first at ${utcMinute(at.first)}, last at ${utcMinute(at.last)}`;
    const reasons = at.reasons.length > 2 ? [at.reasons[0], at.reasons[at.reasons.length - 1]] : at.reasons;
    return (
      `${q.func}: no value at ${formatCount(c)} of ${formatCount(n)} steps (${span}): too few points to fit; ` +
      reasons.join('; ')
    );
  });
}
