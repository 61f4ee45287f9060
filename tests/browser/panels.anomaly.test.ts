/**
 * The anomaly-overlay panel, built and loaded from dist/ into the Chromium harness with real data
 * frames: what it draws for series with injected anomalies (light and dark), for model output that
 * arrives with the data, and the readable messages for data it cannot use.
 */
import type { Page } from 'playwright-core';
import { detectSeries } from '../../src/engine/detectSeries';
import { prepareSeries } from '../../src/ml/core/prepare';
import { ANOMALY_ALERT_SCORE } from '../../src/common/anomalyAlertScore';
import { openHarness, screenshot, useHarness } from './browser';
import { attributes, expectChart, FrameSpec, Injected, renderPanel, seasonalSeries, STEP, T0 } from './panelsFixtures';

const h = useHarness();

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
    const { page, errors } = await openHarness(h.browser, h.server);
    const frames: FrameSpec[] = [
      { name: 'latency', columns: seasonalSeries(N, 1, INJECTED), labels: { service: 'checkout' }, unit: 'ms' },
    ];
    await renderPanel(page, 'anomaly', {
      frames,
      theme,
      width: 1000,
      height: 420,
      options: { model: 'ensemble', sensitivity: 0.5 },
    });
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

it('draws model output that arrives with the data instead of recomputing it', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const { time, value } = seasonalSeries(N, 2);
  const expected = time.map((_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288));
  // Scores of 0.95 on three runs far apart (500-502, 800, 1200-1209): three regions, 14 points.
  const score = time.map((_, i) => ((i >= 500 && i <= 502) || i === 800 || (i >= 1200 && i <= 1209) ? 0.95 : 0.1));
  const frames: FrameSpec[] = [
    {
      name: 'latency',
      columns: {
        time,
        latency: value,
        'latency:anomaly_expected': expected,
        'latency:anomaly_upper': expected.map((x) => x + 5),
        'latency:anomaly_lower': expected.map((x) => x - 5),
        'latency:anomaly_score': score,
      },
    },
  ];
  await renderPanel(page, 'anomaly', { frames, theme: 'dark', options: { scoreThreshold: 0.9, showExpected: true } });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs.source).toBe('data');
  expect(attrs.series).toBe('1');
  expect(attrs.regions).toBe('3');
  expect(attrs['anomalous-points']).toBe('14');
  expect(errors).toEqual([]);
  await page.close();
});

it("marks score-only data at the shipped alert rules' threshold by default", async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const { time, value } = seasonalSeries(N, 3);
  // Companion scores just above the rules' 0.76 on two runs (4 and 6 points), 0.1 elsewhere: the
  // rules fire on both, so the panel marks both (the old default of 0.9 marked neither).
  const score = time.map((_, i) =>
    (i >= 600 && i < 604) || (i >= 1500 && i < 1506) ? ANOMALY_ALERT_SCORE + 0.04 : 0.1
  );
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'cpu', columns: { time, cpu: value, 'cpu:anomaly_score': score } }],
  });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs.source).toBe('data');
  expect([attrs.regions, attrs['anomalous-points']]).toEqual(['2', '10']);
  expect(errors).toEqual([]);
  await page.close();
});

it('says how many series were dropped over the maximum', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = Array.from({ length: 25 }, (_, k) => ({
    name: `s${k}`,
    columns: seasonalSeries(400, 100 + k),
    labels: { pod: `pod-${k}` },
  }));
  await renderPanel(page, 'anomaly', { frames, options: { model: 'mad', maxSeries: 20, showLegend: false } });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs.series).toBe('20');
  expect(attrs.dropped).toBe('5');
  expect(await page.locator('[data-testid="bw-dropped-notice"]').innerText()).toBe(
    'Showing 20 of 25 series: 5 dropped (Maximum series = 20).'
  );
  expect(errors).toEqual([]);
  await page.close();
});

it('on irregular timestamps judges every row as bellwether detect does, and counts the dropped ones', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  // A CSV-like source: each row moved by up to 0.45 step (a fixed pseudo-random draw per row), and three
  // rows crowded into one step. Not a sinusoid: jitter repeating every ~3.7 rows aliases the fitted
  // grid step (docs/anomaly-detection.md, "Irregular timestamps").
  const { time, value } = seasonalSeries(N, 1, INJECTED);
  const jitter = (i: number) => 2 * ((((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1) % 1) - 1;
  const t = time.map((x, i) => Math.round(x + 0.45 * jitter(i) * STEP));
  t[601] = t[600] + 0.3 * STEP;
  t[602] = t[600] + 0.5 * STEP;
  const cli = await detectSeries(
    t,
    value,
    prepareSeries({ t: Float64Array.from(t), v: Float64Array.from(value) }).stepMs,
    {
      model: 'ensemble',
      sensitivity: 0.5,
      season: 'auto',
    }
  );
  expect(cli.shared).toBeGreaterThan(0);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'latency', columns: { time: t, value } }],
    width: 1000,
    height: 420,
    options: { model: 'ensemble', sensitivity: 0.5 },
  });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs['anomalous-points']).toBe(String(cli.isAnomaly.reduce((a, x) => a + x, 0)));
  expect(attrs['shared-rows']).toBe(String(cli.shared));
  expect(await page.locator('[data-testid="bw-shared-rows-notice"]').innerText()).toBe(
    cli.shared === 1
      ? "1 point off the model's grid (irregular timestamps: its grid point and the next were taken) " +
          'shows the verdict of the point it would share.'
      : `${cli.shared} points off the model's grid (irregular timestamps: their grid point and the next were taken) ` +
          'show the verdict of the point they would share.'
  );
  const spans = await regionSpans(page);
  for (const a of INJECTED) {
    expect(spans.some((s) => s.from <= t[a.at + a.len - 1] && s.to >= t[a.at])).toBe(true);
  }
  await screenshot(page, 'anomaly-panel-irregular', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('with direction above, flags the spike and the shift up but not the dip', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(N, 1, INJECTED) }];
  await renderPanel(page, 'anomaly', { frames, width: 1000, height: 420, options: { direction: 'above' } });
  await expectChart(page, 'bw-anomaly-panel');
  const spans = await regionSpans(page);
  const hit = (a: Injected) => spans.some((s) => s.from <= T0 + (a.at + a.len - 1) * STEP && s.to >= T0 + a.at * STEP);
  expect(INJECTED.map(hit)).toEqual([true, false, true]);
  expect(errors).toEqual([]);
  await page.close();
});

it('shows the kind of anomaly and the ensemble members that fired in the tooltip of an anomalous point', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(N, 1, INJECTED) }];
  // Dashboard time zone Asia/Tokyo (UTC+9, no daylight saving): the spike at 2026-01-08 03:00 UTC
  // reads 12:00 in the tooltip.
  await renderPanel(page, 'anomaly', {
    frames,
    width: 1000,
    height: 420,
    timeZone: 'Asia/Tokyo',
    options: { model: 'ensemble' },
  });
  await expectChart(page, 'bw-anomaly-panel');
  // Hover the spike at index 900 (value about 40 above the cycle).
  const box = (await page.locator('[data-testid="bw-anomaly-chart"] .u-over').last().boundingBox())!;
  const pos = await page.evaluate(() => {
    const over = document.querySelector('[data-testid="bw-anomaly-chart"] .u-over') as HTMLElement;
    return { w: over.clientWidth, h: over.clientHeight };
  });
  const from = T0;
  const to = T0 + (N - 1) * STEP;
  const x = box.x + ((T0 + 900 * STEP - from) / (to - from)) * pos.w;
  // More points than pixels: the cursor snaps to the nearest point, so the one-point spike is found by
  // stepping a quarter pixel at a time around its computed position until the tooltip shows it.
  const tooltip = page.locator('[data-testid="bw-tooltip"]');
  let anomalous = false;
  for (const dx of Array.from({ length: 33 }, (_, i) => (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.25)) {
    await page.mouse.move(x + dx, box.y + 10);
    await page.waitForSelector('[data-testid="bw-tooltip"] [data-anomalous]');
    anomalous = await page.evaluate(
      () =>
        document.querySelector('[data-testid="bw-tooltip"] [data-anomalous]')?.getAttribute('data-anomalous') === 'true'
    );
    if (anomalous) {
      break;
    }
  }
  expect(anomalous).toBe(true);
  const fired = await page.locator('[data-testid="bw-tooltip-fired"]').innerText();
  expect(fired.split(', ').every((m) => ['mad', 'holtwinters', 'prophet', 'iforest'].includes(m))).toBe(true);
  expect(await page.locator('[data-testid="bw-tooltip-kind"]').innerText()).toBe('spike');
  expect(await tooltip.innerText()).toMatch(/Value[\s\S]*Expected[\s\S]*Band[\s\S]*Score[\s\S]*Kind[\s\S]*Fired/);
  expect(await tooltip.innerText()).toContain('2026-01-08 12:00:00');
  await screenshot(page, 'anomaly-panel-tooltip', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

describe('readable messages instead of a blank panel', () => {
  const time = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const cases: Array<[string, FrameSpec[], string]> = [
    ['no frames', [], 'no-data'],
    ['an empty frame', [{ name: 'x', columns: { time: [], x: [] } }], 'no-data'],
    [
      'a series too short for the model',
      [{ name: 'x', columns: { time: time(10), x: time(10).map((_, i) => i) } }],
      'too-short',
    ],
    ['only missing values', [{ name: 'x', columns: { time: time(50), x: time(50).map(() => null) } }], 'all-missing'],
    [
      'a text field only',
      [{ name: 'x', columns: { time: time(50), status: time(50).map(() => 'ok') } }],
      'non-numeric',
    ],
  ];
  it.each(cases)('%s', async (_label, frames, kind) => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'anomaly', { frames, timeRange: { from: T0, to: T0 + 3_600_000 } });
    await page.waitForSelector('[data-testid="bw-panel-message"]');
    expect(await page.getAttribute('[data-testid="bw-panel-message"]', 'data-kind')).toBe(kind);
    expect((await page.locator('[data-testid="bw-panel-message"]').innerText()).length).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws a series with scattered NaNs, leaving gaps', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    const { time: t, value } = seasonalSeries(N, 3, INJECTED);
    const holed = value.map((v, i) => (i % 10 === 3 ? null : v));
    await renderPanel(page, 'anomaly', { frames: [{ name: 'x', columns: { time: t, x: holed } }] });
    await expectChart(page, 'bw-anomaly-panel');
    expect((await attributes(page, 'bw-anomaly-panel')).failed).toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });
});
