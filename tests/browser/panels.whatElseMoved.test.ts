/**
 * The anomaly panel's "what else moved?" action and a group with its outlier marked, in Chromium,
 * over the demo's data served by a companion (demo upstream, pinned clock):
 * - clicking an anomalous point of the demo's checkout errors asks the panel's data source (the built
 *   Bellwether data source, through the harness's stand-in of Grafana's proxy) and shows the ranked
 *   table with sparklines, the queue depth (the cause) first;
 * - a panel over another data source, or whose query names none, does not offer the action;
 * - the six web pods with the companion's outliers band and score: only web-7d9c5-4 is marked.
 * Screenshots, light and dark, go to docs/img.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Companion, startCompanion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { silentLogger } from '../../companion/src/log/logger';
import { DemoUpstream } from '../../companion/src/upstream/demo/demoUpstream';
import { openHarness, painted, useHarness } from './browser';
import { expectChart, type FrameSpec, renderPanel } from './panelsFixtures';

const h = useHarness();
const DOCS_IMG = join(__dirname, '..', '..', 'docs', 'img');
const NOW = Date.UTC(2026, 9, 20);
const MIN = 60_000;
const BW = {
  uid: 'bw',
  name: 'Bellwether',
  type: 'bellwether-ml-datasource',
  jsonData: { companionUrl: 'http://companion' },
};

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, cors: { allowOrigin: '*' } }),
    { logger: silentLogger, upstream: new DemoUpstream(() => NOW), now: () => NOW }
  );
});
afterAll(() => companion?.close());

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

async function range(query: string, start: number, end: number): Promise<Matrix> {
  const body = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: '60' });
  const r = await fetch(`${companion.url}/api/v1/query_range`, { method: 'POST', body });
  const json = (await r.json()) as { status: string; error?: string; data: { result: Matrix } };
  if (json.status !== 'success') {
    throw new Error(`${query}: ${json.error}`);
  }
  return json.data.result;
}

/** The latest start of the demo's checkout incident in the week before NOW: the queue backs up. */
async function incidentStart(): Promise<number> {
  const [queue] = await range('shop_queue_depth', NOW - 6 * 86_400_000, NOW - 3 * 3_600_000);
  let start = NaN;
  queue.values.forEach(([t, v], i) => {
    if (Number(v) > 60 && (i === 0 || Number(queue.values[i - 1][1]) <= 60)) {
      start = t * 1000;
    }
  });
  expect(Number.isFinite(start)).toBe(true);
  return start;
}

/** Installs the Grafana stand-ins: the data source `ds` as the built Bellwether data source (or a stand-in of another type). */
async function services(page: Page, ds: typeof BW | { uid: string; name: string; type: string }) {
  await page.evaluate(
    async ({ base, ds, companion }) => {
      const bw = (window as any).bw;
      bw.installGrafanaServices({
        dataSources: [ds],
        companionBase: companion,
        instantiate: async (settings: any) =>
          settings.type === 'bellwether-ml-datasource'
            ? new (await bw.loadPlugin(`${base}/dist/datasource/module.js`)).plugin.DataSourceClass(settings)
            : { type: settings.type },
      });
    },
    { base: h.server.url, ds, companion: companion.url }
  );
}

/** Moves over the plot from the left until the tooltip offers the action (the start of the region), then clicks there. */
async function clickAnomaly(page: Page): Promise<void> {
  const box = (await page.locator('#panel [data-testid="bw-anomaly-plot"] .u-over').boundingBox())!;
  const action = page.locator('[data-testid="bw-tooltip-action"]');
  for (let x = box.x + 2; x < box.x + box.width; x += 3) {
    for (const y of [0.2, 0.4, 0.6, 0.8]) {
      await page.mouse.move(x, box.y + box.height * y);
      if (await action.count()) {
        await page.mouse.click(x, box.y + box.height * y);
        return;
      }
    }
  }
  throw new Error('no anomalous point under the cursor anywhere on the plot');
}

async function errorsPanel(page: Page, theme: 'light' | 'dark', datasource: { uid: string; type: string } | undefined) {
  const onset = await incidentStart();
  const [errors] = await range('shop_checkout_errors_per_second', onset - 90 * MIN, onset + 40 * MIN);
  const time = errors.values.map(([t]) => t * 1000);
  const value = errors.values.map(([, v]) => Number(v));
  // The points the errors' own detector would flag: the rise, 6 minutes after the queue backs up.
  const anomaly = errors.values.map(([t, v]) => (t * 1000 >= onset + 6 * MIN && Number(v) > 1 ? 1 : 0));
  const frames: FrameSpec[] = [
    {
      name: 'errors',
      columns: { time, Value: value, anomaly },
      labels: { namespace: 'shop', job: 'checkout' },
      legend: 'shop_checkout_errors_per_second',
    },
  ];
  await renderPanel(page, 'anomaly', {
    frames,
    theme,
    width: 900,
    height: 320,
    request: { targets: [{ refId: 'A', datasource, expr: 'shop_checkout_errors_per_second' }] },
  });
  await expectChart(page, 'bw-anomaly-panel');
  return onset;
}

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  it('what else moved? ranks the queue depth first, with sparklines', async () => {
    const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 900 });
    await services(page, BW);
    const onset = await errorsPanel(page, theme, { uid: 'bw', type: BW.type });
    await clickAnomaly(page);
    await page.waitForSelector('[data-testid="bw-moved"][data-state="done"]');
    const rows = await page
      .locator('[data-testid="bw-moved-row"]')
      .evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td')].slice(1, 5).map((td) => td.textContent)));
    // Every series of namespace shop: the chain first, the web pods and checkout's cpu (never moved)
    // after; rows of one metric told apart by the labels that differ (pod="...").
    const metric = (r: Array<string | null>) => (r[0] ?? '').replace(/\{.*$/, '');
    expect(rows.slice(0, 2).map(metric)).toEqual(['shop_queue_depth', 'shop_checkout_latency_seconds']);
    expect(rows.map(metric).sort()).toEqual(
      [
        'shop_checkout_cpu_cores',
        'shop_checkout_latency_seconds',
        'shop_queue_depth',
        ...Array(6).fill('pod_cpu_usage_cores'),
      ].sort()
    );
    const pods = rows
      .filter((r) => metric(r) === 'pod_cpu_usage_cores')
      .map((r) => /pod="([^"]+)"/.exec(r[0] ?? '')?.[1]);
    expect(pods.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `web-7d9c5-${i}`));
    expect(rows[0][1]).not.toBe('0 %');
    expect(rows.find((r) => metric(r) === 'shop_checkout_cpu_cores')![1]).toBe('0 %');
    // The queue's onset (HH:mm, UTC) within 3 minutes of where it crossed 60 (its z-score leaves 4 a little earlier).
    const [hh, mm] = (rows[0][2] ?? '').split(':').map(Number);
    const apart = Math.abs(
      (((hh * 60 + mm) * MIN - (onset % 86_400_000) + 86_400_000 * 1.5) % 86_400_000) - 86_400_000 / 2
    );
    expect(apart).toBeLessThanOrEqual(3 * MIN);
    expect(await page.locator('[data-testid="bw-moved-row"] canvas').count()).toBe(rows.length);
    await painted(page);
    await page.locator('[role="dialog"]').screenshot({ path: join(DOCS_IMG, `what-else-moved-${theme}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a group with its outlier marked: only web-7d9c5-4 out of line on its drift day', async () => {
    const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 900 });
    // 2026-10-13: pod 4 drifts from about 10:00 to 14:00 UTC (companion/src/upstream/demo/demoSeries.ts).
    const start = Date.UTC(2026, 9, 13, 7);
    const end = Date.UTC(2026, 9, 13, 17);
    const opts = '"by=namespace,deployment"';
    const [raw, score, upper, lower] = await Promise.all([
      range('pod_cpu_usage_cores', start, end),
      range(`outliers(pod_cpu_usage_cores, ${opts})`, start, end),
      range(`outliers_upper(pod_cpu_usage_cores, ${opts})`, start, end),
      range(`outliers_lower(pod_cpu_usage_cores, ${opts})`, start, end),
    ]);
    const frames: FrameSpec[] = [];
    const pod = (m: Record<string, string>) => m.pod;
    for (const [suffix, result] of [
      ['', raw],
      [' outlier upper', upper],
      [' outlier lower', lower],
      [' outlier score', score],
    ] as const) {
      for (const s of result) {
        const { __name__: _n, ...labels } = s.metric;
        frames.push({
          name: `${pod(s.metric)}${suffix}`,
          columns: { time: s.values.map(([t]) => t * 1000), Value: s.values.map(([, v]) => Number(v)) },
          labels,
          legend: `${pod(s.metric)}${suffix}`,
        });
      }
    }
    await renderPanel(page, 'anomaly', {
      frames,
      theme,
      width: 1000,
      height: 620,
      options: { scoreThreshold: 0.5 },
    });
    await expectChart(page, 'bw-anomaly-panel');
    const attrs = await page.getAttribute('#panel [data-testid="bw-anomaly-panel"]', 'data-series');
    expect(attrs).toBe('6');
    const spans = JSON.parse(
      (await page.getAttribute('#panel [data-testid="bw-anomaly-panel"]', 'data-region-spans')) ?? '[]'
    );
    expect(spans.length).toBeGreaterThan(0);
    expect([...new Set(spans.map((s: { series: string }) => s.series))]).toEqual(['web-7d9c5-4']);
    await painted(page);
    await page.locator('#panel').screenshot({ path: join(DOCS_IMG, `group-outlier-${theme}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Whether the tooltip offers the action anywhere over the plot (the scan of clickAnomaly, without clicking). */
async function offersAction(page: Page): Promise<{ offered: boolean; tooltips: number }> {
  const box = (await page.locator('#panel [data-testid="bw-anomaly-plot"] .u-over').boundingBox())!;
  let tooltips = 0;
  for (let x = box.x + 2; x < box.x + box.width; x += 6) {
    for (const y of [0.2, 0.5, 0.8]) {
      await page.mouse.move(x, box.y + box.height * y);
      if (await page.locator('[data-testid="bw-tooltip-action"]').count()) {
        return { offered: true, tooltips };
      }
      tooltips += await page.locator('[data-anomalous="true"]').count();
    }
  }
  return { offered: false, tooltips };
}

it.each([
  ['another data source', { uid: 'prom', type: 'prometheus' }],
  ['a query that names no data source (the demo CPU and pods panels)', undefined],
])('over %s, the action is not offered (no modal that only shows an error)', async (_, datasource) => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await services(page, { uid: 'prom', name: 'Prometheus', type: 'prometheus' });
  await errorsPanel(page, 'light', datasource as any);
  const { offered, tooltips } = await offersAction(page);
  expect(offered).toBe(false);
  // The scan did pass over the anomalous points (their tooltips say so).
  expect(tooltips).toBeGreaterThan(0);
  await page.mouse.click(...(await center(page)));
  expect(await page.locator('[data-testid="bw-moved"]').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

async function center(page: Page): Promise<[number, number]> {
  const box = (await page.locator('#panel [data-testid="bw-anomaly-plot"] .u-over').boundingBox())!;
  return [box.x + box.width / 2, box.y + box.height / 2];
}
