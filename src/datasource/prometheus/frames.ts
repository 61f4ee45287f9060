/**
 * Conversions between Grafana data frames, the engine's grid matrix and the companion's Prometheus
 * matrix responses. Pure apart from @grafana/data's frame helpers.
 */
import { DataFrame, Field, FieldType, Labels, createDataFrame } from '@grafana/data';
import type { GridMatrix } from '../../engine/history';
import { sameLabelsetMessage } from '../../engine/sameLabelset';
import type { DerivedFunc } from '../plan';

import type { PromMatrixSeries } from '../../common/promApi';
import { parseValue } from '../../common/promValue';
import { QueryError } from '../errors';

export { QueryError };

/** Labels of a value field without the metric name (derived series drop it, as PromQL functions do). */
export function seriesLabels(field: Field): Labels {
  const { __name__: _name, ...rest } = field.labels ?? {};
  return rest;
}

/**
 * Puts every numeric field of time-series frames on the grid `from, from + step, …, to`.
 * Samples off the grid are an error (the source answered with another step), and so is a sample
 * without a valid time; missing or non-finite values are NaN.
 *
 * @throws QueryError when a sample is off the grid or has no time, or there are more than `maxSeries` series.
 */
export function framesToMatrix(
  frames: DataFrame[],
  from: number,
  to: number,
  step: number,
  maxSeries: number
): GridMatrix {
  const n = Math.round((to - from) / step) + 1;
  const series: GridMatrix['series'] = [];
  const metrics: Array<Record<string, string>> = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      if (series.length >= maxSeries) {
        throw new QueryError(tooManySeries(countSeries(frames), maxSeries));
      }
      const values = new Float64Array(n).fill(NaN);
      for (let i = 0; i < frame.length; i++) {
        const raw = time.values[i];
        const t = raw === null || raw === undefined ? NaN : Number(raw);
        // Number(null) is 0: a sample without a time read as 1970, or vanished below the grid unsaid.
        if (!Number.isFinite(t)) {
          throw new QueryError(
            `the source returned a sample without a valid time (${String(raw)}) in series ${JSON.stringify(seriesLabels(field))}; it is not a Prometheus answer this data source can read`
          );
        }
        const k = (t - from) / step;
        if (Math.abs(k - Math.round(k)) > 1e-6) {
          throw new QueryError(
            `the source returned a sample at ${new Date(t).toISOString()}, off the ${step / 1000}s grid; it chose another step (its minimum step or the 11,000 points limit): shorten the time range or set a larger step`
          );
        }
        const x = field.values[i];
        if (k >= 0 && k < n && typeof x === 'number' && Number.isFinite(x)) {
          values[Math.round(k)] = x;
        }
      }
      series.push({ labels: seriesLabels(field), values });
      metrics.push(field.labels ?? {});
    }
  }
  const collision = sameLabelsetMessage(metrics);
  if (collision) {
    throw new QueryError(collision);
  }
  return { from, step, series };
}

function countSeries(frames: DataFrame[]): number {
  return frames.reduce((n, f) => n + f.fields.filter((x) => x.type === FieldType.number).length, 0);
}

/** The message for a query over the series limit. */
export function tooManySeries(n: number, max: number): string {
  return `the query returned ${n} series, more than the limit of ${max} (Max series in the data source settings); aggregate it (sum by (...)) or narrow its selector`;
}

/** Legend text: `{{label}}` placeholders filled from labels; default `{a="1", b="2"}`. */
export function legendName(labels: Labels, legendFormat: string | undefined, fallback: string): string {
  if (legendFormat) {
    return legendFormat.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, k: string) => labels[k] ?? '');
  }
  const keys = Object.keys(labels).sort();
  return keys.length ? `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}` : fallback;
}

/** Display suffix of each derived function. */
export const FUNC_LABEL: Record<DerivedFunc, string> = {
  anomaly_score: 'score',
  anomaly_upper: 'upper',
  anomaly_lower: 'lower',
  forecast: 'forecast',
  forecast_lower: 'forecast lower',
  forecast_upper: 'forecast upper',
  time_to_exhaustion: 'time to exhaustion',
  trend_slope: 'trend slope /s',
  outliers: 'outlier score',
  outliers_upper: 'outlier upper',
  outliers_lower: 'outlier lower',
};

/** Unit of each derived function's values, for the field config. */
const FUNC_UNIT: Partial<Record<DerivedFunc, string>> = {
  anomaly_score: 'percentunit',
  outliers: 'percentunit',
  time_to_exhaustion: 's',
};

/** One series as a time-series frame: time plus one number field with labels. */
export function seriesFrame(opts: {
  refId: string;
  name: string;
  labels: Labels;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  role: DerivedFunc | 'raw' | 'anomalies';
  unit?: string;
}): DataFrame {
  const values: Array<number | null> = [];
  for (let i = 0; i < opts.values.length; i++) {
    const v = opts.values[i];
    values.push(Number.isNaN(v) ? null : v);
  }
  return createDataFrame({
    refId: opts.refId,
    name: opts.name,
    meta: { custom: { bellwether: opts.role } },
    fields: [
      { name: 'Time', type: FieldType.time, values: Array.from(opts.times) },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        labels: { ...opts.labels, ...(opts.role === 'raw' ? {} : { bw_output: opts.role }) },
        config: {
          displayNameFromDS: opts.name,
          unit: opts.unit ?? (opts.role === 'raw' ? undefined : FUNC_UNIT[opts.role as DerivedFunc]),
        },
      },
    ],
  });
}

/** A series of a Prometheus matrix response as the companion returns it. */
export type { PromMatrixSeries };

/**
 * Companion matrix → values on the given grid points per label set (NaN where the companion sent
 * no sample), so both engines produce frames the same way.
 */
export function matrixOnPoints(
  result: PromMatrixSeries[],
  points: number[]
): Array<{ labels: Labels; values: Float64Array }> {
  const index = new Map(points.map((g, i) => [g, i]));
  return result.map((s) => {
    const values = new Float64Array(points.length).fill(NaN);
    for (const [t, v] of s.values) {
      const i = index.get(Math.round(t * 1000));
      if (i !== undefined) {
        values[i] = companionValue(v);
      }
    }
    const { __name__: _name, ...labels } = s.metric;
    return { labels, values };
  });
}

/** A sample value of the companion's answer ("+Inf", "-Inf", "NaN" included); garbage is named. */
function companionValue(v: string): number {
  try {
    return parseValue(v);
  } catch (err) {
    throw new QueryError(`the companion answered ${(err as Error).message}`);
  }
}

/** Keeps only values at or above `threshold` (the "anomalies" output); others become NaN. */
export function keepAtOrAbove(values: Float64Array, threshold: number): Float64Array {
  return values.map((v) => (v >= threshold ? v : NaN));
}

/**
 * Anomalous points as an annotation frame (time, text, tags) that Grafana's standard annotation
 * support reads: one event per point whose score reaches the threshold.
 */
export function anomalyAnnotationFrame(
  refId: string,
  points: number[],
  series: Array<{ labels: Labels; score: Float64Array }>,
  threshold: number,
  legend: (labels: Labels) => string
): DataFrame {
  const time: number[] = [];
  const text: string[] = [];
  const tags: string[][] = [];
  for (const s of series) {
    points.forEach((g, i) => {
      const v = s.score[i];
      if (v >= threshold) {
        time.push(g);
        text.push(`Anomaly on ${legend(s.labels)}: score ${v.toFixed(3)} (threshold ${threshold.toFixed(3)})`);
        tags.push(['bellwether', 'anomaly']);
      }
    });
  }
  const order = time.map((_, i) => i).sort((a, b) => time[a] - time[b]);
  return createDataFrame({
    refId,
    name: 'Anomalies',
    fields: [
      { name: 'time', type: FieldType.time, values: order.map((i) => time[i]) },
      { name: 'text', type: FieldType.string, values: order.map((i) => text[i]) },
      { name: 'tags', type: FieldType.other, values: order.map((i) => tags[i]) },
    ],
  });
}
