/**
 * The upstream: where inner PromQL is evaluated and label/series calls are answered. Two
 * implementations: `PrometheusUpstream` (any Prometheus HTTP API: Prometheus, Mimir, Thanos,
 * VictoriaMetrics) and `DemoUpstream` (embedded deterministic demo series for the quick start).
 */

/** A Prometheus API response: the JSON envelope and the HTTP status that carried it. */
export interface UpstreamResponse {
  status: number;
  body: PromEnvelope;
}

/** Prometheus' response envelope. */
export interface PromEnvelope {
  status: 'success' | 'error';
  data?: unknown;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

/** One series of a matrix result as Prometheus returns it. */
export interface PromMatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** One read-only Prometheus API endpoint call. */
export interface Upstream {
  /** Short description for logs and buildinfo (never includes credentials). */
  readonly description: string;
  /**
   * Calls `path` (e.g. `/api/v1/query_range`) with form parameters and returns the upstream's
   * envelope as is. Throws ApiError('unavailable' | 'timeout') when the upstream cannot answer.
   */
  call(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<UpstreamResponse>;
  /** Resolves when the upstream answers its readiness check; throws ApiError otherwise. */
  ready(signal?: AbortSignal): Promise<void>;
}
