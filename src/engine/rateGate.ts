/**
 * Low-traffic exclusion (`min_rate=`): a detector call may name a gate series, such as the request
 * rate behind a latency; where the gate is below `minRate`, or has no value, nothing is anomalous
 * (score 0, no member fired, no kind). Values outside the valid range stay flagged: an impossible
 * value is wrong at any traffic. The gate acts on the outputs, after the detector run and its kinds,
 * so runs with and without it are the same run (and share its cache).
 *
 * Matching: a gate of one series applies to every source series; otherwise each source series takes
 * the gate series whose labels (without __name__) it all carries, as `sum by (job) (rate(...))`
 * matches every series of that job.
 */
import { code as kindCode } from './anomalyKind';
import type { EngineEnv, EvalGrid } from './context';
import type { DetectionOnGrid } from './detectRuns';
import { KindedError } from './errors';
import type { HistorySeries } from './history';
import type { FunctionCall } from './query';

/** Masks the detections where the call's gate series is below its min_rate (in place). */
export async function applyRateGate(
  q: FunctionCall,
  grid: EvalGrid,
  env: EngineEnv,
  detections: DetectionOnGrid[]
): Promise<void> {
  const minRate = q.options.minRate;
  if (q.gate === undefined || minRate === undefined || grid.points.length === 0 || detections.length === 0) {
    return;
  }
  const from = grid.points[0];
  const w = await env.history.get(q.gate, grid.step, from, grid.points[grid.points.length - 1], env.signal);
  const outOfRange = kindCode('out_of_range');
  for (const d of detections) {
    const gate = gateFor(w.series, d.labels);
    const o = d.outputs;
    grid.points.forEach((g, idx) => {
      const rate = gate ? gate.values[Math.round((g - from) / grid.step)] : NaN;
      if (rate >= minRate || o.kind[idx] === outOfRange) {
        return;
      }
      if (Number.isFinite(o.score[idx])) {
        o.score[idx] = 0;
      }
      o.isAnomaly[idx] = 0;
      o.fired[idx] = 0;
      o.kind[idx] = 0;
    });
  }
}

function gateFor(series: HistorySeries[], labels: Record<string, string>): HistorySeries | undefined {
  if (series.length === 1) {
    return series[0];
  }
  const matches = series.filter((s) => Object.entries(s.labels).every(([k, v]) => k === '__name__' || labels[k] === v));
  if (matches.length > 1) {
    throw new KindedError(
      'bad_input',
      `the min_rate= series matches ${matches.length} series for ${JSON.stringify(labels)}; aggregate it so that one matches, e.g. sum by (job) (rate(...))`
    );
  }
  return matches[0];
}
