/**
 * The home page's CompanionClient calls that loadSelector makes (src/pages/home/anomalous.ts), sent
 * from Node straight to a companion's HTTP API, as Grafana's proxy would pass them on.
 */
import { parseValue } from '../../src/common/promValue';
import type { CompanionClient } from '../../src/pages/home/companionClient';

/** The calls loadSelector makes (and `range`), straight to the companion. */
export function nodeClient(url: string): CompanionClient {
  const api = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
    const body = (await res.json()) as { status: string; data?: any; error?: string };
    if (body.status !== 'success') {
      throw new Error(body.error ?? `HTTP ${res.status}`);
    }
    return body.data;
  };
  const matrix = (data: any) =>
    (data.result as any[]).map((s) => ({
      labels: s.metric,
      times: s.values.map((x: [number, string]) => x[0]),
      values: s.values.map((x: [number, string]) => parseValue(x[1])),
    }));
  return {
    /** As CompanionClient.scan: a range query that accepts a partial answer, with its warnings. */
    scan: async (query: string, start: number, end: number, step: number) => {
      const form = { query, start: String(start), end: String(end), step: String(step), bellwether_partial: 'true' };
      const res = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body: new URLSearchParams(form) });
      const body = (await res.json()) as { status: string; data?: any; error?: string; warnings?: string[] };
      if (body.status !== 'success') {
        throw new Error(body.error ?? `HTTP ${res.status}`);
      }
      return { series: matrix(body.data), warnings: body.warnings ?? [] };
    },
    series: (match: string, now: number, lookbackS: number) =>
      api('/api/v1/series', { 'match[]': match, start: String(now - lookbackS), end: String(now) }),
    range: async (query: string, start: number, end: number, step: number) =>
      (
        (await api('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(step) }))
          .result as any[]
      ).map((s) => ({
        labels: s.metric,
        times: s.values.map((x: [number, string]) => x[0]),
        values: s.values.map((x: [number, string]) => parseValue(x[1])),
      })),
  } as unknown as CompanionClient;
}
