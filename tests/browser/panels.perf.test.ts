/**
 * Smoothness on a busy dashboard: the anomaly overlay with 50 series x 2,000 points (detection in the
 * worker, band, regions and score strip drawn) must not block the UI thread. Chromium reports every
 * task over 50 ms as a 'longtask' entry; the test asserts that none occurs between handing the frames
 * to the panel and the finished chart. This checks behaviour (no blocking), not a speed figure.
 */
import type { Page } from 'playwright-core';
import { openHarness, screenshot, useHarness } from './browser';
import { attributes, expectChart, Injected, seasonalSeries } from './panelsFixtures';

jest.setTimeout(180_000);

const h = useHarness();

const SERIES = 50;
const POINTS = 2000;

/** Builds the frames in the page first, so only the panel's own work is observed. */
async function prepare(page: Page, panel: 'anomaly' | 'forecast'): Promise<void> {
  const specs = Array.from({ length: SERIES }, (_, k) => {
    const injected: Injected[] = [{ at: 800 + k * 20, len: 1, delta: 40 }];
    return { name: `pod-${k}`, columns: seasonalSeries(POINTS, 1000 + k, injected), labels: { pod: `pod-${k}` } };
  });
  await page.evaluate(
    async ({ specs, panel }) => {
      const bw = (window as any).bw;
      const mod = await bw.loadPlugin(`/dist/panels/${panel}/module.js`);
      const frames = specs.map((f: any) => bw.makeFrame(f.name, f.columns, f.labels));
      (window as any).perf = { plugin: mod.plugin, frames, longTasks: [] as number[] };
      // Warm-up, as on a dashboard where the plugin has drawn before: the same panel with two series
      // (compiles the code paths, loads fonts, starts the worker).
      bw.renderPanel(mod.plugin, {
        containerId: 'warmup',
        frames: frames.slice(0, 2),
        options: { model: panel === 'anomaly' ? 'mad' : 'linear' },
        width: 400,
        height: 200,
      });
      await new Promise<void>((resolve) => {
        const check = () =>
          document.querySelector('#warmup [data-state="done"], #warmup [data-testid="bw-panel-message"]')
            ? resolve()
            : setTimeout(check, 50);
        check();
      });
      // Let module evaluation and frame building finish before observing.
      await new Promise((r) => setTimeout(r, 200));
    },
    { specs, panel }
  );
}

async function renderObserved(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.evaluate((options) => {
    const perf = (window as any).perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        perf.longTasks.push(e.duration);
      }
    }).observe({ type: 'longtask' });
    (window as any).bw.renderPanel(perf.plugin, { frames: perf.frames, options, width: 1200, height: 600 });
  }, options);
}

async function longTasksAfterSettling(page: Page): Promise<number[]> {
  // Two frames and a pause: the chart's first paint and any follow-up work are inside the window.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 500))))
  );
  return page.evaluate(() => (window as any).perf.longTasks);
}

it('anomaly overlay: 50 series x 2,000 points render without a task over 50 ms', async () => {
  const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 700 });
  await prepare(page, 'anomaly');
  await renderObserved(page, { model: 'ensemble', maxSeries: 50, showLegend: false });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs.series).toBe(String(SERIES));
  expect(attrs.failed).toBe('0');
  expect(await longTasksAfterSettling(page)).toEqual([]);
  await screenshot(page, 'anomaly-panel-50x2000', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('forecast: 20 series x 2,000 points with forecasts and trend tests render without a task over 50 ms', async () => {
  const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 700 });
  await prepare(page, 'forecast');
  await renderObserved(page, { model: 'auto', horizon: '2d', maxSeries: 20 });
  await expectChart(page, 'bw-forecast-panel');
  const attrs = await attributes(page, 'bw-forecast-panel');
  expect(attrs.series).toBe('20');
  expect(await longTasksAfterSettling(page)).toEqual([]);
  await screenshot(page, 'forecast-panel-20x2000', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});
