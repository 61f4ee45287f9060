/** Range queries of our functions on the companion, through the `companion` proxy route. */
import type { PromEnvelope, PromMatrixSeries } from '../../common/promApi';
import { QueryError, tooManySeries } from '../prometheus/frames';
import type { SampleIntervalProblem } from '../../engine/resolution';
import { proxyFetch } from './http';

/** POST `<url>/companion/api/v1/query_range` with start/end/step in seconds: the series and the envelope's warnings. */
export async function companionRange(baseUrl: string, query: string, start: number, end: number, step: number, maxSeries: number): Promise<{ result: PromMatrixSeries[]; warnings: string[] }> {
  const form = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) });
  const body = await proxyFetch<PromEnvelope<{ resultType: string; result: PromMatrixSeries[] }>>({ source: 'Companion', url: `${baseUrl}/companion/api/v1/query_range`, method: 'POST', form });
  if (body.status !== 'success' || body.data?.resultType !== 'matrix') {
    throw new QueryError(`Companion: ${body.error ?? `expected a matrix, got ${body.data?.resultType ?? 'nothing'}`}`);
  }
  if (body.data.result.length > maxSeries) {
    throw new QueryError(tooManySeries(body.data.result.length, maxSeries));
  }
  return { result: body.data.result, warnings: body.warnings ?? [] };
}

/**
 * Raw sample times (seconds) of each series a range selector `expr` reads at `at`, through the
 * companion (which passes plain PromQL to its upstream): how the companion path learns the interval
 * the companion will score at. A failed call (the companion down for a moment, an error answer) is a
 * `failed` problem, asked again on the next query; an answer that is not raw samples is a problem.
 */
export async function companionRawSampleTimes(baseUrl: string, expr: string, at: number): Promise<number[][] | SampleIntervalProblem> {
  const form = new URLSearchParams({ query: expr, time: String(at / 1000) });
  type Raw = PromEnvelope<{ resultType: string; result: PromMatrixSeries[] }>;
  let body: Raw;
  try {
    body = await proxyFetch<Raw>({ source: 'Companion', url: `${baseUrl}/companion/api/v1/query`, method: 'POST', form });
  } catch (e) {
    return { problem: `${(e as Error)?.message ?? String(e)}; asked again on the next query`, failed: true };
  }
  if (body.status !== 'success') {
    return { problem: `the companion answered ${expr} with ${body.error ?? 'an error'}; asked again on the next query`, failed: true };
  }
  if (body.data?.resultType !== 'matrix') {
    return { problem: `the companion answered ${expr} with ${body.data?.resultType ?? 'nothing'}, not raw samples` };
  }
  return body.data.result.map((s) => s.values.map((v) => Number(v[0])));
}
