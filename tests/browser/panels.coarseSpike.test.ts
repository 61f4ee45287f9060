/**
 * The demo's api-1 p99 latency at a 2-minute step (SRE walk-through): the step after a spike is
 * flagged for the spike's last minute, scored at the data's resolution (issue 12), while its value is
 * the sample Prometheus returns at the step's end, a normal one. The dot stood on that normal sample
 * and read as a false flag. Scoring the series itself the panel now puts it at the minute that scored;
 * with the companion's scores (derived fields) it shades the step instead of a dot on the sample.
 */
import type { Page } from 'playwright-core';
import { demoSeries } from '../../companion/src/upstream/demo/demoSeries';
import { ENGINE_DEFAULTS, matrixEnv } from '../../src/engine/context';
import { evaluateAt } from '../../src/engine/evaluate';
import { matrixHistory } from '../../src/engine/history';
import type { FunctionCall, FunctionName } from '../../src/engine/query';
import { scoreThreshold } from '../../src/datasource/threshold';
import { LATENCY_RULES } from '../../src/pages/home/selectors';
import type { FlagMark } from '../../src/panels/anomaly/chart/flagMark';
import { openHarness, useHarness } from './browser';
import { attributes, expectChart, installPrometheus, renderPanel } from './panelsFixtures';

const h = useHarness();
const MIN = 60_000;
const STEP = 2 * MIN;
const DAY = 86_400_000;
const api1 = demoSeries().find(
  (s) =>
    s.labels.__name__ === 'http_request_duration_seconds' &&
    s.labels.instance === 'api-1:8080' &&
    s.labels.quantile === '0.99'
)!;
const END = Date.UTC(2026, 11, 4, 6);
const START = END - 30 * DAY;
const samples = Array.from({ length: 30 * 1440 + 1 }, (_, i) => api1.at(START + i * MIN));
const at = (t: number) => samples[Math.floor((t - START) / MIN)];

/**
 * The latest spike minute (over 1.2 s, as the preview's latency view finds it) in the last 14 days
 * whose 2-minute step ends on a normal sample (under 0.6 s): the step the walk-through saw.
 */
function spikeBeforeNormalStepEnd(): { minute: number; stepEnd: number } {
  for (let t = END - MIN; t > END - 14 * DAY; t -= MIN) {
    const stepEnd = Math.ceil((t + 1) / STEP) * STEP;
    if (at(t) > 1.2 && stepEnd !== t && at(stepEnd) < 0.6) {
      return { minute: t, stepEnd };
    }
  }
  throw new Error('no spike in the demo latency ends inside a 2-minute step');
}

/** The companion's answer of `func` at `times` on the 2-minute grid, with the shipped latency rules. */
async function companion(func: FunctionName, times: number[]): Promise<number[]> {
  const matrix = { from: START, step: MIN, series: [{ labels: {}, values: Float64Array.from(samples) }] };
  const env = { ...matrixEnv(matrix, { ...ENGINE_DEFAULTS, resolution: MIN }), history: matrixHistory(matrix) };
  const call: FunctionCall = {
    func,
    inner: 'lat',
    options: { model: 'ensemble', sensitivity: 0.5, step: STEP, season: 'auto', ...LATENCY_RULES },
  };
  const [s] = await evaluateAt(call, STEP, times, env);
  return Array.from(s.values);
}

async function marks(
  page: Page,
  columns: Record<string, number[]>,
  request?: { targets: Array<Record<string, unknown>> }
): Promise<FlagMark[]> {
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'lat', columns }],
    width: 1000,
    height: 380,
    timeRange: { from: columns.time[0], to: columns.time[columns.time.length - 1] },
    // The preview's latency view: the shipped rules, flagged at the ensemble's own decision (0.765).
    options: {
      direction: LATENCY_RULES.side,
      minRel: LATENCY_RULES.minRel,
      scoreThreshold: scoreThreshold('ensemble', 0.5),
    },
    ...(request ? { request } : {}),
  });
  await expectChart(page, 'bw-anomaly-panel');
  return JSON.parse((await attributes(page, 'bw-anomaly-panel'))['flag-marks']) as FlagMark[];
}

jest.setTimeout(300_000);

it("marks the step after a spike at the minute that scored, not at the step's normal sample", async () => {
  const { minute, stepEnd } = spikeBeforeNormalStepEnd();
  const { page, errors } = await openHarness(h.browser, h.server);
  await installPrometheus(
    page,
    { name: 'lat', time: samples.map((_, i) => START + i * MIN), values: samples },
    { lookback: true }
  );
  const time: number[] = [];
  for (let t = stepEnd - 12 * 3_600_000; t <= stepEnd + 2 * 3_600_000; t += STEP) {
    time.push(t);
  }
  const range = { time, lat: time.map(at) };
  const request = { targets: [{ refId: 'A', expr: 'lat', datasource: { uid: 'prom1', type: 'prometheus' } }] };

  // Scored by the panel: the step is flagged, its dot at the spike's minute and value.
  const plain = await marks(page, range, request);
  const own = plain.find((m) => m.kind === 'peak' && m.t > stepEnd - STEP && m.t <= stepEnd);
  expect(own).toEqual({ kind: 'peak', t: minute, v: at(minute) });
  // No dot of the panel's sits on a sample inside its step's band that did not score.
  expect(plain.filter((m) => m.kind === 'value' && m.t === stepEnd)).toEqual([]);

  // The companion's scores and band as derived fields: the step is flagged and shaded, no dot on 0.3 s.
  const derived = {
    ...range,
    'lat:anomaly_score': await companion('anomaly_score', time),
    'lat:anomaly_upper': await companion('anomaly_upper', time),
    'lat:anomaly_lower': await companion('anomaly_lower', time),
  };
  const fromData = await marks(page, derived);
  expect(fromData.filter((m) => m.kind !== 'step' && m.t === stepEnd)).toEqual([]);
  expect(fromData).toContainEqual({ kind: 'step', from: stepEnd - STEP, to: stepEnd });
  expect(errors).toEqual([]);
  await page.close();
});
