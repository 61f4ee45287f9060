/**
 * Scoring at the data's own resolution. A detector judged on a coarse grid sees one sample per step
 * (what Prometheus returns at the step's end) and misses what happened in between: a one-minute
 * latency spike vanishes at a 10-minute step. When a call's resolution is finer than its grid, the
 * detector runs on the fine grid and each grid point reports the highest score within its step
 * (g - step, g]; the band (upper, lower) is the fine grid's value at g itself.
 */
import type { EngineEnv, EvalGrid, SeriesValues } from './context';
import { labelsKey } from './history';
import type { FunctionCall } from './query';

/** Most fine points per series one evaluation may read (Prometheus' 11,000 points per query). */
export const MAX_FINE_POINTS = 11_000;

/**
 * The fine step for a call on `grid`: the call's or the default resolution, rounded so that it
 * divides the grid step into whole milliseconds, and coarsened (documented, never silent: the
 * rule is the limit above) until the fine points fit {@link MAX_FINE_POINTS}. The grid step itself
 * when no finer resolution applies.
 *
 * @example fineStep(600_000, 60_000, 576) // 60_000: ten fine points per 10-minute step
 */
export function fineStep(step: number, resolution: number | undefined, points: number): number {
  if (!(resolution !== undefined && resolution > 0 && resolution < step)) {
    return step;
  }
  let k = Math.ceil(step / resolution);
  while (k > 1 && (step % k !== 0 || points * k > MAX_FINE_POINTS)) {
    k--;
  }
  return step / k;
}

/** Evaluates a detector function at `fine` resolution and reads it back onto `grid`. */
export async function onFinerGrid(
  call: FunctionCall,
  grid: EvalGrid,
  fine: number,
  env: EngineEnv,
  run: (call: FunctionCall, grid: EvalGrid, env: EngineEnv) => Promise<SeriesValues[]>
): Promise<SeriesValues[]> {
  const k = Math.round(grid.step / fine);
  const finePoints = new Set<number>();
  for (const g of grid.points) {
    for (let j = k - 1; j >= 0; j--) {
      finePoints.add(g - j * fine);
    }
  }
  const sorted = [...finePoints].sort((a, b) => a - b);
  const index = new Map(sorted.map((g, i) => [g, i]));
  // The fine grid is the detector's own grid: its step sets the lead-in and the training points.
  const fineCall = { ...call, options: { ...call.options, step: fine } };
  const values = await run(fineCall, { step: fine, points: sorted }, env);
  const maxInStep = call.func === 'anomaly_score';
  const out = new Map<string, SeriesValues>();
  for (const s of values) {
    const v = new Float64Array(grid.points.length).fill(NaN);
    grid.points.forEach((g, i) => {
      if (!maxInStep) {
        v[i] = s.values[index.get(g)!];
        return;
      }
      let best = NaN;
      for (let j = 0; j < k; j++) {
        const x = s.values[index.get(g - j * fine)!];
        if (Number.isFinite(x) && !(x <= best)) {
          best = x;
        }
      }
      v[i] = best;
    });
    out.set(labelsKey(s.labels), { labels: s.labels, values: v });
  }
  return [...out.values()];
}
