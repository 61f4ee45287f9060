/**
 * How the page runs one PromQL instant query. The live figures only need the Prometheus HTTP API's
 * JSON (`{status, data: {resultType, result}}`), so the transport is a function: inside Grafana it
 * goes through the data source proxy, in tests it can go straight to a Prometheus.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

/** Runs `expr` as an instant query at `timeSec` (Unix seconds); resolves to the API's JSON body. */
export type InstantQueryFn = (expr: string, timeSec: number) => Promise<unknown>;

/** Grafana's proxy path of a data source's Prometheus API, e.g. `/api/datasources/proxy/uid/abc/api/v1/query`. */
export function proxyQueryUrl(dataSourceUid: string): string {
  return `/api/datasources/proxy/uid/${encodeURIComponent(dataSourceUid)}/api/v1/query`;
}

/**
 * An error body from Prometheus (HTTP 400/422/503) is still an API response: returns it so the model
 * can report Prometheus' own message; anything else becomes an error-shaped response with the reason.
 */
export function errorToResponse(err: unknown): unknown {
  const e = err as { data?: unknown; status?: number; statusText?: string; message?: string };
  const body = e?.data as { status?: string } | undefined;
  if (body && typeof body === 'object' && body.status === 'error') {
    return body;
  }
  const reason = e?.message ?? (e?.status ? `HTTP ${e.status} ${e.statusText ?? ''}`.trim() : String(err));
  return { status: 'error', error: reason };
}

/**
 * Instant queries through Grafana's data source proxy (the data source must use server access,
 * Grafana's default for Prometheus). No error toasts: failures are shown next to the agent.
 */
export function grafanaInstantQuery(dataSourceUid: string): InstantQueryFn {
  const url = proxyQueryUrl(dataSourceUid);
  return async (expr, timeSec) => {
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<unknown>({ url, method: 'GET', params: { query: expr, time: timeSec }, showErrorAlert: false })
      );
      return res.data;
    } catch (e) {
      return errorToResponse(e);
    }
  };
}
