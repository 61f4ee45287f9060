/**
 * The evaluator: runs one of our functions over the inner query's upstream history and shapes the
 * result as Prometheus would (vector for instant queries, matrix for range queries), applying an
 * optional trailing comparison. Values at query times come from the grid (src/engine/grid.ts).
 */
import type { EngineEnv } from '../../../src/engine/context';
import { evaluate } from '../../../src/engine/evaluate';
import { alignDown, gridPoints } from '../../../src/engine/grid';
import { labelsKey } from '../../../src/engine/history';
import { checkModelDoor } from '../../../src/engine/modelDoor';
import { formatValue } from '../../../src/common/promValue';
import type { Comparison, DerivedQuery } from './ast';

/** A Prometheus instant vector result. */
export interface VectorResult {
  resultType: 'vector';
  result: Array<{ metric: Record<string, string>; value: [number, string] }>;
}

/** A Prometheus range result. */
export interface MatrixResult {
  resultType: 'matrix';
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

/** Instant query at `t` (ms). */
export async function evaluateInstant(q: DerivedQuery, t: number, env: EngineEnv): Promise<VectorResult> {
  checkModelDoor([q], 'companion');
  const step = q.options.step ?? env.defaults.step;
  const g = alignDown(t, step);
  const series = await evaluate(q, { step, points: [g] }, env);
  const result: VectorResult['result'] = [];
  for (const s of sortSeries(series)) {
    const v = s.values[0];
    const out = Number.isNaN(v) ? undefined : compare(v, q.comparison);
    if (out !== undefined) {
      result.push({ metric: s.labels, value: [t / 1000, formatValue(out)] });
    }
  }
  return { resultType: 'vector', result };
}

/** Range query over [start, end] (ms) every `step` ms. */
export async function evaluateRange(
  q: DerivedQuery,
  start: number,
  end: number,
  step: number,
  env: EngineEnv
): Promise<MatrixResult> {
  checkModelDoor([q], 'companion');
  const gridStep = q.options.step ?? step;
  const times: number[] = [];
  for (let t = start; t <= end; t += step) {
    times.push(t);
  }
  const points = gridPoints(times, gridStep);
  // Index into `points` of each query time's grid point (both ascending).
  const at = new Int32Array(times.length);
  for (let i = 0, j = 0; i < times.length; i++) {
    const g = alignDown(times[i], gridStep);
    while (points[j] < g) {
      j++;
    }
    at[i] = j;
  }
  const series = await evaluate(q, { step: gridStep, points }, env);
  const result: MatrixResult['result'] = [];
  for (const s of sortSeries(series)) {
    const values: Array<[number, string]> = [];
    for (let i = 0; i < times.length; i++) {
      const v = s.values[at[i]];
      const out = Number.isNaN(v) ? undefined : compare(v, q.comparison);
      if (out !== undefined) {
        values.push([times[i] / 1000, formatValue(out)]);
      }
    }
    if (values.length > 0) {
      result.push({ metric: s.labels, values });
    }
  }
  return { resultType: 'matrix', result };
}

/** PromQL comparison with a scalar: filter, or 0/1 with `bool`. NaN compares false. */
function compare(v: number, c: Comparison | undefined): number | undefined {
  if (!c) {
    return v;
  }
  let ok: boolean;
  switch (c.op) {
    case '>':
      ok = v > c.value;
      break;
    case '<':
      ok = v < c.value;
      break;
    case '>=':
      ok = v >= c.value;
      break;
    case '<=':
      ok = v <= c.value;
      break;
    case '==':
      ok = v === c.value;
      break;
    case '!=':
      ok = v !== c.value;
      break;
  }
  if (c.bool) {
    return ok ? 1 : 0;
  }
  return ok ? v : undefined;
}

/** Series in a stable order (by their labels), as Prometheus sorts results. */
function sortSeries<T extends { labels: Record<string, string> }>(series: T[]): T[] {
  const keyed = series.map((s) => ({ s, k: labelsKey(s.labels) }));
  return keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.s);
}
