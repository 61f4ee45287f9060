/**
 * A fit's warning in a query over several series names the series it is about. The demo's two
 * api pods: one leaks and is restarted every 3.5 d, the other is flat; "resets recur every 3.5 d …
 * would reach it in 11.2 d" is api-1's. Before, it came without a series, read as the selector's.
 * A query over one series keeps the fit's words as they are (the CLI's and the panel's).
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';

const NOW = Date.UTC(2026, 11, 6, 23, 33, 10);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

async function warnings(query: string): Promise<string[]> {
  const res = await fetch(`${companion.url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query, time: String(NOW / 1000) }),
  });
  const body = await res.json();
  expect([res.status, body.error]).toEqual([200, undefined]);
  return body.warnings ?? [];
}

it('names the pod a reset warning is about', async () => {
  const ws = await warnings('time_to_exhaustion(process_resident_memory_bytes, 2e9)');
  const resets = ws.filter((w) => w.includes('resets recur every'));
  expect(resets).toHaveLength(1);
  expect(resets[0]).toMatch(/^\{instance="api-1:8080", job="api"\}: resets recur every /);
});

it('one series: the fit’s words unchanged', async () => {
  const ws = await warnings('time_to_exhaustion(process_resident_memory_bytes{instance="api-1:8080"}, 2e9)');
  expect(ws.filter((w) => w.startsWith('resets recur every'))).toHaveLength(1);
});
