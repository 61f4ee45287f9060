import React, { useCallback, useMemo, useState } from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { ChartTooltip } from '../../../components/charts/ChartTooltip';
import { formatValue } from '../../../components/charts/chartTheme';
import { dataProblem } from '../../../components/charts/dataProblem';
import { extractSeries } from '../../../components/charts/panelSeries';
import { PanelMessage } from '../../../components/charts/PanelMessage';
import { LayeredUPlot } from '../../../components/charts/LayeredUPlot';
import { useCursor } from '../../../components/charts/useCursor';
import { resolveCapacity } from '../capacity';
import { buildForecastChart, DrawnForecast, ForecastChart } from '../forecastChart';
import { Severity, trendReadout, tteReadout } from '../readouts';
import { DEFAULT_OPTIONS, ForecastOptions } from '../types';
import { horizonFor, useForecasts } from '../useForecasts';

type Props = PanelProps<ForecastOptions>;

const ROW_HEIGHT = 20;

/**
 * History plus forecast past "now", with the interval band, the capacity line, the time-to-exhaustion
 * readout and the trend test. All model work runs in the engine worker (see useForecasts).
 */
export function ForecastPanel({ data, width, height, options: raw, timeZone, timeRange }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const options = useMemo(() => ({ ...DEFAULT_OPTIONS, ...raw }), [raw]);
  const extracted = useMemo(() => extractSeries(data.series), [data.series]);
  const capacity = useMemo(() => resolveCapacity(extracted.series, options), [extracted, options]);
  const candidates = useMemo(() => extracted.series.filter((s) => s !== capacity.series), [extracted, capacity]);
  const maxSeries = Math.max(1, Math.floor(options.maxSeries || DEFAULT_OPTIONS.maxSeries));
  const kept = useMemo(() => candidates.slice(0, maxSeries), [candidates, maxSeries]);
  const dropped = candidates.length - kept.length;
  const problem = dataProblem(extracted);
  const forecasts = useForecasts(problem ? [] : kept, options, capacity.value);
  const [cursor, onCursor] = useCursor();
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();

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

  // The chart counts as drawn once all its layers are on screen.
  const [drawnChart, setDrawnChart] = useState<ForecastChart>();
  const onDrawn = useCallback(() => setDrawnChart(chart), [chart]);

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
  const failed = chart.drawn.filter((d) => !d.result.forecast.ok);
  if (failed.length === chart.drawn.length && failed.length > 0) {
    const f = failed[0].result.forecast;
    const code = f.ok ? '' : f.code;
    return (
      <PanelMessage
        kind={code === 'not_enough_data' ? 'too-short' : 'engine-error'}
        title={code === 'not_enough_data' ? 'Not enough data to forecast' : 'The model could not forecast this data'}
      >
        {f.ok ? '' : f.message}
        {failed.length > 1 ? ` (and ${failed.length - 1} more series)` : ''}. Widen the time range or choose another
        model.
      </PanelMessage>
    );
  }

  const rows = chart.drawn.map((d) => readoutRow(d, options));
  const notes: string[] = [];
  if (dropped > 0) {
    notes.push(
      `Showing ${kept.length} of ${candidates.length} series: ${dropped} dropped (Maximum series = ${maxSeries}).`
    );
  }
  if (capacity.problem) {
    notes.push(capacity.problem);
  }
  // The readouts take at most 40 % of the panel (then they scroll).
  const headerHeight = Math.min(
    (rows.length + notes.length) * ROW_HEIGHT + 4,
    Math.max(ROW_HEIGHT + 4, Math.floor(height * 0.4))
  );
  const plotHeight = Math.max(60, height - headerHeight);
  const first = rows[0];

  return (
    <div
      className={styles.wrap}
      style={{ width, height }}
      data-testid="bw-forecast-panel"
      data-state={drawnChart === chart ? 'done' : 'drawing'}
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
    >
      <div className={styles.header} style={{ height: headerHeight }}>
        {notes.map((n) => (
          <div key={n} className={styles.note} data-testid="bw-forecast-note">
            {n}
          </div>
        ))}
        {rows.map((r, i) => (
          <div key={i} className={styles.row}>
            <span className={styles.swatch} style={{ background: chart.drawn[i].color }} />
            <span className={styles.name}>{chart.drawn[i].series.name}</span>
            {r.tte && (
              <span
                className={cx(styles.tte, styles[r.severity ?? 'ok'])}
                data-testid="bw-tte"
                data-severity={r.severity}
              >
                {r.tte}
              </span>
            )}
            {r.trend && (
              <span className={styles.meta} data-testid="bw-trend">
                trend {r.trend}
              </span>
            )}
            {r.leak && (
              <span className={styles.leak} data-testid="bw-leak">
                leak suspected
              </span>
            )}
            {r.model && <span className={styles.meta}>{r.model}</span>}
            {r.errors.map((e) => (
              <span key={e} className={styles.error} data-testid="bw-series-error">
                {e}
              </span>
            ))}
          </div>
        ))}
      </div>
      <div className={styles.plot}>
        <LayeredUPlot
          layers={chart.layers}
          width={width}
          height={plotHeight}
          testId="bw-forecast-chart"
          onDrawn={onDrawn}
        />
        {cursor && (
          <ChartTooltip left={cursor.left} top={cursor.top} containerWidth={width}>
            <ForecastTooltip drawn={chart.drawn} data={chart.data} idx={cursor.idx} timeZone={timeZone} />
          </ChartTooltip>
        )}
      </div>
    </div>
  );
}

interface Row {
  tte?: string;
  tteSeconds?: number;
  severity?: Severity;
  trend?: string;
  leak: boolean;
  model?: string;
  errors: string[];
}

function readoutRow(d: DrawnForecast, o: ForecastOptions): Row {
  const row: Row = { leak: false, errors: [] };
  const r = d.result;
  if (r.forecast.ok) {
    row.model = `${r.forecast.value.model}, ${Math.round(r.forecast.value.level * 100)} % interval`;
  } else {
    row.errors.push(`forecast: ${r.forecast.message}`);
  }
  const h = horizonFor(d.series, o.horizon);
  if (r.tte?.ok) {
    const readout = tteReadout(r.tte.value, o.direction, 'ms' in h ? h.ms : NaN, o.critical, o.warning);
    row.tte = readout.text;
    row.severity = readout.severity;
    row.tteSeconds = r.tte.value.seconds;
  } else if (r.tte && !r.tte.ok) {
    row.errors.push(`time to exhaustion: ${r.tte.message}`);
  }
  if (r.trend?.ok) {
    const span = d.series.t[d.series.t.length - 1] - d.series.t[0];
    const t = trendReadout(r.trend.value, d.series.unit, span);
    row.trend = t.text;
    row.leak = t.leak;
  } else if (r.trend && !r.trend.ok) {
    row.errors.push(`trend: ${r.trend.message}`);
  }
  return row;
}

function ForecastTooltip({
  drawn,
  data,
  idx,
  timeZone,
}: {
  drawn: DrawnForecast[];
  data: Array<ArrayLike<unknown>>;
  idx: number;
  timeZone: string;
}) {
  const x = (data[0] as number[])[idx] * 1000;
  const at = (col: number) => (col >= 0 ? (data[col] as Array<number | null | undefined>)[idx] : undefined);
  return (
    <div>
      <div style={{ marginBottom: 4 }}>{dateTimeFormat(x, { timeZone })}</div>
      <table>
        <tbody>
          {drawn.map((d) => {
            const v = at(d.valueIdx);
            const yhat = at(d.yhatIdx);
            const unit = d.series.unit;
            return (
              <tr key={d.valueIdx}>
                <td>
                  <span
                    style={{ display: 'inline-block', width: 10, height: 3, background: d.color, marginRight: 4 }}
                  />
                  {d.series.name}
                </td>
                <td>
                  {typeof v === 'number'
                    ? formatValue(v, unit)
                    : typeof yhat === 'number'
                      ? `forecast ${formatValue(yhat, unit)} (${formatValue(at(d.yhatIdx + 2) as number, unit)} – ${formatValue(at(d.yhatIdx + 1) as number, unit)})`
                      : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  header: css({
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    overflowY: 'auto',
    flexShrink: 0,
  }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), height: ROW_HEIGHT, whiteSpace: 'nowrap' }),
  swatch: css({ display: 'inline-block', width: 14, height: 3, borderRadius: 1, flexShrink: 0 }),
  name: css({ color: theme.colors.text.primary }),
  tte: css({ fontWeight: theme.typography.fontWeightMedium, fontSize: theme.typography.body.fontSize }),
  critical: css({ color: theme.colors.error.text }),
  warning: css({ color: theme.colors.warning.text }),
  ok: css({ color: theme.colors.success.text }),
  meta: css({ color: theme.colors.text.secondary }),
  leak: css({
    color: theme.colors.warning.contrastText,
    background: theme.colors.warning.main,
    borderRadius: theme.shape.radius.default,
    padding: '0 6px',
  }),
  error: css({ color: theme.colors.warning.text, whiteSpace: 'normal' }),
  note: css({ color: theme.colors.warning.text, height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px` }),
  plot: css({ position: 'relative' }),
});
