/**
 * The anomaly panel on a plain Prometheus source answers as the companion, whose anomaly_score the
 * shipped alerts read (issue 12, "one answer everywhere"). The demo's web-1 CPU every minute, with three
 * ~40-minute saturations at 96 % (2026-12-01 16:55, 12-02 18:20, 12-04 03:25 UTC), from a Prometheus
 * stand-in answering any range at any step (the latest sample at or before each step, as Prometheus'
 * lookback, and `timestamp(expr)`). The companion's answer is the engine's evaluateAt on the same
 * 1-minute samples with the companion's default resolution (1 m), as companion/src/query/evaluate.ts
 * calls it; the panel is rendered once on the raw frames with the query (it computes the detection),
 * once on the companion's scores (derived fields, flagged at the panel's threshold 0.76).
 */
import type { Page } from 'playwright-core';
import { demoSeries } from '../../companion/src/upstream/demo/demoSeries';
import { ENGINE_DEFAULTS, matrixEnv } from '../../src/engine/context';
import { evaluateAt } from '../../src/engine/evaluate';
import { matrixHistory } from '../../src/engine/history';
import type { FunctionCall } from '../../src/engine/query';
import { openHarness, useHarness } from './browser';
import { attributes, expectChart, installPrometheus, renderPanel } from './panelsFixtures';

const h = useHarness();
const MIN = 60_000;
const DAY = 86_400_000;
const web1 = demoSeries().find((s) => s.labels.instance === 'web-1:9100' && s.labels.__name__.startsWith('instance:'))!;
/** Sixty days of 1-minute samples before the last range's end: more than any lead-in the ensemble reads. */
const END = Date.UTC(2026, 11, 4, 6);
const START = END - 60 * DAY;
const samples = Array.from({ length: 60 * 1440 + 1 }, (_, i) => web1.at(START + i * MIN));
const SATURATIONS = [
  [Date.UTC(2026, 11, 1, 16, 55), Date.UTC(2026, 11, 1, 17, 25)],
  [Date.UTC(2026, 11, 2, 18, 20), Date.UTC(2026, 11, 2, 18, 55)],
  [Date.UTC(2026, 11, 4, 3, 25), Date.UTC(2026, 11, 4, 4, 5)],
];

/** The companion's anomaly_score at `times` on the grid of `step` (default options, as the panel's). */
async function companionScores(step: number, times: number[]): Promise<number[]> {
  const matrix = { from: START, step: MIN, series: [{ labels: {}, values: Float64Array.from(samples) }] };
  const env = { ...matrixEnv(matrix, { ...ENGINE_DEFAULTS, resolution: MIN }), history: matrixHistory(matrix) };
  const call: FunctionCall = {
    func: 'anomaly_score',
    inner: 'cpu',
    options: { model: 'ensemble', sensitivity: 0.5, step, season: 'auto' },
  };
  const [s] = await evaluateAt(call, step, times, env);
  return Array.from(s.values);
}

const REQUEST = { targets: [{ refId: 'A', expr: 'cpu', datasource: { uid: 'prom1', type: 'prometheus' } }] };

/** The range's rows at `step` ending at `end`, as Prometheus returns them (the sample at or before each). */
function rows(end: number, span: number, step: number) {
  const time: number[] = [];
  for (let t = end - span + step; t <= end; t += step) {
    time.push(t);
  }
  return { time, cpu: time.map((t) => samples[Math.floor((t - START) / MIN)]) };
}

/** Renders the panel and returns its regions, anomalous points and note. */
async function render(page: Page, columns: Record<string, number[]>, request?: typeof REQUEST) {
  const time = columns.time;
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'cpu', columns }],
    width: 1000,
    height: 380,
    timeRange: { from: time[0], to: time[time.length - 1] },
    options: {},
    ...(request ? { request } : {}),
  });
  await expectChart(page, 'bw-anomaly-panel');
  const attrs = await attributes(page, 'bw-anomaly-panel');
  const note = page.locator('[data-testid="bw-plain-source-note"]');
  return {
    source: attrs.source,
    points: Number(attrs['anomalous-points']),
    spans: JSON.parse(attrs['region-spans']) as Array<{ from: number; to: number }>,
    note: (await note.count()) ? await note.innerText() : '',
    hint: await page.locator('[data-testid="bw-history-hint"]').count(),
  };
}

jest.setTimeout(300_000);

it('at a 10-minute step flags every step of the three saturations as the companion, scoring at 1 minute, does', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await installPrometheus(
    page,
    { name: 'cpu', time: samples.map((_, i) => START + i * MIN), values: samples },
    { lookback: true }
  );
  const step = 10 * MIN;
  const range = rows(END, 7 * DAY, step);
  const scores = await companionScores(step, range.time);
  const plain = await render(page, range, REQUEST);
  const companion = await render(page, { ...range, 'cpu:anomaly_score': scores });
  expect(companion.source).toBe('data');
  expect(plain.source).toBe('engine');
  // Every 10-minute step holding a saturated minute is flagged, by the companion and by the panel alike.
  const saturatedSteps = range.time.filter((t) => SATURATIONS.some(([a, b]) => t > a && t - step < b));
  expect(saturatedSteps.length).toBeGreaterThanOrEqual(12);
  const inRegion = (spans: typeof plain.spans, t: number) => spans.some((r) => r.from <= t && t <= r.to);
  expect(saturatedSteps.filter((t) => !inRegion(companion.spans, t))).toEqual([]);
  expect(saturatedSteps.filter((t) => !inRegion(plain.spans, t))).toEqual([]);
  expect(plain.spans).toEqual(companion.spans);
  expect(plain.points).toBe(companion.points);
  expect(plain.hint).toBe(0);
  expect(plain.note).toMatch(/^Scored at 1m, the data's resolution, each 10m step showing the highest score in it/);
  // What the panel asked: the interval from the raw samples of its selector over the hour before the
  // range's end (one instant query, as the companion reads it), the lead-in and the range at 1 minute
  // in requests Prometheus accepts.
  const asked = (await page.evaluate(() => (window as any).promAsked)) as Array<Record<string, any>>;
  expect(asked.filter((a) => a.instant).map((a) => a.expr)).toEqual(['cpu[1h]']);
  const ranged = asked.filter((a) => !a.instant);
  expect(ranged.every((a) => (a.to - a.from) / a.intervalMs + 1 <= 11_000)).toBe(true);
  const cpu = ranged.filter((a) => a.expr === 'cpu');
  expect(cpu.every((a) => a.intervalMs === MIN)).toBe(true);
  // From where the detector run covering the range starts (three 3-day training windows before its
  // 36-day block, src/engine/grid.ts segmentStart) to the range's end, each minute once.
  expect(Math.min(...cpu.map((a) => a.from))).toBe(Date.UTC(2026, 10, 6));
  expect(cpu.reduce((n, a) => n + (a.to - a.from) / MIN + 1, 0)).toBe((END - Date.UTC(2026, 10, 6)) / MIN + 1);
  expect(errors).toEqual([]);
  await page.close();
});

it('at a 15 s step scores on the companion’s 1-minute grid: each row the minute at or before it, every saturated row flagged', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await installPrometheus(
    page,
    { name: 'cpu', time: samples.map((_, i) => START + i * MIN), values: samples },
    { lookback: true }
  );
  // Grafana's "Last 2h" step around the third saturation (03:25 to 04:05 UTC). On its 15 s rows the
  // panel saw each 1-minute sample four times and its three days cut to 10,000 points.
  const step = 15_000;
  const range = rows(Date.UTC(2026, 11, 4, 5), 2 * 3_600_000, step);
  const scores = await companionScores(step, range.time);
  // The companion's 15 s answer is its 1-minute one at the minute at or before each row.
  const minute = await companionScores(MIN, range.time.map((t) => Math.floor(t / MIN) * MIN));
  expect(scores).toEqual(minute);
  const plain = await render(page, range, REQUEST);
  const companion = await render(page, { ...range, 'cpu:anomaly_score': scores });
  expect(plain.source).toBe('engine');
  const saturated = range.time.filter((t) => samples[Math.floor((t - START) / MIN)] >= 0.9);
  expect(saturated.length).toBeGreaterThan(100);
  const inRegion = (spans: typeof plain.spans, t: number) => spans.some((r) => r.from <= t && t <= r.to);
  expect(saturated.filter((t) => !inRegion(companion.spans, t))).toEqual([]);
  expect(saturated.filter((t) => !inRegion(plain.spans, t))).toEqual([]);
  expect(plain.spans).toEqual(companion.spans);
  expect(plain.points).toBe(companion.points);
  expect(plain.note).toMatch(
    /^Scored at 1m, the data's resolution \(not finer than 1m\), each 15s step showing the score of the 1m point at or before it, as the companion's anomaly_score/
  );
  // The interval read over the 10 minutes before the range's end (six 15 s steps, at least 10
  // minutes), then the series and its lead-in at 1 minute.
  const asked = (await page.evaluate(() => (window as any).promAsked)) as Array<Record<string, any>>;
  expect(asked.filter((a) => a.instant).map((a) => a.expr)).toEqual(['cpu[10m]']);
  const cpu = asked.filter((a) => !a.instant && a.expr === 'cpu');
  expect(cpu.every((a) => a.intervalMs === MIN)).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
});

it('at a 1-minute step over a day without a saturation flags nothing, as the companion', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await installPrometheus(
    page,
    { name: 'cpu', time: samples.map((_, i) => START + i * MIN), values: samples },
    { lookback: true }
  );
  // 24 h to 2026-11-30 12:00 UTC: on its rows alone the panel flagged 14 points of a young range.
  const range = rows(Date.UTC(2026, 10, 30, 12), DAY, MIN);
  const scores = await companionScores(MIN, range.time);
  const companion = await render(page, { ...range, 'cpu:anomaly_score': scores });
  const plain = await render(page, range, REQUEST);
  expect(companion.points).toBe(0);
  expect([plain.spans, plain.points, plain.hint]).toEqual([[], 0, 0]);
  expect(errors).toEqual([]);
  await page.close();
});

it('on a source holding 6 days of the series, says the model is still learning, in the engine\'s one line', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  // Only the last 6 days: the default 3-day training's lead-in is 9 days.
  const first = END - 6 * DAY;
  const kept = samples.slice((first - START) / MIN);
  await installPrometheus(page, { name: 'cpu', time: kept.map((_, i) => first + i * MIN), values: kept }, { lookback: true });
  const plain = await render(page, rows(END, DAY, MIN), REQUEST);
  const line =
    'learning: 6.0 d of data, 9 d needed for a full 3-day training; scores before 2026-12-07 06:00 UTC are from a partial model';
  expect(plain.note).toBe(`${line.charAt(0).toUpperCase()}${line.slice(1)}.`);
  expect(errors).toEqual([]);
  await page.close();
});
