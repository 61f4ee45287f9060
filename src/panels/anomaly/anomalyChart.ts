/**
 * The anomaly overlay's uPlot configuration: per analysed series its line, the expected band
 * (two invisible edge series with a uPlot band between them), an optional dashed expected line,
 * shaded anomalous regions (drawn under the lines) and marked anomalous points (drawn over them).
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { alignSeries, TimedColumns } from '../../components/charts/alignSeries';
import { AnomalyRegion, anomalyRegions } from '../../components/charts/anomalyRegions';
import { PlotLayer, splitByCost } from '../../components/charts/LayeredUPlot';
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
  /** The main chart as stacked uPlot layers (see LayeredUPlot), bottom first. */
  layers: PlotLayer[];
  /** All columns on one x axis: x in seconds, then the columns `DrawnSeries` indices point to. */
  data: uPlot.AlignedData;
  /** Score strip layers, when shown and at least one series has a score. */
  strip?: PlotLayer[];
  drawn: DrawnSeries[];
  /** x values in ms (tooltip times). */
  xMs: Float64Array;
}

/** Points one layer draws at most (a line, or a band edge, of n points counts n). */
const LAYER_BUDGET = 18_000;

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
export function buildAnomalyChart({
  series,
  outcomes,
  options,
  theme,
  timeZone,
  range,
  syncKey,
  onCursor,
}: Args): AnomalyChart {
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
      plotSeries.push({
        label: `${s.name} expected`,
        stroke: fade(color, 0.8),
        width: 1,
        dash: [4, 4],
        points: NO_POINTS,
      });
      columns.push(ok.expected);
    }
    groups.push({ t: s.t, columns });
    let scoreIdx = -1;
    if (ok?.score && options.showScore) {
      scoreIdx = stripSeries.length;
      stripSeries.push({ label: `${s.name} score` });
      scoreGroups.push({ t: s.t, columns: [ok.score] });
    }
    const regions = ok ? anomalyRegions(ok.isAnomaly, ok.score) : [];
    let anomalousPoints = 0;
    if (ok) {
      for (let i = 0; i < ok.isAnomaly.length; i++) {
        anomalousPoints += ok.isAnomaly[i];
      }
    }
    drawn.push({
      series: s,
      outcome,
      color,
      valueIdx,
      upperIdx,
      lowerIdx,
      expectedIdx,
      scoreIdx,
      regions,
      anomalousPoints,
    });
  });

  // One x axis for both charts: the strip's columns are aligned on the same union of times.
  const aligned = alignSeries([...groups, ...scoreGroups]);
  const mainCols = plotSeries.length - 1;
  const data = [aligned.data[0], ...aligned.data.slice(1, 1 + mainCols)] as uPlot.AlignedData;
  const stripData = [aligned.data[0], ...aligned.data.slice(1 + mainCols)] as uPlot.AlignedData;

  // Fixed y range (every layer must agree): the values' range, which a band may widen by at most a
  // quarter of their spread, so a wide band while a model warms up does not flatten the series.
  let vMin = Infinity;
  let vMax = -Infinity;
  let bMin = Infinity;
  let bMax = -Infinity;
  for (const d of drawn) {
    const v = d.series.v;
    for (let i = 0; i < v.length; i++) {
      if (v[i] < vMin) {
        vMin = v[i];
      }
      if (v[i] > vMax) {
        vMax = v[i];
      }
    }
    const ok = d.outcome?.status === 'ok' ? d.outcome : undefined;
    if (options.showBand && ok?.lower && ok.upper) {
      for (let i = 0; i < ok.lower.length; i++) {
        if (ok.lower[i] < bMin) {
          bMin = ok.lower[i];
        }
        if (ok.upper[i] > bMax) {
          bMax = ok.upper[i];
        }
      }
    }
  }
  const spread = vMax - vMin || Math.abs(vMax) || 1;
  const lo = Math.max(Math.min(vMin, bMin), vMin - spread / 4);
  const hi = Math.min(Math.max(vMax, bMax), vMax + spread / 4);
  const yRange: [number, number] = Number.isFinite(vMin) ? [lo - spread * 0.05, hi + spread * 0.05] : [0, 1];

  const tzDate = tzDateFor(timeZone);
  const xScale: uPlot.Scale = { time: true, range: () => [range.from / 1000, range.to / 1000] };
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
      if (!ok || d.anomalousPoints === 0) {
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

  const visibleAxes = [themedAxis(theme), valueAxis(theme, unit)];
  const hiddenAxes = visibleAxes.map((a) => ({
    ...a,
    stroke: 'transparent',
    grid: { show: false },
    ticks: { show: false },
  }));
  const n = aligned.xMs.length;

  // Main chart layers: groups of series within the drawing budget; series keep their colours.
  const groupsOfSeries = splitByCost(
    drawn,
    (d) => n * (1 + (d.upperIdx >= 0 ? 2 : 0) + (d.expectedIdx >= 0 ? 1 : 0)),
    LAYER_BUDGET
  );
  const layers: PlotLayer[] = groupsOfSeries.map((group, li) => {
    const cols: number[] = [];
    const layerBands: uPlot.Band[] = [];
    for (const d of group) {
      cols.push(d.valueIdx);
      if (d.upperIdx >= 0) {
        cols.push(d.upperIdx, d.lowerIdx);
        const band = bands.find((b) => b.series[0] === d.upperIdx);
        if (band) {
          layerBands.push({ ...band, series: [cols.length - 1, cols.length] });
        }
      }
      if (d.expectedIdx >= 0) {
        cols.push(d.expectedIdx);
      }
    }
    const top = li === groupsOfSeries.length - 1;
    return {
      options: {
        tzDate,
        legend: { show: false },
        cursor: top ? { sync: { key: syncKey }, points: NO_POINTS, drag: { x: false, y: false } } : { show: false },
        scales: { x: xScale, y: { range: () => yRange } },
        padding: [8, 16, 0, 0],
        axes: li === 0 ? visibleAxes : hiddenAxes,
        series: [{}, ...cols.map((c) => plotSeries[c])],
        bands: layerBands,
        hooks: {
          ...(li === 0 ? { drawClear: [drawRegions] } : {}),
          ...(top ? { draw: [drawPoints], setCursor: [onCursor] } : {}),
        },
      },
      data: [data[0], ...cols.map((c) => data[c])] as uPlot.AlignedData,
    };
  });

  // The score strip shows, per time, the highest score over all series (one cheap line, however many
  // series there are), with the anomalous regions marked in the anomaly colour.
  let strip: PlotLayer[] | undefined;
  if (stripSeries.length > 1) {
    const cols = stripData.slice(1) as Array<Array<number | null | undefined>>;
    const maxScore = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      let m = -Infinity;
      for (const c of cols) {
        const x = c[i];
        if (typeof x === 'number' && x > m) {
          m = x;
        }
      }
      maxScore[i] = m === -Infinity ? null : m;
    }
    const stroke = theme.colors.text.secondary;
    strip = [
      {
        options: {
          tzDate,
          legend: { show: false },
          cursor: { sync: { key: syncKey }, y: false, points: NO_POINTS, drag: { x: false, y: false } },
          scales: { x: xScale, y: { range: [0, 1] as uPlot.Range.MinMax } },
          // Same right padding as the main chart so both plot areas span the same x pixels.
          padding: [10, 16, 4, 0],
          axes: [
            { show: false },
            themedAxis(theme, {
              size: Y_AXIS_SIZE,
              splits: () => [0, 1],
              values: (_u: uPlot, sp: number[]) => sp.map((v) => (v === 1 ? 'score 1' : '0')),
            }),
          ],
          series: [
            {},
            {
              label: drawn.length > 1 ? 'highest score' : 'score',
              stroke,
              width: 1,
              fill: fade(stroke, 0.25),
              points: NO_POINTS,
            },
          ],
          hooks: { drawClear: [drawRegions] },
        },
        data: [stripData[0], maxScore] as uPlot.AlignedData,
      },
    ];
  }

  return { layers, data, strip, drawn, xMs: aligned.xMs };
}
