/**
 * The anomaly overlay's uPlot configuration, assembled from its parts in chart/: the columns of each
 * series (value line, expected band, expected line, score), the fixed y range, the canvas hooks that
 * shade anomalous regions and mark anomalous points, and the layout of layers and the score strip.
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { alignSeries } from '../../components/charts/alignSeries';
import { fieldYRange } from '../../components/charts/fieldYRange';
import { layerAxes } from '../../components/charts/layerAxes';
import { PlotLayer } from '../../components/charts/LayeredUPlot';
import { PanelSeries } from '../../components/charts/panelSeries';
import { tzDateFor } from '../../components/charts/timeZone';
import { SeriesOutcome } from './analysis';
import { anomalyColumns, DrawnSeries } from './chart/columns';
import { pointsHook, regionsHook } from './chart/drawHooks';
import { mainLayers } from './chart/layers';
import { scoreStrip } from './chart/scoreStrip';
import { anomalyYRange } from './chart/yRange';
import { AnomalyOptions } from './types';

export type { DrawnSeries } from './chart/columns';

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
  const { drawn, plotSeries, groups, bands, scoreGroups } = anomalyColumns(series, outcomes, options, theme);

  // One x axis for both charts: the strip's columns are aligned on the same union of times.
  const aligned = alignSeries([...groups, ...scoreGroups]);
  const mainCols = plotSeries.length - 1;
  const data = [aligned.data[0], ...aligned.data.slice(1, 1 + mainCols)] as uPlot.AlignedData;
  const stripData = [aligned.data[0], ...aligned.data.slice(1 + mainCols)] as uPlot.AlignedData;

  // The y axis formats and bounds like the first series with a unit (its field config).
  const axisSeries = series.find((s) => s.unit) ?? series[0];
  const tzDate = tzDateFor(timeZone);
  const xScale: uPlot.Scale = { time: true, range: () => [range.from / 1000, range.to / 1000] };
  const regions = regionsHook(drawn, options, theme);

  const layers = mainLayers(drawn, {
    data,
    plotSeries,
    bands,
    tzDate,
    xScale,
    yRange: fieldYRange(anomalyYRange(drawn, options.showBand), axisSeries),
    axes: layerAxes(theme, axisSeries),
    syncKey,
    hooks: { regions, points: pointsHook(drawn, options, theme), cursor: onCursor },
  });
  const strip =
    scoreGroups.length > 0
      ? scoreStrip({ data: stripData, manySeries: drawn.length > 1, theme, tzDate, xScale, syncKey, regions })
      : undefined;

  return { layers, data, strip, drawn, xMs: aligned.xMs };
}
