/**
 * The upstream: where inner PromQL is evaluated and label/series calls are answered. Two
 * implementations: `PrometheusUpstream` (any Prometheus HTTP API: Prometheus, Mimir, Thanos,
 * VictoriaMetrics) and `DemoUpstream` (embedded deterministic demo series for the quick start).
 */

import type { PromEnvelope, PromMatrixSeries } from '../../../src/common/promApi';

/** A Prometheus API response: the JSON envelope and the HTTP status that carried it. */
export interface UpstreamResponse {
  status: number;
  body: PromEnvelope;
}

// Prometheus' response envelope and matrix series, shared with the data source.
export type { PromEnvelope, PromMatrixSeries };

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
