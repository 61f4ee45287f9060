/**
 * The demo upstream's PromQL subset answers the home page's Container memory expression (and a row's
 * narrowed one) as Prometheus does: a real Prometheus (Debian package) holding a day of the demo's
 * container series (backfilled from `bellwether demo-exporter --history`'s writer) gives the same
 * series, labels and values, instant and range. So the demo's home shows what a kube-prometheus
 * install would show for the same samples. The same for the subset's label rules where they
 * differed from Prometheus' (empty labels, `by`/`on (__name__)`, an empty side of a match).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHistory } from '../../../cli/commands/demo-exporter';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { seriesExprOf } from '../../../src/pages/home/runningOut';
import { CONTAINER_MEMORY } from '../../../src/pages/home/selectors';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus';

const HOUR = 3600_000;
// A whole hour at least 2 h ago (clear of Prometheus' head block), a day of history before it.
const END = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
const START = END - 24 * HOUR;
const CONTAINER_SERIES = /^(kube_pod_container_resource_limits|container_memory_working_set_bytes)$/;

let prom: TestPrometheus;
const demo = new DemoUpstream(() => END);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-demo-containers-'));
  let history: string;
  try {
    const series = demoSeries().filter((s) => CONTAINER_SERIES.test(s.labels.__name__));
    await writeHistory(join(dir, 'demo.om'), series, START, END, 60_000);
    history = readFileSync(join(dir, 'demo.om'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  prom = await startPrometheus({ openMetrics: history });
});
afterAll(async () => prom?.stop());

type Result = Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }>;

/** Sorted by labels (names in order), as the two may order series and label names differently. */
const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));
const byLabels = (r: Result) => [...r].sort((a, b) => key(a.metric).localeCompare(key(b.metric)));

async function fromProm(path: string, params: Record<string, string>): Promise<Result> {
  const r = await fetch(`${prom.url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const body = (await r.json()) as { status: string; data: { result: Result } };
  expect(body.status).toBe('success');
  return byLabels(body.data.result);
}

async function fromDemo(path: string, params: Record<string, string>): Promise<Result> {
  const r = await demo.call(path, new URLSearchParams(params));
  expect(r.body.status).toBe('success');
  return byLabels((r.body.data as { result: Result }).result);
}

const CART = { namespace: 'store', pod: 'cart-5f6d8-x2k4q', container: 'cart' };

it.each([
  ['the pair', CONTAINER_MEMORY.expr],
  ["cart's row", seriesExprOf(CONTAINER_MEMORY, CART)],
  // Prometheus stores no empty label: cAdvisor's pod cgroups (`container=""`) have no container label.
  ['a raw selector', 'container_memory_working_set_bytes{pod="cart-5f6d8-x2k4q"}'],
  ['by an empty label', 'sum by (container) (container_memory_working_set_bytes)'],
  ['without', 'count without (pod, image, node) (container_memory_working_set_bytes)'],
  ['a match on all labels', 'container_memory_working_set_bytes / container_memory_working_set_bytes'],
  // `by (__name__)` keeps the name; an arithmetic result drops it even when matched `on` it.
  ['by the name', 'sum by (__name__) (container_memory_working_set_bytes)'],
  ['on the name', 'kube_pod_container_resource_limits - on (__name__, pod) kube_pod_container_resource_limits'],
  // Prometheus answers nothing, without the many-to-many error, when one side is empty.
  ['an empty side', 'nothing_here - on (namespace) kube_pod_container_resource_limits'],
])('%s: the same series, labels and values at an instant and over the day', async (_, query) => {
  const time = String((END - 30 * 60_000) / 1000);
  const instant = await fromProm('/api/v1/query', { query, time });
  expect(instant.length > 0).toBe(!query.startsWith('nothing_here'));
  expect(await fromDemo('/api/v1/query', { query, time })).toEqual(instant);
  const params = { query, start: String((START + HOUR) / 1000), end: String(END / 1000), step: '3600' };
  const range = await fromProm('/api/v1/query_range', params);
  expect(range.map((s) => s.values!.length)).toEqual(range.map(() => 24));
  expect(range.length).toBe(instant.length);
  expect(await fromDemo('/api/v1/query_range', params)).toEqual(range);
});
