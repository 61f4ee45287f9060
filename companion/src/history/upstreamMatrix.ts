import { KindedError } from '../../../src/engine/errors';
import { errorKindOf } from '../upstream/promErrors';
import { columnsOf, type MatrixColumns } from '../upstream/matrixColumns';
import type { PromMatrixSeries, Upstream, UpstreamMatrixResponse } from '../upstream/types';

/**
 * Runs a range query on the upstream and returns its matrix as columns (read from the answer's
 * bytes when the upstream can, scanMatrix.ts; else converted). An upstream error (e.g. a PromQL
 * syntax error in the inner query) is re-thrown with the upstream's own type, message and status.
 */
export async function fetchMatrix(
  upstream: Upstream,
  query: string,
  start: number,
  end: number,
  step: number,
  signal?: AbortSignal
): Promise<MatrixColumns[]> {
  const params = new URLSearchParams({
    query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(step / 1000),
  });
  const res: UpstreamMatrixResponse = upstream.queryRange
    ? await upstream.queryRange(params, signal)
    : await upstream.call('/api/v1/query_range', params, signal);
  if (res.body.status !== 'success') {
    throw new KindedError(errorKindOf(res.body.errorType), res.body.error ?? 'upstream error', res.status);
  }
  const data = res.body.data as { resultType?: string; result?: PromMatrixSeries[] } | undefined;
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
    throw new KindedError(
      'execution',
      `inner query returned ${data?.resultType ?? 'nothing'}, expected a range vector result (matrix)`
    );
  }
  return res.matrix ?? columnsOf(data.result);
}
