import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { fade, formatValue } from '../../../components/charts/chartTheme';
import { calcTitle, legendCalcs, ResolvedLegend } from '../../../components/charts/legendOptions';
import { DrawnSeries } from '../anomalyChart';
import { bandSwatchFills } from '../chart/columns';

interface Props {
  drawn: DrawnSeries[];
  /** Mode (list | table) and values (last, max, mean, ...) from Grafana's legend options. */
  legend: Pick<ResolvedLegend, 'mode' | 'calcs'>;
  maxHeight: number;
  /** Set when placed right of the charts. */
  width?: number;
  /** Dashboard time zone, for the "judged from" time. */
  timeZone: string;
}

/**
 * What each drawn series is and what was found in it; failures are spelled out per series, and a
 * series the model judged only from some point on (its warm-up) says from when, so the empty start of
 * its band is explained. Each series is named once, by its display name. A table lists the chosen values
 * (last, max, mean, ...) in columns, formatted by the field config like the axis.
 */
export function AnomalyLegend({ drawn, legend, maxHeight, width, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const calcs = legend.calcs;
  const values = drawn.map((d) => legendCalcs(d.series.v, calcs));
  // Placed right (narrow), a model every analysed series shares is said once above the rows rather
  // than on each, so each row's findings fit beside its name ("1 region · 18 points" was cut).
  const models = new Set(drawn.flatMap((d) => (d.outcome?.status === 'ok' ? [d.outcome.model] : [])));
  const sharedModel = width !== undefined && models.size === 1 ? [...models][0] : undefined;
  return (
    <div
      className={styles.legend}
      style={{ maxHeight, width, flexShrink: width ? 0 : undefined }}
      data-testid="bw-anomaly-legend"
      data-mode={legend.mode}
    >
      <div className={styles.keys}>
        <span className={styles.item}>
          <span className={cx(styles.swatch, styles.stripes)} data-testid="bw-band-swatch">
            {bandSwatchFills(
              drawn.map((d) => d.color),
              theme
            ).map((fill) => (
              <span key={fill} style={{ background: fill }} />
            ))}
          </span>{' '}
          expected band
        </span>
        <span className={styles.item}>
          <span className={styles.dot} style={{ background: theme.colors.error.main }} /> anomalous point
        </span>
        <span className={styles.item}>
          <span className={styles.swatch} style={{ background: fade(theme.colors.error.main, 0.25) }} /> anomalous
          region
        </span>
        {sharedModel !== undefined && (
          <span className={styles.item} data-testid="bw-legend-model">
            model: {sharedModel}
          </span>
        )}
      </div>
      {legend.mode === 'table' ? (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Name</th>
              {calcs.map((c) => (
                <th key={c} className={styles.num} data-testid="bw-legend-calc" data-calc={c}>
                  {calcTitle(c)}
                </th>
              ))}
              <th>Anomalies</th>
            </tr>
          </thead>
          <tbody>
            {drawn.map((d, i) => (
              <tr key={d.valueIdx} data-testid="bw-legend-series">
                <td className={styles.nameCell}>
                  <span className={styles.line} style={{ background: d.color }} />
                  <span className={styles.name} data-testid="bw-series-name" title={d.series.name}>
                    {d.series.name}
                  </span>
                </td>
                {calcs.map((c) => (
                  <td key={c} className={styles.num} data-testid="bw-legend-value" data-calc={c}>
                    {formatValue(values[i][c], d.series)}
                  </td>
                ))}
                <td>
                  <Findings d={d} timeZone={timeZone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        drawn.map((d, i) => (
          <div
            key={d.valueIdx}
            className={cx(styles.row, width ? styles.rowRight : undefined)}
            data-testid="bw-legend-series"
          >
            <span className={styles.line} style={{ background: d.color }} />
            <span className={styles.name} data-testid="bw-series-name" title={d.series.name}>
              {d.series.name}
            </span>
            {calcs.map((c) => (
              <span key={c} className={styles.meta} data-testid="bw-legend-value" data-calc={c}>
                {calcTitle(c)}: <span className={styles.value}>{formatValue(values[i][c], d.series)}</span>
              </span>
            ))}
            <Findings d={d} timeZone={timeZone} clip={width !== undefined} showModel={sharedModel === undefined} />
          </div>
        ))
      )}
    </div>
  );
}

/**
 * What was found in one series, or why it could not be analysed. `clip` (a legend placed right):
 * beside the name when it fits, else on the line below, cut with an ellipsis only when wider than the
 * legend, the whole text on hover; an error is never cut.
 */
function Findings({
  d,
  timeZone,
  clip = false,
  showModel = true,
}: {
  d: DrawnSeries;
  timeZone: string;
  clip?: boolean;
  /** False when the legend names the model once for every series. */
  showModel?: boolean;
}) {
  const styles = useStyles2(getStyles);
  if (d.outcome?.status === 'error') {
    return (
      <span className={styles.error} data-testid="bw-series-error" data-code={d.outcome.code}>
        {d.outcome.message}
      </span>
    );
  }
  if (!d.outcome) {
    return null;
  }
  const judgedFrom = d.outcome.judgedFrom === undefined ? undefined : d.series.t[d.outcome.judgedFrom];
  const summary =
    `${d.regions.length} ${d.regions.length === 1 ? 'region' : 'regions'} · ${d.anomalousPoints} ` +
    `${d.anomalousPoints === 1 ? 'point' : 'points'} · ${d.outcome.model}`;
  return (
    <span
      className={cx(styles.meta, clip && styles.clip)}
      data-testid="bw-findings"
      title={
        clip ? `${summary}${judgedFrom === undefined ? '' : ` · ${judgedFromText(judgedFrom, timeZone)}`}` : undefined
      }
    >
      {d.regions.length} {d.regions.length === 1 ? 'region' : 'regions'} · {d.anomalousPoints}{' '}
      {d.anomalousPoints === 1 ? 'point' : 'points'}
      {showModel && ` · ${d.outcome.model}`}
      {d.outcome.judgedFrom !== undefined && (
        <JudgedFrom timeMs={d.series.t[d.outcome.judgedFrom]} timeZone={timeZone} />
      )}
    </span>
  );
}

/** "judged from <time> (model warming up before)", in the dashboard's time zone. */
function judgedFromText(timeMs: number, timeZone: string): string {
  return `judged from ${dateTimeFormat(timeMs, { timeZone, format: 'YYYY-MM-DD HH:mm' })} (model warming up before)`;
}

/** " · judged from <time> (model warming up before)". */
function JudgedFrom({ timeMs, timeZone }: { timeMs: number; timeZone: string }) {
  return (
    <span
      data-testid="bw-judged-from"
      data-time={timeMs}
      title="The model needs this much history before it can judge a point: no band or score before it."
    >
      {' '}
      · {judgedFromText(timeMs, timeZone)}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    overflowY: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(0.5, 0, 0, 1),
  }),
  keys: css({
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(2),
    color: theme.colors.text.secondary,
    marginBottom: 2,
  }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5), whiteSpace: 'nowrap' }),
  swatch: css({ display: 'inline-block', width: 14, height: 10, borderRadius: 2 }),
  dot: css({ display: 'inline-block', width: 8, height: 8, borderRadius: '50%' }),
  // One stripe per series colour, side by side.
  stripes: css({ display: 'inline-flex', overflow: 'hidden', '& > span': { flex: 1 } }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), lineHeight: '18px', whiteSpace: 'nowrap' }),
  line: css({ display: 'inline-block', width: 14, height: 3, borderRadius: 1, flexShrink: 0 }),
  // The name may shorten with an ellipsis, but never to nothing.
  name: css({ color: theme.colors.text.primary, overflow: 'hidden', textOverflow: 'ellipsis', minWidth: '6em' }),
  // Placed right (narrow): one line per series when the findings fit beside the name; otherwise they
  // wrap below it whole (cut only when wider than the legend, whole on hover), as an error does.
  rowRight: css({ flexWrap: 'wrap', columnGap: theme.spacing(1), rowGap: 0 }),
  clip: css({ flex: '0 1 auto', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  meta: css({ color: theme.colors.text.secondary }),
  value: css({ color: theme.colors.text.primary }),
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': { padding: theme.spacing(0.25, 1, 0.25, 0), textAlign: 'left', whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  num: css({ '&&': { textAlign: 'right' } }),
  nameCell: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), maxWidth: 480 }),
  error: css({ color: theme.colors.warning.text, whiteSpace: 'normal' }),
});
