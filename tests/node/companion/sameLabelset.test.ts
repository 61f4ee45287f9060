/**
 * Input series that differ only by their metric name (an SRE review): model functions drop the name,
 * as PromQL functions do, and the companion's store keyed series without it, so the two were merged,
 * the last sample written winning: web-1's CPU saturation scored 0.01 beside its load. Prometheus
 * refuses such a vector, and so does the companion, naming both metrics.
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';
import { postForm } from './harness';

const NOW = Date.UTC(2026, 11, 8, 1, 20, 0);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

const instant = (query: string) => postForm(companion.url, '/api/v1/query', { query, time: String(NOW / 1000) });
const range = (query: string) =>
  postForm(companion.url, '/api/v1/query_range', {
    query,
    start: String(NOW / 1000 - 3600),
    end: String(NOW / 1000),
    step: '60',
  });

describe('series equal but for __name__', () => {
  it.each([
    ['anomaly_score, instant', () => instant('anomaly_score({__name__=~"instance:node_.*"})')],
    ['anomaly_score, range', () => range('anomaly_score({__name__=~"instance:node_.*"})')],
    [
      'time_to_exhaustion, instant',
      () =>
        instant(
          'time_to_exhaustion({__name__=~"node_filesystem_(avail|size)_bytes",mountpoint="/var/lib/postgresql"}, 0, "direction=down")'
        ),
    ],
  ])('%s: refused as Prometheus refuses it, naming both metrics', async (_, ask) => {
    const r = await ask();
    expect([r.status, r.body.status, r.body.errorType]).toEqual([422, 'error', 'execution']);
    expect(r.body.error).toMatch(/^vector cannot contain metrics with the same labelset: \S+ and \S+ both have \{/);
    expect(r.body.error).toContain('label_replace');
  });

  it('one metric of them alone is answered, and web-1 scores its own values', async () => {
    const r = await instant('anomaly_score(instance:node_cpu_utilisation:rate5m)');
    expect(r.status).toBe(200);
    expect(r.body.data.result.length).toBeGreaterThan(1);
  });
});
