/**
 * Runs the inner PromQL on the user's Prometheus data source through Grafana's data source service
 * (`getDataSourceSrv().get(uid).query(...)`), as a range query on our grid, and returns its series
 * on that grid.
 */
import { DataQueryRequest, DataQueryResponse, dateTime } from '@grafana/data';
import { getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { from, isObservable, lastValueFrom, Observable } from 'rxjs';
import type { GridMatrix } from '../../engine/history';
import type { SampleIntervalProblem } from '../../engine/resolution';
import { framesToMatrix, QueryError } from '../prometheus/frames';

/** What a source fetch needs. */
export interface PromFetch {
  uid: string;
  expr: string;
  /** First and last grid point (ms). */
  start: number;
  end: number;
  step: number;
  maxSeries: number;
  /** The panel's request, for its app, timezone and request id. */
  request: DataQueryRequest<any>;
  refId: string;
}

/** The Prometheus data source by uid, refusing other types with a message. */
export async function getPrometheus(uid: string) {
  const ds = await getDataSourceSrv()
    .get({ uid })
    .catch(() => undefined);
  if (!ds) {
    throw new QueryError(`the Prometheus data source "${uid}" was not found; pick one in the query editor`);
  }
  if (ds.type !== 'prometheus') {
    throw new QueryError(`data source "${ds.name}" is of type ${ds.type}; the Prometheus source needs a Prometheus data source`);
  }
  return ds;
}

/** Range query on the grid; the result's samples must sit on the grid. */
export async function fetchPrometheusMatrix(f: PromFetch): Promise<GridMatrix> {
  const ds = await getPrometheus(f.uid);
  const stepS = `${f.step / 1000}s`;
  const request: DataQueryRequest<any> = {
    ...f.request,
    requestId: `${f.request.requestId ?? 'bw'}-${f.refId}-src`,
    targets: [{ refId: f.refId, expr: f.expr, range: true, instant: false, interval: stepS, datasource: { uid: ds.uid, type: ds.type } }],
    range: { from: dateTime(f.start), to: dateTime(f.end), raw: { from: dateTime(f.start), to: dateTime(f.end) } },
    interval: stepS,
    intervalMs: f.step,
    maxDataPoints: Math.round((f.end - f.start) / f.step) + 1,
  };
  const out = ds.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
  const res = await lastValueFrom(isObservable(out) ? out : from(out));
  const err = res.error ?? res.errors?.[0];
  if (err) {
    throw new QueryError(`${ds.name}: ${err.message ?? err.data?.message ?? 'query failed'}`);
  }
  return framesToMatrix(res.data ?? [], f.start, f.end, f.step, f.maxSeries);
}

/** Reads of raw samples sent, numbering their request ids. */
let rawSampleReads = 0;

/**
 * Raw sample times (seconds, ascending) of each series a range selector `expr` (`x[10m]`) reads at
 * `at`: an instant query, which Prometheus answers with the raw samples (a matrix). An error answer
 * is a `failed` problem (the caller scores at the default resolution and says why, and asks again
 * next time: Grafana answers a Prometheus down for a moment, a 5xx, the same way), not an error.
 */
export async function fetchRawSampleTimes(
  uid: string,
  expr: string,
  at: number,
  request: DataQueryRequest<any>,
  refId: string
): Promise<number[][] | SampleIntervalProblem> {
  const ds = await getPrometheus(uid);
  const query: DataQueryRequest<any> = {
    ...request,
    // Distinct per read: Grafana cancels an in-flight request when another with its id is sent, and
    // the reads of one query's selectors, or of its series' last rows, may run together.
    requestId: `${request.requestId ?? 'bw'}-${refId}-interval-${at}-${++rawSampleReads}`,
    targets: [{ refId, expr, range: false, instant: true, datasource: { uid: ds.uid, type: ds.type } }],
    range: { from: dateTime(at), to: dateTime(at), raw: { from: dateTime(at), to: dateTime(at) } },
  };
  const out = ds.query(query) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
  const res = await lastValueFrom(isObservable(out) ? out : from(out));
  const err = res.error ?? res.errors?.[0];
  if (err) {
    const status = err.status ? ` (HTTP ${err.status})` : '';
    return {
      problem: `${ds.name} answered ${expr} with: ${err.message ?? err.data?.message ?? 'an error'}${status}; asked again on the next query`,
      failed: true,
    };
  }
  const times: number[][] = [];
  for (const frame of (res.data ?? []) as Array<{ fields?: Array<{ type?: string; values: ArrayLike<number> }> }>) {
    const time = frame.fields?.find((f) => f.type === 'time');
    if (time) {
      times.push(Array.from(time.values, (ms) => Number(ms) / 1000).sort((a, b) => a - b));
    }
  }
  return times;
}

/**
 * What a request of `expr` to the Prometheus data source `uid` (fetchPrometheusMatrix, or
 * fetchRawSampleTimes for its selectors) sends besides its range and step, as a cache key: the data
 * source, the dashboard's ad hoc filters and scopes (the Prometheus data source adds them to every
 * selector) and `expr` with the dashboard's variables replaced, as it replaces them. Two dashboards
 * differing only in a filter read different series, and are kept apart.
 */
export function sentQueryKey(uid: string, expr: string, request: DataQueryRequest<any>): string {
  let sent = expr;
  try {
    sent = getTemplateSrv().replace(expr, request.scopedVars);
  } catch {
    // no template service (a bare host): nothing to replace
  }
  const around = JSON.stringify({ filters: request.filters ?? [], scopes: request.scopes ?? [] });
  return `${uid}\u0000${around}\u0000${sent}`;
}
