/**
 * A limit the series can never reach, over loopback: the demo's CPU utilisation (a ratio, by its
 * node-mixin recording rule's name) asked when it reaches 1.05 is refused in one line, in Prometheus'
 * error envelope, on the query API and on the home page's exhaustion endpoint; never a crossing time.
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';
import { postForm } from './harness';

const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

const post = (path: string, form: Record<string, string>) => postForm(companion.url, path, form);

const CPU = 'instance:node_cpu_utilisation:rate5m';

it.each(['/api/v1/query', '/api/v1/bellwether/exhaustion'])(
  '%s: capacity 1.05 on a ratio is a 400 that says why, with no value',
  async (path) => {
    const r = await post(path, {
      query: `time_to_exhaustion(${CPU}, 1.05, "train=1d step=1h")`,
      time: String(NOW / 1000),
    });
    expect(r.status).toBe(400);
    const { warnings, ...envelope } = r.body;
    expect(envelope).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached',
    });
    // The exhaustion endpoint adds the counted warning (refusedSeries.test.ts); the query API does not.
    expect(warnings === undefined).toBe(path === '/api/v1/query');
  }
);

it.each(['/api/v1/query', '/api/v1/bellwether/exhaustion'])(
  '%s: free bytes asked when they reach -5 is a 400 (free space is never negative), not a crossing time',
  async (path) => {
    const r = await post(path, {
      query: `time_to_exhaustion(node_filesystem_avail_bytes, -5, "train=1d step=1h")`,
      time: String(NOW / 1000),
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      status: 'error',
      errorType: 'bad_data',
      error:
        'limit -5 B is below the smallest possible value 0 B (an amount of bytes is never negative): it can never be reached',
    });
  }
);

it('capacity 1 on the same ratio is answered', async () => {
  const r = await post('/api/v1/query', {
    query: `time_to_exhaustion(${CPU}, 1, "train=1d step=1h")`,
    time: String(NOW / 1000),
  });
  expect(r.status).toBe(200);
  expect(r.body.data.result.length).toBeGreaterThan(0);
});
