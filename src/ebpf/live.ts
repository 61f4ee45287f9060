/**
 * The `live` source: reads Prometheus instant-query responses (the HTTP API's JSON) for the queries of
 * `liveQueries` and turns them into figures labelled with the query that produced them.
 */
import { parseValue } from '../common/promValue';
import { EbpfModelError } from './errors';
import { AgentComparison, Figure, FigureMetric } from './figures';
import { LiveQueries } from './promql';
import { AgentKind } from './resultTypes';

/**
 * The single number of an instant-query response (`resultType` vector with one sample, or scalar).
 * @throws EbpfModelError (`bad_response`) for an error response, an empty result (the matchers select
 * nothing) or several series (the query is not aggregated).
 */
export function instantValue(response: unknown): number {
  const r = response as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (!r || typeof r !== 'object') {
    throw new EbpfModelError('bad_response', 'not a Prometheus API response');
  }
  if (r.status !== 'success') {
    throw new EbpfModelError('bad_response', `Prometheus error: ${r.error ?? 'status ' + String(r.status)}`);
  }
  const data = r.data;
  let raw: unknown;
  if (data?.resultType === 'scalar' && Array.isArray(data.result)) {
    raw = data.result[1];
  } else if (data?.resultType === 'vector' && Array.isArray(data.result)) {
    if (data.result.length === 0) {
      throw new EbpfModelError('bad_response', 'no data: the label matchers select no cAdvisor series (check them, and that cAdvisor is scraped)');
    }
    if (data.result.length > 1) {
      throw new EbpfModelError('bad_response', `expected one series, got ${data.result.length}: aggregate the query`);
    }
    raw = (data.result[0] as { value?: unknown[] }).value?.[1];
  } else {
    throw new EbpfModelError('bad_response', `expected a vector or scalar result, got ${String(data?.resultType)}`);
  }
  if (typeof raw !== 'string') {
    throw new EbpfModelError('bad_response', 'sample value is not a string as the Prometheus API returns it');
  }
  let v: number;
  try {
    v = parseValue(raw);
  } catch (err) {
    throw new EbpfModelError('bad_response', (err as Error).message);
  }
  if (!Number.isFinite(v)) {
    throw new EbpfModelError('bad_response', `query returned ${raw}`);
  }
  return v;
}

const MIB = 1024 * 1024;

/** Which live query feeds which figure, and the scale to the figure's unit. */
const LIVE_METRICS: Array<{ query: keyof LiveQueries; metric: FigureMetric; scale: number }> = [
  { query: 'agentCpuCores', metric: 'agentCpuCores', scale: 1 },
  { query: 'agentCpuPercentOfNode', metric: 'agentCpuPercentOfNode', scale: 1 },
  { query: 'agentMemoryBytesAvg', metric: 'agentMemoryMiBAvg', scale: 1 / MIB },
  { query: 'agentMemoryBytesMax', metric: 'agentMemoryMiBMax', scale: 1 / MIB },
  { query: 'serviceCpuCores', metric: 'serviceCpuCores', scale: 1 },
];

/**
 * Live figures for one agent from the responses to its queries. A query whose response is missing or
 * unusable yields no figure and an entry in `errors` (shown next to the agent), never a zero.
 */
export function liveComparison(
  agent: string,
  kind: AgentKind,
  queries: LiveQueries,
  responses: Partial<Record<keyof LiveQueries, unknown>>,
  evaluatedAt: number
): { row: AgentComparison; errors: string[] } {
  const figures: Figure[] = [];
  const errors: string[] = [];
  for (const { query, metric, scale } of LIVE_METRICS) {
    if (!(query in responses)) {
      continue;
    }
    try {
      const value = instantValue(responses[query]) * scale;
      figures.push({ metric, value, source: { kind: 'live', query: queries[query], evaluatedAt } });
    } catch (e) {
      errors.push(`${query}: ${(e as Error).message}`);
    }
  }
  return { row: { agent, kind, figures }, errors };
}
