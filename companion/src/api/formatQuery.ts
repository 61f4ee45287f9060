/**
 * `/api/v1/format_query` (Grafana's "Format query" button): plain PromQL is formatted by the
 * upstream, as Prometheus (>= 2.38) does; in a call of ours, the upstream formats the inner PromQL
 * and the rest (arguments, options, comparison) stays as written.
 */
import type { ParsedQuery } from '../query/ast';
import type { Upstream, UpstreamResponse } from '../upstream/types';

/** The upstream's answer for a plain query, or ours with the formatted inner query spliced in. */
export async function formatQuery(
  text: string,
  parsed: ParsedQuery,
  upstream: Upstream,
  signal: AbortSignal
): Promise<UpstreamResponse> {
  if (parsed.kind === 'passthrough') {
    return upstream.call('/api/v1/format_query', new URLSearchParams({ query: text }), signal);
  }
  const inner = await upstream.call('/api/v1/format_query', new URLSearchParams({ query: parsed.inner }), signal);
  if (inner.body.status !== 'success' || typeof inner.body.data !== 'string') {
    return inner;
  }
  const { start, end } = parsed.innerPosition;
  const formatted = (text.slice(0, start) + inner.body.data + text.slice(end)).trim();
  return { status: 200, body: { status: 'success', data: formatted } };
}
