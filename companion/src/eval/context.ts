import type { QueryOptions } from '../query/ast';
import type { ByteLru, Sized } from './byteLru';
import type { HistoryStore } from './historyStore';

/** Defaults for options a query leaves out. Durations in ms. */
export interface EvalDefaults {
  /** Grid step of instant queries (range queries use their own step). */
  step: number;
  train: number;
  refit: number;
  model?: string;
  sensitivity?: number;
  level: number;
}

/** What every function implementation receives besides the query. */
export interface EvalEnv {
  history: HistoryStore;
  cache: ByteLru<Sized>;
  defaults: EvalDefaults;
  /** Upper bound of training points per series (train is shortened to fit). */
  maxTrainPoints: number;
  /** Upper bound of forecast steps. */
  maxForecastSteps: number;
  settleMs: number;
  now(): number;
  signal?: AbortSignal;
}

/** The grid a function evaluates on: its step and the grid points needed, ascending. */
export interface EvalGrid {
  step: number;
  points: number[];
}

/** A function's output for one series: its labels and a value per grid point (NaN = no sample). */
export interface SeriesValues {
  labels: Record<string, string>;
  /** Aligned with `EvalGrid.points`. */
  values: Float64Array;
}

/** Groups grid point indices by a key (segment start, fit time), keeping ascending order. */
export function groupIndices(points: number[], keyOf: (g: number) => number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  points.forEach((g, i) => {
    const k = keyOf(g);
    const list = groups.get(k);
    if (list) {
      list.push(i);
    } else {
      groups.set(k, [i]);
    }
  });
  return groups;
}

/** Training window in ms for a query: the option or default, capped at maxTrainPoints and a multiple of step. */
export function trainWindow(options: QueryOptions, env: EvalEnv, step: number): number {
  const wanted = options.train ?? env.defaults.train;
  const points = Math.max(2, Math.min(env.maxTrainPoints, Math.round(wanted / step)));
  return points * step;
}

/** Stable key of the options that change a model's output. */
export function optionsKey(options: QueryOptions, extra: unknown[] = []): string {
  return JSON.stringify([
    ...Object.keys(options)
      .sort()
      .map((k) => [k, options[k as keyof QueryOptions]]),
    ...extra,
  ]);
}

/** Season option → points on the grid ('auto' default; 'none' → 0). */
export function seasonPoints(options: QueryOptions, step: number): number | 'auto' {
  if (options.season === undefined || options.season === 'auto') {
    return 'auto';
  }
  if (options.season === 'none') {
    return 0;
  }
  return Math.max(0, Math.round(options.season / step));
}
