import {
  DataFrame,
  DisplayProcessor,
  Field,
  FieldType,
  FieldColorModeId,
  getDisplayProcessor,
  getFieldSeriesColor,
  getFieldDisplayName,
  GrafanaTheme2,
} from '@grafana/data';
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
  /**
   * Formats a value as the field config says (unit, decimals, value mappings): Grafana's
   * `field.display` after applyFieldOverrides, else a display processor made from the field.
   * Unset only for series built by hand (tests); see formatSeriesValue.
   */
  display?: DisplayProcessor;
  /** Colour from the field config when it is not the default palette (a fixed colour, say). */
  color?: string;
  /** Axis bounds from the field config (Min / Max standard options), if set. */
  min?: number;
  max?: number;
  /** Labels of the field. */
  labels?: Record<string, string>;
  /** The query (refId) of its frame, if set: which of the panel's queries it came from. */
  refId?: string;
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

/** Unit, display processor and axis bounds of a field, from its config. */
function fieldFormat(
  field: Field,
  theme?: GrafanaTheme2
): Pick<PanelSeries, 'unit' | 'display' | 'color' | 'min' | 'max'> {
  const { unit, min, max, color: colorConfig } = field.config ?? {};
  // Grafana sets field.display when it applies the field config; a frame that did not go through
  // applyFieldOverrides (a test, a bare host) still formats by its own config. Without a unit the
  // display processor would print every digit ("1000000000000"): such a field is shortened as
  // Grafana's "short" unit does ("1 Tri"), keeping its decimals and mappings.
  const display = unit
    ? (field.display ?? (theme ? getDisplayProcessor({ field, theme }) : undefined))
    : theme
      ? getDisplayProcessor({ field: { ...field, config: { ...field.config, unit: 'short' } }, theme })
      : undefined;
  return {
    unit: unit || undefined,
    display,
    // The classic palette is the panels' own series order (seriesColor); any other mode is the field's.
    color:
      theme && colorConfig?.mode && colorConfig.mode !== FieldColorModeId.PaletteClassic
        ? getFieldSeriesColor(field, theme).color
        : undefined,
    min: typeof min === 'number' && Number.isFinite(min) ? min : undefined,
    max: typeof max === 'number' && Number.isFinite(max) ? max : undefined,
  };
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
export function extractSeries(frames: DataFrame[], theme?: GrafanaTheme2): ExtractedSeries {
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
        ...fieldFormat(c.field, theme),
        labels: c.field.labels,
        ...(frames[c.frame].refId ? { refId: frames[c.frame].refId } : {}),
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
        ...fieldFormat(c.field, theme),
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
