/**
 * The forecast panel's uPlot configuration: history lines, dashed forecasts that continue from the
 * last point past "now", the interval band, the capacity line, a "now" marker and, when a time to
 * exhaustion is known, a marker where the forecast reaches the capacity.
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { alignSeries, TimedColumns } from '../../components/charts/alignSeries';
import { PlotLayer, splitByCost } from '../../components/charts/LayeredUPlot';
import { fade, formatValue, seriesColor } from '../../components/charts/chartTheme';
import { fieldYRange } from '../../components/charts/fieldYRange';
import { layerAxes } from '../../components/charts/layerAxes';
import { PanelSeries } from '../../components/charts/panelSeries';
import { drawInPlot, pixelRatio } from '../../components/charts/plotClip';
import { tzDateFor } from '../../components/charts/timeZone';
import { SeriesForecast } from './useForecasts';

export interface DrawnForecast {
  series: PanelSeries;
  result: SeriesForecast;
  color: string;
  /** Last finite point of the history: where the forecast starts. */
  lastT: number;
  /** Time (ms) at which the point forecast reaches the capacity, if it does. */
  crossingT?: number;
  /** uPlot series index of the history line; of the forecast line (upper, lower follow), or -1. */
  valueIdx: number;
  yhatIdx: number;
}

export interface ForecastChart {
  /** The chart as stacked uPlot layers (see LayeredUPlot), bottom first. */
  layers: PlotLayer[];
  /** All columns on one x axis: x in seconds, then the columns `DrawnForecast` indices point to. */
  data: uPlot.AlignedData;
  drawn: DrawnForecast[];
  /** The x range drawn (ms): from the dashboard's "from" to past its "to" when the forecast goes further. */
  xRange: [number, number];
  /** Last time with data, the start of every forecast (ms). */
  nowT: number;
  /** The y range every layer draws, in the series' unit (for what a pixel is worth: the thin band's note). */
  yRange: [number, number];
}

interface Args {
  series: PanelSeries[];
  results: SeriesForecast[];
  capacity?: { value?: number; series?: PanelSeries };
  theme: GrafanaTheme2;
  timeZone: string;
  range: { from: number; to: number };
  onCursor: (u: uPlot) => void;
}

const NO_POINTS = { show: false };

/** Points one layer draws at most (a line, or a band edge, of n points counts n). */
const LAYER_BUDGET = 18_000;

function lastFiniteIndex(v: Float64Array): number {
  for (let i = v.length - 1; i >= 0; i--) {
    if (Number.isFinite(v[i])) {
      return i;
    }
  }
  return -1;
}

/** Builds the chart's configuration and data. */
export function buildForecastChart({
  series,
  results,
  capacity,
  theme,
  timeZone,
  range,
  onCursor,
}: Args): ForecastChart {
  const groups: TimedColumns[] = [];
  const plotSeries: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  const drawn: DrawnForecast[] = [];
  // Axis and capacity label format like the first series with a unit (its field config), as Grafana's
  // time series panel formats a shared axis.
  const format = series.find((s) => s.unit) ?? (capacity?.series?.unit ? capacity.series : series[0]);
  const critical = theme.colors.error.main;
  // Behind the chart's text labels: the panel's own background, nearly opaque, so a line under a
  // label does not strike it through, in light and dark.
  const labelBackground = fade(theme.colors.background.primary, 0.85);
  let xMax = range.to;
  let nowT = -Infinity;

  series.forEach((s, k) => {
    const result = results[k];
    const color = s.color ?? seriesColor(theme, k);
    const last = lastFiniteIndex(s.v);
    const lastT = last >= 0 ? s.t[last] : NaN;
    nowT = Math.max(nowT, Number.isFinite(lastT) ? lastT : -Infinity);
    const valueIdx = plotSeries.length;
    let yhatIdx = -1;
    plotSeries.push({ label: s.name, stroke: color, width: 1.5, points: NO_POINTS });
    groups.push({ t: s.t, columns: [s.v] });
    const f = result?.forecast.ok ? result.forecast.value : undefined;
    if (f && last >= 0) {
      // The forecast starts at the last observed point so the dashed line continues the history.
      const n = f.t.length + 1;
      const t = new Float64Array(n);
      const yhat = new Float64Array(n);
      const upper = new Float64Array(n);
      const lower = new Float64Array(n);
      t[0] = lastT;
      yhat[0] = upper[0] = lower[0] = s.v[last];
      t.set(f.t, 1);
      yhat.set(f.yhat, 1);
      upper.set(f.upper, 1);
      lower.set(f.lower, 1);
      yhatIdx = plotSeries.length;
      plotSeries.push({ label: `${s.name} forecast`, stroke: color, width: 1.5, dash: [6, 4], points: NO_POINTS });
      plotSeries.push({ label: `${s.name} upper`, stroke: 'transparent', width: 0, points: NO_POINTS });
      plotSeries.push({ label: `${s.name} lower`, stroke: 'transparent', width: 0, points: NO_POINTS });
      bands.push({ series: [yhatIdx + 1, yhatIdx + 2], fill: fade(color, theme.isDark ? 0.2 : 0.15) });
      groups.push({ t, columns: [yhat, upper, lower] });
      xMax = Math.max(xMax, t[n - 1]);
    }
    const tte = result?.tte?.ok ? result.tte.value : undefined;
    // Counted from the time the panel asked at (the range's end, up to a step after the last point).
    const crossingT =
      tte && Number.isFinite(tte.seconds) && !tte.alreadyExceeded
        ? (result?.tteFrom ?? lastT) + tte.seconds * 1000
        : undefined;
    drawn.push({ series: s, result, color, lastT, crossingT, valueIdx, yhatIdx });
  });

  let capacityIdx = -1;
  if (capacity?.series) {
    capacityIdx = plotSeries.length;
    plotSeries.push({ label: capacity.series.name, stroke: critical, width: 1, dash: [2, 3], points: NO_POINTS });
    groups.push({ t: capacity.series.t, columns: [capacity.series.v] });
  }

  const aligned = alignSeries(groups);
  const capValue = capacity?.value;

  const drawMarkers = (u: uPlot) => {
    const px = pixelRatio();
    drawInPlot(u, (ctx, bbox) => {
      ctx.font = `${11 * px}px ${theme.typography.fontFamily}`;
      // uPlot leaves its axis text settings on the context.
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.lineWidth = px;
      const capY = capValue !== undefined && Number.isFinite(capValue) ? u.valToPos(capValue, 'y', true) : NaN;
      // A capacity line along the plot's top: its label and "now" go below it, where the clip and the
      // line do not cut them (above, the label was half cut off and the line struck "now" through).
      const atTop = capY - 15 * px < bbox.top;
      // "now": the last sample, where the forecasts begin.
      if (Number.isFinite(nowT)) {
        const x = u.valToPos(nowT / 1000, 'x', true);
        ctx.strokeStyle = theme.colors.text.secondary;
        ctx.setLineDash([3 * px, 3 * px]);
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
        ctx.stroke();
        const nowY = atTop ? Math.max(bbox.top + 12 * px, capY + 14 * px) : bbox.top + 12 * px;
        labelOnBackground(ctx, 'now', x + 4 * px, nowY, theme.colors.text.secondary, labelBackground, px);
      }
      if (Number.isFinite(capY)) {
        const y = capY;
        ctx.strokeStyle = critical;
        ctx.setLineDash([8 * px, 4 * px]);
        ctx.lineWidth = 1.5 * px;
        ctx.beginPath();
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      for (const d of drawn) {
        if (d.crossingT === undefined || capValue === undefined) {
          continue;
        }
        const x = u.valToPos(d.crossingT / 1000, 'x', true);
        const y = u.valToPos(capValue, 'y', true);
        ctx.fillStyle = critical;
        ctx.strokeStyle = theme.colors.background.primary;
        ctx.beginPath();
        ctx.arc(x, y, 5 * px, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
      // The capacity's label last, over the series, the band and the markers, on the panel's
      // background: a series near its capacity at the left edge ran through the text (SRE walk-through).
      if (Number.isFinite(capY)) {
        const text = `capacity ${formatValue(capValue!, format)}`;
        labelOnBackground(
          ctx,
          text,
          bbox.left + 6 * px,
          atTop ? capY + 14 * px : capY - 4 * px,
          critical,
          labelBackground,
          px
        );
      }
    });
  };

  // Fixed y range, the same for every layer: all drawn values, forecasts, bands and the capacity.
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 1; c < aligned.data.length; c++) {
    for (const x of aligned.data[c]) {
      if (typeof x === 'number') {
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    }
  }
  if (capValue !== undefined && Number.isFinite(capValue)) {
    lo = Math.min(lo, capValue);
    hi = Math.max(hi, capValue);
  }
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  const yRange = fieldYRange(Number.isFinite(lo) ? [lo - pad, hi + pad] : [0, 1], format);

  const xRange: [number, number] = [range.from, xMax];
  const tzDate = tzDateFor(timeZone);
  const axes = layerAxes(theme, format);
  const cost = (d: DrawnForecast) => d.series.t.length + 3 * forecastPoints(d);
  const groupsOfSeries = splitByCost(drawn, cost, LAYER_BUDGET);
  const layers: PlotLayer[] = groupsOfSeries.map((group, li) => {
    const top = li === groupsOfSeries.length - 1;
    const cols: number[] = [];
    const layerBands: uPlot.Band[] = [];
    for (const d of group) {
      cols.push(d.valueIdx);
      if (d.yhatIdx >= 0) {
        cols.push(d.yhatIdx, d.yhatIdx + 1, d.yhatIdx + 2);
        const band = bands.find((b) => b.series[0] === d.yhatIdx + 1);
        if (band) {
          layerBands.push({ ...band, series: [cols.length - 1, cols.length] });
        }
      }
    }
    if (top && capacityIdx >= 0) {
      cols.push(capacityIdx);
    }
    return {
      options: {
        tzDate,
        legend: { show: false },
        cursor: top ? { points: NO_POINTS, drag: { x: false, y: false } } : { show: false },
        scales: { x: { time: true, range: () => [xRange[0] / 1000, xRange[1] / 1000] }, y: { range: () => yRange } },
        padding: [8, 16, 0, 0],
        axes: li === 0 ? axes.visible : axes.hidden,
        series: [{}, ...cols.map((c) => plotSeries[c])],
        bands: layerBands,
        hooks: top ? { draw: [drawMarkers], setCursor: [onCursor] } : {},
      },
      data: [aligned.data[0], ...cols.map((c) => aligned.data[c])] as uPlot.AlignedData,
    };
  });
  return { layers, data: aligned.data as uPlot.AlignedData, drawn, xRange, nowT, yRange };
}

/** Forecast points of a drawn series (its horizon plus the joining last point). */
function forecastPoints(d: DrawnForecast): number {
  return d.result?.forecast.ok ? d.result.forecast.value.t.length + 1 : 0;
}

/**
 * Text at (x, y) (alphabetic baseline, left-aligned) on a rounded box of `background` that hides the
 * lines beneath it, so the label reads over a series, a band or a grid line.
 */
export function labelOnBackground(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  color: string,
  background: string,
  px: number
): void {
  const width = ctx.measureText(text).width;
  const padX = 3 * px;
  const top = y - 11 * px;
  ctx.fillStyle = background;
  ctx.beginPath();
  if (typeof ctx.roundRect === 'function') {
    ctx.roundRect(x - padX, top, width + 2 * padX, 14 * px, 2 * px);
  } else {
    ctx.rect(x - padX, top, width + 2 * padX, 14 * px);
  }
  ctx.fill();
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}
