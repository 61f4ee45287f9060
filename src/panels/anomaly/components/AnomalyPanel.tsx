import React, { useCallback, useId, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { ChartTooltip } from '../../../components/charts/ChartTooltip';
import { dataProblem } from '../../../components/charts/dataProblem';
import { extractSeries, type PanelSeries } from '../../../components/charts/panelSeries';
import { PanelMessage } from '../../../components/charts/PanelMessage';
import { LayeredUPlot } from '../../../components/charts/LayeredUPlot';
import { resolveLegend, rightLegendWidth } from '../../../components/charts/legendOptions';
import { useCursor } from '../../../components/charts/useCursor';
import { AnomalyChart, buildAnomalyChart, DrawnSeries } from '../anomalyChart';
import { historyHint, plainSourceNote } from '../historyHint';
import { sharedRows, sharedRowsNotice } from '../sharedRowsNotice';
import { AnomalyOptions, DEFAULT_OPTIONS } from '../types';
import { useDetections } from '../useDetections';
import { AnomalyLegend } from './AnomalyLegend';
import { AnomalyTooltip } from './AnomalyTooltip';
import { analysed } from '../chart/columns';
import { type FlagMark, flagMark } from '../chart/flagMark';
import { WhatElseMoved } from './WhatElseMoved';
import { movedTogetherReady } from '../movedTogetherReady';

type Props = PanelProps<AnomalyOptions>;

const STRIP_HEIGHT = 64;
const NOTICE_HEIGHT = 22;

/**
 * The anomaly overlay: each series with its expected band, anomalous regions and points, an optional
 * score strip and a legend. Detection runs in the engine worker (see useDetections); model output
 * already present in the data is drawn as is.
 */
export function AnomalyPanel({ data, width, height, options: raw, timeZone, timeRange }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const options = useMemo(() => ({ ...DEFAULT_OPTIONS, ...raw }), [raw]);
  const extracted = useMemo(() => extractSeries(data.series, theme), [data.series, theme]);
  const maxSeries = Math.max(1, Math.floor(options.maxSeries || DEFAULT_OPTIONS.maxSeries));
  const kept = useMemo(() => extracted.series.slice(0, maxSeries), [extracted, maxSeries]);
  const dropped = extracted.series.length - kept.length;
  const problem = dataProblem(extracted);
  const detections = useDetections(problem ? [] : kept, options, data.request);
  const [cursor, onCursor] = useCursor();
  const syncKey = `bw-anomaly-${useId()}`;
  const range = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
  // "What else moved?" on the anomalous point last clicked.
  const [moved, setMoved] = useState<{ series: PanelSeries; at: number }>();

  const chart = useMemo(
    () =>
      detections.state === 'done' && !problem
        ? buildAnomalyChart({
            series: kept,
            outcomes: detections.outcomes,
            options,
            theme,
            timeZone,
            range,
            syncKey,
            onCursor,
          })
        : undefined,
    // `range` is rebuilt each render from timeRange; its numbers are the real dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [detections, kept, options, theme, timeZone, range.from, range.to, syncKey, onCursor, problem]
  );

  // The chart counts as drawn once every layer of the main chart and of the strip is on screen.
  const [drawnLayers, setDrawnLayers] = useState<{ chart?: AnomalyChart; main: boolean; strip: boolean }>({
    main: false,
    strip: false,
  });
  const onMainDrawn = useCallback(
    () => setDrawnLayers((d) => ({ chart, main: true, strip: d.chart === chart && d.strip })),
    [chart]
  );
  const onStripDrawn = useCallback(
    () => setDrawnLayers((d) => ({ chart, main: d.chart === chart && d.main, strip: true })),
    [chart]
  );

  if (problem) {
    return (
      <PanelMessage kind={problem.kind} title={problem.title}>
        {problem.detail}
      </PanelMessage>
    );
  }
  if (!chart) {
    const phase = detections.state === 'running' ? detections.phase : undefined;
    return (
      <div
        className={styles.wrap}
        data-testid="bw-anomaly-panel"
        data-state="running"
        data-phase={phase}
        style={{ width, height }}
      >
        <div className={styles.notice} role="status">
          {phase === 'loading-model'
            ? 'Loading model… (LSTM: TensorFlow.js is fetched on first use)'
            : options.model === 'lstm'
              ? `Training the LSTM and detecting anomalies in ${kept.length} series…`
              : `Detecting anomalies in ${kept.length} series…`}
        </div>
      </div>
    );
  }
  const failures = chart.drawn.filter((d) => d.outcome?.status === 'error');
  if (failures.length === chart.drawn.length && failures.length > 0) {
    const codes = new Set(failures.map((d) => (d.outcome.status === 'error' ? d.outcome.code : '')));
    // Without a final period: the sentences below add their own.
    const first = failures[0].outcome.status === 'error' ? failures[0].outcome.message.replace(/\.+$/, '') : '';
    if (codes.has('model_load')) {
      return (
        <PanelMessage kind="model-load" title="The LSTM model could not be loaded">
          {first}. Reload the dashboard, or choose another model: the others run without TensorFlow.js.
        </PanelMessage>
      );
    }
    return (
      <PanelMessage
        kind={codes.has('not_enough_data') ? 'too-short' : 'engine-error'}
        title={codes.has('not_enough_data') ? 'Not enough data for the model' : 'The model could not analyse this data'}
      >
        {first}
        {failures.length > 1 ? ` (and ${failures.length - 1} more series)` : ''}. Widen the time range, query through
        the Bellwether data source (it fetches the history the model needs before the range), shorten the training
        window or choose a lighter model.
      </PanelMessage>
    );
  }

  const regions = chart.drawn.reduce((n, d) => n + d.regions.length, 0);
  const points = chart.drawn.reduce((n, d) => n + d.anomalousPoints, 0);
  const sources = new Set(chart.drawn.map((d) => (d.outcome?.status === 'ok' ? d.outcome.source : 'none')));
  const hint = historyHint(chart.drawn);
  const shared = sharedRowsNotice(chart.drawn);
  const plain = plainSourceNote(chart.drawn);
  const notices = (dropped > 0 ? 1 : 0) + (hint ? 1 : 0) + (shared ? 1 : 0) + (plain ? 1 : 0);
  const legend = resolveLegend(options.legend, options.showLegend);
  const right = legend.show && legend.placement === 'right';
  // Placed right: the legend takes its width, the charts the rest.
  const legendWidth = rightLegendWidth(legend, width);
  const chartWidth = width - legendWidth;
  // Below: one line per series plus the key line (and the header in a table), at ~22 px a line and a
  // margin, at most 30 % of the panel (40 % for a table); the legend scrolls beyond.
  const legendLines = chart.drawn.length + (legend.mode === 'table' ? 2 : 1);
  const legendHeight =
    legend.show && !right
      ? Math.min(22 * legendLines + 6, Math.floor(height * (legend.mode === 'table' ? 0.4 : 0.3)))
      : 0;
  const stripHeight = chart.strip ? STRIP_HEIGHT : 0;
  const plotHeight = Math.max(60, height - legendHeight - stripHeight - notices * NOTICE_HEIGHT);
  const hovered = cursor ? nearestSeries(chart.drawn, chart.data, chart.xMs, cursor.idx, cursor.yValue) : undefined;
  const hoveredOk = hovered?.drawn.outcome?.status === 'ok' ? hovered.drawn.outcome : undefined;
  // The action is offered only where it can run (the Bellwether data source with a companion).
  const onAnomaly = Boolean(
    hovered && hoveredOk?.isAnomaly[hovered.row] === 1 && movedTogetherReady(hovered.drawn.series, data.request).ok
  );
  const onPlotClick = () => {
    if (hovered && onAnomaly && cursor) {
      setMoved({ series: hovered.drawn.series, at: chart.xMs[cursor.idx] });
    }
  };

  return (
    <div
      className={styles.wrap}
      style={{ width, height }}
      data-testid="bw-anomaly-panel"
      data-state={
        drawnLayers.chart === chart && drawnLayers.main && (drawnLayers.strip || !chart.strip) ? 'done' : 'drawing'
      }
      data-layers={chart.layers.length}
      data-series={chart.drawn.length}
      data-dropped={dropped}
      data-shared-rows={sharedRows(chart.drawn)}
      data-failed={failures.length}
      data-regions={regions}
      data-anomalous-points={points}
      data-source={[...sources].sort().join(',')}
      data-region-spans={JSON.stringify(regionSpans(chart.drawn))}
      data-flag-marks={JSON.stringify(flagMarks(chart.drawn))}
    >
      {hint && (
        <div className={styles.notice} data-testid="bw-history-hint" title={hint}>
          {hint}
        </div>
      )}
      {plain && (
        <div className={styles.notice} data-testid="bw-plain-source-note" title={plain}>
          {plain}
        </div>
      )}
      {shared && (
        <div className={styles.notice} data-testid="bw-shared-rows-notice" title={shared}>
          {shared}
        </div>
      )}
      {dropped > 0 && (
        <div className={styles.notice} data-testid="bw-dropped-notice">
          Showing {kept.length} of {extracted.series.length} series: {dropped} dropped (Maximum series = {maxSeries}).
        </div>
      )}
      <div className={right ? styles.beside : undefined}>
        <div className={styles.charts}>
          <div
            className={styles.plot}
            onClick={onPlotClick}
            style={onAnomaly ? { cursor: 'pointer' } : undefined}
            data-testid="bw-anomaly-plot"
          >
            <LayeredUPlot
              layers={chart.layers}
              width={chartWidth}
              height={plotHeight}
              testId="bw-anomaly-chart"
              onDrawn={onMainDrawn}
            />
            {cursor && hovered && (
              <ChartTooltip left={cursor.left} top={cursor.top} containerWidth={chartWidth}>
                <AnomalyTooltip
                  drawn={hovered.drawn}
                  row={hovered.row}
                  timeMs={chart.xMs[cursor.idx]}
                  timeZone={timeZone}
                  actionHint={onAnomaly ? 'Click: what else moved?' : undefined}
                />
              </ChartTooltip>
            )}
          </div>
          {chart.strip && (
            <LayeredUPlot
              layers={chart.strip}
              width={chartWidth}
              height={stripHeight}
              testId="bw-score-strip"
              onDrawn={onStripDrawn}
            />
          )}
        </div>
        {moved && (
          <WhatElseMoved
            series={moved.series}
            at={moved.at}
            request={data.request}
            timeZone={timeZone}
            onDismiss={() => setMoved(undefined)}
          />
        )}
        {legend.show && (
          <AnomalyLegend
            drawn={chart.drawn}
            legend={legend}
            maxHeight={right ? height - notices * NOTICE_HEIGHT : legendHeight}
            width={right ? legendWidth : undefined}
            timeZone={timeZone}
          />
        )}
      </div>
    </div>
  );
}

/** The visible series whose value at `idx` is nearest the cursor's y value, and its own row. */
function nearestSeries(
  drawn: DrawnSeries[],
  data: Array<ArrayLike<unknown>>,
  xMs: Float64Array,
  idx: number,
  yValue: number
) {
  let best: DrawnSeries | undefined;
  let bestDist = Infinity;
  for (const d of drawn) {
    const v = (data[d.valueIdx] as Array<number | null | undefined>)[idx];
    if (typeof v === 'number' && Math.abs(v - yValue) < bestDist) {
      bestDist = Math.abs(v - yValue);
      best = d;
    }
  }
  if (!best) {
    return undefined;
  }
  const row = rowOf(best, xMs[idx]);
  return row >= 0 ? { drawn: best, row } : undefined;
}

/**
 * Every flagged row's mark (chart/flagMark.ts) in row order, for tests and troubleshooting: where a
 * dot is drawn (`value`, `peak`) or the step shaded instead (`step`).
 */
function flagMarks(drawn: DrawnSeries[]): FlagMark[] {
  const out: FlagMark[] = [];
  for (const d of drawn) {
    const ok = analysed(d.outcome);
    for (let i = 0; ok && i < ok.isAnomaly.length; i++) {
      const m = flagMark(ok, d.series.t, d.series.v, i, d.step, d.side);
      if (m) {
        out.push(m);
      }
    }
  }
  return out;
}

/** Every drawn region as a time span (ms), for tests and troubleshooting. */
function regionSpans(drawn: DrawnSeries[]): Array<{ series: string; from: number; to: number }> {
  return drawn.flatMap((d) =>
    d.regions.map((r) => ({ series: d.series.name, from: d.series.t[r.start], to: d.series.t[r.end] }))
  );
}

/** Row of series `d` at time `x` (ms): binary search over its ascending timestamps. */
function rowOf(d: DrawnSeries, x: number): number {
  const t = d.series.t;
  let lo = 0;
  let hi = t.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] === x) {
      return mid;
    }
    if (t[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return -1;
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  plot: css({ position: 'relative' }),
  // Legend placed right: charts and legend side by side.
  beside: css({ display: 'flex', flexDirection: 'row', alignItems: 'flex-start' }),
  charts: css({ flexShrink: 0 }),
  notice: css({
    height: NOTICE_HEIGHT,
    lineHeight: `${NOTICE_HEIGHT}px`,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
    padding: theme.spacing(0, 1),
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
