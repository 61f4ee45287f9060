/**
 * min_rate=: detections are cleared where the matching gate series is below the rate or absent,
 * except values outside the valid range; an ambiguous gate is an error.
 */
import { code } from './anomalyKind';
import { ByteLru, type Sized } from './byteLru';
import { ENGINE_DEFAULTS, type EngineEnv } from './context';
import type { DetectionOnGrid } from './detectRuns';
import { labelsKey, type HistorySeries } from './history';
import { applyRateGate } from './rateGate';

const STEP = 60_000;
const grid = { step: STEP, points: [0, STEP, 2 * STEP, 3 * STEP] };

function env(gate: Array<{ labels: Record<string, string>; values: number[] }>): EngineEnv {
  const series: HistorySeries[] = gate.map((g) => ({
    key: labelsKey(g.labels),
    labels: g.labels,
    values: Float64Array.from(g.values),
  }));
  return {
    history: { get: async (_q, step, from, to) => ({ from, to, step, series }) },
    cache: new ByteLru<Sized>(1 << 20, (v) => v.sizeBytes()),
    defaults: ENGINE_DEFAULTS,
    maxTrainPoints: 10_000,
    maxForecastSteps: 10_000,
    settleMs: 0,
    now: () => 0,
  };
}

function detection(labels: Record<string, string>): DetectionOnGrid {
  return {
    labels,
    outputs: {
      score: Float64Array.from([0.95, 0.95, NaN, 1]),
      upper: new Float64Array(4),
      lower: new Float64Array(4),
      expected: new Float64Array(4),
      isAnomaly: Float64Array.from([1, 1, 0, 1]),
      fired: Float64Array.from([3, 3, 0, 0]),
      kind: Float64Array.from([code('spike'), code('spike'), 0, code('out_of_range')]),
    },
  };
}

const call = { func: 'anomaly_score' as const, inner: 'latency', gate: 'rate', options: { minRate: 1 } };

describe('applyRateGate', () => {
  it('clears points below the rate of the gate series of the same job, keeping out-of-range ones', async () => {
    const a = detection({ job: 'a', instance: 'x' });
    const b = detection({ job: 'b', instance: 'y' });
    await applyRateGate(
      call,
      grid,
      env([
        { labels: { __name__: 'rate', job: 'a' }, values: [5, 0.5, 5, 0] },
        { labels: { job: 'b' }, values: [0, 0, 0, 0] },
      ]),
      [a, b]
    );
    expect(Array.from(a.outputs.isAnomaly)).toEqual([1, 0, 0, 1]);
    expect(Array.from(a.outputs.score)).toEqual([0.95, 0, NaN, 1]);
    expect(Array.from(a.outputs.fired)).toEqual([3, 0, 0, 0]);
    expect(Array.from(b.outputs.isAnomaly)).toEqual([0, 0, 0, 1]);
    expect(Array.from(b.outputs.kind)).toEqual([0, 0, 0, code('out_of_range')]);
  });

  it('applies a single gate series to every series, and clears where no gate matches', async () => {
    const a = detection({ job: 'a' });
    await applyRateGate(call, grid, env([{ labels: {}, values: [5, 5, 5, 5] }]), [a]);
    expect(Array.from(a.outputs.isAnomaly)).toEqual([1, 1, 0, 1]);
    const c = detection({ job: 'c' });
    await applyRateGate(
      call,
      grid,
      env([
        { labels: { job: 'a' }, values: [5, 5, 5, 5] },
        { labels: { job: 'b' }, values: [5, 5, 5, 5] },
      ]),
      [c]
    );
    expect(Array.from(c.outputs.isAnomaly)).toEqual([0, 0, 0, 1]);
  });

  it('refuses a gate that matches a series more than once', async () => {
    const a = detection({ job: 'a', instance: 'x' });
    await expect(
      applyRateGate(
        call,
        grid,
        env([
          { labels: { job: 'a' }, values: [5, 5, 5, 5] },
          { labels: { instance: 'x' }, values: [5, 5, 5, 5] },
        ]),
        [a]
      )
    ).rejects.toThrow(/the min_rate= series matches 2 series for .*aggregate it/);
  });
});
