/**
 * The anomaly panel on 5-minute data around the default ensemble's warm-up, built and loaded from
 * dist/ into Chromium. The Prophet-style member waits for two days of data (48 h / 5 min = 576 steps,
 * so its first judged point is index 577) and the ensemble then calibrates on 30 values: nothing is
 * judged before index 607, so a series needs 608 points. Shorter: a readable message with that
 * figure, not an empty band. Longer: the chart, and a legend note saying from when the series is judged.
 */
import { openHarness, screenshot, useHarness } from './browser';
import { attributes, expectChart, messageText, renderPanel, seasonalSeries, STEP, T0 } from './panelsFixtures';

const h = useHarness();

it('450 points at 5 minutes: says the ensemble needs 608 points at this step instead of drawing nothing', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'latency', columns: seasonalSeries(450, 4) }],
    timeRange: { from: T0, to: T0 + 450 * STEP },
    options: { model: 'ensemble' },
  });
  await page.waitForSelector('[data-testid="bw-panel-message"]');
  const text = await messageText(page);
  expect(text).toMatch(/^too-short: /);
  // 607 steps of 5 min = 50.6 h = 2.1 d.
  expect(text).toContain('needs at least 608 points at this step (about 2.1 d at 5 min per point), got 450');
  await screenshot(page, 'anomaly-panel-warmup-too-short', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('900 points at 5 minutes: draws the chart and the legend says the series is judged from its 608th point', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'latency', columns: seasonalSeries(900, 4) }],
    timeRange: { from: T0, to: T0 + 900 * STEP },
    // UTC+9 without daylight saving: index 607 is 2026-01-07 02:35 UTC, 11:35 in Tokyo.
    timeZone: 'Asia/Tokyo',
    width: 1000,
    height: 400,
    options: { model: 'ensemble' },
  });
  await expectChart(page, 'bw-anomaly-panel');
  expect((await attributes(page, 'bw-anomaly-panel')).failed).toBe('0');
  const note = page.locator('[data-testid="bw-judged-from"]');
  expect(await note.count()).toBe(1);
  expect(Number(await note.getAttribute('data-time'))).toBe(T0 + 607 * STEP);
  expect(await note.innerText()).toContain('judged from 2026-01-07 11:35 (model warming up before)');
  await screenshot(page, 'anomaly-panel-warmup-judged-from', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});
