import { DemoUpstream } from './demoUpstream';
import { LEAK_CYCLE, SCRAPE_MS } from './demoSeries';
import { parseValue } from '../../../../src/common/promValue';
import { CONTAINER_MEMORY, GOLDEN_SIGNALS } from '../../../../src/pages/home/selectors';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;

async function range(u: DemoUpstream, query: string, start: number, end: number, step: number) {
  const r = await u.call(
    '/api/v1/query_range',
    new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) })
  );
  return r.body.data as { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

describe('DemoUpstream', () => {
  const u = new DemoUpstream(() => NOW);

  it("serves every default golden signal of the home, so no default row reads 'no series match' on the demo", async () => {
    for (const signal of GOLDEN_SIGNALS) {
      const r = await range(u, signal.expr, NOW - 3_600_000, NOW, 60_000);
      expect({ signal: signal.title, series: r.result.length > 0 }).toEqual({ signal: signal.title, series: true });
    }
  });

  it("answers Grafana's 1+1 health query with a scalar", async () => {
    const r = await u.call('/api/v1/query', new URLSearchParams({ query: '1+1', time: '1700000000' }));
    expect(r.body).toEqual({ status: 'success', data: { resultType: 'scalar', result: [1700000000, '2'] } });
  });

  it('is deterministic: the same query gives the same answer', async () => {
    const a = await range(new DemoUpstream(() => NOW), 'process_resident_memory_bytes', NOW - DAY, NOW, 300_000);
    const b = await range(new DemoUpstream(() => NOW), 'process_resident_memory_bytes', NOW - DAY, NOW, 300_000);
    expect(a).toEqual(b);
  });

  it('answers query_range as columns (no pair a sample) with the very samples its JSON answer spells', async () => {
    const params = new URLSearchParams({
      query: 'rate(http_requests_total[5m])',
      start: String((NOW - DAY) / 1000),
      end: String((NOW + 600_000) / 1000),
      step: '60',
    });
    const cols = await u.queryRange(params);
    const json = (await u.call('/api/v1/query_range', params)).body.data as {
      result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    };
    expect(cols.body).toEqual({ status: 'success', data: { resultType: 'matrix', result: [] } });
    expect(cols.matrix!.length).toBeGreaterThan(0);
    expect(cols.matrix!.map((c) => c.metric)).toEqual(json.result.map((s) => s.metric));
    cols.matrix!.forEach((c, i) => {
      expect(c.times).toBeInstanceOf(Float64Array);
      expect([...c.times]).toEqual(json.result[i].values.map((p) => p[0]));
      expect([...c.values]).toEqual(json.result[i].values.map((p) => parseValue(p[1])));
    });
    const bad = await u.queryRange(new URLSearchParams({ query: 'x[5m]', start: '0', end: '60', step: '60' }));
    expect(bad.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it('has no samples after now', async () => {
    const r = await range(u, 'instance:node_cpu_utilisation:rate5m', NOW - 10 * 60_000, NOW + 10 * 60_000, 60_000);
    for (const s of r.result) {
      expect(s.values[s.values.length - 1][0] * 1000).toBeLessThanOrEqual(NOW);
    }
  });

  it('serves a leaking and a healthy process, a filling disk, CPU incidents and latency spikes', async () => {
    const mem = await range(u, 'process_resident_memory_bytes', NOW - 3 * DAY, NOW, 3600_000);
    expect(mem.result.map((s) => s.metric.instance)).toEqual(['api-1:8080', 'api-2:8080']);
    const disk = await range(
      u,
      'node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"}',
      NOW - 14 * DAY,
      NOW,
      3600_000
    );
    const vals = disk.result[0].values.map(([, v]) => Number(v));
    expect(Math.min(...vals)).toBeLessThan(0.1 * 500e9); // nearly full before a cleanup
    const cpu = await range(
      u,
      'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}',
      NOW - 7 * DAY,
      NOW,
      60_000
    );
    expect(cpu.result[0].values.some(([, v]) => Number(v) > 0.9)).toBe(true);
    const lat = await range(
      u,
      'http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}',
      NOW - 7 * DAY,
      NOW,
      60_000
    );
    expect(lat.result[0].values.some(([, v]) => Number(v) > 1.4)).toBe(true);
  });

  it('computes rate() of its counters from the samples (reset at the daily deploy handled)', async () => {
    const r = await range(u, 'rate(http_requests_total{instance="api-1:8080",code="200"}[5m])', NOW - DAY, NOW, 60_000);
    expect(r.result[0].metric.__name__).toBeUndefined();
    const rates = r.result[0].values.map(([, v]) => Number(v));
    expect(Math.min(...rates)).toBeGreaterThan(0);
    expect(Math.max(...rates)).toBeLessThan(300);
  });

  it('answers label, series and metadata calls', async () => {
    const names = await u.call('/api/v1/label/__name__/values', new URLSearchParams());
    expect(names.body.data).toContain('node_filesystem_avail_bytes');
    const series = await u.call(
      '/api/v1/series',
      new URLSearchParams({ 'match[]': 'http_requests_total{code="500"}' })
    );
    expect(series.body.data).toEqual([
      {
        __name__: 'http_requests_total',
        instance: 'api-1:8080',
        job: 'api',
        handler: '/api/orders',
        method: 'GET',
        code: '500',
      },
    ]);
  });

  it('refuses PromQL outside its subset with a bad_data error saying what it supports', async () => {
    for (const query of [
      'topk(3, x)',
      'a - b - c',
      'a / on (x) group_left b',
      'sum(x[5m])',
      // Many-to-many: four store containers on the right for the store namespace, as Prometheus refuses.
      'container_memory_working_set_bytes - on (namespace) kube_pod_container_resource_limits',
      // Nested past the bound: refused, not a stack overflow.
      `${'('.repeat(100_000)}x${')'.repeat(100_000)}`,
    ]) {
      const r = await u.call('/api/v1/query', new URLSearchParams({ query }));
      const shown = query.slice(0, 80);
      expect({ shown, status: r.status, type: r.body.errorType }).toEqual({ shown, status: 400, type: 'bad_data' });
    }
    const r = await u.call('/api/v1/query', new URLSearchParams({ query: 'topk(3, x)' }));
    expect(r.body.error).toMatch(/demo upstream evaluates only selectors/);
  });

  it('samples on its scrape grid', () => {
    expect(SCRAPE_MS).toBe(15_000);
  });
});

describe("DemoUpstream: the home page's container memory pair", () => {
  const u = new DemoUpstream(() => NOW);
  const MI = 1024 ** 2;
  const instant = async (query: string) => {
    const r = await u.call('/api/v1/query', new URLSearchParams({ query, time: String(NOW / 1000) }));
    expect(r.body).toMatchObject({ status: 'success' });
    return (r.body.data as { result: Array<{ metric: Record<string, string>; value: [number, string] }> }).result;
  };
  const name = (m: Record<string, string>) => `${m.namespace}/${m.pod}/${m.container}`;

  it('serves kube-state-metrics memory limits and cAdvisor working sets of the same containers', async () => {
    const limits = await instant(CONTAINER_MEMORY.presence);
    expect(limits.map((x) => name(x.metric))).toEqual([
      'store/frontend-6b7f9-2xkqp/frontend',
      'store/frontend-6b7f9-9wz4m/frontend',
      'store/cart-5f6d8-x2k4q/cart',
      'store/payments-7b9f8-q8r2t/payments',
      'kube-system/coredns-5d78c-7xk2p/coredns',
    ]);
    expect(limits[2].metric).toMatchObject({ resource: 'memory', unit: 'byte', job: 'kube-state-metrics' });
    expect(limits[2].value[1]).toBe(String(768 * MI));
    // cAdvisor: each container, and each pod's own cgroup (container=""), which the pair leaves out:
    // no container label, as Prometheus stores no empty label.
    const ws = await instant('container_memory_working_set_bytes');
    expect(ws).toHaveLength(10);
    const pods = ws.filter((x) => !('container' in x.metric));
    expect((await instant('container_memory_working_set_bytes{container=""}')).map((x) => x.metric)).toEqual(
      pods.map((x) => x.metric)
    );
    expect(pods.map((x) => x.metric.pod)).toEqual(limits.map((x) => x.metric.pod));
  });

  it("evaluates the pair's expression: one headroom per container, limit minus working set, labelled as Prometheus labels it", async () => {
    const headroom = await instant(CONTAINER_MEMORY.expr);
    expect(headroom.map((x) => x.metric)).toEqual(
      (await instant(CONTAINER_MEMORY.presence)).map(({ metric: m }) => ({
        namespace: m.namespace,
        pod: m.pod,
        container: m.container,
      }))
    );
    const ws = await instant('container_memory_working_set_bytes{pod="cart-5f6d8-x2k4q",container="cart"}');
    expect(parseValue(headroom[2].value[1])).toBe(768 * MI - parseValue(ws[0].value[1]));
    // Parenthesised operands and `ignoring` (a user pair's `(capacity) - (usage)`) read the same.
    const same = await instant(
      '(max without (job, node, resource, unit) (kube_pod_container_resource_limits{resource="memory"})) - ignoring (image, metrics_path) (max without (job, node) (container_memory_working_set_bytes{container!=""}))'
    );
    expect(same).toEqual(headroom);
  });

  it("cart's headroom falls to 0 over its cycle and comes back at the OOM kill; the others stay flat", async () => {
    const oom = Math.floor((NOW - LEAK_CYCLE.oomAtMs) / LEAK_CYCLE.periodMs) * LEAK_CYCLE.periodMs + LEAK_CYCLE.oomAtMs;
    const r = await range(u, CONTAINER_MEMORY.expr, oom - LEAK_CYCLE.periodMs, oom + DAY, 3600_000);
    const days = (s: { values: Array<[number, string]> }, from: number, to: number) =>
      s.values.filter(([t]) => t * 1000 >= from && t * 1000 < to).map(([, v]) => Number(v));
    const cart = r.result.find((s) => s.metric.container === 'cart')!;
    const first = days(cart, oom - LEAK_CYCLE.periodMs, oom - LEAK_CYCLE.periodMs + DAY);
    const last = days(cart, oom - DAY, oom);
    expect(Math.min(...first)).toBeGreaterThan(450 * MI);
    expect(Math.min(...last)).toBeLessThan(10 * MI);
    expect(Math.min(...last)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...days(cart, oom, oom + DAY))).toBeGreaterThan(450 * MI);
    for (const s of r.result.filter((x) => x.metric.container !== 'cart')) {
      const v = s.values.map(([, x]) => Number(x));
      expect({ pod: s.metric.pod, spread: (Math.max(...v) - Math.min(...v)) / Math.max(...v) < 0.5 }).toEqual({
        pod: s.metric.pod,
        spread: true,
      });
    }
  });
});

describe('DemoUpstream range selectors', () => {
  const u = new DemoUpstream(() => NOW);

  it('answers sel[d] in an instant query with the raw 15 s samples in (t - d, t], none after now', async () => {
    const r = await u.call(
      '/api/v1/query',
      new URLSearchParams({
        query: 'process_resident_memory_bytes{instance="api-1:8080"}[1m]',
        time: String(NOW / 1000),
      })
    );
    const data = r.body.data as { resultType: string; result: Array<{ values: Array<[number, string]> }> };
    expect(data.resultType).toBe('matrix');
    expect(data.result[0].values.map(([t]) => t * 1000)).toEqual([1, 2, 3, 4].map((k) => NOW - 60_000 + k * SCRAPE_MS));
    const future = await u.call(
      '/api/v1/query',
      new URLSearchParams({ query: 'process_resident_memory_bytes[1m]', time: String((NOW + 30_000) / 1000) })
    );
    const last = (future.body.data as { result: Array<{ values: Array<[number, string]> }> }).result[0].values.at(-1)!;
    expect(last[0] * 1000).toBe(NOW);
  });

  it('refuses a range selector in a range query, as Prometheus does', async () => {
    const r = await u.call(
      '/api/v1/query_range',
      new URLSearchParams({ query: 'process_resident_memory_bytes[1m]', start: '0', end: '60', step: '15' })
    );
    expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });
});
