/**
 * The eBPF page's live source against a real Prometheus holding backfilled cAdvisor-shaped series.
 * Grafana's backend is not there, so the test stands in for it: a data source list for the picker and
 * a backend service whose data source proxy path forwards to the test Prometheus, as Grafana's does.
 */
import type { Browser } from 'playwright-core';
import type { HarnessServer } from '../../harness/server';
import { omLine, startPrometheus, TestPrometheus } from '../support/prometheus';
import { launchBrowser, painted, screenshot } from './browser';
import { barValues, cellFigures, openHarnessAt, renderEbpfPage, startEbpfHarness } from './ebpfPage';

const MIB = 1024 * 1024;
const MINUTE = 60_000;
/** Evaluation time of the page: a whole minute, 3 h ago (backfilled blocks must lie in the past). */
const T = Math.floor((Date.now() - 3 * 60 * MINUTE) / MINUTE) * MINUTE;
const START = T - 2 * 60 * MINUTE;
const STEP = 15_000;
const NODES = ['node-a:10250', 'node-b:10250'];

/** Per node: CPU in cores (counter slope) and working set in MiB; Parca's node-b has a 20-minute spike. */
const CONTAINERS: Array<{ namespace: string; pod: string; container: string; cpu: number[]; memMiB: number[]; spikeMiB?: number }> = [
  { namespace: 'beyla', pod: 'beyla', container: 'beyla', cpu: [0.05, 0.05], memMiB: [60, 80] },
  { namespace: 'kube-system', pod: 'tetragon', container: 'tetragon', cpu: [0.02, 0.02], memMiB: [100, 140] },
  { namespace: 'parca', pod: 'parca-agent', container: 'parca-agent', cpu: [0.012, 0.018], memMiB: [150, 150], spikeMiB: 300 },
  { namespace: 'shop', pod: 'sample-service', container: 'sample-service', cpu: [0.4, 0.4], memMiB: [200, 200] },
];

function history(): string {
  const times: number[] = [];
  for (let t = START; t <= T; t += STEP) {
    times.push(t);
  }
  const cpu: string[] = [];
  const mem: string[] = [];
  const cores: string[] = [];
  for (const c of CONTAINERS) {
    NODES.forEach((instance, n) => {
      const labels = { namespace: c.namespace, pod: `${c.pod}-${n}`, container: c.container, instance };
      for (const t of times) {
        cpu.push(omLine('container_cpu_usage_seconds_total', labels, 100 + (c.cpu[n] * (t - START)) / 1000, t));
        const spiking = c.spikeMiB !== undefined && n === 1 && t >= T - 40 * MINUTE && t < T - 20 * MINUTE;
        mem.push(omLine('container_memory_working_set_bytes', labels, (spiking ? c.spikeMiB! : c.memMiB[n]) * MIB, t));
      }
    });
  }
  NODES.forEach((instance) => times.forEach((t) => cores.push(omLine('machine_cpu_cores', { instance }, 4, t))));
  return [...cpu, ...mem, ...cores].join('\n');
}

let prom: TestPrometheus;
let server: HarnessServer;
let browser: Browser;

beforeAll(async () => {
  prom = await startPrometheus({ openMetrics: history() });
  server = await startEbpfHarness();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await prom?.stop();
});

it.each(['dark', 'light'] as const)('queries live figures per agent through the picked Prometheus data source, in %s', async (theme) => {
  const { page, errors } = await openHarnessAt(browser, server, T);
  await page.evaluate((promUrl) => {
    const bw = (window as any).bw;
    const rt = bw.externals['@grafana/runtime'];
    const { Observable } = bw.externals.rxjs;
    const ds = (uid: string, name: string, isDefault: boolean) => ({
      uid,
      name,
      type: 'prometheus',
      id: uid.length,
      isDefault,
      access: 'proxy',
      jsonData: {},
      meta: { id: 'prometheus', name: 'Prometheus', type: 'datasource', info: { logos: { small: '', large: '' } } },
    });
    const list = [ds('other-prom', 'Other Prometheus', true), ds('test-prom', 'Test Prometheus', false)];
    rt.setDataSourceSrv({
      getList: (f: any) => list.filter((d) => !f?.type || d.type === f.type),
      getInstanceSettings: (ref: any) => {
        if (ref === undefined || ref === null) {
          return list.find((d) => d.isDefault);
        }
        const key = typeof ref === 'string' ? ref : ref.uid;
        return list.find((d) => d.uid === key || d.name === key);
      },
      get: async () => {
        throw new Error('no data source instances in the harness');
      },
      reload: async () => {},
      registerRuntimeDataSource() {},
    });
    // Grafana's data source proxy: only the test data source has a reachable upstream.
    const upstream: Record<string, string> = { '/api/datasources/proxy/uid/test-prom/api/v1/query': `${promUrl}/api/v1/query` };
    const calls: string[] = ((window as any).proxyCalls = []);
    rt.setBackendSrv({
      fetch: (opt: any) =>
        new Observable((sub: any) => {
          calls.push(opt.url);
          const target = upstream[opt.url];
          if (!target) {
            sub.error({ status: 502, statusText: 'Bad Gateway', data: { message: 'upstream unreachable' } });
            return;
          }
          const u = new URL(target);
          Object.entries(opt.params ?? {}).forEach(([k, v]) => u.searchParams.set(k, String(v)));
          fetch(u).then(
            async (r) => {
              const data = await r.json();
              if (r.ok) {
                sub.next({ data, status: r.status, ok: true, url: opt.url });
                sub.complete();
              } else {
                sub.error({ status: r.status, statusText: r.statusText, data });
              }
            },
            (e) => sub.error({ status: 0, statusText: String(e) })
          );
        }),
    });
  }, prom.url);
  await renderEbpfPage(page, server.url, theme);

  // The default Prometheus is preselected; it cannot be reached: every agent says so, no figure appears.
  await page.click('[data-testid="bw-ebpf-live-run"]');
  await page.waitForSelector('[data-testid="bw-ebpf-live-errors"]');
  expect(await page.textContent('[data-testid="bw-ebpf-live-errors"]')).toContain('Prometheus error: HTTP 502 Bad Gateway');
  expect(await page.locator('[data-testid="bw-ebpf-figure"][data-source-kind="live"]').count()).toBe(0);

  // The in-process Node.js agent has no default matcher (its collector is not the agent): the page
  // says why, and it is not queried.
  expect(await page.inputValue('[data-testid="bw-ebpf-live-matchers-OpenTelemetry Node.js agent"]')).toBe('');
  expect(await page.textContent('[data-testid="bw-ebpf-live-note-OpenTelemetry Node.js agent"]')).toContain(
    "runs inside the service's own process and container"
  );

  // Pick the test Prometheus, query.
  await page.click('#data-source-picker');
  await page.keyboard.type('Test Prom');
  await page.keyboard.press('Enter');
  await page.click('[data-testid="bw-ebpf-live-run"]');
  await page.waitForSelector('[data-testid="bw-ebpf-figure"][data-source-kind="live"]');

  const calls: string[] = await page.evaluate(() => (window as any).proxyCalls);
  expect(calls.filter((c) => c.includes('/uid/test-prom/')).length).toBe(5 * 4); // 5 queries × Beyla, Tetragon, Parca, Pixie

  // Hand-worked from the backfilled series: CPU counters rise by `cpu` cores per second on each node.
  const cores = await barValues(page, 'cpu-cores');
  expect(cores['Beyla|avg · live']).toBeCloseTo(0.05, 9);
  expect(cores['Tetragon|avg · live']).toBeCloseTo(0.02, 9);
  expect(cores['Parca|avg · live']).toBeCloseTo(0.015, 9); // mean of 0.012 and 0.018
  const pct = await barValues(page, 'cpu-percent');
  expect(pct['Beyla|live']).toBeCloseTo(1.25, 7); // 0.05 of 4 cores
  expect(pct['Parca|live']).toBeCloseTo(0.375, 7); // mean of 0.3 % and 0.45 %
  // Working set: average over nodes of the hour's average, and the highest point over nodes and the hour.
  const mem = await barValues(page, 'memory');
  expect(mem['Beyla|avg · live']).toBeCloseTo(70, 9);
  expect(mem['Beyla|max · live']).toBeCloseTo(80, 9);
  expect(mem['Tetragon|avg · live']).toBeCloseTo(120, 9);
  expect(mem['Parca|max · live']).toBeCloseTo(300, 9); // the spike on node-b
  expect(mem['Parca|avg · live']).toBeGreaterThan(150);
  expect(mem['Parca|avg · live']).toBeLessThan(225);
  // The service beside them: 0.4 cores on each of two nodes.
  expect(await cellFigures(page, 'serviceCpuCores', 'Beyla')).toEqual(['0.8 cores live']);
  // Live figures sit next to the published ones, each with its own label.
  expect(await cellFigures(page, 'agentCpuPercentOfNode', 'Beyla')).toEqual([
    '0.5 % of node report claim: seed-report',
    '0.5 % of node vendor claim: beyla-docs',
    '1.25 % of node live',
  ]);
  // Pixie's matchers select nothing here: said so, never shown as zero.
  const warn = await page.textContent('[data-testid="bw-ebpf-live-errors"]');
  expect(warn).toContain('Pixie');
  expect(warn).toContain('no data: the label matchers select no cAdvisor series');
  const pixieLive = await page.$$eval('td[data-agent="Pixie"] [data-testid="bw-ebpf-figure"][data-source-kind="live"]', (els) =>
    els.map((e) => e.getAttribute('data-metric'))
  );
  expect(pixieLive).toEqual(['serviceCpuCores']); // the service's own CPU is found; the agent's is not
  // The cost view has a live line per agent.
  expect(await page.locator('[data-testid="bw-ebpf-cost-row"][data-source-kind="live"]').count()).toBe(3);

  await painted(page);
  await screenshot(page, `ebpf-live-${theme}`, '[data-testid="data-testid bw-ebpf"]');
  await screenshot(page, `ebpf-live-charts-${theme}`, '[data-testid="bw-ebpf-charts"]');
  expect(errors).toEqual([]);
  await page.close();
});
