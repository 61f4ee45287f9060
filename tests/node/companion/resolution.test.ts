/**
 * Scoring at the data's own resolution, against a real Prometheus with backfilled history: a series
 * scraped every 5 minutes scores at 5 minutes by default (not at the 1-minute default resolution,
 * which would repeat each sample five times); a 15 s series at a 10-minute step scores every minute
 * (the floor) and keeps a one-minute spike; an explicit resolution= wins; an inner query whose
 * interval cannot be told, and history shorter than the detector's lead-in, say so in `warnings`.
 * Prometheus answers a query past its retention as it answers before a series' first sample (no
 * samples), so the short history is a series backfilled from a later start.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { mulberry32 } from '../../../src/ml/core/prng';
import { omLine, startPrometheus, type TestPrometheus } from '../../support/prometheus';
import { DAY, HOUR, MINUTE, window } from './fixtures';
import { postForm } from './harness';

const { end: END } = window();
/** A one-minute spike (four 15 s samples at ten times the level) 3 minutes into a 10-minute step. */
const SPIKE = Math.floor((END - 5 * HOUR) / (10 * MINUTE)) * 10 * MINUTE + 3 * MINUTE;
const SPIKE_STEP_END = SPIKE - 3 * MINUTE + 10 * MINUTE;

function history(): string {
  const lines = ['# TYPE res_five gauge'];
  const five = mulberry32(5);
  for (let t = END - 5 * DAY; t <= END; t += 5 * MINUTE) {
    const v = 10 + 3 * Math.sin((2 * Math.PI * t) / DAY) + 0.3 * (five() - 0.5);
    lines.push(omLine('res_five', { job: 'five' }, Number(v.toFixed(4)), t));
  }
  lines.push('# TYPE res_fast gauge');
  const fast = mulberry32(15);
  for (let t = END - 4 * DAY; t <= END; t += 15_000) {
    const spike = t >= SPIKE && t < SPIKE + MINUTE;
    const v = spike ? 2.4 : 0.25 + 0.05 * Math.sin((2 * Math.PI * t) / DAY) + 0.01 * (fast() - 0.5);
    lines.push(omLine('res_fast', { job: 'fast' }, Number(v.toFixed(5)), t));
  }
  return lines.join('\n');
}

let prom: TestPrometheus;
let companion: Companion;

beforeAll(async () => {
  prom = await startPrometheus({ openMetrics: history() });
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { url: prom.url }, limits: { queryTimeout: '1h' } }),
    {
      logger: silentLogger,
    }
  );
});
afterAll(async () => {
  await companion?.close();
  await prom?.stop();
});

/** A range query through the companion's HTTP API: values by time (ms), and the warnings. */
async function range(query: string, start: number, end: number, step: number) {
  const r = await postForm(companion.url, '/api/v1/query_range', {
    query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(step / 1000),
  });
  expect([r.status, r.body.status]).toEqual([200, 'success']);
  const values = new Map<number, number>(
    (r.body.data.result[0]?.values ?? []).map(([t, v]: [number, string]) => [Math.round(t * 1000), Number(v)])
  );
  return { values, warnings: (r.body.warnings ?? []) as string[] };
}

describe('scoring at the data resolution (real Prometheus)', () => {
  test('a 5-minute series scores at 5 minutes by default: as resolution=5m, not as resolution=1m, with no warning', async () => {
    for (const step of [5 * MINUTE, 10 * MINUTE]) {
      const byDefault = await range('anomaly_score(res_five, "train=1d")', END - DAY, END, step);
      const at5m = await range('anomaly_score(res_five, "train=1d resolution=5m")', END - DAY, END, step);
      const at1m = await range('anomaly_score(res_five, "train=1d resolution=1m")', END - DAY, END, step);
      expect(byDefault.values.size).toBeGreaterThan(100);
      expect([...byDefault.values]).toEqual([...at5m.values]);
      expect(byDefault.warnings).toEqual([]);
      // The explicit override is honoured: scored at 1m the figures differ.
      expect([...at1m.values].filter(([t, v]) => v !== byDefault.values.get(t)).length).toBeGreaterThan(10);
    }
  });

  test('a 15 s series at a 10-minute step scores every minute and keeps a one-minute spike; resolution=10m loses it', async () => {
    const from = SPIKE_STEP_END - 2 * HOUR;
    const to = SPIKE_STEP_END + 2 * HOUR;
    const byDefault = await range('anomaly_score(res_fast, "train=1d")', from, to, 10 * MINUTE);
    expect(byDefault.warnings).toEqual([]);
    expect(byDefault.values.get(SPIKE_STEP_END)!).toBeGreaterThan(0.9);
    // Quiet before it (after it, the ensemble's own memory of the spike is the models' business).
    expect([...byDefault.values].filter(([t, v]) => t < SPIKE_STEP_END && v > 0.9)).toEqual([]);
    // The floor: 15 s data scores at defaults.resolution (1m), as resolution=1m does.
    const at1m = await range('anomaly_score(res_fast, "train=1d resolution=1m")', from, to, 10 * MINUTE);
    expect([...byDefault.values]).toEqual([...at1m.values]);
    const coarse = await range('anomaly_score(res_fast, "train=1d resolution=10m")', from, to, 10 * MINUTE);
    expect(coarse.values.get(SPIKE_STEP_END)!).toBeLessThan(0.9);
  });

  test('an inner query whose sample interval cannot be told scores at defaults.resolution and says why', async () => {
    const r = await range('anomaly_score(max_over_time(res_five[10m:5m]), "train=1d")', END - DAY, END, 10 * MINUTE);
    expect(r.values.size).toBeGreaterThan(100);
    expect(r.warnings).toEqual([
      'scored at the default resolution 1m: the sample interval of max_over_time(res_five[10m:5m]) could not be told (it holds a subquery, whose step sets its resolution); set resolution= to choose',
    ]);
  });

  test('points less than a lead-in after the first sample upstream (retention, a newer series) are answered with a warning', async () => {
    // train=1d: the lead-in is three days; the history starts five days before END.
    const early = await range('anomaly_score(res_five, "train=1d")', END - 4 * DAY, END - 3 * DAY, 5 * MINUTE);
    // One line with the figures (learning.ts): 2 days read by the last point, a full model from END - 2 d.
    expect(early.warnings).toHaveLength(1);
    const m = /^learning: 2\.0 d of data, 3 d needed for a full 1-day training; scores before (\d{4}-\d\d-\d\d \d\d:\d\d) UTC are from a partial model$/.exec(
      early.warnings[0]
    );
    expect(m).not.toBeNull();
    expect(Math.abs(Date.parse(`${m![1].replace(' ', 'T')}:00Z`) - (END - 2 * DAY))).toBeLessThanOrEqual(5 * MINUTE);
    expect(early.values.size).toBeGreaterThan(100);
    const later = await range('anomaly_score(res_five, "train=1d")', END - 2 * DAY + HOUR, END - DAY, 5 * MINUTE);
    expect(later.warnings).toEqual([]);
  });
});

describe('unaligned steps (Grafana alerting and vmalert evaluate at any time)', () => {
  // Query times 5 minutes off the 10-minute grid: the spike (at SPIKE) falls in the window
  // (SPIKE - 8m, SPIKE + 2m] of the time SPIKE + 2m, not in that of SPIKE + 12m.
  const from = SPIKE + 2 * MINUTE - 2 * HOUR;
  const to = SPIKE + 2 * MINUTE + 2 * HOUR;

  test('the score at t is the highest one-minute score in (t - step, t], as max_over_time(x[step]) at t', async () => {
    const coarse = await range('anomaly_score(res_fast, "train=1d")', from, to, 10 * MINUTE);
    const fine = await range('anomaly_score(res_fast, "train=1d")', from - 10 * MINUTE, to, MINUTE);
    expect(coarse.warnings).toEqual([]);
    expect(coarse.values.size).toBe(25);
    for (const [t, v] of coarse.values) {
      const inStep = [...fine.values].filter(([f]) => f > t - 10 * MINUTE && f <= t).map(([, s]) => s);
      expect(inStep).toHaveLength(10);
      expect([t, v]).toEqual([t, Math.max(...inStep)]);
    }
    // The spike lands on the step whose window holds it, not on the next.
    expect(coarse.values.get(SPIKE + 2 * MINUTE)!).toBeGreaterThan(0.9);
    expect(coarse.values.get(SPIKE + 12 * MINUTE)!).toBeLessThan(0.9);
  });

  test('an instant query at an unaligned time answers as the range query at that time', async () => {
    const coarse = await range('anomaly_score(res_fast, "train=1d step=10m")', from, to, 10 * MINUTE);
    const scores = new Map<number, number>();
    for (const t of [SPIKE + 2 * MINUTE, SPIKE + 12 * MINUTE, SPIKE - 8 * MINUTE]) {
      const r = await postForm(companion.url, '/api/v1/query', {
        query: 'anomaly_score(res_fast, "train=1d step=10m")',
        time: String(t / 1000),
      });
      expect([r.status, r.body.status]).toEqual([200, 'success']);
      expect([t, Number(r.body.data.result[0].value[1])]).toEqual([t, coarse.values.get(t)]);
      scores.set(t, Number(r.body.data.result[0].value[1]));
    }
    // The alert an evaluation at SPIKE + 2m makes fires then, not ten minutes later.
    expect(scores.get(SPIKE + 2 * MINUTE)!).toBeGreaterThan(0.9);
  });
});
