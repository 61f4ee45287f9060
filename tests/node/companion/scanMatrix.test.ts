/**
 * The companion reads a range query's matrix straight from the answer's bytes
 * (companion/src/upstream/scanMatrix.ts). On real Prometheus answers (special values, huge and tiny
 * values, computed values with 17 digits, gaps, empty results) it gives bit for bit the columns that
 * JSON.parse and parseValue gave; a malformed answer is still one clear line of error.
 */
import { createServer, type Server } from 'node:http';
import { KindedError } from '../../../src/engine/errors';
import { columnsOf, type MatrixColumns } from '../../../companion/src/upstream/matrixColumns';
import { PrometheusUpstream } from '../../../companion/src/upstream/prometheusUpstream';
import type { PromMatrixSeries } from '../../../companion/src/upstream/types';
import { omLine, startPrometheus, type TestPrometheus } from '../../support/prometheus';

const MINUTE = 60_000;
const END = Math.floor((Date.now() - 2 * 3_600_000) / MINUTE) * MINUTE;
const START = END - 6 * 3_600_000;

let prom: TestPrometheus;
let upstream: PrometheusUpstream;

/** Values that stress the reading of numbers, one series each. */
const ODD: Record<string, (i: number) => number> = {
  specials: (i) => [NaN, Infinity, -Infinity, 0, -0][i % 5],
  huge: (i) => [1e308, 1.7976931348623157e308, -1e300, 9007199254740993, 123456789012345680000][i % 5],
  tiny: (i) => [5e-324, 2.2250738585072014e-308, 1e-22, 1e-23, 4e-7][i % 5],
  long: (i) => 0.1 * i + 0.2 / (i + 1),
};

beforeAll(async () => {
  const lines = ['# TYPE odd gauge'];
  for (const [kind, f] of Object.entries(ODD)) {
    for (let t = START, i = 0; t <= END; t += MINUTE, i++) {
      lines.push(omLine('odd', { kind }, f(i), t));
    }
  }
  lines.push('# TYPE gappy counter');
  for (let t = START, i = 0; t <= END; t += MINUTE, i++) {
    // Two hours missing in the middle: the answer has a gap (Prometheus' staleness, 5 minutes on).
    if (t < START + 2 * 3_600_000 || t > START + 4 * 3_600_000) {
      lines.push(omLine('gappy_total', { job: 'x' }, i * 7.3, t));
    }
  }
  prom = await startPrometheus({ openMetrics: lines.join('\n') });
  upstream = new PrometheusUpstream({ url: prom.url, timeoutMs: 30_000 });
}, 120_000);
afterAll(async () => {
  await prom?.stop();
});

function params(query: string, step = 60): URLSearchParams {
  return new URLSearchParams({ query, start: String(START / 1000), end: String(END / 1000), step: String(step) });
}

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

it.each([
  ['odd', 60],
  ['odd', 17],
  ['rate(gappy_total[5m])', 60],
  ['gappy_total', 60],
  ['odd / 0', 60],
  ['odd * 1e10 + 0.1', 45],
  ['-odd', 60],
  ['no_such_metric', 60],
])('reads %s (step %is) bit for bit as JSON.parse did', async (query, step) => {
  const scanned = await upstream.queryRange(params(query, step));
  expect(scanned.matrix).toBeDefined();
  const old = await upstream.call('/api/v1/query_range', params(query, step));
  const oldData = old.body.data as { result: PromMatrixSeries[] };
  const expected: MatrixColumns[] = columnsOf(oldData.result);
  expect(scanned.body).toEqual({ ...old.body, data: { ...oldData, result: [] } });
  expect(scanned.matrix!.map((s) => s.metric)).toEqual(expected.map((s) => s.metric));
  for (let k = 0; k < expected.length; k++) {
    expect(bytes(scanned.matrix![k].times).equals(bytes(expected[k].times))).toBe(true);
    expect(bytes(scanned.matrix![k].values).equals(bytes(expected[k].values))).toBe(true);
  }
  if (query !== 'no_such_metric') {
    expect(expected.reduce((a, s) => a + s.times.length, 0)).toBeGreaterThan(0);
  }
});

describe('a malformed answer', () => {
  let server: Server;
  let body = '';
  let broken: PrometheusUpstream;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    broken = new PrometheusUpstream({
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      timeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it.each([
    ['truncated JSON', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]'],
    ['an HTML page', '<html>\n<body>\n  Bad Gateway\n</body>\n</html>\n'],
  ])('(%s) is one line of error naming the upstream', async (_, text) => {
    body = text;
    const err = await broken.queryRange(params('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KindedError);
    expect(err).toMatchObject({ kind: 'unavailable' });
    const message = (err as Error).message;
    expect(message).toMatch(
      /^upstream http:\/\/127\.0\.0\.1:\d+ answered \/api\/v1\/query_range with HTTP 200 and a non-JSON body: /
    );
    expect(message).not.toContain('\n');
  });
});
