/**
 * One restart seen (src/ml/tte oneRestart.ts): `bellwether tte` prints the fields the companion's
 * exhaustion endpoint gives for it, with the same figures: the verdict, when the next reset is due
 * (`nextResetAt` / `nextReset`), how many resets that rests on (`resetsSeen` 1) and the crossing the
 * reset ahead denied (`segmentAloneSeconds`). Before, the CLI's JSON had none of the last three.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { hashNormal } from '../../../companion/src/upstream/demo/noise';
import { formatValue } from '../../../src/common/promValue';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const STEP = 10 * MIN;
const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
const BORN = NOW - 3 * DAY;
const RESTART = NOW - DAY;

/** 55 MB/h from 2 GB with a daily swing, born 3 days ago, restarted once a day ago (oneRestartHome.test.ts). */
function leak(t: number): number {
  if (t < BORN) {
    return NaN;
  }
  const since = t < RESTART ? t - BORN : t - RESTART;
  return 2e9 + (55e6 * since) / H + 1e8 * Math.sin((2 * Math.PI * t) / DAY) + 2e7 * hashNormal(77, t / SCRAPE_MS);
}

let companion: Companion;
let upstream: DemoUpstream;

beforeAll(async () => {
  upstream = new DemoUpstream(() => NOW);
  Object.defineProperty(upstream, 'series', {
    value: [{ labels: { __name__: 'process_resident_memory_bytes', job: 'w' }, type: 'gauge', help: 'RSS.', at: leak }],
  });
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, now: () => NOW, upstream }
  );
});
afterAll(async () => companion?.close());

/** The series every 10 minutes from its birth to NOW, as the companion reads it, in a CSV. */
async function csvOfSeries(): Promise<string> {
  const r = await upstream.call(
    '/api/v1/query_range',
    new URLSearchParams({
      query: 'process_resident_memory_bytes',
      start: String(BORN / 1000),
      end: String(NOW / 1000),
      step: String(STEP / 1000),
    })
  );
  const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
  const file = join(mkdtempSync(join(tmpdir(), 'bw-one-restart-')), 'rss.csv');
  writeFileSync(file, 'timestamp,value\n' + s.values.map(([t, x]) => `${t},${x}`).join('\n') + '\n');
  return file;
}

it('the CLI and the exhaustion endpoint give the same reset fields and figures', async () => {
  const res = await fetch(`${companion.url}/api/v1/bellwether/exhaustion`, {
    method: 'POST',
    body: new URLSearchParams({
      query: 'time_to_exhaustion(process_resident_memory_bytes, 6e9, "direction=up step=10m refit=10m")',
      time: String(NOW / 1000),
    }),
  });
  const [row] = (await res.json()).data.result;
  const cli = await capture(tteCommand, [await csvOfSeries(), '--capacity', '6e9', '--direction', 'up']);
  expect(cli.code).toBe(0);
  const out = JSON.parse(cli.out);
  // The case itself: one restart read as the first of a pattern.
  expect([row.verdict, row.resetsSeen]).toEqual(['no_trend', 1]);
  expect({
    verdict: out.verdict,
    seconds: formatValue(out.seconds ?? Infinity),
    lower: formatValue(out.lower ?? Infinity),
    upper: formatValue(out.upper ?? Infinity),
    nextReset: formatValue(out.nextResetAtSeconds),
    resetsSeen: out.resetsSeen,
    segmentAloneSeconds: formatValue(out.segmentAloneSeconds),
  }).toEqual({
    verdict: row.verdict,
    seconds: row.seconds,
    lower: row.lower,
    upper: row.upper,
    nextReset: row.nextReset,
    resetsSeen: row.resetsSeen,
    segmentAloneSeconds: row.segmentAloneSeconds,
  });
  expect(out.nextResetAt).toBe(new Date(Number(row.nextReset) * 1000).toISOString());
  // The segment alone reaches 6 GB about 2 days out (3.3 GB rising 55 MB/h).
  expect((out.segmentAloneSeconds * 1000) / DAY).toBeGreaterThan(1.5);
  expect((out.segmentAloneSeconds * 1000) / DAY).toBeLessThan(3);
});
