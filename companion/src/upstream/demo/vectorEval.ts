/**
 * Instant-vector evaluation of the demo's aggregations and binary expressions (miniPromql.ts), with
 * Prometheus' semantics where the subset reaches: aggregations drop `__name__` and keep the `by`
 * labels (or all but the `without` ones); arithmetic between vectors matches one-to-one on the
 * `on` labels (or all but the `ignoring` ones, and `__name__`), keeps the `on` labels only (or drops
 * the `ignoring` ones and the name), leaves out unmatched series, and refuses a match that is not
 * one-to-one, as Prometheus does.
 */
import { labelsKey } from '../../../../src/engine/history';
import {
  type AggregateExpr,
  type ArithmeticOp,
  type BinaryExpr,
  type DemoExpr,
  DemoQueryError,
  type SeriesExpr,
} from './miniPromql';

/** One sample of an instant vector. */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

/** The samples of a selector or range function at `t` (the upstream's lookback and range rules). */
export type Sampler = (e: SeriesExpr, t: number) => VectorSample[];

/** Whether `e` is evaluated here rather than series by series. */
export function isComposite(e: DemoExpr): e is AggregateExpr | BinaryExpr {
  return e.kind === 'aggregate' || e.kind === 'binary';
}

/** The instant vector of `e` at `t`. */
export function vectorAt(e: SeriesExpr | AggregateExpr | BinaryExpr, t: number, sample: Sampler): VectorSample[] {
  if (e.kind === 'aggregate') {
    return aggregate(e, sample(e.inner, t));
  }
  if (e.kind === 'binary') {
    return binary(e, vectorAt(e.lhs, t, sample), vectorAt(e.rhs, t, sample));
  }
  return sample(e, t);
}

function aggregate(e: AggregateExpr, input: VectorSample[]): VectorSample[] {
  const groups = new Map<string, { metric: Record<string, string>; values: number[] }>();
  for (const x of input) {
    const metric = grouped(x.metric, e.grouping);
    const key = labelsKey(metric);
    const g = groups.get(key) ?? { metric, values: [] };
    g.values.push(x.value);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ metric: g.metric, value: reduce(e.op, g.values) }));
}

function grouped(metric: Record<string, string>, grouping: AggregateExpr['grouping']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) {
    if (k !== '__name__' && grouping.labels.includes(k) !== grouping.without) {
      out[k] = v;
    }
  }
  return out;
}

function reduce(op: AggregateExpr['op'], values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'count':
      return values.length;
  }
}

function binary(e: BinaryExpr, lhs: VectorSample[], rhs: VectorSample[]): VectorSample[] {
  const signature = (metric: Record<string, string>) => labelsKey(matchingLabels(metric, e.matching));
  const right = new Map<string, VectorSample>();
  for (const x of rhs) {
    const key = signature(x.metric);
    if (right.has(key)) {
      throw new DemoQueryError(
        `found duplicate series for the match group ${key} on the right hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on one side`
      );
    }
    right.set(key, x);
  }
  const out: VectorSample[] = [];
  const seen = new Set<string>();
  for (const x of lhs) {
    const key = signature(x.metric);
    const y = right.get(key);
    if (!y) {
      continue;
    }
    if (seen.has(key)) {
      throw new DemoQueryError(
        `found duplicate series for the match group ${key} on the left hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on one side`
      );
    }
    seen.add(key);
    // The result keeps the labels matched on (Prometheus' one-to-one resultMetric does the same).
    out.push({ metric: matchingLabels(x.metric, e.matching), value: arithmetic(e.op, x.value, y.value) });
  }
  return out;
}

/** The labels two sides match on: the `on` ones, or all but the `ignoring` ones and the name. */
function matchingLabels(metric: Record<string, string>, matching: BinaryExpr['matching']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) {
    if (matching?.on ? matching.labels.includes(k) : k !== '__name__' && !matching?.labels.includes(k)) {
      out[k] = v;
    }
  }
  return out;
}

function arithmetic(op: ArithmeticOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
}
