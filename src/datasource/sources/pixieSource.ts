/** Pixie through the companion (`pixie` proxy route → companion `/api/v1/pixie/...`). */
import type { PixieQueryData, PixieTable } from '../../common/pixieTables';
import type { PromEnvelope } from '../../common/promApi';
import { QueryError } from '../prometheus/frames';
import { proxyFetch } from './http';

/** Runs a PxL script over [from, to]; the companion replaces `__time_from`, `__time_to`, `__interval`. */
export async function runPxl(baseUrl: string, script: string, from: number, to: number, intervalMs: number, clusterId?: string): Promise<PixieTable[]> {
  if (!script.trim()) {
    throw new QueryError('enter a PxL script');
  }
  const body = await proxyFetch<PromEnvelope<PixieQueryData>>({
    source: 'Pixie (via companion)',
    url: `${baseUrl}/pixie/query`,
    method: 'POST',
    json: { script, from, to, intervalMs, clusterId: clusterId || undefined },
  });
  if (body.status !== 'success' || !body.data) {
    throw new QueryError(`Pixie: ${body.error ?? 'no data'}`);
  }
  return body.data.tables;
}
