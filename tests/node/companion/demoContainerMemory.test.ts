/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The home page's default "Container memory" pair on the demo (`npm start`): before, the demo served
 * no Kubernetes series and the pair read "no series match kube_pod_container_resource_limits…". Now
 * Running out lists the demo's five containers, store's leaking cart first, with the time to full the
 * exhaustion endpoint and the query API give, and the forecast of the row's expression crosses the
 * limit then; the row's expression reads its container alone (its sparkline drew "no history" when it
 * read all five). Over loopback, through the page's own client and loader.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { LEAK_CYCLE } from '../../../companion/src/upstream/demo/demoSeries';
import { parseValue } from '../../../src/common/promValue';
import { CompanionClient } from '../../../src/pages/home/companionClient';
import { exhaustionText } from '../../../src/pages/home/format';
import { bySoonest, loadPair, rowName, TTE_OPTIONS, tteQuery } from '../../../src/pages/home/runningOut';
import { CONTAINER_MEMORY } from '../../../src/pages/home/selectors';
import { nodeFetch } from '../../support/nodeFetch';
import { observe } from '../../support/observe';

const PROXY = '/companion';
const DAY = 86_400_000;
/** 9.5 days after an OOM kill of cart, so 4.5 days before the next. */
const LAST_OOM = Math.floor(Date.UTC(2026, 11, 7) / LEAK_CYCLE.periodMs) * LEAK_CYCLE.periodMs + LEAK_CYCLE.oomAtMs;
const NOW = LAST_OOM + 9.5 * DAY;
const NEXT_OOM = LAST_OOM + LEAK_CYCLE.periodMs;
let companion: Companion;

jest.mock('@grafana/runtime', () => ({
  isFetchError: (e: unknown) => typeof e === 'object' && e !== null && 'status' in e,
  getBackendSrv: () => ({
    fetch: (r: { url: string; method: string; data?: string; headers?: Record<string, string> }) =>
      observe(
        nodeFetch(r.url.replace(PROXY, companion.url), { method: r.method, body: r.data, headers: r.headers }).then(
          async (res) => ({ data: await res.json() })
        )
      ),
  }),
}));

beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, now: () => NOW }
  );
});
afterAll(async () => companion?.close());

/** POSTs a form to the companion (jsdom has no fetch of its own). */
async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await nodeFetch(`${companion.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(form).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, body: await res.json() };
}

it("Running out lists the demo's containers, the leaking cart first, with the endpoint's and the query API's time", async () => {
  const client = new CompanionClient(PROXY);
  const r = await loadPair(client, CONTAINER_MEMORY, NOW / 1000);
  expect([r.note, r.error]).toEqual([undefined, undefined]);
  const rows = [...r.rows].sort(bySoonest);
  // One row per container, named as the pair names them; each pod's own cgroup (container="") is none.
  expect(rows.map(rowName)).toEqual([
    'store cart-5f6d8-x2k4q cart',
    'kube-system coredns-5d78c-7xk2p coredns',
    'store frontend-6b7f9-2xkqp frontend',
    'store frontend-6b7f9-9wz4m frontend',
    'store payments-7b9f8-q8r2t payments',
  ]);
  const [cart, ...flat] = rows;
  expect(flat.map((x) => x.verdict)).toEqual(['no_trend', 'no_trend', 'no_trend', 'no_trend']);
  expect(cart.verdict).toBe('within');
  // The kill comes when the daily peak touches the limit; the trend line crosses it a little later.
  const days = cart.seconds / 86400;
  expect(days).toBeGreaterThan((NEXT_OOM - NOW) / DAY);
  expect(days).toBeLessThan((NEXT_OOM - NOW) / DAY + 1);
  expect(exhaustionText(cart.seconds, cart.lower, cart.upper, cart.verdict, cart.gate, cart.sinceReset)).toMatch(
    /^full in 4\.\d d \(\d\.\d–\d\.\d d\)$/
  );

  // The page's second pass (interval and trend test) and the query API give the same time.
  const [full] = (await client.exhaustion(tteQuery(CONTAINER_MEMORY), NOW / 1000)).filter(
    (x) => x.labels.container === 'cart'
  );
  expect(full.seconds).toBe(cart.seconds);
  const q = await post('/api/v1/query', { query: cart.query, time: String(NOW / 1000) });
  const viaQuery = q.body.data.result.find((x: { metric: Record<string, string> }) => x.metric.container === 'cart');
  expect(parseValue(viaQuery.value[1])).toBe(cart.seconds);

  // The row's own expression is the cart's alone: its sparkline (3 days hourly, one series or "no
  // history") and its Forecast link read that container, the same values as in the pair's answer.
  const [spark, ...others] = await client.range(cart.seriesExpr, NOW / 1000 - 3 * 86400, NOW / 1000, 3600);
  expect(others).toHaveLength(0);
  expect(spark.labels).toEqual(cart.labels);
  const all = await client.range(CONTAINER_MEMORY.expr, NOW / 1000 - 3 * 86400, NOW / 1000, 3600);
  expect(spark.values).toEqual(all.find((x) => x.labels.container === 'cart')!.values);

  // The forecast of the row's expression, with the row's options, reaches the limit (0 headroom, the
  // bound of a bytes series it keeps to) within half a day after that time, and not half a day before.
  const forecastAt = async (h: number) => {
    const f = await post('/api/v1/query', {
      query: `forecast(${cart.seriesExpr}, ${Math.round(h)}s, "${TTE_OPTIONS}")`,
      time: String(NOW / 1000),
    });
    expect(f.body.status).toBe('success');
    return parseValue(
      f.body.data.result.find((x: { metric: Record<string, string> }) => x.metric.container === 'cart').value[1]
    );
  };
  expect(await forecastAt(cart.seconds - 43_200)).toBeGreaterThan(0);
  expect(await forecastAt(cart.seconds + 43_200)).toBe(0);
});
