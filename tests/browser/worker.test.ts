/**
 * The engine worker built into the plugin bundle answers a message when the bundle is served from
 * the page's origin and from a second origin (as from Grafana's plugin CDN).
 */
import type { Browser } from 'playwright-core';
import { startHarnessServer, HarnessServer } from '../../harness/server';
import { launchBrowser, openHarness, startHarness } from './browser';

let browser: Browser;
let pageOrigin: HarnessServer;
let cdnOrigin: HarnessServer;

beforeAll(async () => {
  pageOrigin = await startHarness();
  cdnOrigin = await startHarnessServer(0);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await pageOrigin?.close();
  await cdnOrigin?.close();
});

async function engineStatusWhenServedFrom(assetBase: string): Promise<{ status: string; errors: string[] }> {
  const { page, errors } = await openHarness(browser, pageOrigin);
  await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const mod = await bw.loadPlugin(`${base}/dist/panels/anomaly/module.js`);
    // Four days of 5-minute points: past the default detector's warm-up (about 2.1 days at this step).
    const time = Array.from({ length: 1152 }, (_, i) => Date.UTC(2026, 0, 1) + i * 300_000);
    const x = time.map((_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288));
    bw.renderPanel(mod.plugin, { frames: [bw.makeFrame('x', { time, x })] });
  }, assetBase);
  const handle = await page.waitForFunction(
    () => {
      // The panel runs its detector in the engine worker; "done" with source "engine" means the
      // worker answered. A worker that cannot start leaves the series failed with code "worker".
      const el = document.querySelector('[data-testid="bw-anomaly-panel"][data-state="done"]');
      return el ? `${el.getAttribute('data-source')}/${el.getAttribute('data-failed')}` : null;
    },
    undefined
  );
  const status = (await handle.jsonValue()) as string;
  await page.close();
  return { status, errors };
}

it('answers from the same origin', async () => {
  const { status, errors } = await engineStatusWhenServedFrom(pageOrigin.url);
  expect(status).toBe('engine/0');
  expect(errors).toEqual([]);
});

it('answers when the plugin is served from a second origin', async () => {
  expect(new URL(cdnOrigin.url).port).not.toBe(new URL(pageOrigin.url).port);
  const { status, errors } = await engineStatusWhenServedFrom(cdnOrigin.url);
  expect(status).toBe('engine/0');
  expect(errors).toEqual([]);
});
