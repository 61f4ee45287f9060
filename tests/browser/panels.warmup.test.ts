/**
 * The anomaly panel on 5-minute data around the default ensemble's warm-up, built and loaded from
 * dist/ into Chromium. The regular members wait for two days of data (the Prophet-style one) and
 * 600 points (Holt-Winters); meanwhile the provisional Holt-Winters member buffers 300 points and the
 * ensemble then calibrates on 30 values: nothing is judged before index 330, so a series needs 331
 * points. Shorter: a readable message with that
 * figure, not an empty band. Longer: the chart, and a legend note saying from when the series is judged.
 */
import { openHarness, screenshot, useHarness } from './browser';
import { attributes, expectChart, messageText, renderPanel, seasonalSeries, STEP, T0 } from './panelsFixtures';

const h = useHarness();

it('250 points at 5 minutes: says the ensemble needs 331 points at this step instead of drawing nothing', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'latency', columns: seasonalSeries(250, 4) }],
    timeRange: { from: T0, to: T0 + 250 * STEP },
    options: { model: 'ensemble' },
  });
  await page.waitForSelector('[data-testid="bw-panel-message"]');
  const text = await messageText(page);
  expect(text).toMatch(/^too-short: /);
  // 330 steps of 5 min = 27.5 h.
  expect(text).toContain('needs at least 331 points at this step (about 27.5 h at 5 min per point), got 250');
  await screenshot(page, 'anomaly-panel-warmup-too-short', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('900 points at 5 minutes: draws the chart and the legend says the series is judged from its 331st point', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'latency', columns: seasonalSeries(900, 4) }],
    timeRange: { from: T0, to: T0 + 900 * STEP },
    // UTC+9 without daylight saving: index 330 is 2026-01-06 03:30 UTC, 12:30 in Tokyo.
    timeZone: 'Asia/Tokyo',
    width: 1000,
    height: 400,
    options: { model: 'ensemble' },
  });
  await expectChart(page, 'bw-anomaly-panel');
  expect((await attributes(page, 'bw-anomaly-panel')).failed).toBe('0');
  const note = page.locator('[data-testid="bw-judged-from"]');
  expect(await note.count()).toBe(1);
  expect(Number(await note.getAttribute('data-time'))).toBe(T0 + 330 * STEP);
  expect(await note.innerText()).toContain('judged from 2026-01-06 12:30 (model warming up before)');
  await screenshot(page, 'anomaly-panel-warmup-judged-from', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});
