/**
 * Functions that fit a model on a trailing window: forecast*, time_to_exhaustion, trend_*.
 * A fit is made at "fit times" f, multiples of the refit interval on the grid, on the window
 * (f - train, f]; a grid point g uses the fit at f = alignDown(g, refit) ≤ g (causal) and projects
 * it to g. Fits are cached per (inner query, step, options, f), so instant and range queries agree
 * and an alert rule refits at most once per refit interval.
 */
import type { Series } from '../ml/types';
import type { Sized } from './byteLru';
import {
  type EngineEnv,
  type EngineSettings,
  type EvalGrid,
  groupIndices,
  optionsKey,
  type SeriesValues,
  trainCapWarning,
  trainWindow,
} from './context';
import { KindedError, NotEnoughData } from './errors';
import { alignDown } from './grid';
import { labelsKey } from './history';
import { KeyedMutex } from './keyedMutex';
import { TimeSlice } from './timeSlice';
import { stopIfAborted } from './abort';
import type { FunctionCall } from './query';
import { formatCount } from './warnings';

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
  /** Outputs held at a physical bound: per output, whether its value at `f + delta` was clipped. */
  clipped?: { outputs: Record<string, (delta: number) => boolean>; bounds: string };
  /** What the cache counts for this fit when it holds more than the family's bytes per fit (a path). */
  bytes?: number;
}

/** What a fitter knows about its grid. */
export interface FitContext {
  step: number;
  refit: number;
  fitTime: number;
}

/** The fits of every series of an inner query at one fit time. */
export interface FitsAt<D = unknown> {
  fitTime: number;
  series: Array<{ labels: Record<string, string>; fit: Fit<D> | undefined }>;
}

type FitEntry = FitsAt & Sized;

const mutex = new KeyedMutex();

/** Refit interval of a call on the grid: a multiple of the step, at least one step. */
export function refitInterval(q: FunctionCall, env: EngineSettings, step: number): number {
  return Math.max(step, alignDown(q.options.refit ?? env.defaults.refit, step));
}

/** The fits of `family` at fit time `f` on the grid of `step`, from the cache or fitted now. */
export async function fitsAt<D>(
  q: FunctionCall,
  f: number,
  step: number,
  env: EngineEnv,
  family: FitterFamily<D>,
  bytesPerFit = 256
): Promise<FitsAt<D>> {
  const { name, fitter } = family;
  const train = trainWindow(q.options, env, step, q.func);
  const cap = trainCapWarning(q.options, env, step, q.func);
  if (cap !== undefined) {
    env.warnings?.note(cap);
  }
  const refit = refitInterval(q, env, step);
  const settled = alignDown(env.now() - env.settleMs, step);
  const key = `${name}\u0000${q.inner}\u0000${step}\u0000${optionsKey(q.options, [q.horizon, q.capacity, train, refit, env.defaults])}\u0000${f}`;
  return mutex.run(key, async () => {
    const cache = (family.scalar && env.fitCache) || env.cache;
    const cached = cache.get(key) as (FitsAt<D> & Sized) | undefined;
    if (cached) {
      return cached;
    }
    const w = await env.history.get(q.inner, step, f - train + step, f, env.signal);
    const t = new Float64Array(w.series.length ? (w.to - w.from) / step + 1 : 0);
    for (let i = 0; i < t.length; i++) {
      t[i] = w.from + i * step;
    }
    const fitted: FitsAt<D> & Sized = {
      fitTime: f,
      series: [],
      sizeBytes: () => fitted.series.reduce((n, s) => n + 200 + (s.fit?.bytes ?? bytesPerFit), 64),
    };
    const slice = new TimeSlice();
    for (const s of w.series) {
      await slice.pause();
      // Fits are cached only once all series are fitted, so stopping here leaves nothing half done.
      stopIfAborted(env.signal);
      let fit: Fit<D> | undefined;
      try {
        fit = await fitter({ t, v: s.values }, { step, refit, fitTime: f });
      } catch (err) {
        if (!(err instanceof NotEnoughData)) {
          throw err;
        }
      }
      fitted.series.push({ labels: s.labels, fit });
    }
    if (f <= settled) {
      cache.set(key, fitted);
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
  if (byFit.size > 11_000) {
    throw new KindedError('bad_input', `the query needs ${byFit.size} model fits; use a larger refit= or step=`);
  }
  const out = new Map<string, SeriesValues>();
  for (const [f, indices] of byFit) {
    const entry: FitEntry = (await fitsAt(q, f, step, env, family, bytesPerFit)) as FitEntry;
    for (const s of entry.series) {
      const k = labelsKey(s.labels);
      const sv = out.get(k) ?? { labels: s.labels, values: new Float64Array(grid.points.length).fill(NaN) };
      out.set(k, sv);
      const project = s.fit?.outputs[pick];
      if (project) {
        for (const idx of indices) {
          sv.values[idx] = project(grid.points[idx] - f);
        }
        noteFitWarnings(
          q,
          s.fit!,
          pick,
          indices.map((idx) => grid.points[idx] - f),
          env
        );
      }
    }
  }
  return [...out.values()];
}

/**
 * Passes a fit's warnings on to the evaluation's, and counts the values of output `pick` at the
 * offsets `deltas` that a physical bound clipped (summed over fits and series into one warning).
 */
export function noteFitWarnings(q: FunctionCall, fit: Fit, pick: string, deltas: number[], env: EngineEnv): void {
  const sink = env.warnings;
  if (!sink) {
    return;
  }
  for (const w of fit.warnings ?? []) {
    sink.note(w);
  }
  const clipped = fit.clipped?.outputs[pick];
  if (!clipped) {
    return;
  }
  let count = 0;
  let of = 0;
  for (const d of deltas) {
    if (!Number.isNaN(fit.outputs[pick](d))) {
      of++;
      count += clipped(d) ? 1 : 0;
    }
  }
  const bounds = fit.clipped!.bounds;
  sink.count(
    `clipped\u0000${q.func}\u0000${bounds}`,
    count,
    of,
    (c, n) =>
      `${q.func}: ${formatCount(c)} of ${formatCount(n)} values held at the physical bounds, ${bounds}; ` +
      `option bounds=none turns inferred bounds off`
  );
}
