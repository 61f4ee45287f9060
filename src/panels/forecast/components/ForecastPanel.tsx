import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { ChartTooltip } from '../../../components/charts/ChartTooltip';
import { dataProblem } from '../../../components/charts/dataProblem';
import { extractSeries } from '../../../components/charts/panelSeries';
import { PanelMessage } from '../../../components/charts/PanelMessage';
import { LayeredUPlot } from '../../../components/charts/LayeredUPlot';
import { resolveLegend, rightLegendWidth } from '../../../components/charts/legendOptions';
import { useCursor } from '../../../components/charts/useCursor';
import { useElementHeight } from '../../../components/charts/useElementHeight';
import { resolveCapacity } from '../capacity';
import { buildForecastChart, ForecastChart } from '../forecastChart';
import { forecastFailure, panelNotes } from '../messages';
import { seriesReadout, thinBandText } from '../readouts';
import { DEFAULT_OPTIONS, ForecastOptions } from '../types';
import { useForecasts } from '../useForecasts';
import { ForecastReadouts, ROW_HEIGHT } from './ForecastReadouts';
import { ForecastTooltip } from './ForecastTooltip';

type Props = PanelProps<ForecastOptions>;

/**
 * History plus forecast past "now", with the interval band, the capacity line, the time-to-exhaustion
 * readout and the trend test. All model work runs in the engine worker (see useForecasts); the texts
 * come from readouts.ts and messages.ts.
 */
export function ForecastPanel({ data, width, height, options: raw, timeZone, timeRange }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const options = useMemo(() => ({ ...DEFAULT_OPTIONS, ...raw }), [raw]);
  const extracted = useMemo(() => extractSeries(data.series, theme), [data.series, theme]);
  const capacity = useMemo(() => resolveCapacity(extracted.series, options), [extracted, options]);
  const candidates = useMemo(() => extracted.series.filter((s) => s !== capacity.series), [extracted, capacity]);
  const maxSeries = Math.max(1, Math.floor(options.maxSeries || DEFAULT_OPTIONS.maxSeries));
  const kept = useMemo(() => candidates.slice(0, maxSeries), [candidates, maxSeries]);
  const dropped = candidates.length - kept.length;
  const problem = dataProblem(extracted);
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  // The range's start and the queries: the panel fetches the history before the range its training
  // window reads from the same data source (trainingHistory.ts); its end is the time "full in" counts from.
  const forecasts = useForecasts(problem ? [] : kept, options, capacity.value, {
    rangeFrom: from,
    rangeTo: to,
    request: data.request,
  });
  const [cursor, onCursor] = useCursor();

  const chart = useMemo(
    () =>
      forecasts.state === 'done' && !problem
        ? buildForecastChart({
            series: kept,
            results: forecasts.results,
            capacity,
            theme,
            timeZone,
            range: { from, to },
            onCursor,
          })
        : undefined,
    [forecasts, kept, capacity, theme, timeZone, from, to, onCursor, problem]
  );
  // The legend with the readouts: below the chart, taking its own height, at most 40 % of the panel
  // (then it scrolls), the plot the rest; or right of the chart at its width, the chart the rest.
  const legend = resolveLegend(options.legend);
  const legendWidth = rightLegendWidth(legend, width);
  const right = legendWidth > 0;
  const maxHeaderHeight = right ? height : Math.max(ROW_HEIGHT + 4, Math.floor(height * 0.4));
  // The plot's height before the legend is measured, which the legend's own text does not change (a
  // band's note that moved the legend would move the plot): what a pixel of the y axis is worth.
  const plotAtLeast = right ? height : height - maxHeaderHeight;
  const readouts = useMemo(
    () =>
      chart?.drawn.map((d) => {
        const r = seriesReadout(d.series, d.result, options);
        const f = d.result.forecast.ok ? d.result.forecast.value : undefined;
        const thin = f && thinBandText(f, plotAtLeast / (chart.yRange[1] - chart.yRange[0]), d.series);
        return thin ? { ...r, interval: thin } : r;
      }) ?? [],
    [chart, options, plotAtLeast]
  );
  const notes = panelNotes({
    shown: kept.length,
    candidates: candidates.length,
    maxSeries,
    capacityProblem: capacity.problem,
    // The windows colour a time to exhaustion, which needs a capacity.
    tiers: options.capacityMode === 'none' ? undefined : { critical: options.critical, warning: options.warning },
    results: forecasts.state === 'done' ? forecasts.results : undefined,
    rangeMs: to - from,
  });

  const chartWidth = width - legendWidth;
  const [measureHeader, headerHeight] = useElementHeight();
  const plotHeight = right ? height : Math.max(60, height - (headerHeight ?? maxHeaderHeight));

  // The chart counts as drawn once all its layers are on screen at the final plot height.
  const [drawnAt, setDrawnAt] = useState<{ chart?: ForecastChart; height?: number }>({});
  const onDrawn = useCallback(() => setDrawnAt({ chart, height: plotHeight }), [chart, plotHeight]);

  if (problem) {
    return (
      <PanelMessage kind={problem.kind} title={problem.title}>
        {problem.detail}
      </PanelMessage>
    );
  }
  if (!chart) {
    return (
      <div data-testid="bw-forecast-panel" data-state="running" className={styles.wrap} style={{ width, height }}>
        <div className={styles.note}>Forecasting {kept.length} series…</div>
      </div>
    );
  }
  const failure = forecastFailure(chart.drawn.map((d) => d.result));
  if (failure) {
    return (
      <PanelMessage kind={failure.kind} title={failure.title}>
        {failure.detail}
      </PanelMessage>
    );
  }
  const first = readouts[0];
  // The first series' forecast, for tests that compare the panel's answer with another door's.
  const firstForecast = chart.drawn[0]?.result.forecast;
  const shown = firstForecast?.ok ? firstForecast.value : undefined;

  return (
    <div
      className={styles.wrap}
      style={{ width, height }}
      data-testid="bw-forecast-panel"
      data-state={drawnAt.chart === chart && drawnAt.height === plotHeight ? 'done' : 'drawing'}
      data-layers={chart.layers.length}
      data-series={chart.drawn.length}
      data-dropped={dropped}
      data-x-from={chart.xRange[0]}
      data-x-to={chart.xRange[1]}
      data-now={chart.nowT}
      data-capacity={capacity.value ?? ''}
      data-tte-seconds={first?.tteSeconds ?? ''}
      data-severity={first?.severity ?? ''}
      data-leak={first?.leak ? 'true' : 'false'}
      data-model={shown?.model ?? ''}
      data-tte-model={first && chart.drawn[0]?.result.tte?.ok ? chart.drawn[0].result.tte.value.model : ''}
      data-forecast-end={shown?.yhat.length ? shown.yhat[shown.yhat.length - 1] : ''}
    >
      <div className={right ? styles.beside : styles.below}>
        <div className={styles.plot}>
          {(right || headerHeight !== undefined) && (
            <LayeredUPlot
              layers={chart.layers}
              width={chartWidth}
              height={plotHeight}
              testId="bw-forecast-chart"
              onDrawn={onDrawn}
            />
          )}
          {cursor && (
            <ChartTooltip left={cursor.left} top={cursor.top} containerWidth={chartWidth}>
              <ForecastTooltip
                drawn={chart.drawn}
                models={readouts.map((r) => r.model)}
                data={chart.data}
                idx={cursor.idx}
                timeZone={timeZone}
              />
            </ChartTooltip>
          )}
        </div>
        <ForecastReadouts
          drawn={chart.drawn}
          readouts={readouts}
          notes={notes}
          legend={legend}
          maxHeight={maxHeaderHeight}
          width={right ? legendWidth : undefined}
          measureRef={measureHeader}
        />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  note: css({
    color: theme.colors.warning.text,
    height: ROW_HEIGHT,
    lineHeight: `${ROW_HEIGHT}px`,
  }),
  plot: css({ position: 'relative', flexShrink: 0 }),
  below: css({ display: 'flex', flexDirection: 'column' }),
  // Legend placed right: chart and legend side by side.
  beside: css({ display: 'flex', flexDirection: 'row', alignItems: 'flex-start' }),
});
