/**
 * Physical bounds of a forecast value: free space cannot go below 0, usage above capacity, a ratio out
 * of [0, 1]. Models extrapolate lines and bands past them; the forecast and its interval are clamped
 * into the bounds afterwards.
 */
import { compactNumber } from '../../common/compactNumber';
import { finiteExtent } from '../../common/finiteCount';
import { MlError } from '../types';

/** Known limits of the value; either may be left out. */
export interface Bounds {
  /** Smallest possible value (e.g. 0 free bytes). */
  min?: number;
  /** Largest possible value (e.g. the capacity, or 1 for a ratio). */
  max?: number;
}

/** Throws `bad_input` unless each given bound is finite and min < max. */
export function checkBounds(bounds: Bounds | undefined): void {
  if (bounds === undefined) {
    return;
  }
  const { min, max } = bounds;
  for (const [name, x] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (x !== undefined && !Number.isFinite(x)) {
      throw new MlError('bad_input', `bounds.${name} must be a finite number, got ${x}`);
    }
  }
  if (min !== undefined && max !== undefined && !(min < max)) {
    throw new MlError('bad_input', `bounds.min must be below bounds.max, got min ${min} and max ${max}`);
  }
}

/**
 * Clamps every array into [min, max] in place.
 *
 * @example clampToBounds([Float64Array.of(-2, 0.5, 3)], { min: 0, max: 1 }) // [0, 0.5, 1]
 */
export function clampToBounds(arrays: Float64Array[], bounds: Bounds | undefined): void {
  const lo = bounds?.min ?? -Infinity;
  const hi = bounds?.max ?? Infinity;
  if (lo === -Infinity && hi === Infinity) {
    return;
  }
  for (const a of arrays) {
    for (let k = 0; k < a.length; k++) {
      a[k] = Math.min(hi, Math.max(lo, a[k]));
    }
  }
}

/**
 * What the engine knows about a series besides its values, to infer its physical bounds: the metric
 * name (from the query, e.g. `node_filesystem_avail_bytes`), a unit (a panel's field unit, e.g.
 * `bytes`, `percent`, `percentunit`), and a capacity the series rises to ('up') or falls to ('down').
 */
export interface BoundsEvidence {
  name?: string;
  unit?: string;
  capacity?: number;
  direction?: 'up' | 'down';
}

/** 'auto' infers bounds from the values, name, unit and capacity; 'none' keeps only the given ones. */
export type BoundsMode = 'auto' | 'none';

/** Bounds with the reason for each side, in words (empty when the side is unbounded). */
export interface PhysicalBounds extends Bounds {
  why: { min?: string; max?: string };
  /** Symbol of the values' unit in those words ('B', 's'), when the unit or metric name says it. */
  unit?: string;
}

const RATIO_UNITS = new Set(['percentunit', 'ratio']);
const PERCENT_UNITS = new Set(['percent']);

/**
 * A name saying its quantity is per something (`instance:node_load1_per_cpu:ratio`, beside
 * `instance:node_memory_utilisation:ratio` in kube-prometheus' rules): a normalised amount, which
 * exceeds 1 (a load of 3 per CPU), not a share of a whole.
 */
const PER_SOMETHING = /(^|[_:])per_/;

/**
 * A recording rule named `level:metric:operations` (Prometheus' convention) whose metric is a
 * utilisation and whose operations keep it a share: node-mixin's `instance:node_cpu_utilisation:rate5m`
 * (the fraction of CPU time not idle) or `node:node_disk_utilisation:avg_irate`, or whose operations
 * say ratio (kubernetes-mixin's `cluster:node_cpu:ratio_rate5m`). Only in that form: the mixins define
 * utilisation as the USE method's share of time busy, while a bare exporter's `gpu_utilization` may be
 * a percentage, and so may a rule recording it (`instance:nvidia_gpu_utilization:avg5m`: the metric
 * part is the source's name), so the metric must be one of the mixins' (`node_`/`cluster_`, spelt
 * `utilisation`); and a sum over devices (`node:node_net_utilisation:sum_irate`, bytes per second in
 * kubernetes-mixin) or a count is no share.
 */
function ratioRecordingRule(name: string): boolean {
  const parts = name.split(':');
  if (parts.length !== 3) {
    return false;
  }
  const [, metric, ops] = parts;
  return (
    /^ratio(_|$)/.test(ops) ||
    (/^(node|cluster)_\w*_utilisation$/.test(metric) && !/(^|_)(sum|count|increase|total)(_|$)/.test(ops))
  );
}

/** The kind of quantity a metric name or unit says: a ratio in [0, 1], a percentage, or unknown. */
export function quantityOf(e: BoundsEvidence): 'ratio' | 'percent' | undefined {
  const unit = e.unit?.toLowerCase();
  const raw = e.name?.toLowerCase() ?? '';
  const name = PER_SOMETHING.test(raw) ? '' : raw;
  if ((unit !== undefined && RATIO_UNITS.has(unit)) || /[_:]ratio$/.test(name) || ratioRecordingRule(name)) {
    return 'ratio';
  }
  if ((unit !== undefined && PERCENT_UNITS.has(unit)) || /[_:]percent(age)?$/.test(name)) {
    return 'percent';
  }
  return undefined;
}

const BYTE_UNITS = new Set(['bytes', 'decbytes']);

/** 'B' for bytes, 's' for seconds, from the unit or the metric name's suffix; undefined otherwise. */
function unitSymbol(e: BoundsEvidence): string | undefined {
  const unit = e.unit?.toLowerCase();
  const name = e.name?.toLowerCase() ?? '';
  if ((unit !== undefined && BYTE_UNITS.has(unit)) || /_bytes(_total)?$/.test(name)) {
    return 'B';
  }
  if (unit === 's' || /_seconds(_total)?$/.test(name)) {
    return 's';
  }
  return undefined;
}

/** 500e9 bytes → "500 GB" (compactNumber's SI prefix, then the symbol); without a symbol, "500 G". */
function amount(n: number, symbol: string | undefined): string {
  const c = compactNumber(n);
  return symbol === undefined ? c : c.includes(' ') ? `${c}${symbol}` : `${c} ${symbol}`;
}

/**
 * The physical bounds of a forecast of `values` (the training window), the rule every door applies
 * (the engine calls it for each fit):
 * - floor 0 when no finite value was ever negative (free bytes, usage, counts, latencies);
 * - ceiling 1 for a ratio (unit percentunit/ratio or a name ending in _ratio, or :ratio as
 *   kube-prometheus names its recording rules) and 100 for a percentage (unit percent or a name
 *   ending in _percent or :percent), when no value exceeded it; not by a name of something per
 *   something (load per CPU), which is no share of a whole;
 * - a capacity the series rises to is a ceiling, one it falls to a floor, when no value crossed it;
 * - `given` bounds (the user's min= / max=) replace the inferred side they name; `mode` 'none' keeps
 *   only them. A rule the data contradict (a negative value, a "ratio" above 1) is not applied, and
 *   inferred bounds that would cross (min >= max) are dropped.
 *
 * @example physicalBounds(Float64Array.of(3, 2, 1), { name: 'x_ratio' }) // { min: 0, max: 1, why: {...} }
 */
export function physicalBounds(
  values: Float64Array,
  evidence: BoundsEvidence = {},
  given: Bounds = {},
  mode: BoundsMode = 'auto'
): PhysicalBounds {
  const symbol = unitSymbol(evidence);
  const out: PhysicalBounds = { why: {}, ...(symbol ? { unit: symbol } : {}) };
  if (mode === 'auto') {
    const [lo, hi] = finiteExtent(values);
    if (lo >= 0) {
      out.min = 0;
      out.why.min = 'the series was never negative';
    }
    const kind = quantityOf(evidence);
    if (kind && lo >= 0) {
      const top = kind === 'ratio' ? 1 : 100;
      if (hi <= top) {
        out.max = top;
        out.why.max = `a ${kind === 'ratio' ? 'ratio' : 'percentage'} never exceeds ${top}`;
      }
    }
    const { capacity, direction } = evidence;
    if (capacity !== undefined && Number.isFinite(capacity) && lo <= hi) {
      if (direction === 'down' && lo >= capacity && capacity >= (out.min ?? -Infinity)) {
        out.min = capacity;
        out.why.min = `the series falls to its capacity ${amount(capacity, symbol)}`;
      } else if (direction !== 'down' && hi <= capacity && capacity <= (out.max ?? Infinity)) {
        out.max = capacity;
        out.why.max = `usage cannot exceed its capacity ${amount(capacity, symbol)}`;
      }
    }
    if (out.min !== undefined && out.max !== undefined && !(out.min < out.max)) {
      delete out.min;
      delete out.max;
      out.why = {};
    }
  }
  if (given.min !== undefined) {
    out.min = given.min;
    out.why.min = `min=${given.min}`;
  }
  if (given.max !== undefined) {
    out.max = given.max;
    out.why.max = `max=${given.max}`;
  }
  if (out.min !== undefined && out.max !== undefined && !(out.min < out.max)) {
    // A given side beats the inferred other side it crosses (checkBounds refuses two given sides that cross).
    if (given.min === undefined) {
      delete out.min;
      delete out.why.min;
    } else {
      delete out.max;
      delete out.why.max;
    }
  }
  return out;
}

/**
 * Clamps `a` into the bounds in place and returns, per value, 1 where it was moved (undefined when
 * nothing was), so callers can count clipped values in what they show.
 */
export function clampMarking(a: Float64Array, bounds: Bounds | undefined): Uint8Array | undefined {
  const lo = bounds?.min ?? -Infinity;
  const hi = bounds?.max ?? Infinity;
  let marks: Uint8Array | undefined;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    if (x < lo || x > hi) {
      marks ??= new Uint8Array(a.length);
      marks[k] = 1;
      a[k] = x < lo ? lo : hi;
    }
  }
  return marks;
}

/** The bounds in words for a warning, in the values' unit when known: "floor 0 B (the series was never negative)". */
export function describeBounds(b: PhysicalBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) {
    parts.push(`floor ${amount(b.min, b.unit)} (${b.why.min})`);
  }
  if (b.max !== undefined) {
    parts.push(`ceiling ${amount(b.max, b.unit)} (${b.why.max})`);
  }
  return parts.join(' and ');
}

/**
 * Why a time to exhaustion's limit can never be reached, in one line, or undefined when it can: a
 * ceiling above the largest value the quantity can take ('up'), or a floor below the smallest ('down').
 * Only bounds that hold by what the value is count: a ratio's [0, 1] and a percentage's [0, 100] (by
 * the unit or the metric name, as {@link physicalBounds} infers them, when the values seen agree), an
 * amount of bytes' floor 0 (unit bytes or decbytes, or a name ending in _bytes: free space asked when
 * it reaches -5 answered 8 days before), and the user's min= / max=. A floor inferred from values that
 * were never negative does not: a temperature above 0 today may fall below it. `mode` 'none' keeps
 * only min= and max=.
 *
 * @example unreachableLimit(Float64Array.of(0.4, 0.6), { unit: 'percentunit' }, {}, 'auto', 1.05, 'up') // "limit 1.05 is above ..."
 */
export function unreachableLimit(
  values: Float64Array,
  evidence: BoundsEvidence,
  given: Bounds,
  mode: BoundsMode,
  capacity: number,
  direction: 'up' | 'down'
): string | undefined {
  let max: { at: number; why: string } | undefined;
  let min: { at: number; why: string } | undefined;
  const kind = mode === 'auto' ? quantityOf(evidence) : undefined;
  if (kind) {
    const [lo, hi] = finiteExtent(values);
    const top = kind === 'ratio' ? 1 : 100;
    // Values outside the range say the unit or name is wrong: no bound from it (as physicalBounds).
    if (lo >= 0 && hi <= top) {
      const what = kind === 'ratio' ? 'a ratio' : 'a percentage';
      max = { at: top, why: `${what} never exceeds ${top}` };
      min = { at: 0, why: `${what} is never negative` };
    }
  }
  const symbol = unitSymbol(evidence);
  // An amount of bytes (free space, memory in use) is never negative, by what it is; values below 0
  // say the name or unit is wrong (a delta), so then no floor.
  if (mode === 'auto' && symbol === 'B' && min === undefined && finiteExtent(values)[0] >= 0) {
    min = { at: 0, why: 'an amount of bytes is never negative' };
  }
  if (given.max !== undefined) {
    max = { at: given.max, why: `max=${given.max}` };
  }
  if (given.min !== undefined) {
    min = { at: given.min, why: `min=${given.min}` };
  }
  if (direction === 'up' && max !== undefined && capacity > max.at) {
    return `limit ${amount(capacity, symbol)} is above the largest possible value ${amount(max.at, symbol)} (${max.why}): it can never be reached`;
  }
  if (direction === 'down' && min !== undefined && capacity < min.at) {
    return `limit ${amount(capacity, symbol)} is below the smallest possible value ${amount(min.at, symbol)} (${min.why}): it can never be reached`;
  }
  return undefined;
}

/** Grafana units of amounts and rates that are never negative: bytes, bits, durations, operations per second. */
const NON_NEGATIVE_UNITS = new Set([
  'bytes',
  'decbytes',
  'bits',
  'decbits',
  'kbytes',
  'mbytes',
  'gbytes',
  'deckbytes',
  'decmbytes',
  'decgbytes',
  'bps',
  'Bps',
  'binbps',
  'binBps',
  's',
  'ms',
  'µs',
  'ns',
  'm',
  'h',
  'd',
  'reqps',
  'rps',
  'wps',
  'iops',
  'ops',
  'opm',
  'reqpm',
  'rpm',
  'wpm',
]);

/**
 * A name of a never-negative quantity by Prometheus' naming conventions: an amount of bytes, a
 * duration in seconds (`http_request_duration_seconds`), a counter or a histogram's count or bucket,
 * a rate per second (`shop_checkout_errors_per_second`).
 * Not a name saying a difference (`node_timex_offset_seconds`, a clock skew or drift, a delta), which
 * is signed.
 */
function nonNegativeName(name: string): boolean {
  if (/(^|[_:])(offset|skew|drift|delta|diff|deriv|change)(_|$)/.test(name)) {
    return false;
  }
  // A recording rule, level:metric:operations (`cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile`,
  // `job:http_requests_total:rate5m`), says its quantity in the middle: never negative when that metric is
  // not and every operation keeps it so (a sum, a rate, a quantile; not deriv, idelta or predict_linear).
  const parts = name.split(':');
  if (parts.length >= 3) {
    return (
      nonNegativeMetric(parts[1]) &&
      parts
        .slice(2)
        .join('_')
        .split('_')
        .every((op) => KEEPS_SIGN.test(op))
    );
  }
  return nonNegativeMetric(name);
}

/** Operations of a recording rule's name that keep a never-negative quantity never negative (`sum`, `rate5m`, `p99`). */
const KEEPS_SIGN =
  /^(sum|avg|mean|max|min|count|rate|irate|increase|histogram|quantile|over|time|p\d+)?(\d+[smhdwy])*$/;

function nonNegativeMetric(name: string): boolean {
  return /_(bytes|seconds)(_total|_sum|_count|_bucket)?$/.test(name) || /_(total|count|bucket|per_second)$/.test(name);
}

/**
 * Bounds that hold by what the quantity is, from its unit or metric name alone, never from the values
 * seen: a ratio's [0, 1] and a percentage's [0, 100] ({@link quantityOf}), a floor 0 for an amount of
 * bytes, a duration, a counter or a rate of operations. What an anomaly band is held in
 * (src/engine/bandBounds.ts): a band is drawn where the series may go, so a p99 latency's band does
 * not dip below 0 s under its spike. The caller drops a side the values contradict (a "ratio" above 1).
 *
 * @example quantityBounds({ name: 'http_request_duration_seconds' }) // { min: 0, why: { min: 'a duration is never negative' }, unit: 's' }
 */
export function quantityBounds(e: BoundsEvidence): PhysicalBounds {
  const symbol = unitSymbol(e);
  const out: PhysicalBounds = { why: {}, ...(symbol ? { unit: symbol } : {}) };
  const kind = quantityOf(e);
  if (kind) {
    out.min = 0;
    out.max = kind === 'ratio' ? 1 : 100;
    out.why.min = `a ${kind === 'ratio' ? 'ratio' : 'percentage'} is never negative`;
    out.why.max = `a ${kind === 'ratio' ? 'ratio' : 'percentage'} never exceeds ${out.max}`;
    return out;
  }
  const unit = e.unit;
  const name = e.name?.toLowerCase() ?? '';
  if ((unit !== undefined && NON_NEGATIVE_UNITS.has(unit)) || (name !== '' && nonNegativeName(name))) {
    out.min = 0;
    out.why.min =
      symbol === 'B'
        ? 'an amount of bytes is never negative'
        : symbol === 's'
          ? 'a duration is never negative'
          : 'the quantity is never negative';
  }
  return out;
}
