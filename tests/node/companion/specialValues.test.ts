/**
 * +Inf, -Inf and NaN survive every way out of the companion, with a real Prometheus as the
 * reference for the spelling: query results (instant and range JSON), recording rules on /metrics
 * scraped by Prometheus, and the OpenMetrics renderer itself scraped by Prometheus. The companion
 * has no remote write, so there is no protobuf path to check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { renderOpenMetrics } from '../../../companion/src/recording/openMetrics';
import { omLine, startPrometheus, type TestPrometheus } from '../../support/prometheus';
import { until } from '../../support/until';
import { historyOpenMetrics, MINUTE, window } from './fixtures';
import { get } from './harness';

const { start, end } = window();
const SPECIALS = { pinf: Infinity, ninf: -Infinity, nan: NaN } as const;

/** The fixture history plus `bw_special{kind=pinf|ninf|nan}`, the specials, for the last 10 minutes. */
function history(): string {
  const lines = [historyOpenMetrics(start, end).replace(/\n# EOF\n$/, ''), '# TYPE bw_special gauge'];
  for (const [kind, v] of Object.entries(SPECIALS)) {
    for (let t = end - 10 * MINUTE; t <= end; t += MINUTE) {
      lines.push(omLine('bw_special', { kind }, v, t));
    }
  }
  return lines.join('\n') + '\n# EOF\n';
}

let prom: TestPrometheus;
let companion: Companion;
let exporter: Server;

beforeAll(async () => {
  prom = await startPrometheus({ openMetrics: history() });
  companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { url: prom.url },
      rules: {
        interval: '1s',
        step: '1m',
        // A rising counter never falls to 0: its time to exhaustion is +Inf.
        series: [
          {
            name: 'bw_req',
            expr: 'bw_requests_total',
            record: ['time_to_exhaustion'],
            capacity: 0,
            options: 'train=1d model=linear',
          },
        ],
      },
    }),
    { logger: silentLogger, now: () => end }
  );
  // The companion's own OpenMetrics renderer, serving every special value.
  exporter = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    res.end(
      renderOpenMetrics([
        {
          name: 'bw_rendered',
          type: 'gauge',
          help: 'Special values.',
          samples: Object.entries(SPECIALS).map(([kind, value]) => ({ labels: { kind }, value })),
        },
      ])
    );
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  await prom.scrape([
    { job: 'bellwether', target: new URL(companion.url).host, honorLabels: true },
    { job: 'rendered', target: `127.0.0.1:${(exporter.address() as AddressInfo).port}` },
  ]);
});

afterAll(async () => {
  await companion?.close();
  exporter?.close();
  await prom?.stop();
});

/** Instant query's values by label `key`. */
function byLabel(result: Array<{ metric: Record<string, string>; value: [number, string] }>, key: string) {
  return Object.fromEntries(result.map((s) => [s.metric[key], s.value[1]]));
}

/** Polls Prometheus until `query` returns `n` series. */
async function readBack(query: string, n: number) {
  return until(`${n} series of ${query} in Prometheus`, async () => {
    const result = (await get(prom.url, '/api/v1/query', { query })).body?.data?.result ?? [];
    return result.length >= n && result;
  });
}

it('passes the specials of an inner PromQL query through unchanged, instant and range', async () => {
  const time = String(end / 1000);
  const direct = await get(prom.url, '/api/v1/query', { query: 'bw_special', time });
  expect(byLabel(direct.body.data.result, 'kind')).toEqual({ pinf: '+Inf', ninf: '-Inf', nan: 'NaN' });
  const viaCompanion = await get(companion.url, '/api/v1/query', { query: 'bw_special', time });
  expect(viaCompanion.body.data.result).toEqual(direct.body.data.result);
  const range = { query: 'bw_special', start: String((end - 5 * MINUTE) / 1000), end: time, step: '60' };
  const rangeVia = await get(companion.url, '/api/v1/query_range', range);
  expect(rangeVia.body.data.result).toEqual((await get(prom.url, '/api/v1/query_range', range)).body.data.result);
  expect(rangeVia.body.data.result.flatMap((s: any) => s.values.map((v: [number, string]) => v[1])).sort()).toEqual(
    [...Array(6).fill('+Inf'), ...Array(6).fill('-Inf'), ...Array(6).fill('NaN')]
  );
});

it("writes +Inf for the companion's own functions, instant and range", async () => {
  const query = 'time_to_exhaustion(bw_requests_total, 0, "train=1d model=linear")';
  const instant = await get(companion.url, '/api/v1/query', { query, time: String(end / 1000) });
  expect(instant.status).toBe(200);
  expect(instant.body.data.result.map((s: any) => s.value[1])).toEqual(['+Inf']);
  const range = await get(companion.url, '/api/v1/query_range', {
    query,
    start: String((end - 2 * MINUTE) / 1000),
    end: String(end / 1000),
    step: '60',
  });
  expect(range.status).toBe(200);
  expect(range.body.data.result[0].values.map((v: [number, string]) => v[1])).toEqual(['+Inf', '+Inf', '+Inf']);
});

it('records +Inf through /metrics, and Prometheus reads +Inf back', async () => {
  await companion.rules.evaluateOnce();
  const text = await (await fetch(companion.url + '/metrics')).text();
  expect(text).toContain('bw_req:time_to_exhaustion_seconds{instance="node-a",job="api"} +Inf\n');
  const [s] = await readBack('bw_req:time_to_exhaustion_seconds', 1);
  expect(s.value[1]).toBe('+Inf');
});

it("Prometheus reads +Inf, -Inf and NaN from the companion's OpenMetrics renderer", async () => {
  const result = await readBack('bw_rendered', 3);
  expect(byLabel(result, 'kind')).toEqual({ pinf: '+Inf', ninf: '-Inf', nan: 'NaN' });
});
