/**
 * The anomaly overlay's columns: per analysed series its value line, the band edges (two invisible
 * series a uPlot band fills between), an optional dashed expected line and its score, each with the
 * uPlot series index the layers and the tooltip look it up by.
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { TimedColumns } from '../../../components/charts/alignSeries';
import { AnomalyRegion, anomalyRegions } from '../../../components/charts/anomalyRegions';
import { fade, seriesColor } from '../../../components/charts/chartTheme';
import { medianStep } from '../../../components/charts/durations';
import { PanelSeries } from '../../../components/charts/panelSeries';
import type { DeviationSide } from '../../../engine/query';
import { SeriesAnalysis, SeriesOutcome } from '../analysis';
import { AnomalyOptions } from '../types';

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
  /** The series' step (ms, its median spacing): the window a flagged row's score covers (flagMark.ts). */
  step: number;
  /** The side of the band the panel judges (its Direction option), for flagMark.ts. */
  side: DeviationSide;
}

/** Every series' columns, before they are aligned on one x axis and split into layers. */
export interface AnomalyColumns {
  drawn: DrawnSeries[];
  /** Main chart: uPlot series (index 0 is x), their columns per series, and the bands between edges. */
  plotSeries: uPlot.Series[];
  groups: TimedColumns[];
  bands: uPlot.Band[];
  /** Score strip: one score column per series that has one (and `showScore`). */
  scoreGroups: TimedColumns[];
}

export const NO_POINTS = { show: false };

/** The expected band's fill: the series' colour, faded (the legend's swatch uses the same). */
export function bandFill(color: string, theme: GrafanaTheme2): string {
  return fade(color, theme.isDark ? 0.18 : 0.14);
}

/**
 * The fills of the legend's "expected band" swatch: the band's fill in each drawn series' colour (at
 * most 6, one stripe each), so the key looks like what is drawn.
 */
export function bandSwatchFills(colors: string[], theme: GrafanaTheme2): string[] {
  const fills = [...new Set(colors)].slice(0, 6).map((c) => bandFill(c, theme));
  return fills.length > 0 ? fills : [bandFill(theme.colors.text.secondary, theme)];
}

/** The outcome when it is a usable analysis. */
export function analysed(outcome: SeriesOutcome | undefined): SeriesAnalysis | undefined {
  return outcome?.status === 'ok' ? outcome : undefined;
}

/** Lays out the columns of every series, in order, with the theme's series colours. */
export function anomalyColumns(
  series: PanelSeries[],
  outcomes: SeriesOutcome[],
  options: AnomalyOptions,
  theme: GrafanaTheme2
): AnomalyColumns {
  const out: AnomalyColumns = { drawn: [], plotSeries: [{}], groups: [], bands: [], scoreGroups: [] };
  let scoreColumns = 1;
  series.forEach((s, k) => {
    const outcome = outcomes[k];
    const ok = analysed(outcome);
    const color = s.color ?? seriesColor(theme, k);
    const { plotSeries } = out;
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
        out.bands.push({ series: [upperIdx, lowerIdx], fill: bandFill(color, theme) });
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
    out.groups.push({ t: s.t, columns });
    let scoreIdx = -1;
    if (ok?.score && options.showScore) {
      scoreIdx = scoreColumns++;
      out.scoreGroups.push({ t: s.t, columns: [ok.score] });
    }
    out.drawn.push({
      series: s,
      outcome,
      color,
      valueIdx,
      upperIdx,
      lowerIdx,
      expectedIdx,
      scoreIdx,
      regions: ok ? anomalyRegions(ok.isAnomaly, ok.score) : [],
      anomalousPoints: ok ? countFlagged(ok.isAnomaly) : 0,
      step: s.t.length > 1 ? medianStep(s.t) : 0,
      side: options.direction ?? 'both',
    });
  });
  return out;
}

function countFlagged(isAnomaly: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < isAnomaly.length; i++) {
    n += isAnomaly[i];
  }
  return n;
}
