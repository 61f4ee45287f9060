/**
 * The anomaly-overlay panel, built and loaded from dist/ into the Chromium harness with real data
 * frames: what it draws for series with injected anomalies (light and dark), for model output that
 * arrives with the data, and the readable messages for data it cannot use.
 */
import type { Browser, Page } from 'playwright-core';
import type { HarnessServer } from '../../harness/server';
import { launchBrowser, openHarness, screenshot, startHarness } from './browser';
import { attributes, expectChart, FrameSpec, Injected, renderPanel, seasonalSeries, STEP, T0, waitForPanel } from './panelsFixtures';

jest.setTimeout(120_000);

let browser: Browser;
let server: HarnessServer;

beforeAll(async () => {
  server = await startHarness();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const N = 2000;
// Three incidents far apart after the models' warm-up: a spike, a dip and a 12-point level shift.
const INJECTED: Injected[] = [
  { at: 900, len: 1, delta: 40 },
  { at: 1300, len: 1, delta: -40 },
  { at: 1700, len: 12, delta: 30 },
];

interface RegionSpan {
  from: number;
  to: number;
}

async function regionSpans(page: Page): Promise<RegionSpan[]> {
  const raw = await page.getAttribute('[data-testid="bw-anomaly-panel"]', 'data-region-spans');
  return JSON.parse(raw ?? '[]');
}

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  it('highlights every injected anomaly as a region, draws band and score strip, without console errors', async () => {
    const { page, errors } = await openHarness(browser, server);
    const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(N, 1, INJECTED), labels: { service: 'checkout' }, unit: 'ms' }];
    await renderPanel(page, 'anomaly', { frames, theme, width: 1000, height: 420, options: { model: 'ensemble', sensitivity: 0.5 } });
    await expectChart(page, 'bw-anomaly-panel');
    const attrs = await attributes(page, 'bw-anomaly-panel');
    expect(attrs.series).toBe('1');
    expect(attrs.source).toBe('engine');
    const spans = await regionSpans(page);
    for (const a of INJECTED) {
      const from = T0 + a.at * STEP;
      const to = T0 + (a.at + a.len - 1) * STEP;
      expect(spans.some((s) => s.from <= to && s.to >= from)).toBe(true);
    }
    // Not every point is anomalous: the band holds the normal daily cycle.
    expect(Number(attrs['anomalous-points'])).toBeLessThan(N * 0.05);
    expect(await page.locator('[data-testid="bw-score-strip"] canvas').count()).toBe(1);
    await screenshot(page, `anomaly-panel-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});
