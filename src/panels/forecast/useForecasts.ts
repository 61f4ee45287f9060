import { useEffect, useMemo, useState } from 'react';
import { medianStep, optionDurationMs, toPoints } from '../../components/charts/durations';
import { PanelSeries } from '../../components/charts/panelSeries';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { callWorker, WorkerCallError } from '../../worker/client';
import type { ArgsOf, EngineHandlers, ResultOf } from '../../worker/protocol';
import { ForecastOptions } from './types';

/** A worker answer or the readable reason it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Everything the panel shows about one series. */
export interface SeriesForecast {
  forecast: Outcome<ForecastResult>;
  tte?: Outcome<TimeToExhaustion>;
  trend?: Outcome<LeakResult>;
}

export interface Forecasts {
  state: 'running' | 'done';
  results: SeriesForecast[];
}

/** Horizon steps are capped so a long horizon over fine data stays cheap to draw. */
export const MAX_HORIZON_STEPS = 10_000;

/** The engine worker's per-series methods the panel uses. */
type SeriesMethod = 'forecast' | 'tte' | 'trend';

async function call<M extends SeriesMethod>(
  method: M,
  s: PanelSeries,
  options: ArgsOf<EngineHandlers, M>[2]
): Promise<Outcome<ResultOf<EngineHandlers, M>>> {
  const t = s.t.slice();
  const v = s.v.slice();
  try {
    const args = [t, v, options] as ArgsOf<EngineHandlers, M>;
    return { ok: true, value: await callWorker(method, args, [t.buffer, v.buffer]) };
  } catch (e) {
    const err = e as WorkerCallError;
    return { ok: false, code: err.code ?? 'error', message: err.message };
  }
}

/** Horizon in steps of the series and in ms, or a readable problem. */
export function horizonFor(s: PanelSeries, text: string): { steps: number; ms: number } | { problem: string } {
  const step = medianStep(s.t);
  if (!Number.isFinite(step)) {
    return { problem: 'needs at least two points to know the sampling step' };
  }
  const steps = toPoints(text, step);
  if (!(steps >= 1)) {
    return { problem: `horizon "${text}" is neither a duration such as 7d nor a number of steps` };
  }
  const capped = Math.min(steps, MAX_HORIZON_STEPS);
  const asMs = optionDurationMs(text);
  const ms = Number.isFinite(asMs) && steps <= MAX_HORIZON_STEPS ? asMs : capped * step;
  return { steps: capped, ms };
}

/**
 * Forecast, time to exhaustion (when a capacity is known) and trend test for every series, in the
 * engine worker; results are applied in one update. The trend test is the seasonal Mann-Kendall when
 * a season is detected, so a daily cycle neither hides nor fakes a trend.
 */
export function useForecasts(series: PanelSeries[], options: ForecastOptions, capacity: number | undefined): Forecasts {
  const { model, horizon, level, direction, showTrend } = options;
  // One request per change of inputs; a result counts only for its own request.
  const request = useMemo(
    () => ({ series, model, horizon, level, direction, showTrend, capacity }),
    [series, model, horizon, level, direction, showTrend, capacity]
  );
  const [result, setResult] = useState<{ request: typeof request; results: SeriesForecast[] }>();
  useEffect(() => {
    let cancelled = false;
    const { series, model, horizon, level, direction, showTrend, capacity } = request;
    const jobs = series.map(async (s): Promise<SeriesForecast> => {
      const h = horizonFor(s, horizon);
      if ('problem' in h) {
        return { forecast: { ok: false, code: 'bad_input', message: h.problem } };
      }
      const [forecast, tte, trend] = await Promise.all([
        call('forecast', s, { model, horizon: h.steps, level }),
        capacity !== undefined ? call('tte', s, { capacity, direction, model, horizon: h.ms, level }) : undefined,
        showTrend ? call('trend', s, { seasonal: 'auto' }) : undefined,
      ]);
      return { forecast, tte, trend };
    });
    Promise.all(jobs).then((results) => {
      if (!cancelled) {
        setResult({ request, results });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [request]);
  return useMemo(
    () =>
      result?.request === request ? { state: 'done', results: result.results } : { state: 'running', results: [] },
    [result, request]
  );
}
