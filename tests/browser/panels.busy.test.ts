/**
 * A busy dashboard: the anomaly overlay with 50 series x 2,000 points (detection, band, regions and
 * score strip) and the forecast panel with 20 (forecasts and trend tests) draw every series, and the
 * models run in the engine worker, not on the page's thread: the page counts the worker's answers.
 * How long the page's tasks take is a measurement, not a test: `npm run bench -- panels`.
 */
import { openHarness, screenshot, useHarness } from './browser';
import {
  ANOMALY_SERIES,
  busyRecord,
  FORECAST_SERIES,
  prepareBusyDashboard,
  renderBusyDashboard,
} from './busyDashboard';
import { attributes, expectChart } from './panelsFixtures';

const h = useHarness();

it('anomaly overlay: 50 series x 2,000 points are drawn, each detected in the engine worker', async () => {
  const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 700 });
  await prepareBusyDashboard(page, 'anomaly');
  await renderBusyDashboard(page, { model: 'ensemble', maxSeries: ANOMALY_SERIES, showLegend: false });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect([attrs.series, attrs.failed, attrs.source]).toEqual([String(ANOMALY_SERIES), '0', 'engine']);
  const record = await busyRecord(page);
  expect(record.workerAnswers).toEqual({ detections: ANOMALY_SERIES });
  expect(record.workerErrors).toBe(0);
  await screenshot(page, 'anomaly-panel-50x2000', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('forecast: 20 series x 2,000 points are drawn, each forecast and trend-tested in the engine worker', async () => {
  const { page, errors } = await openHarness(h.browser, h.server, { width: 1280, height: 700 });
  await prepareBusyDashboard(page, 'forecast');
  await renderBusyDashboard(page, { model: 'auto', horizon: '2d', maxSeries: FORECAST_SERIES });
  await expectChart(page, 'bw-forecast-panel');
  const attrs = await attributes(page, 'bw-forecast-panel');
  expect(attrs.series).toBe(String(FORECAST_SERIES));
  const record = await busyRecord(page);
  // One fitDetails answer for the forecast and one for the trend test of each series, a leadInReads
  // answer (what the trend test reads before the range, and at which step) and a historyStart answer
  // (the earliest point the forecast reads), with which the panel decides whether to fetch history
  // before its range (trainingHistory.ts).
  expect(record.workerAnswers).toEqual({
    fitDetails: 2 * FORECAST_SERIES,
    historyStart: FORECAST_SERIES,
    leadInReads: FORECAST_SERIES,
  });
  expect(record.workerErrors).toBe(0);
  await screenshot(page, 'forecast-panel-20x2000', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});
