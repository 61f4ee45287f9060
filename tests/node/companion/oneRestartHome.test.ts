/**
 * One restart seen (src/ml/tte oneRestart.ts) over loopback: a leak begun 3 days ago and restarted by
 * hand once, a day ago, to its baseline. The engine reads the restart as the first of a pattern; the
 * home page's exhaustion endpoint says it rests on one reset (`resetsSeen` 1), so the home page hedges
 * it as the panel does ("if one comes"), and the query API carries the crossing the segment alone has.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { hashNormal } from '../../../companion/src/upstream/demo/noise';
import { deniedCrossingText, exhaustionText } from '../../../src/pages/home/format';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
const BORN = NOW - 3 * DAY;
const RESTART = NOW - DAY;
let companion: Companion;

/** 55 MB/h from 2 GB with a daily swing, born 3 days ago, restarted once a day ago: 6 GB in 2 days. */
function leak(t: number): number {
  if (t < BORN) {
    return NaN;
  }
  const since = t < RESTART ? t - BORN : t - RESTART;
  return 2e9 + (55e6 * since) / H + 1e8 * Math.sin((2 * Math.PI * t) / DAY) + 2e7 * hashNormal(77, t / SCRAPE_MS);
}

beforeAll(async () => {
  const upstream = new DemoUpstream(() => NOW);
  Object.defineProperty(upstream, 'series', {
    value: [
      {
        labels: { __name__: 'process_resident_memory_bytes', job: 'worker', instance: 'w-1:8080' },
        type: 'gauge',
        help: 'Resident memory size in bytes.',
        at: leak,
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

const QUERY = 'time_to_exhaustion(process_resident_memory_bytes, 6e9, "direction=up step=10m")';

it('the exhaustion endpoint says the next reset rests on one, and the home page hedges it', async () => {
  const r = await post('/api/v1/bellwether/exhaustion', { query: QUERY, time: String(NOW / 1000) });
  expect(r.status).toBe(200);
  const [row] = r.body.data.result;
  expect(row.verdict).toBe('no_trend');
  expect(row.gate.significant).toBe(true);
  expect(Number(row.nextReset) * 1000).toBeGreaterThan(NOW);
  expect(row.resetsSeen).toBe(1);
  expect(exhaustionText(Infinity, NaN, Infinity, row.verdict, row.gate, row.sinceReset, row.resetsSeen)).toBe(
    'not full before the next reset, if one comes (one seen)'
  );
  // The crossing the restart ahead denied, which the query API's warning gives: the home row says it
  // in the same words.
  const alone = deniedCrossingText(Number(row.segmentAloneSeconds), row.verdict, row.resetsSeen);
  expect(alone).toMatch(/^alone would reach the limit in \d+\.\d [hd]$/);
  const q = await post('/api/v1/query', { query: QUERY, time: String(NOW / 1000) });
  expect(q.body.warnings.join(' ')).toContain(`the segment ${alone}. One reset`);
});

it("the query API's warnings carry the crossing the segment alone would have", async () => {
  const r = await post('/api/v1/query', { query: QUERY, time: String(NOW / 1000) });
  expect(r.status).toBe(200);
  expect(r.body.data.result[0].value[1]).toBe('+Inf');
  expect(r.body.warnings.join(' ')).toMatch(/one reset seen .* the segment alone would reach the limit in /);
});
