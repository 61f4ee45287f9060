/**
 * The main chart's layout: series grouped into uPlot layers within a drawing budget (see
 * LayeredUPlot), each layer with its own columns and bands; the bottom layer draws the axes and the
 * regions, the top one the anomalous points and the cursor.
 */
import type uPlot from 'uplot';
import { PlotLayer, splitByCost } from '../../../components/charts/LayeredUPlot';
import { DrawnSeries, NO_POINTS } from './columns';

/** Points one layer draws at most (a line, or a band edge, of n points counts n). */
export const LAYER_BUDGET = 18_000;

/** What every layer shares. */
export interface LayerFrame {
  /** Aligned data: x in seconds, then the columns `DrawnSeries` indices point to. */
  data: uPlot.AlignedData;
  plotSeries: uPlot.Series[];
  bands: uPlot.Band[];
  tzDate: uPlot.Options['tzDate'];
  xScale: uPlot.Scale;
  yRange: [number, number];
  axes: { visible: uPlot.Axis[]; hidden: uPlot.Axis[] };
  syncKey: string;
  hooks: { regions: (u: uPlot) => void; points: (u: uPlot) => void; cursor: (u: uPlot) => void };
}

/** A series' columns in drawing order: value, band edges, expected. */
function columnsOf(d: DrawnSeries): number[] {
  return [
    d.valueIdx,
    ...(d.upperIdx >= 0 ? [d.upperIdx, d.lowerIdx] : []),
    ...(d.expectedIdx >= 0 ? [d.expectedIdx] : []),
  ];
}

/** Splits the drawn series into layers (series keep their colours) and configures each. */
export function mainLayers(drawn: DrawnSeries[], f: LayerFrame): PlotLayer[] {
  const n = f.data[0].length;
  const groups = splitByCost(drawn, (d) => n * columnsOf(d).length, LAYER_BUDGET);
  return groups.map((group, li) => {
    const cols: number[] = [];
    const bands: uPlot.Band[] = [];
    for (const d of group) {
      for (const c of columnsOf(d)) {
        cols.push(c);
        // The band's edges renumbered to their uPlot series index in this layer (x is index 0).
        const band = c === d.upperIdx ? f.bands.find((b) => b.series[0] === d.upperIdx) : undefined;
        if (band) {
          bands.push({ ...band, series: [cols.length, cols.length + 1] });
        }
      }
    }
    const bottom = li === 0;
    const top = li === groups.length - 1;
    return {
      options: {
        tzDate: f.tzDate,
        legend: { show: false },
        cursor: top ? { sync: { key: f.syncKey }, points: NO_POINTS, drag: { x: false, y: false } } : { show: false },
        scales: { x: f.xScale, y: { range: () => f.yRange } },
        padding: [8, 16, 0, 0],
        axes: bottom ? f.axes.visible : f.axes.hidden,
        series: [{}, ...cols.map((c) => f.plotSeries[c])],
        bands,
        hooks: {
          ...(bottom ? { drawClear: [f.hooks.regions] } : {}),
          ...(top ? { draw: [f.hooks.points], setCursor: [f.hooks.cursor] } : {}),
        },
      },
      data: [f.data[0], ...cols.map((c) => f.data[c])] as uPlot.AlignedData,
    };
  });
}
