/**
 * One series refused a limit it can never reach does not fail the whole selector, over loopback: two
 * pods' CPU usage over their request, ratios by the name, of which one stays in [0, 1] (refused at 1.05:
 * a ratio never exceeds 1) and one exceeds 1 (bursting over its request: no bound, answered). Before, the one refusal was the query's 400, and an
 * alert rule over the selector went to error for every series. Every series refused stays a 400; on
 * the home page's exhaustion endpoint it carries the counted warning too, so the page, which splits
 * a selector into shards, shows a shard whose series were all refused as refused series.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

/** Rising from `from` by 0.1 a day, with a daily swing. */
const rising = (from: number) => (t: number) => from + (0.1 * (t - (NOW - 3 * DAY))) / DAY + 0.02 * Math.sin(t / H);

beforeAll(async () => {
  const upstream = new DemoUpstream(() => NOW);
  Object.defineProperty(upstream, 'series', {
    value: [
      {
        labels: { __name__: 'pod:cpu_usage_to_request:ratio', pod: 'steady' },
        type: 'gauge',
        help: 'Usage over request.',
        at: rising(0.4),
      },
      {
        labels: { __name__: 'pod:cpu_usage_to_request:ratio', pod: 'bursting' },
        type: 'gauge',
        help: 'Usage over request.',
        at: rising(0.8),
      },
    ],
  });
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, now: () => NOW, upstream }
  );
});
afterAll(async () => companion?.close());

async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${companion.url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: await res.json() };
}

const RATIO = 'pod:cpu_usage_to_request:ratio';
const query = (selector: string) => `time_to_exhaustion(${selector}, 1.05, "train=1d step=1h")`;
const REFUSED =
  'time_to_exhaustion: 1 of 2 series refused: {pod="steady"}: limit 1.05 is above the largest ' +
  'possible value 1 (a ratio never exceeds 1): it can never be reached';

it.each(['/api/v1/query', '/api/v1/bellwether/exhaustion'])(
  '%s: the other series is answered; the refused one has no sample and a warning names it with a count',
  async (path) => {
    const r = await post(path, { query: query(RATIO), time: String(NOW / 1000) });
    expect(r.status).toBe(200);
    expect(r.body.data.result.map((s: any) => s.metric.pod)).toEqual(['bursting']);
    expect(r.body.warnings).toContain(REFUSED);
  }
);

it('a range query: the same, at every step', async () => {
  const r = await post('/api/v1/query_range', {
    query: query(RATIO),
    start: String((NOW - 3 * H) / 1000),
    end: String(NOW / 1000),
    step: '3600',
  });
  expect(r.status).toBe(200);
  expect(r.body.data.result.map((s: any) => [s.metric.pod, s.values.length])).toEqual([['bursting', 4]]);
  expect(r.body.warnings).toContain(REFUSED);
});

it('the refused series alone: a 400 that says why, as before', async () => {
  const r = await post('/api/v1/query', { query: query(`${RATIO}{pod="steady"}`), time: String(NOW / 1000) });
  expect(r.status).toBe(400);
  expect(r.body.error).toBe(
    'limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached'
  );
});

it('the exhaustion endpoint, every series refused: the same 400, with the counted warning a partly refused answer has', async () => {
  const r = await post('/api/v1/bellwether/exhaustion', {
    query: query(`${RATIO}{pod="steady"}`),
    time: String(NOW / 1000),
  });
  expect(r.status).toBe(400);
  expect(r.body).toEqual({
    status: 'error',
    errorType: 'bad_data',
    error: 'limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached',
    warnings: [REFUSED.replace('1 of 2', '1 of 1')],
  });
});
