/**
 * "What moved together" on the companion (`/api/v1/bellwether/moved_together`, through the
 * `companion` proxy route): the candidates ranked around an anomalous time of one target series.
 */
import type { PromEnvelope } from '../../common/promApi';
import type { MovedTogetherResult } from '../../engine/movedTogether';
import { QueryError } from '../prometheus/frames';
import { proxyFetch } from './http';

/** One request. Times and durations in ms. */
export interface MovedTogetherParams {
  /** PromQL of the anomalous series; it must return one series. */
  target: string;
  at: number;
  candidates?: string;
  step?: number;
  lookBack?: number;
  after?: number;
}

/** The companion's ranking (sparkline gaps arrive as null and become NaN). */
export async function fetchMovedTogether(baseUrl: string, p: MovedTogetherParams): Promise<MovedTogetherResult> {
  const form = new URLSearchParams({ target: p.target, time: String(p.at / 1000) });
  if (p.candidates?.trim()) {
    form.set('candidates', p.candidates.trim());
  }
  for (const [name, ms] of [
    ['step', p.step],
    ['look_back', p.lookBack],
    ['after', p.after],
  ] as const) {
    if (ms !== undefined) {
      form.set(name, `${ms / 1000}s`);
    }
  }
  const body = await proxyFetch<PromEnvelope<MovedTogetherResult>>({
    source: 'Companion',
    url: `${baseUrl}/companion/api/v1/bellwether/moved_together`,
    method: 'POST',
    form,
  });
  if (body.status !== 'success' || !Array.isArray(body.data?.candidates)) {
    throw new QueryError(`Companion: ${body.error ?? 'what moved together answered without candidates'}`);
  }
  const data = body.data;
  return {
    ...data,
    candidates: data.candidates.map((c) => ({
      ...c,
      sparkline: (c.sparkline as Array<number | null>).map((v) => (v === null ? NaN : Number(v))),
    })),
  };
}

/** A plain selector: an optional metric name and optional matchers. */
const SELECTOR_RE = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)?\s*(?:\{([^{}]*)\})?\s*$/;

/**
 * The query of one series of `expr`: a plain selector gets a matcher for each of the series' labels
 * it does not already match on, so the companion reads that series alone; any other expression is
 * left as it is (the companion then says if it returns more than one series).
 *
 * @example seriesQuery('pod_cpu{namespace="shop"}', { namespace: 'shop', pod: 'web-4' })
 * // 'pod_cpu{namespace="shop", pod="web-4"}'
 */
export function seriesQuery(expr: string, labels: Record<string, string>): string {
  const m = SELECTOR_RE.exec(expr);
  if (!m || (!m[1] && !m[2])) {
    return expr.trim();
  }
  const given = (m[2] ?? '').trim();
  const named = new Set([...given.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!=|!~|=)/g)].map((x) => x[1]));
  const extra = Object.keys(labels)
    .filter((k) => k !== '__name__' && !named.has(k) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  const all = [given.replace(/,\s*$/, ''), ...extra].filter(Boolean).join(', ');
  return all ? `${m[1] ?? ''}{${all}}` : expr.trim();
}
