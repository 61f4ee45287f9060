import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';
import { FieldRole, fieldRole, identityKey } from './derivedFields';

/** Model output that arrived with the data (see derivedFields.ts), aligned with the series' points. */
export type DerivedValues = Partial<Record<Exclude<FieldRole, 'value'>, Float64Array>>;

/** One numeric series a panel draws, with its time values in milliseconds. */
export interface PanelSeries {
  /** Display name, as Grafana's legend would show it. */
  name: string;
  t: Float64Array;
  /** Values; NaN = missing (null, NaN, ±Infinity or not a number). */
  v: Float64Array;
  /** Grafana unit id of the field (e.g. 'bytes'), if set. */
  unit?: string;
  /** Labels of the field. */
  labels?: Record<string, string>;
  /** Derived fields that came with the data, if any. */
  derived: DerivedValues;
}

/** What the panel found in the frames, including what it could not use (for messages). */
export interface ExtractedSeries {
  series: PanelSeries[];
  /** Display names of fields that are neither time nor number (strings, booleans, ...). */
  nonNumeric: string[];
  /** Frames that have no time field. */
  framesWithoutTime: number;
  /** Total number of rows over all frames. */
  rows: number;
}

function toFloat(field: Field, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = field.values[i];
    out[i] = typeof x === 'number' && Number.isFinite(x) ? x : NaN;
  }
  return out;
}

/** Values of `src` (at times `srcT`) at the times `t`; NaN where `src` has no sample. Same array when the times are the same. */
export function alignTo(t: Float64Array, srcT: Float64Array, src: Float64Array): Float64Array {
  if (srcT === t || (srcT.length === t.length && srcT.every((x, i) => x === t[i]))) {
    return src;
  }
  const at = new Map<number, number>();
  for (let i = 0; i < srcT.length; i++) {
    at.set(srcT[i], src[i]);
  }
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    out[i] = at.get(t[i]) ?? NaN;
  }
  return out;
}

interface Candidate {
  role: FieldRole;
  name: string;
  frame: number;
  key: string;
  t: Float64Array;
  v: Float64Array;
  field: Field;
}

/**
 * Extracts every numeric field of every frame with a time field, and attaches derived fields
 * (expected, upper, lower, score, anomaly) to their series: same frame first, else the series with
 * the same labels (ignoring `__name__` and role labels), else the only series there is.
 */
export function extractSeries(frames: DataFrame[]): ExtractedSeries {
  const nonNumeric: string[] = [];
  const candidates: Candidate[] = [];
  let framesWithoutTime = 0;
  let rows = 0;
  frames.forEach((frame, fi) => {
    rows += frame.length;
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      if (frame.fields.length > 0) {
        framesWithoutTime++;
      }
      return;
    }
    const n = frame.length;
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = time.values[i];
      t[i] = typeof x === 'number' ? x : x == null ? NaN : Number(new Date(x as string | Date).valueOf());
    }
    for (const field of frame.fields) {
      if (field === time) {
        continue;
      }
      const name = getFieldDisplayName(field, frame, frames);
      if (field.type !== FieldType.number) {
        nonNumeric.push(name);
        continue;
      }
      const role = fieldRole([field.name, name, field.config?.displayNameFromDS ?? ''], field.labels);
      candidates.push({ role, name, frame: fi, key: identityKey(field.labels), t, v: toFloat(field, n), field });
    }
  });

  const series: Array<PanelSeries & { frame: number; key: string }> = [];
  for (const c of candidates) {
    if (c.role === 'value') {
      series.push({
        name: c.name,
        t: c.t,
        v: c.v,
        unit: c.field.config?.unit,
        labels: c.field.labels,
        derived: {},
        frame: c.frame,
        key: c.key,
      });
    }
  }
  for (const c of candidates) {
    if (c.role === 'value') {
      continue;
    }
    const owner =
      series.find((s) => s.frame === c.frame) ??
      series.find((s) => s.key !== '' && s.key === c.key) ??
      (series.length === 1 ? series[0] : undefined);
    if (owner && !owner.derived[c.role]) {
      owner.derived[c.role] = alignTo(owner.t, c.t, c.v);
    } else if (!owner) {
      // A derived field with nothing to attach to is still data: draw it as a plain series.
      series.push({
        name: c.name,
        t: c.t,
        v: c.v,
        unit: c.field.config?.unit,
        labels: c.field.labels,
        derived: {},
        frame: c.frame,
        key: c.key,
      });
    }
  }
  return { series: series.map(({ frame, key, ...s }) => s), nonNumeric, framesWithoutTime, rows };
}

export { finiteCount } from '../../common/finiteCount';
