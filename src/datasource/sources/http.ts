/**
 * HTTP through Grafana's data proxy (`/api/datasources/proxy/uid/<uid>/<route>/...`), with errors
 * turned into one sentence naming the source and what went wrong.
 */
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { QueryError } from '../prometheus/frames';

/** Options of one proxied request. */
export interface ProxyRequest {
  /** Which source, for messages: "Companion", "Parca", "Pixie (via companion)". */
  source: string;
  url: string;
  method?: 'GET' | 'POST';
  params?: URLSearchParams;
  /** Form body (x-www-form-urlencoded) or JSON body. */
  form?: URLSearchParams;
  json?: unknown;
  requestId?: string;
}

/** Explains a failed proxied request: unreachable, refused, or the source's own error text. */
export function describeFetchError(source: string, err: unknown): string {
  if (isFetchError(err)) {
    const data = err.data as { error?: string; message?: string } | string | undefined;
    const detail = typeof data === 'string' ? data : (data?.error ?? data?.message ?? err.statusText ?? '');
    if (err.status === 502 || err.status === 504 || err.status === 0 || err.status === undefined) {
      return `${source} is unreachable through Grafana's proxy (HTTP ${err.status ?? 'error'}${detail ? `: ${detail}` : ''}); check its URL in the data source settings`;
    }
    if (err.status === 401 || err.status === 403) {
      return `${source} refused the request (HTTP ${err.status}${detail ? `: ${detail}` : ''}); check the token or API key`;
    }
    return `${source} answered HTTP ${err.status}${detail ? `: ${detail}` : ''}`;
  }
  return `${source} request failed: ${(err as Error)?.message ?? String(err)}`;
}

/** Sends a request through the proxy and returns its JSON body; throws QueryError with a clear message. */
export async function proxyFetch<T>(r: ProxyRequest): Promise<T> {
  const query = r.params?.toString();
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: query ? `${r.url}?${query}` : r.url,
        method: r.method ?? 'GET',
        data: r.form ? r.form.toString() : r.json,
        headers: r.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : r.json ? { 'Content-Type': 'application/json' } : undefined,
        showErrorAlert: false,
        requestId: r.requestId,
      })
    );
    return res.data;
  } catch (err) {
    throw new QueryError(describeFetchError(r.source, err));
  }
}
