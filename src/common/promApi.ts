/**
 * The wire shapes of Prometheus' HTTP API that the companion writes and the data source reads: the
 * `{status, data, errorType, error, warnings}` envelope, matrix series, and the error kinds.
 * Values in results are strings (promValue.ts). The HTTP status of each error kind is the
 * companion's HTTP layer's business (companion/src/api/apiError.ts).
 */

/** Prometheus' error kinds (web/api/v1), independent of HTTP. */
export type PromErrorType =
  'bad_data' | 'execution' | 'timeout' | 'unavailable' | 'internal' | 'not_found' | 'canceled';

/** One series of a matrix result: labels and `[unix seconds, "value"]` pairs. */
export interface PromMatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** The `data` of a range query answer. */
export interface PromMatrixData {
  resultType: 'matrix';
  result: PromMatrixSeries[];
}

/** Prometheus' response envelope; `D` is the shape of `data` on success. */
export interface PromEnvelope<D = unknown> {
  status: 'success' | 'error';
  data?: D;
  /** On error: one of PromErrorType (an upstream may send others, so a string). */
  errorType?: string;
  error?: string;
  warnings?: string[];
}
