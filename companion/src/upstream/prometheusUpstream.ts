import { ApiError } from '../api/apiError';
import type { PromEnvelope, Upstream, UpstreamResponse } from './types';

/** Endpoints Prometheus accepts as POST forms; the rest (label values, status) are GET only. */
const POST_PATHS = new Set(['/api/v1/query', '/api/v1/query_range', '/api/v1/labels', '/api/v1/series', '/api/v1/query_exemplars']);

/** Settings of a Prometheus-compatible upstream. Credentials come from config only. */
export interface PrometheusUpstreamOptions {
  /** Base URL, e.g. `http://prometheus:9090` or `http://mimir/prometheus`. */
  url: string;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  /** Extra headers, e.g. `X-Scope-OrgID` for Mimir tenants. */
  headers?: Record<string, string>;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

/**
 * A Prometheus HTTP API upstream (Prometheus, Mimir, Thanos, VictoriaMetrics). Queries go out as
 * POST forms (no URL length limit); the response envelope comes back untouched so inner PromQL
 * errors reach the client as the upstream's own.
 */
export class PrometheusUpstream implements Upstream {
  readonly description: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: PrometheusUpstreamOptions) {
    const u = new URL(opts.url);
    u.username = '';
    u.password = '';
    this.base = u.toString().replace(/\/+$/, '');
    this.description = `prometheus ${this.base}`;
    this.headers = { Accept: 'application/json', ...(opts.headers ?? {}) };
    if (opts.bearerToken) {
      this.headers.Authorization = `Bearer ${opts.bearerToken}`;
    } else if (opts.basicAuth) {
      const raw = `${opts.basicAuth.username}:${opts.basicAuth.password}`;
      this.headers.Authorization = `Basic ${Buffer.from(raw).toString('base64')}`;
    }
  }

  async call(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<UpstreamResponse> {
    const res = await this.fetch(path, params, signal);
    const text = await res.text();
    let body: PromEnvelope;
    try {
      body = JSON.parse(text) as PromEnvelope;
    } catch {
      throw new ApiError(
        'unavailable',
        `upstream ${this.base} answered ${path} with HTTP ${res.status} and a non-JSON body: ${text.slice(0, 200)}`
      );
    }
    if (typeof body !== 'object' || body === null || (body.status !== 'success' && body.status !== 'error')) {
      throw new ApiError('unavailable', `upstream ${this.base} answered ${path} with an unexpected body (HTTP ${res.status})`);
    }
    return { status: res.status, body };
  }

  async ready(signal?: AbortSignal): Promise<void> {
    // `1` is the cheapest query every Prometheus-compatible API supports (Mimir/Thanos lack /-/ready at the base path).
    const r = await this.call('/api/v1/query', new URLSearchParams({ query: '1' }), signal);
    if (r.body.status !== 'success') {
      throw new ApiError('unavailable', `upstream ${this.base} is not ready: ${r.body.error ?? r.status}`);
    }
  }

  private async fetch(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      if (!POST_PATHS.has(path)) {
        const qs = params.toString();
        return await fetch(this.base + path + (qs ? '?' + qs : ''), { headers: this.headers, signal: combined });
      }
      return await fetch(this.base + path, {
        method: 'POST',
        headers: { ...this.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
        signal: combined,
      });
    } catch (err) {
      if (timeout.aborted) {
        throw new ApiError('timeout', `upstream ${this.base} did not answer ${path} within ${this.opts.timeoutMs / 1000}s`);
      }
      if (signal?.aborted) {
        throw signal.reason instanceof ApiError ? signal.reason : new ApiError('canceled', 'query was canceled');
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError('unavailable', `upstream ${this.base} is unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
  }
}
