/**
 * History before the range, in Chromium with the built plugins. On a short dashboard range the
 * default ensemble needs more history than the range shows (131 points at 15 s, 331 at 1 min). Through the
 * Bellwether data source the panel judges from the first visible point: the source fetches the
 * lead-in the model needs from Prometheus (here a fake answering any range) and returns the model
 * output on the range only. On data from another source the panel computes the detection itself and
 * says in one line what it needs and how to get it.
 */
import type { Page } from 'playwright-core';
import { openHarness, screenshot, useHarness } from './browser';
import { attributes, expectChart } from './panelsFixtures';

const h = useHarness();
const HOUR = 3_600_000;
const END = Date.UTC(2026, 0, 10, 12);

/** A latency-like series on any grid: 200 ms with a 30-min cycle and noise, a spike at `spikeAt`. */
const SERIES_JS = `(t, spikeAt) => {
  const k = Math.round(t / 15000);
  const noise = ((Math.sin(k * 12.9898) * 43758.5453) % 1) * 6;
  return 200 + 20 * Math.sin((2 * Math.PI * t) / 1800000) + noise + (t === spikeAt ? 400 : 0);
}`;

/**
 * Queries the built data source (band output: the series with its model output) over [END − range,
 * END] at `step`, renders the built anomaly panel with its frames, and returns what Prometheus was
 * asked for and where the spike is.
 */
async function throughBellwether(page: Page, rangeMs: number, stepMs: number) {
  return page.evaluate(
    async ({ base, rangeMs, stepMs, end, seriesJs }) => {
      const bw = (window as any).bw;
      const runtime = bw.externals['@grafana/runtime'];
      const data = bw.externals['@grafana/data'];
      const { of } = bw.externals.rxjs;
      const value = new Function(`return ${seriesJs}`)() as (t: number, spikeAt: number) => number;
      const from = end - rangeMs;
      const spikeAt = from + 3 * stepMs;
      const asked: Array<{ from: number; to: number; step: number }> = [];
      const prom = {
        uid: 'prom1',
        name: 'Prometheus',
        type: 'prometheus',
        query: (req: any) => {
          asked.push({ from: req.range.from.valueOf(), to: req.range.to.valueOf(), step: req.intervalMs });
          const time: number[] = [];
          for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
            time.push(t);
          }
          return of({ data: [bw.makeFrame('latency', { time, value: time.map((t) => value(t, spikeAt)) }, { job: 'api' })] });
        },
      };
      runtime.setDataSourceSrv({ get: async () => prom, getList: () => [prom], getInstanceSettings: () => prom, reload: () => undefined });
      runtime.setTemplateSrv({ replace: (s: string) => s, getVariables: () => [], containsTemplate: () => false, updateTimeRange: () => undefined });
      const ds = (await bw.loadPlugin(`${base}/dist/datasource/module.js`)).plugin;
      const source = new ds.DataSourceClass({ uid: 'bw', name: 'BW', type: 'bellwether-ml-datasource', url: '/x', jsonData: {}, meta: {} });
      const res = await source.query({
        targets: [{ refId: 'A', datasourceUid: 'prom1', expr: 'latency', output: 'band' }],
        range: { from: data.dateTime(from), to: data.dateTime(end), raw: { from: 'now-1h', to: 'now' } },
        intervalMs: stepMs,
        interval: `${stepMs / 1000}s`,
        scopedVars: {},
        requestId: 'q',
        app: 'dashboard',
        timezone: 'utc',
        startTime: 0,
      });
      if (res.errors) {
        return { error: JSON.stringify(res.errors), asked, from, spikeAt };
      }
      const panel = (await bw.loadPlugin(`${base}/dist/panels/anomaly/module.js`)).plugin;
      bw.renderPanel(panel, { frames: res.data, width: 1000, height: 380, timeRange: { from, to: end }, options: {} });
      return { error: undefined, asked, from, spikeAt };
    },
    { base: h.server.url, rangeMs, stepMs, end: END, seriesJs: SERIES_JS }
  );
}

const cases = [
  { range: '1 h', rangeMs: HOUR, step: '15 s', stepMs: 15_000 },
  { range: '1 h', rangeMs: HOUR, step: '1 min', stepMs: 60_000 },
  { range: '6 h', rangeMs: 6 * HOUR, step: '15 s', stepMs: 15_000 },
  { range: '6 h', rangeMs: 6 * HOUR, step: '1 min', stepMs: 60_000 },
  { range: '24 h', rangeMs: 24 * HOUR, step: '15 s', stepMs: 15_000 },
  { range: '24 h', rangeMs: 24 * HOUR, step: '1 min', stepMs: 60_000 },
];

describe('through the Bellwether data source', () => {
  it.each(cases)('$range at $step: judged from the first visible point, the spike at its 4th flagged', async ({ range, rangeMs, stepMs }) => {
    const { page, errors } = await openHarness(h.browser, h.server);
    const r = await throughBellwether(page, rangeMs, stepMs);
    expect(r.error).toBeUndefined();
    // The source asked Prometheus for history before the range (the model's lead-in), bounded at
    // 50,000 points at the step it reads them (src/engine/leadInBound.ts; a 15 s range scores at 1 m,
    // src/engine/resolution.ts, so its lead-in is read at 1 m), in requests of at most 11,000 points.
    const earliest = Math.min(...r.asked.map((a) => a.from));
    expect(earliest).toBeLessThan(r.from - 300 * stepMs);
    for (const a of r.asked) {
      expect(a.from).toBeGreaterThanOrEqual(r.from - 50_000 * a.step);
    }
    expect(Math.max(...r.asked.map((a) => Math.round((a.to - a.from) / a.step) + 1))).toBeLessThanOrEqual(11_000);
    await expectChart(page, 'bw-anomaly-panel');
    const a = await attributes(page, 'bw-anomaly-panel');
    expect(a.source).toBe('data');
    expect(a.failed).toBe('0');
    // No "judged from" note and no history hint: the band covers the range from its first point.
    expect(await page.locator('[data-testid="bw-judged-from"]').count()).toBe(0);
    expect(await page.locator('[data-testid="bw-history-hint"]').count()).toBe(0);
    const spans = JSON.parse(a['region-spans']) as Array<{ from: number; to: number }>;
    expect(spans.some((s) => s.from <= r.spikeAt && s.to >= r.spikeAt)).toBe(true);
    await screenshot(page, `anomaly-leadin-${range.replace(' ', '')}-${stepMs / 1000}s`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('on data from another source, a 1 h range at 15 s says in one line what the model needs and how to get it', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await page.evaluate(
    async ({ base, end, seriesJs }) => {
      const bw = (window as any).bw;
      const value = new Function(`return ${seriesJs}`)() as (t: number, spikeAt: number) => number;
      const time = Array.from({ length: 241 }, (_, i) => end - 3_600_000 + i * 15_000);
      const frame = bw.makeFrame('latency', { time, value: time.map((t) => value(t, NaN)) }, { job: 'api' });
      const panel = (await bw.loadPlugin(`${base}/dist/panels/anomaly/module.js`)).plugin;
      bw.renderPanel(panel, { frames: [frame], width: 1000, height: 380, timeRange: { from: time[0], to: end }, options: {} });
    },
    { base: h.server.url, end: END, seriesJs: SERIES_JS }
  );
  await page.waitForSelector('[data-testid="bw-panel-message"], [data-testid="bw-history-hint"]');
  const text = await page.locator('[data-testid="bw-panel-message"], [data-testid="bw-history-hint"]').first().innerText();
  // The ensemble judges from the 131st point at 15 s (its default window, the companion's, is cut to
  // 10,000 points there, under two days; the provisional members judge after 100 points and 30
  // calibrated values): 130 x 15 s = 32.5 min of the hour unjudged, with the way out.
  expect(text).toMatch(/needs 32.5 min of history before it judges/);
  expect(text).toMatch(/Bellwether data source/);
  await screenshot(page, 'anomaly-leadin-other-source', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('on data from another source, a 24 h range at 1 min draws and says in one line how much history the model needs', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await page.evaluate(
    async ({ base, end, seriesJs }) => {
      const bw = (window as any).bw;
      const value = new Function(`return ${seriesJs}`)() as (t: number, spikeAt: number) => number;
      const time = Array.from({ length: 1441 }, (_, i) => end - 24 * 3_600_000 + i * 60_000);
      const frame = bw.makeFrame('latency', { time, value: time.map((t) => value(t, NaN)) }, { job: 'api' });
      const panel = (await bw.loadPlugin(`${base}/dist/panels/anomaly/module.js`)).plugin;
      bw.renderPanel(panel, { frames: [frame], width: 1000, height: 380, timeRange: { from: time[0], to: end }, options: {} });
    },
    { base: h.server.url, end: END, seriesJs: SERIES_JS }
  );
  await expectChart(page, 'bw-anomaly-panel');
  const hint = page.locator('[data-testid="bw-history-hint"]');
  // Judged from the 331st point (the default window is the companion's 3 days; the provisional
  // Holt-Winters member buffers 300 points, then 30 calibrated values): 330 minutes = 5.5 h.
  expect(await hint.innerText()).toBe(
    'The model needs 5.5 h of history before it judges: use the Bellwether data source (it fetches that history) or widen the time range.'
  );
  // One line, whole at this width.
  expect(await hint.evaluate((e) => e.scrollWidth <= e.clientWidth && e.getClientRects().length === 1)).toBe(true);
  await screenshot(page, 'anomaly-leadin-other-source-hint', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});
