/**
 * The evaluator: runs one of our functions over the inner query's upstream history and shapes the
 * result as Prometheus would (vector for instant queries, matrix for range queries), applying an
 * optional trailing comparison. Values at query times follow the engine's one rule (evaluateAt in
 * src/engine/evaluate.ts): the grid point at or before t, or a detector's highest score in (t - step, t].
 */
import type { EngineEnv } from '../../../src/engine/context';
import { evaluateAt } from '../../../src/engine/evaluate';
import { labelsKey } from '../../../src/engine/history';
import { checkModelDoor } from '../../../src/engine/modelDoor';
import { formatValue } from '../../../src/common/promValue';
import { noSeriesWarning, partialAnswerLeft } from '../../../src/engine/warnings';
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
  const series = await evaluateAt(q, step, [t], env);
  noteNoSeries(q, series.length, env);
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

/**
 * A range result as columns, before it is written out: each series' values at the query times, NaN
 * where it has none (a NaN output, or one a comparison filters out), series without any left out.
 * The router writes it as JSON straight from here (api/matrixJson.ts): two million `[time, "value"]`
 * pairs as arrays cost more than the answer's text.
 */
export interface RangeAnswer {
  resultType: 'matrix';
  /** Query times (ms), ascending. */
  times: number[];
  result: Array<{ metric: Record<string, string>; values: Float64Array }>;
}

/** Range query over [start, end] (ms) every `step` ms, as Prometheus' matrix. */
export async function evaluateRange(
  q: DerivedQuery,
  start: number,
  end: number,
  step: number,
  env: EngineEnv
): Promise<MatrixResult> {
  return matrixPairs(await rangeAnswer(q, start, end, step, env));
}

/** A range answer as Prometheus' matrix of `[seconds, "value"]` pairs. */
export function matrixPairs(a: RangeAnswer): MatrixResult {
  return {
    resultType: 'matrix',
    result: a.result.map((s) => {
      const values: Array<[number, string]> = [];
      s.values.forEach((v, i) => {
        if (!Number.isNaN(v)) {
          values.push([a.times[i] / 1000, formatValue(v)]);
        }
      });
      return { metric: s.metric, values };
    }),
  };
}

/** Range query over [start, end] (ms) every `step` ms, as columns (see RangeAnswer). */
export async function rangeAnswer(
  q: DerivedQuery,
  start: number,
  end: number,
  step: number,
  env: EngineEnv
): Promise<RangeAnswer> {
  checkModelDoor([q], 'companion');
  const gridStep = q.options.step ?? step;
  const times: number[] = [];
  for (let t = start; t <= end; t += step) {
    times.push(t);
  }
  const series = await evaluateAt(q, gridStep, times, env);
  noteNoSeries(q, series.length, env);
  const result: RangeAnswer['result'] = [];
  for (const s of sortSeries(series)) {
    const values = new Float64Array(times.length);
    let any = false;
    for (let i = 0; i < times.length; i++) {
      const v = s.values[i];
      // compare never gives NaN (NaN compares false), so NaN alone marks "no value".
      const out = Number.isNaN(v) ? undefined : compare(v, q.comparison);
      values[i] = out ?? NaN;
      any ||= out !== undefined;
    }
    if (any) {
      result.push({ metric: s.labels, values });
    }
  }
  return { resultType: 'matrix', times, result };
}

/**
 * Says so when the inner query matched no series: the answer stays Prometheus' empty success (an
 * alert rule reads absent series as no alert), but a misspelt metric in a rule would otherwise stay
 * silent forever. Not said of a partial answer, whose own warning counts the series left out, nor
 * when a comparison filtered every series out (they were matched).
 */
function noteNoSeries(q: DerivedQuery, matched: number, env: EngineEnv): void {
  if (matched === 0 && env.warnings && partialAnswerLeft(env.warnings.list()) === undefined) {
    env.warnings.note(noSeriesWarning(q));
  }
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
