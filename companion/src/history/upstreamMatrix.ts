import { KindedError } from '../../../src/engine/errors';
import { errorKindOf } from '../upstream/promErrors';
import type { PromMatrixSeries, Upstream } from '../upstream/types';

/**
 * Runs a range query on the upstream and returns its matrix. An upstream error (e.g. a PromQL
 * syntax error in the inner query) is re-thrown with the upstream's own type, message and status.
 */
export async function fetchMatrix(
  upstream: Upstream,
  query: string,
  start: number,
  end: number,
  step: number,
  signal?: AbortSignal
): Promise<PromMatrixSeries[]> {
  const params = new URLSearchParams({
    query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(step / 1000),
  });
  const res = await upstream.call('/api/v1/query_range', params, signal);
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
  return data.result;
}
