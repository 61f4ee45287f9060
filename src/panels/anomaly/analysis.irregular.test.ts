/**
 * The panel on irregular timestamps (a CSV or other non-Prometheus source): it reads the engine's
 * outputs back through the same grid placement as `bellwether detect` (history.ts gridSlots/atRows),
 * so every placed row gets its verdict, a dropped row is counted, and each row's figures are the
 * CLI's for the same rows.
 */
import { detectSeries } from '../../engine/detectSeries';
import { detectionsOnMatrix } from '../../engine/evaluate';
import { prepareSeries } from '../../ml/core/prepare';
import type { PanelSeries } from '../../components/charts/panelSeries';
import { analysisFromEngine, anomalyRequestFor, onRows, type SeriesAnalysis } from './analysis';
import { DEFAULT_OPTIONS } from './types';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 5 * 60_000;
const DAY = 24 * 60 * 60_000;
const N = 701;

/** Rows about 5 min apart, each moved by up to ±0.45 step; rows 350-352 crowd into one step. */
function irregular(): { t: Float64Array; v: Float64Array; spike: number } {
  const t = Float64Array.from({ length: N }, (_, i) => T0 + (i + 0.45 * Math.sin(i * 1.7)) * STEP);
  t[351] = t[350] + 0.3 * STEP;
  t[352] = t[350] + 0.5 * STEP;
  const v = Float64Array.from(
    t,
    (x, i) => 50 + 10 * Math.sin((2 * Math.PI * (x - T0)) / DAY) + 2 * Math.sin(i * 2.399963)
  );
  const spike = 600;
  v[spike] += 60;
  return { t, v, spike };
}

/** What the panel computes for one series (useDetections' engine path, with the worker's call in-process). */
async function panelAnalysis(t: Float64Array, v: Float64Array): Promise<{ a: SeriesAnalysis; step: number }> {
  const s: PanelSeries = { name: 'irregular', t, v, derived: {} };
  const req = anomalyRequestFor(s, DEFAULT_OPTIONS);
  if ('status' in req) {
    throw new Error(req.message);
  }
  const [d] = await detectionsOnMatrix(req.matrix, req.call, req.points);
  return { a: analysisFromEngine(s, onRows(s, req, d), DEFAULT_OPTIONS.model), step: req.call.options.step! };
}

describe('the anomaly panel on irregular timestamps', () => {
  it('gives every placed row its verdict and each row the figures of bellwether detect', async () => {
    const { t, v, spike } = irregular();
    const { a, step } = await panelAnalysis(t, v);
    // The CLI's step (prepareSeries) and its detection of the same rows with the panel's options.
    const cliStep = prepareSeries({ t, v }).stepMs;
    expect(step).toBe(cliStep);
    const cli = await detectSeries(t, v, cliStep, {
      model: DEFAULT_OPTIONS.model,
      sensitivity: DEFAULT_OPTIONS.sensitivity,
      season: 'auto',
    });
    // Most rows lie off the grid: matching outputs by timestamp would leave them without a verdict.
    const offGrid = Array.from(t).filter((x) => (x - t[0]) % step !== 0).length;
    expect(offGrid).toBeGreaterThan(N / 2);

    // Rows 350-352 crowd into one step, and the estimated step is not 5 min: some rows are dropped.
    expect(cli.shared).toBeGreaterThan(0);
    expect(a.shared).toBe(cli.shared);
    const from = a.judgedFrom ?? 0;
    expect(from).toBeLessThan(N / 2);
    const unjudged = Array.from(a.score!.subarray(from)).filter((x) => !Number.isFinite(x)).length;
    expect(unjudged).toBe(0);
    expect(a.isAnomaly[spike]).toBe(1);

    expect(Array.from(a.score!)).toEqual(Array.from(cli.score));
    expect(Array.from(a.expected!)).toEqual(Array.from(cli.expected));
    expect(Array.from(a.lower!)).toEqual(Array.from(cli.lower));
    expect(Array.from(a.upper!)).toEqual(Array.from(cli.upper));
    expect(Array.from(a.isAnomaly)).toEqual(Array.from(cli.isAnomaly));
    expect(Array.from(a.kind!)).toEqual(Array.from(cli.kind));
    expect(Array.from(a.fired!)).toEqual(Array.from(cli.fired));
    expect(a.members).toEqual(cli.members);
  });
});
