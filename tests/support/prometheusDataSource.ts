/**
 * A stand-in of Grafana's Prometheus data source as the Bellwether data source uses it (through
 * getDataSourceSrv, tests/support/grafanaRuntime.ts): a range query on the request's range and
 * interval, or an instant query (a range selector's raw samples) at the range's end, each series
 * answered as one frame (Time, Value with labels).
 */
import { type DataQueryRequest, FieldType } from '@grafana/data';
import type { Upstream } from '../../companion/src/upstream/types';
import { nodeFetch } from './nodeFetch';

/** Prometheus' HTTP API: the envelope body of `path` asked with `params`. */
export type PromApi = (path: string, params: URLSearchParams) => Promise<PromBody>;

type PromBody = { status: string; error?: string; data: { result: PromSeries[] } };
type PromSeries = { metric: Record<string, string>; values: Array<[number, string]> };
type PromTarget = { refId: string; expr: string; instant?: boolean };

/** `onRange` sees each range query's request and the series answered. */
export function prometheusDataSource(
  api: PromApi,
  onRange: (r: DataQueryRequest<PromTarget>, result: PromSeries[]) => void = () => {}
) {
  const ask = async (path: string, params: Record<string, string>) => {
    const body = await api(path, new URLSearchParams(params));
    if (body.status !== 'success') {
      throw new Error(body.error);
    }
    return body.data.result;
  };
  return {
    uid: 'prom',
    name: 'Prometheus',
    type: 'prometheus',
    query: async (r: DataQueryRequest<PromTarget>) => {
      const t = r.targets[0];
      const result = t.instant
        ? await ask('/api/v1/query', { query: t.expr, time: String(r.range.to.valueOf() / 1000) })
        : await ask('/api/v1/query_range', {
            query: t.expr,
            start: String(r.range.from.valueOf() / 1000),
            end: String(r.range.to.valueOf() / 1000),
            step: String(r.intervalMs / 1000),
          });
      if (!t.instant) {
        onRange(r, result);
      }
      return {
        data: result.map((s) => ({
          refId: t.refId,
          length: s.values.length,
          fields: [
            { name: 'Time', type: FieldType.time, config: {}, values: s.values.map(([x]) => x * 1000) },
            {
              name: 'Value',
              type: FieldType.number,
              config: {},
              labels: s.metric,
              values: s.values.map(([, v]) => Number(v)),
            },
          ],
        })),
      };
    },
  };
}

/** {@link PromApi} of an in-process upstream (tests/support/memoryUpstream.ts, the demo's). */
export function upstreamApi(upstream: Upstream): PromApi {
  return async (path, params) => (await upstream.call(path, params)).body as PromBody;
}

/** {@link PromApi} of a Prometheus over HTTP at `url()` (read at each call, as it starts in beforeAll). */
export function httpApi(url: () => string): PromApi {
  return async (path, params) => {
    const res = await nodeFetch(`${url()}${path}`, {
      method: 'POST',
      body: params.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    return res.json();
  };
}
