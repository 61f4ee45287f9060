/**
 * Frames for an output: the same code shapes the browser engine's and the companion's values, so a
 * panel sees identical frames whichever engine ran.
 */
import { DataFrame, Labels } from '@grafana/data';
import type { GridMatrix } from '../engine/history';
import type { DerivedFunc } from './plan';
import { anomalyAnnotationFrame, FUNC_LABEL, keepAtOrAbove, legendName, seriesFrame } from './prometheus/frames';
import type { Output } from './types';

/** Values of one derived function for one label set, on the grid points. */
export interface FuncValues {
  labels: Labels;
  func: DerivedFunc;
  values: Float64Array;
}

/** Everything needed to shape one query's frames. */
export interface OutputInput {
  refId: string;
  output: Output;
  points: number[];
  /** Source series on the points (raw and band outputs). */
  raw?: GridMatrix;
  derived: FuncValues[];
  legendFormat?: string;
  /** Score threshold of the anomalies output. */
  threshold?: number;
  asAnnotations?: boolean;
  /** What the engine said limited the values (held at a physical bound, a shortened window): frame notices. */
  warnings?: string[];
}

/** Source values at the points. */
function rawOnPoints(m: GridMatrix, points: number[]): Array<{ labels: Labels; values: Float64Array }> {
  return m.series.map((s) => ({
    labels: s.labels,
    values: Float64Array.from(points, (g) => {
      const k = Math.round((g - m.from) / m.step);
      return k >= 0 && k < s.values.length ? s.values[k] : NaN;
    }),
  }));
}

/** Frames of one query, the engine's warnings as notices on the first (Grafana shows them on the panel). */
export function buildFrames(i: OutputInput): DataFrame[] {
  const frames = framesOf(i);
  const warnings = [...new Set(i.warnings ?? [])];
  if (warnings.length > 0) {
    if (frames.length === 0) {
      frames.push({ refId: i.refId, fields: [], length: 0 });
    }
    const notices = warnings.map((text) => ({ severity: 'warning' as const, text }));
    frames[0] = { ...frames[0], meta: { ...frames[0].meta, notices: [...(frames[0].meta?.notices ?? []), ...notices] } };
  }
  return frames;
}

function framesOf(i: OutputInput): DataFrame[] {
  const legend = (labels: Labels, suffix?: string) => {
    const base = legendName(labels, i.legendFormat, i.refId);
    return suffix ? `${base} ${suffix}` : base;
  };
  const frames: DataFrame[] = [];
  if (i.asAnnotations) {
    const scores = i.derived.filter((d) => d.func === 'anomaly_score').map((d) => ({ labels: d.labels, score: d.values }));
    return [anomalyAnnotationFrame(i.refId, i.points, scores, i.threshold ?? 1, (l) => legend(l))];
  }
  if ((i.output === 'raw' || i.output === 'band' || i.output === 'outliers') && i.raw) {
    for (const s of rawOnPoints(i.raw, i.points)) {
      frames.push(seriesFrame({ refId: i.refId, name: legend(s.labels), labels: s.labels, times: i.points, values: s.values, role: 'raw' }));
    }
  }
  for (const d of i.derived) {
    if (i.output === 'anomalies') {
      const values = keepAtOrAbove(d.values, i.threshold ?? 1);
      frames.push(seriesFrame({ refId: i.refId, name: legend(d.labels, 'anomalies'), labels: d.labels, times: i.points, values, role: 'anomalies', unit: 'percentunit' }));
    } else {
      frames.push(seriesFrame({ refId: i.refId, name: legend(d.labels, FUNC_LABEL[d.func]), labels: d.labels, times: i.points, values: d.values, role: d.func }));
    }
  }
  return frames;
}
