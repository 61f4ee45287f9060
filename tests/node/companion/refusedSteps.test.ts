/**
 * A series refused at some steps of a range query and answered at others is not said refused: the
 * bound comes from each training window's values, and a ratio by its name that exceeds 1 later in the
 * range has none there. Before, the warning said "1 of 1 series refused" beside the series' samples.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

beforeAll(async () => {
  const upstream = new DemoUpstream(() => NOW);
  Object.defineProperty(upstream, 'series', {
    value: [
      {
        labels: { __name__: 'pod:cpu_usage_to_request:ratio', pod: 'crossing' },
        type: 'gauge',
        help: 'Usage over request.',
        // 0.75 three days ago, rising 0.1 a day: above 1 only in the last half day.
        at: (t: number) => 0.75 + (0.1 * (t - (NOW - 3 * DAY))) / DAY + 0.01 * Math.sin(t / H),
      },
    ],
  });
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, now: () => NOW, upstream }
  );
});
afterAll(async () => companion?.close());

it('a range query: the series answered where its window exceeds 1, its refused steps counted, not "refused"', async () => {
  const res = await fetch(`${companion.url}/api/v1/query_range`, {
    method: 'POST',
    body: new URLSearchParams({
      query: 'time_to_exhaustion(pod:cpu_usage_to_request:ratio, 1.2, "train=1d step=1h")',
      start: String((NOW - DAY) / 1000),
      end: String(NOW / 1000),
      step: '3600',
    }),
  });
  const body = await res.json();
  expect(res.status).toBe(200);
  const [series] = body.data.result;
  const answered = series.values.length;
  expect(answered).toBeGreaterThan(0);
  expect(answered).toBeLessThan(25);
  expect(body.warnings).toEqual(
    expect.arrayContaining([
      `time_to_exhaustion: 1 of 1 series refused at some steps: {pod="crossing"} at ${25 - answered} of 25: ` +
        'limit 1.2 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached',
    ])
  );
  expect(body.warnings.some((w: string) => / series refused: /.test(w))).toBe(false);
});
