import { useEffect, useMemo, useState } from 'react';
import type { DataQueryRequest } from '@grafana/data';
import { PanelSeries } from '../../components/charts/panelSeries';
import { callLstmWorker, callWorker, WorkerCallError } from '../../worker/client';
import {
  analysisFromData,
  analysisFromEngine,
  anomalyRequestFor,
  detectorOptionsFor,
  failureMessage,
  hasDerived,
  lstmAnalysis,
  lstmInputFor,
  onRows,
  SeriesOutcome,
} from './analysis';
import { detectOnPlainSource } from './plainSource';
import { AnomalyOptions } from './types';

/** Progress of the analyses of the panel's series. */
export interface Detections {
  state: 'running' | 'done';
  /**
   * While running: 'loading-model' until the LSTM worker has loaded TensorFlow.js (LSTM only), then
   * 'detecting'.
   */
  phase?: 'loading-model' | 'detecting';
  /** One outcome per series, in order (empty while running). */
  outcomes: SeriesOutcome[];
}

/**
 * Loads the LSTM worker's chunk and starts its tfjs backend; resolves to null when ready, else to the
 * readable failure every LSTM series gets.
 */
async function loadLstm(): Promise<SeriesOutcome | null> {
  try {
    await callLstmWorker('init', []);
    return null;
  } catch (e) {
    const err = e as WorkerCallError;
    return {
      status: 'error',
      code: 'model_load',
      message: `Could not load the LSTM model (TensorFlow.js): ${err.message}`,
    };
  }
}

/**
 * Analyses every series: derived fields when present (and allowed), else the chosen detector in a
 * worker: the engine worker, or for the LSTM its own worker (created, and its tfjs chunk fetched, on
 * first use). All worker calls are sent at once and the results applied in one update, so the chart
 * is drawn once per change of data or options, never once per series.
 */
export function useDetections(series: PanelSeries[], options: AnomalyOptions, query?: DataQueryRequest): Detections {
  const { model, sensitivity, trainWindow, seasonality, seasonPeriod, useDerived, scoreThreshold } = options;
  const { direction, minAbs, minRel, validMin, validMax } = options;
  // One request per change of data or detection options; a result counts only for its own request.
  const request = useMemo(
    () => ({
      series,
      query,
      options: {
        ...options,
        model,
        sensitivity,
        trainWindow,
        seasonality,
        seasonPeriod,
        useDerived,
        scoreThreshold,
        direction,
        minAbs,
        minRel,
        validMin,
        validMax,
      },
    }),
    // `options` is spread only for its detection fields, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      series,
      query,
      model,
      sensitivity,
      trainWindow,
      seasonality,
      seasonPeriod,
      useDerived,
      scoreThreshold,
      direction,
      minAbs,
      minRel,
      validMin,
      validMax,
    ]
  );
  const [result, setResult] = useState<{ request: typeof request; outcomes: SeriesOutcome[] }>();
  // The request whose LSTM worker is ready (tfjs loaded): until then an LSTM request is loading.
  const [modelReady, setModelReady] = useState<typeof request>();

  useEffect(() => {
    let cancelled = false;
    // A newer request stops this one's history fetches (trainingHistory.ts).
    const abort = new AbortController();
    const o = request.options;
    const isLstm = o.model === 'lstm';
    const needsWorker = request.series.some((s) => !(o.useDerived && hasDerived(s)));
    let lstmReady: Promise<SeriesOutcome | null> = Promise.resolve(null);
    if (isLstm && needsWorker) {
      lstmReady = loadLstm().finally(() => {
        if (!cancelled) {
          setModelReady(request);
        }
      });
    }
    const jobs = request.series.map(async (s): Promise<SeriesOutcome> => {
      if (o.useDerived && hasDerived(s)) {
        return analysisFromData(s, o.scoreThreshold);
      }
      try {
        if (isLstm) {
          const opts = detectorOptionsFor(s, o);
          if ('status' in opts) {
            return opts;
          }
          const loadFailure = await lstmReady;
          if (loadFailure) {
            return loadFailure;
          }
          // Sorted and merged as for the engine; copies are moved to the worker, the input is kept for judging.
          const input = lstmInputFor(s);
          const t = input.t.slice();
          const v = input.v.slice();
          const r = await callLstmWorker('detect', [t, v, opts], [t.buffer, v.buffer]);
          // The LSTM detects in a batch outside the engine: the same rules and kinds, applied here.
          return lstmAnalysis(s, input, r, o);
        }
        // Every other model runs in the one engine, exactly as the companion's anomaly_* functions: with
        // the panel's query, on the history and at the resolution the companion reads (plainSource.ts).
        if (request.query) {
          const got = await detectOnPlainSource(s, o, request.query, abort.signal);
          return 'status' in got
            ? got
            : { ...analysisFromEngine(s, got.detection, o.model), ...(got.note ? { note: got.note } : {}) };
        }
        const req = anomalyRequestFor(s, o);
        if ('status' in req) {
          return req;
        }
        const [d] = await callWorker('detections', [req.matrix, req.call, req.points]);
        return d
          ? analysisFromEngine(s, onRows(s, req, d), o.model)
          : failureMessage('not_enough_data', 'no values to judge');
      } catch (e) {
        const err = e as WorkerCallError;
        return failureMessage(err.code, err.message);
      }
    });
    Promise.all(jobs).then((outcomes) => {
      if (!cancelled) {
        setResult({ request, outcomes });
      }
    });
    return () => {
      cancelled = true;
      abort.abort();
    };
  }, [request]);

  return useMemo(
    () =>
      result?.request === request
        ? { state: 'done', outcomes: result.outcomes }
        : {
            state: 'running',
            phase: request.options.model === 'lstm' && modelReady !== request ? 'loading-model' : 'detecting',
            outcomes: [],
          },
    [result, request, modelReady]
  );
}
