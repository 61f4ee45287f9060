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
  trainWindow,
} from './context';
import { KindedError, NotEnoughData } from './errors';
import { alignDown } from './grid';
import { labelsKey } from './history';
import { KeyedMutex } from './keyedMutex';
import type { FunctionCall } from './query';

/**
 * A fitter: given the window ending at fit time f, returns named projectors (e.g. yhat, lower,
 * upper of one forecast) giving values at `f + delta` for delta in [0, refit), or undefined when
 * the engine cannot judge the window. Functions that share a fitter share its cached fits.
 */
export type Fitter = (window: Series, ctx: FitContext) => Promise<Fit | undefined>;

/** Value at `f + delta` ms. */
export type Projector = (delta: number) => number;

/** Projectors of one fit, by output name. */
export type Fit = Record<string, Projector>;

/** What a fitter knows about its grid. */
export interface FitContext {
  step: number;
  refit: number;
  fitTime: number;
}

interface FitEntry extends Sized {
  series: Array<{ labels: Record<string, string>; fit: Fit | undefined }>;
}

const mutex = new KeyedMutex();

/**
 * Evaluates output `pick` of the fits named `name` at the grid points, per series. `name` must
 * identify the fitter (the query's arguments and options are part of the cache key).
 */
export async function fitOnGrid(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  name: string,
  fitter: Fitter,
  pick: string,
  bytesPerFit = 256
): Promise<SeriesValues[]> {
  const step = grid.step;
  const train = trainWindow(q.options, env, step);
  const refit = refitInterval(q, env, step);
  const settled = alignDown(env.now() - env.settleMs, step);
  const byFit = groupIndices(grid.points, (g) => alignDown(g, refit));
  if (byFit.size > 11_000) {
    throw new KindedError('bad_input', `the query needs ${byFit.size} model fits; use a larger refit= or step=`);
  }
  const out = new Map<string, SeriesValues>();
  for (const [f, indices] of byFit) {
    const key = `${name}\u0000${q.inner}\u0000${step}\u0000${optionsKey(q.options, [q.horizon, q.capacity, train, refit, env.defaults])}\u0000${f}`;
    const entry = await mutex.run(key, async () => {
      const cached = env.cache.get(key) as FitEntry | undefined;
      if (cached) {
        return cached;
      }
      const w = await env.history.get(q.inner, step, f - train + step, f, env.signal);
      const t = new Float64Array(w.series.length ? (w.to - w.from) / step + 1 : 0);
      for (let i = 0; i < t.length; i++) {
        t[i] = w.from + i * step;
      }
      const fitted: FitEntry = {
        series: [],
        sizeBytes: () => 64 + fitted.series.length * (200 + bytesPerFit),
      };
      for (const s of w.series) {
        let fit: Fit | undefined;
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
        env.cache.set(key, fitted);
      }
      return fitted;
    });
    for (const s of entry.series) {
      const k = labelsKey(s.labels);
      const sv = out.get(k) ?? { labels: s.labels, values: new Float64Array(grid.points.length).fill(NaN) };
      out.set(k, sv);
      const project = s.fit?.[pick];
      if (project) {
        for (const idx of indices) {
          sv.values[idx] = project(grid.points[idx] - f);
        }
      }
    }
  }
  return [...out.values()];
}

/** Refit interval of a call on the grid: a multiple of the step, at least one step. */
export function refitInterval(q: FunctionCall, env: EngineSettings, step: number): number {
  return Math.max(step, alignDown(q.options.refit ?? env.defaults.refit, step));
}

/** Number of finite values in a window. */
export function finiteCount(v: Float64Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(v[i])) {
      n++;
    }
  }
  return n;
}
