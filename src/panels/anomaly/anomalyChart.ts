/**
 * The anomaly overlay's uPlot configuration: per analysed series its line, the expected band
 * (two invisible edge series with a uPlot band between them), an optional dashed expected line,
 * shaded anomalous regions (drawn under the lines) and marked anomalous points (drawn over them).
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { alignSeries, TimedColumns } from '../../components/charts/alignSeries';
import { AnomalyRegion, anomalyRegions } from '../../components/charts/anomalyRegions';
import { fade, seriesColor, themedAxis, valueAxis, Y_AXIS_SIZE } from '../../components/charts/chartTheme';
import { PanelSeries } from '../../components/charts/panelSeries';
import { tzDateFor } from '../../components/charts/timeZone';
import { SeriesOutcome } from './analysis';
import { AnomalyOptions } from './types';

/** Where one panel series lives in the chart, and what was found in it. */
export interface DrawnSeries {
  series: PanelSeries;
  outcome: SeriesOutcome;
  color: string;
  /** uPlot series index of the value line; band edges and expected follow when present. */
  valueIdx: number;
  upperIdx: number;
  lowerIdx: number;
  expectedIdx: number;
  /** uPlot series index in the score strip, or -1. */
  scoreIdx: number;
  regions: AnomalyRegion[];
  anomalousPoints: number;
}

export interface AnomalyChart {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  /** Score strip chart, when shown and at least one series has a score. */
  strip?: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData };
  drawn: DrawnSeries[];
  /** x values in ms (tooltip times). */
  xMs: Float64Array;
}

interface Args {
  series: PanelSeries[];
  outcomes: SeriesOutcome[];
  options: AnomalyOptions;
  theme: GrafanaTheme2;
  timeZone: string;
  range: { from: number; to: number };
  syncKey: string;
  onCursor: (u: uPlot) => void;
}

const NO_POINTS = { show: false };

/** Builds both charts' configuration and data. */
export function buildAnomalyChart({ series, outcomes, options, theme, timeZone, range, syncKey, onCursor }: Args): AnomalyChart {
  const groups: TimedColumns[] = [];
  const scoreGroups: TimedColumns[] = [];
  const plotSeries: uPlot.Series[] = [{}];
  const stripSeries: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  const drawn: DrawnSeries[] = [];
  const anomalyColor = theme.colors.error.main;
  const unit = series.find((s) => s.unit)?.unit;

  series.forEach((s, k) => {
    const outcome = outcomes[k];
    const ok = outcome?.status === 'ok' ? outcome : undefined;
    const color = seriesColor(theme, k);
    const valueIdx = plotSeries.length;
    plotSeries.push({ label: s.name, stroke: color, width: 1.5, points: NO_POINTS, spanGaps: false });
    const columns: Array<ArrayLike<number> | undefined> = [s.v];
    let upperIdx = -1;
    let lowerIdx = -1;
    let expectedIdx = -1;
    if (ok?.upper && ok.lower) {
      upperIdx = plotSeries.length;
      lowerIdx = upperIdx + 1;
      plotSeries.push({ label: `${s.name} upper`, stroke: 'transparent', width: 0, points: NO_POINTS });
      plotSeries.push({ label: `${s.name} lower`, stroke: 'transparent', width: 0, points: NO_POINTS });
      columns.push(ok.upper, ok.lower);
      if (options.showBand) {
        bands.push({ series: [upperIdx, lowerIdx], fill: fade(color, theme.isDark ? 0.18 : 0.14) });
      }
    }
    if (ok?.expected && options.showExpected) {
      expectedIdx = plotSeries.length;
      plotSeries.push({ label: `${s.name} expected`, stroke: fade(color, 0.8), width: 1, dash: [4, 4], points: NO_POINTS });
      columns.push(ok.expected);
    }
    groups.push({ t: s.t, columns });
    let scoreIdx = -1;
    if (ok?.score && options.showScore) {
      scoreIdx = stripSeries.length;
      stripSeries.push({ label: `${s.name} score`, stroke: color, width: 1, fill: fade(color, 0.25), points: NO_POINTS });
      scoreGroups.push({ t: s.t, columns: [ok.score] });
    }
    const regions = ok ? anomalyRegions(ok.isAnomaly, ok.score) : [];
    let anomalousPoints = 0;
    if (ok) {
      for (let i = 0; i < ok.isAnomaly.length; i++) {
        anomalousPoints += ok.isAnomaly[i];
      }
    }
    drawn.push({ series: s, outcome, color, valueIdx, upperIdx, lowerIdx, expectedIdx, scoreIdx, regions, anomalousPoints });
  });

  // One x axis for both charts: the strip's columns are aligned on the same union of times.
  const aligned = alignSeries([...groups, ...scoreGroups]);
  const mainCols = plotSeries.length - 1;
  const data = [aligned.data[0], ...aligned.data.slice(1, 1 + mainCols)] as uPlot.AlignedData;
  const stripData = [aligned.data[0], ...aligned.data.slice(1 + mainCols)] as uPlot.AlignedData;

  // The y range follows the values; a band may widen it by at most a quarter of their spread, so a
  // wide band while a model warms up does not flatten the series.
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.v.length; i++) {
      const x = s.v[i];
      if (x < vMin) {
        vMin = x;
      }
      if (x > vMax) {
        vMax = x;
      }
    }
  }
  const yRange: uPlot.Range.Function = (_u, min, max) => {
    if (!Number.isFinite(vMin)) {
      return [min, max];
    }
    const spread = vMax - vMin || Math.abs(vMax) || 1;
    const lo = Math.max(min, vMin - spread / 4);
    const hi = Math.min(max, vMax + spread / 4);
    return [lo - spread * 0.05, hi + spread * 0.05];
  };

  const tzDate = tzDateFor(timeZone);
  const xScale: uPlot.Scale = { time: true, range: () => [range.from / 1000, range.to / 1000] };
  const cursor: uPlot.Cursor = { sync: { key: syncKey }, points: NO_POINTS, drag: { x: false, y: false } };
  const pxRatio = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;

  const drawRegions = (u: uPlot) => {
    if (!options.showRegions) {
      return;
    }
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.fillStyle = fade(anomalyColor, theme.isDark ? 0.22 : 0.15);
    for (const d of drawn) {
      if (!u.series[d.valueIdx].show) {
        continue;
      }
      const t = d.series.t;
      for (const r of d.regions) {
        const x0 = u.valToPos(t[r.start] / 1000, 'x', true);
        const x1 = u.valToPos(t[r.end] / 1000, 'x', true);
        // Regions are at least 4 px wide so a single anomalous point stays visible.
        const w = Math.max(x1 - x0, 4 * pxRatio);
        ctx.fillRect((x0 + x1) / 2 - w / 2, bbox.top, w, bbox.height);
      }
    }
    ctx.restore();
  };

  const drawPoints = (u: uPlot) => {
    if (!options.showPoints) {
      return;
    }
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.setLineDash([]);
    ctx.fillStyle = anomalyColor;
    ctx.strokeStyle = theme.colors.background.primary;
    ctx.lineWidth = pxRatio;
    const radius = 3 * pxRatio;
    for (const d of drawn) {
      const ok = d.outcome?.status === 'ok' ? d.outcome : undefined;
      if (!ok || !u.series[d.valueIdx].show || d.anomalousPoints === 0) {
        continue;
      }
      const { t, v } = d.series;
      ctx.beginPath();
      for (let i = 0; i < ok.isAnomaly.length; i++) {
        if (ok.isAnomaly[i] && Number.isFinite(v[i])) {
          const x = u.valToPos(t[i] / 1000, 'x', true);
          const y = u.valToPos(v[i], 'y', true);
          ctx.moveTo(x + radius, y);
          ctx.arc(x, y, radius, 0, 2 * Math.PI);
        }
      }
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  };

  const options_: Omit<uPlot.Options, 'width' | 'height'> = {
    tzDate,
    legend: { show: false },
    cursor,
    scales: { x: xScale, y: { range: yRange } },
    axes: [themedAxis(theme), valueAxis(theme, unit)],
    series: plotSeries,
    bands,
    hooks: { drawClear: [drawRegions], draw: [drawPoints], setCursor: [onCursor] },
  };

  const strip =
    stripSeries.length > 1
      ? {
          options: {
            tzDate,
            legend: { show: false },
            cursor: { ...cursor, y: false },
            scales: { x: xScale, y: { range: [0, 1] as uPlot.Range.MinMax } },
            axes: [
              { show: false },
              themedAxis(theme, { size: Y_AXIS_SIZE, splits: () => [0, 1], values: (_u: uPlot, s: number[]) => s.map((v) => (v === 1 ? 'score 1' : '0')) }),
            ],
            series: stripSeries,
          },
          data: stripData,
        }
      : undefined;

  return { options: options_, data, strip, drawn, xMs: aligned.xMs };
}
