/**
 * The demo's disk panel draws the model its time to exhaustion used, and prints beside it the time's
 * own trend test, the slope the companion's exhaustion endpoint gives the home page. Before: the
 * readout came from the Prophet-style model while the chart and its legend said "combination", and
 * the trend printed the model segment's own slope (+33.5 GB/day); then trend_slope's seasonal
 * estimate (+32.9 where the home printed -33.2).
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser';
import { type Demo, startDemo } from './demoProcess';
import { forecastModelText } from '../../src/common/models';

const DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
let browser: Browser;
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  demo?.stop();
});

async function companion(query: string, t: number): Promise<number> {
  const res = await fetch(`${demo.url}api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query, time: String(t) }),
  });
  const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0].value[1]);
}

/** The gate slope the exhaustion endpoint gives for the disk (the home page's request), bytes/s. */
async function gateSlope(query: string, t: number): Promise<number> {
  const res = await fetch(`${demo.url}api/v1/bellwether/exhaustion`, {
    method: 'POST',
    body: new URLSearchParams({ query, time: String(t), trend: 'false', interval: 'false' }),
  });
  const body = (await res.json()) as { data: { result: Array<{ gate: { slope: string } }> } };
  return Number(body.data.result[0].gate.slope);
}

it("draws the time to exhaustion's model and prints the time's own trend beside it", async () => {
  const page = await newPage(browser, { width: 1280, height: 900 });
  await page.goto(demo.url);
  const panel = page.locator('#panel-disk [data-testid="bw-forecast-panel"][data-state="done"]');
  await panel.waitFor();
  const attrs = await panel.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  const row = page.locator('#panel-disk [data-testid="bw-forecast-row"]').first();
  const text = await row.innerText();
  const trend = await page.locator('#panel-disk [data-testid="bw-trend"]').first().innerText();
  const tte = await page.locator('#panel-disk [data-testid="bw-tte"]').first().innerText();
  process.stdout.write(`disk panel: ${JSON.stringify({ text, model: attrs.model, now: attrs.now })}\n`);
  // The drawn forecast is time to exhaustion's; the legend keys it in plain words ("Forecast", "95 %
  // interval"), never its id, and names the model in words on hover (common/models.ts).
  expect(attrs.tteModel).toBeTruthy();
  expect(attrs.model).toBe(attrs.tteModel);
  expect(text).toContain('Forecast');
  expect(text).toMatch(/95 % interval/);
  expect(text).not.toContain(attrs.tteModel!);
  const key = page.locator('#panel-disk [data-testid="bw-forecast-key"]').first();
  expect(await key.getAttribute('title')).toBe(`model: ${forecastModelText(attrs.tteModel!, 'auto')}`);
  // The trend is the time's own slope of the free bytes at the panel's time and step (the home page's
  // figure), used = size − free. The panel asks at its range's end, the view's time, not at its last
  // point (a step aligned down from it), and counts "full in" from there.
  const now = Number(await page.locator('#view-disk').getAttribute('data-time'));
  expect(now * 1000 - Number(attrs.now)).toBeGreaterThanOrEqual(0);
  const slope = await gateSlope(`time_to_exhaustion(${DISK}, 0, "step=1h")`, now);
  const perDay = (-slope * 86_400) / 1e9;
  expect(trend).toMatch(new RegExp(`^trend \\${perDay > 0 ? '+' : '−'}${Math.abs(perDay).toFixed(1)} GB/day, `));
  // The time is the companion's, to the printed digit.
  const seconds = await companion(`time_to_exhaustion(${DISK}, 0, "step=1h")`, now);
  expect(tte).toMatch(new RegExp(`^full in ${(seconds / 86_400).toFixed(1)} d`));
  await page.close();
});
