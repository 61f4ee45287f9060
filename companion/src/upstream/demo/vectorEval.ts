/**
 * Instant-vector evaluation of the demo's aggregations and binary expressions (miniPromql.ts), with
 * Prometheus' semantics where the subset reaches: aggregations keep the `by` labels (`__name__`
 * only when listed), or all but the `without` ones and `__name__`; arithmetic between vectors matches one-to-one on the
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

/** The group's labels: the `by` ones (`__name__` too when listed), or all but the `without` ones and the name. */
function grouped(metric: Record<string, string>, grouping: AggregateExpr['grouping']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) {
    const listed = grouping.labels.includes(k);
    if (grouping.without ? !listed && k !== '__name__' : listed) {
      out[k] = v;
    }
  }
  return out;
}

function reduce(op: AggregateExpr['op'], values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    // Prometheus' min and max skip NaN unless every value is NaN; Math.min/max would return NaN.
    case 'min':
      return numbers(values).reduce((a, b) => Math.min(a, b), Infinity);
    case 'max':
      return numbers(values).reduce((a, b) => Math.max(a, b), -Infinity);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'count':
      return values.length;
  }
}

/** The values without NaN, or `[NaN]` when every one is NaN. */
function numbers(values: number[]): number[] {
  const out = values.filter((v) => !Number.isNaN(v));
  return out.length ? out : [NaN];
}

function binary(e: BinaryExpr, lhs: VectorSample[], rhs: VectorSample[]): VectorSample[] {
  // Prometheus returns nothing when a side is empty, before it looks for duplicates on either.
  if (lhs.length === 0 || rhs.length === 0) {
    return [];
  }
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
        'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)'
      );
    }
    seen.add(key);
    // The result keeps the labels matched on, never the name (Prometheus' one-to-one resultMetric
    // drops `__name__` before it keeps the `on` labels, so `on (__name__, …)` drops it too).
    const { __name__: _name, ...metric } = matchingLabels(x.metric, e.matching);
    out.push({ metric, value: arithmetic(e.op, x.value, y.value) });
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
