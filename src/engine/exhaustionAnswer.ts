/**
 * The whole answer behind `time_to_exhaustion(...)` at one time, per series: the time with its
 * interval (the fit at alignDown(t, refit), counted from t) and the trend test over the segment the
 * time was computed on (after the last reset toward the limit: `trend_pvalue(...)` with the same
 * train=, step=, refit= and direction=). The companion's exhaustion endpoint and `bellwether tte` both
 * call this, so the time, its interval and the trend test they print are the same figures.
 */
import { type EngineEnv, type EngineSettings, exhaustionTrendTrain } from './context';
import { exhaustionDetailsBeforeFit, fitDetails } from './functions';
import { alignDown } from './grid';
import { labelsKey } from './history';
import type { FunctionCall } from './query';
import type { TimeToExhaustion, NoTrendBeforeFit } from '../ml/tte';
import type { TrendSinceReset } from '../ml/trend/sinceReset';

/** One series' answer; undefined parts: not enough data in the window for that fit. */
export interface ExhaustionAnswer {
  labels: Record<string, string>;
  /** Without the interval's `lower` when asked `interval: false` and the trend test alone decided it. */
  exhaustion: TimeToExhaustion | NoTrendBeforeFit | undefined;
  /** Absent when asked `trend: false`. */
  trend?: TrendSinceReset;
  /** The grid point evaluated (ms): alignDown(t, step). */
  point: number;
}

/**
 * The trend call of a time_to_exhaustion call: its window options (its training window by default,
 * not the trend functions' own), and where the series heads (its direction, or its capacity as
 * time_to_exhaustion infers the direction per series).
 */
export function exhaustionTrendCall(q: FunctionCall, env: EngineSettings, step: number): FunctionCall {
  const { train, refit, direction } = q.options;
  const options = {
    train: exhaustionTrendTrain(train, env, step),
    step: q.options.step,
    refit,
    ...(direction ? { direction } : {}),
  };
  return { func: 'trend_pvalue', inner: q.inner, capacity: q.capacity, options };
}

/**
 * Evaluates `q` (a time_to_exhaustion call) at `t` (ms) on its step (step= or the default), with the
 * trend test unless `trend` is false, and every series' interval unless `interval` is false.
 */
export async function exhaustionAnswers(
  q: FunctionCall,
  t: number,
  env: EngineEnv,
  { trend = true, interval = true }: { trend?: boolean; interval?: boolean } = {}
): Promise<ExhaustionAnswer[]> {
  const step = q.options.step ?? env.defaults.step;
  const point = alignDown(t, step);
  // Asked at t itself: the detail is counted from t, not from its grid point (functions.ts fitDetails).
  const tte = await (interval ? fitDetails : exhaustionDetailsBeforeFit)(q, t, step, env);
  const trends = new Map(
    trend
      ? (await fitDetails(exhaustionTrendCall(q, env, step), point, step, env)).map((r) => [
          labelsKey(r.labels),
          r.detail,
        ])
      : []
  );
  return tte.map((r) => {
    const tr = trends.get(labelsKey(r.labels));
    return {
      labels: r.labels,
      exhaustion: r.detail?.family === 'tte' ? r.detail.exhaustion : undefined,
      ...(trend ? { trend: tr?.family === 'trend' ? tr.trend : undefined } : {}),
      point,
    };
  });
}
