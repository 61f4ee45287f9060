/**
 * The upstream: where inner PromQL is evaluated and label/series calls are answered. Two
 * implementations: `PrometheusUpstream` (any Prometheus HTTP API: Prometheus, Mimir, Thanos,
 * VictoriaMetrics) and `DemoUpstream` (embedded deterministic demo series for the quick start).
 */

import type { PromEnvelope, PromMatrixSeries } from '../../../src/common/promApi';
import type { MatrixColumns } from './matrixColumns';

/** A Prometheus API response: the JSON envelope and the HTTP status that carried it. */
export interface UpstreamResponse {
  status: number;
  body: PromEnvelope;
}

/**
 * A range query's answer: the envelope, and, when the upstream read the matrix itself, its series
 * as columns (then `body.data.result` is empty).
 */
export interface UpstreamMatrixResponse extends UpstreamResponse {
  matrix?: MatrixColumns[];
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
  /**
   * `/api/v1/query_range`, optionally with the matrix read into columns (scanMatrix.ts); without
   * this method, callers use `call` and convert the parsed matrix.
   */
  queryRange?(params: URLSearchParams, signal?: AbortSignal): Promise<UpstreamMatrixResponse>;
  /** Resolves when the upstream answers its readiness check; throws ApiError otherwise. */
  ready(signal?: AbortSignal): Promise<void>;
}
