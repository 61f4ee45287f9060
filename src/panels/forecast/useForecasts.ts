import { useEffect, useMemo, useState } from 'react';
import { PanelSeries } from '../../components/charts/panelSeries';
import type { FitDetail } from '../../engine/functions';
import type { GridMatrix, RowCounts } from '../../engine/history';
import type { FunctionCall } from '../../engine/query';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { callWorker, WorkerCallError } from '../../worker/client';
import { planFor } from './engineCalls';

export { horizonFor } from './engineCalls';
import { ForecastOptions } from './types';

/** A worker answer or the readable reason it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Everything the panel shows about one series. */
export interface SeriesForecast {
  forecast: Outcome<ForecastResult>;
  tte?: Outcome<TimeToExhaustion>;
  trend?: Outcome<LeakResult>;
  /** Grid step of the drawn forecast (ms): the series' step, or a multiple of it for a long horizon. */
  forecastStep?: number;
  /** What ordering, merging and placing the rows changed (history.ts rowsOnGrid). */
  rowCounts?: RowCounts;
}

export interface Forecasts {
  state: 'running' | 'done';
  results: SeriesForecast[];
}

const NO_FIT = 'not enough data in the training window before the last refit time';

/** The detail of one call in the engine's answer, as an outcome. */
async function detailOf(matrix: GridMatrix, call: FunctionCall, point: number): Promise<Outcome<FitDetail>> {
  try {
    const [[s]] = await callWorker('fitDetails', [matrix, [call], point]);
    return s?.detail ? { ok: true, value: s.detail } : { ok: false, code: 'not_enough_data', message: NO_FIT };
  } catch (e) {
    const err = e as WorkerCallError;
    return { ok: false, code: err.code ?? 'error', message: err.message };
  }
}

/** The forecast path from the last point to the horizon (the fit's path starts at its fit time). */
function fromPoint(r: ForecastResult, point: number, horizonMs: number, shift: number): ForecastResult {
  const keep: number[] = [];
  r.t.forEach((t, i) => t > point && t <= point + horizonMs && keep.push(i));
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  return {
    ...r,
    t: Float64Array.from(keep, (i) => r.t[i] + shift),
    yhat: pick(r.yhat),
    lower: pick(r.lower),
    upper: pick(r.upper),
  };
}

/** The panel's answers for one series from the engine, or why there are none. */
async function forecastOne(s: PanelSeries, o: ForecastOptions, capacity: number | undefined): Promise<SeriesForecast> {
  const plan = planFor(s, o, capacity);
  if ('problem' in plan) {
    return { forecast: { ok: false, code: 'bad_input', message: plan.problem } };
  }
  const { calls, point } = plan;
  const [forecast, tte, trend] = await Promise.all([
    detailOf(plan.forecastMatrix, calls.forecast, point),
    calls.tte ? detailOf(plan.matrix, calls.tte, point) : undefined,
    calls.trend ? detailOf(plan.matrix, calls.trend, point) : undefined,
  ]);
  const as = <T>(x: Outcome<FitDetail> | undefined, get: (d: FitDetail) => T): Outcome<T> | undefined =>
    x === undefined ? undefined : x.ok ? { ok: true, value: get(x.value) } : x;
  return {
    forecast: as(forecast, (d) =>
      fromPoint((d as Extract<FitDetail, { family: 'forecast' }>).forecast, point, plan.horizonMs, plan.shift)
    )!,
    tte: as(tte, (d) => (d as Extract<FitDetail, { family: 'tte' }>).exhaustion),
    trend: as(trend, (d) => (d as Extract<FitDetail, { family: 'trend' }>).trend),
    forecastStep: plan.forecastStep,
    rowCounts: plan.rowCounts,
  };
}

/**
 * Forecast, time to exhaustion (when a capacity is known) and trend test for every series, from the
 * engine in the worker, as the companion computes them for the same series and step; results are
 * applied in one update.
 */
export function useForecasts(series: PanelSeries[], options: ForecastOptions, capacity: number | undefined): Forecasts {
  const { model, horizon, level, direction, showTrend, train } = options;
  // One request per change of inputs; a result counts only for its own request.
  const request = useMemo(
    () => ({ series, options: { ...options, model, horizon, level, direction, showTrend, train }, capacity }),
    // `options` is spread only for its forecast fields, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, model, horizon, level, direction, showTrend, train, capacity]
  );
  const [result, setResult] = useState<{ request: typeof request; results: SeriesForecast[] }>();
  useEffect(() => {
    let cancelled = false;
    Promise.all(request.series.map((s) => forecastOne(s, request.options, request.capacity))).then((results) => {
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
