import { DataFrame, FieldType, getFieldDisplayName } from '@grafana/data';

/** One numeric series of a frame, with its time values in milliseconds. */
export interface NumericSeries {
  name: string;
  t: Float64Array;
  v: Float64Array;
}

/**
 * Extracts every numeric field of every frame that has a time field, as ms timestamps + values.
 * Non-finite numbers become NaN (missing). Frames without a time field are skipped.
 */
export function framesToSeries(frames: DataFrame[]): NumericSeries[] {
  const out: NumericSeries[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const n = frame.length;
      const t = new Float64Array(n);
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = Number(time.values[i]);
        const x = field.values[i];
        v[i] = typeof x === 'number' && Number.isFinite(x) ? x : NaN;
      }
      out.push({ name: getFieldDisplayName(field, frame, frames), t, v });
    }
  }
  return out;
}
