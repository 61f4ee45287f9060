/**
 * A query's series read through an upstream's /api/v1/query_range onto the engine's grid, as the data
 * source hands them to the worker: NaN where a step has no sample, labels without `__name__`.
 */
import type { Upstream } from '../../companion/src/upstream/types';
import type { GridMatrix } from '../../src/engine/history';

export async function upstreamMatrix(
  upstream: Upstream,
  query: string,
  step: number,
  from: number,
  to: number
): Promise<GridMatrix> {
  const params = new URLSearchParams({
    query,
    start: String(from / 1000),
    end: String(to / 1000),
    step: String(step / 1000),
  });
  const r = await upstream.call('/api/v1/query_range', params);
  const result = (
    r.body as { data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } }
  ).data.result;
  const n = Math.round((to - from) / step) + 1;
  return {
    from,
    step,
    series: result.map((s) => {
      const { __name__: _name, ...labels } = s.metric;
      const values = new Float64Array(n).fill(NaN);
      for (const [t, v] of s.values) {
        values[Math.round((t * 1000 - from) / step)] = Number(v);
      }
      return { labels, values };
    }),
  };
}
