import { useEffect, useMemo, useState } from 'react';
import type { DataQueryRequest } from '@grafana/data';
import { medianStep } from '../../components/charts/durations';
import { PanelSeries } from '../../components/charts/panelSeries';
import type { FitDetail } from '../../engine/functions';
import type { GridMatrix, RowCounts } from '../../engine/history';
import type { FunctionCall } from '../../engine/query';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { callWorker, WorkerCallError } from '../../worker/client';
import {
  DENIED_CROSSING,
  DENIED_CROSSING_CODE,
  deniedCrossing,
  exhaustionForecast,
  fromPoint,
  planFor,
  type TrainingShortfall,
  trainingShortfall,
} from './engineCalls';

export { horizonFor } from './engineCalls';
import { type HistoryFetch, withHistoryBefore } from './trainingHistory';
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
  /** The calls' training window beyond the series' history, when there is one (messages.ts trainingNote). */
  training?: TrainingShortfall;
  /** The fetch of the history before the dashboard's range, when the calls read before it (trainingHistory.ts). */
  history?: HistoryFetch;
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

/** The panel's answers for one series from the engine, or why there are none. */
async function forecastOne(
  s: PanelSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  history?: HistoryFetch
): Promise<SeriesForecast> {
  const plan = planFor(s, o, capacity);
  if ('problem' in plan) {
    return { forecast: { ok: false, code: 'bad_input', message: plan.problem } };
  }
  const { calls, point } = plan;
  const as = <T>(x: Outcome<FitDetail> | undefined, get: (d: FitDetail) => T): Outcome<T> | undefined =>
    x === undefined ? undefined : x.ok ? { ok: true, value: get(x.value) } : x;
  const [tteDetail, trendDetail] = await Promise.all([
    calls.tte ? detailOf(plan.matrix, calls.tte, point) : undefined,
    calls.trend ? detailOf(plan.matrix, calls.trend, point) : undefined,
  ]);
  const tte = as(tteDetail, (d) => (d as Extract<FitDetail, { family: 'tte' }>).exhaustion);
  // With a time to exhaustion, the drawn forecast is the one it searched (one model, one crossing);
  // the panel's own forecast call only when there is none (no capacity, already exhausted, a failure).
  const end = point + plan.horizonMs;
  const searched = tte?.ok ? exhaustionForecast(tte.value, o.level, end) : undefined;
  const denied = !searched && tte?.ok === true && deniedCrossing(tte.value, end);
  const forecast: Outcome<ForecastResult> = searched
    ? { ok: true, value: fromPoint(searched, point, plan.horizonMs, plan.shift) }
    : denied
      ? { ok: false, code: DENIED_CROSSING_CODE, message: DENIED_CROSSING }
      : as(await detailOf(plan.forecastMatrix, calls.forecast, point), (d) =>
          fromPoint((d as Extract<FitDetail, { family: 'forecast' }>).forecast, point, plan.horizonMs, plan.shift)
        )!;
  // The windows of the calls whose answers the panel shows: the forecast call's only when it was made.
  const { windows } = plan;
  // With the history before the range fetched, the series holds what its data source holds: the
  // companion reads no more, so a shortfall left is none the range causes.
  const training =
    history?.ok && !history.cut
      ? undefined
      : trainingShortfall(plan.historyMs, plan.stepMs, [
          windows.tte,
          windows.trend,
          searched || denied ? undefined : windows.forecast,
        ]);
  return {
    forecast,
    tte,
    trend: as(trendDetail, (d) => (d as Extract<FitDetail, { family: 'trend' }>).trend),
    forecastStep: searched && tte?.ok ? tte.value.forecastStepSeconds * 1000 : plan.forecastStep,
    rowCounts: plan.rowCounts,
    ...(training ? { training } : {}),
    ...(history ? { history } : {}),
  };
}

/**
 * The earliest time the engine's calls for a series read (src/engine/leadIn.ts historyStart, asked of
 * the worker as the data source asks it), when it lies before the series' first point and the series
 * spans the dashboard's range from its start (one that began within the range has nothing older).
 */
async function historyWanted(
  s: PanelSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  rangeFrom: number | undefined
): Promise<number | undefined> {
  const plan = planFor(s, o, capacity);
  if ('problem' in plan || rangeFrom === undefined || s.t[0] > rangeFrom + plan.stepMs) {
    return undefined;
  }
  const { calls, point, stepMs, forecastStep } = plan;
  const onSeriesGrid = [calls.tte, calls.trend].filter((c) => c !== undefined);
  let a: number;
  let b: number;
  try {
    [a, b] = await Promise.all([
      onSeriesGrid.length ? callWorker('historyStart', [onSeriesGrid, stepMs, point]) : point,
      callWorker('historyStart', [[calls.forecast], forecastStep, point]),
    ]);
  } catch {
    // The worker failed: the series' own calls fail the same way and the panel shows their error.
    return undefined;
  }
  const wanted = Math.min(a, b) + plan.shift;
  return wanted < s.t[0] ? wanted : undefined;
}

/**
 * The series with the history before the range their calls read, fetched per query and step (one
 * request per query, see trainingHistory.ts), and how each fetch went; series that need none as they are.
 */
async function withTrainingHistory(
  series: PanelSeries[],
  o: ForecastOptions,
  capacity: number | undefined,
  rangeFrom: number | undefined,
  request: DataQueryRequest | undefined,
  signal: AbortSignal
): Promise<Array<{ series: PanelSeries; history?: HistoryFetch }>> {
  const wanted = await Promise.all(series.map((s) => historyWanted(s, o, capacity, rangeFrom)));
  const out: Array<{ series: PanelSeries; history?: HistoryFetch }> = series.map((s) => ({ series: s }));
  const groups = new Map<string, { step: number; from: number; at: number[] }>();
  series.forEach((s, i) => {
    const from = wanted[i];
    if (from === undefined) {
      return;
    }
    const step = medianStep(s.t);
    const key = `${s.refId ?? ''}\u0000${step}`;
    const g = groups.get(key) ?? { step, from, at: [] };
    g.from = Math.min(g.from, from);
    g.at.push(i);
    groups.set(key, g);
  });
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const fetched = await withHistoryBefore(
        g.at.map((i) => series[i]),
        g.from,
        g.step,
        request,
        signal
      );
      fetched.forEach((f, j) => (out[g.at[j]] = { series: f.series, history: f.fetch }));
    })
  );
  return out;
}

/**
 * Forecast, time to exhaustion (when a capacity is known) and trend test for every series, from the
 * engine in the worker, as the companion computes them for the same series and step; results are
 * applied in one update.
 */
export function useForecasts(
  series: PanelSeries[],
  options: ForecastOptions,
  capacity: number | undefined,
  source: { rangeFrom?: number; request?: DataQueryRequest } = {}
): Forecasts {
  const { model, horizon, level, direction, showTrend, train } = options;
  const { rangeFrom, request: query } = source;
  // One request per change of inputs; a result counts only for its own request.
  const request = useMemo(
    () => ({
      series,
      options: { ...options, model, horizon, level, direction, showTrend, train },
      capacity,
      rangeFrom,
      query,
    }),
    // `options` is spread only for its forecast fields, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, model, horizon, level, direction, showTrend, train, capacity, rangeFrom, query]
  );
  const [result, setResult] = useState<{ request: typeof request; results: SeriesForecast[] }>();
  useEffect(() => {
    // A new range or query aborts the previous one's fetch; its answer, if any, is dropped.
    const abort = new AbortController();
    const { options: o, capacity: c } = request;
    withTrainingHistory(request.series, o, c, request.rangeFrom, request.query, abort.signal)
      .then((held) => Promise.all(held.map((h) => forecastOne(h.series, o, c, h.history))))
      .then(
        (results) => {
          if (!abort.signal.aborted) {
            setResult({ request, results });
          }
        },
        (e) => {
          // Anything but an abort becomes each series' error: a rethrow would leave the panel running forever.
          if (!abort.signal.aborted && (e as Error).name !== 'AbortError') {
            const message = `could not compute: ${(e as Error).message ?? String(e)}`;
            setResult({ request, results: request.series.map(() => ({ forecast: { ok: false, code: 'error', message } })) });
          }
        }
      );
    return () => abort.abort();
  }, [request]);
  return useMemo(
    () =>
      result?.request === request ? { state: 'done', results: result.results } : { state: 'running', results: [] },
    [result, request]
  );
}
