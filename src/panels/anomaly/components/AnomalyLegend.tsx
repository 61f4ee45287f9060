import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { fade } from '../../../components/charts/chartTheme';
import { DrawnSeries } from '../anomalyChart';

interface Props {
  drawn: DrawnSeries[];
  maxHeight: number;
  /** Dashboard time zone, for the "judged from" time. */
  timeZone: string;
}

/**
 * What each drawn series is and what was found in it; failures are spelled out per series, and a
 * series the model judged only from some point on (its warm-up) says from when, so the empty start of
 * its band is explained.
 */
export function AnomalyLegend({ drawn, maxHeight, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <div className={styles.legend} style={{ maxHeight }} data-testid="bw-anomaly-legend">
      <div className={styles.keys}>
        <span className={styles.item}>
          <span className={styles.swatch} style={{ background: fade(theme.colors.text.secondary, 0.3) }} /> expected
          band
        </span>
        <span className={styles.item}>
          <span className={styles.dot} style={{ background: theme.colors.error.main }} /> anomalous point
        </span>
        <span className={styles.item}>
          <span className={styles.swatch} style={{ background: fade(theme.colors.error.main, 0.25) }} /> anomalous
          region
        </span>
      </div>
      {drawn.map((d) => (
        <div key={d.valueIdx} className={styles.row} data-testid="bw-legend-series">
          <span className={styles.line} style={{ background: d.color }} />
          <span className={styles.name} data-testid="bw-series-name" title={d.series.name}>
            {d.series.name}
          </span>
          {d.outcome?.status === 'error' ? (
            <span className={styles.error} data-testid="bw-series-error" data-code={d.outcome.code}>
              {d.outcome.message}
            </span>
          ) : d.outcome ? (
            <span className={styles.meta}>
              {d.regions.length} {d.regions.length === 1 ? 'region' : 'regions'} · {d.anomalousPoints}{' '}
              {d.anomalousPoints === 1 ? 'point' : 'points'} · {d.outcome.model}
              {d.outcome.judgedFrom !== undefined && (
                <JudgedFrom timeMs={d.series.t[d.outcome.judgedFrom]} timeZone={timeZone} />
              )}
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** " · judged from <time> (model warming up before)", in the dashboard's time zone. */
function JudgedFrom({ timeMs, timeZone }: { timeMs: number; timeZone: string }) {
  return (
    <span
      data-testid="bw-judged-from"
      data-time={timeMs}
      title="The model needs this much history before it can judge a point: no band or score before it."
    >
      {' '}
      · judged from {dateTimeFormat(timeMs, { timeZone, format: 'YYYY-MM-DD HH:mm' })} (model warming up before)
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    overflowY: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(0.5, 0, 0, 1),
  }),
  keys: css({ display: 'flex', gap: theme.spacing(2), color: theme.colors.text.secondary, marginBottom: 2 }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ display: 'inline-block', width: 14, height: 10, borderRadius: 2 }),
  dot: css({ display: 'inline-block', width: 8, height: 8, borderRadius: '50%' }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), lineHeight: '18px', whiteSpace: 'nowrap' }),
  line: css({ display: 'inline-block', width: 14, height: 3, borderRadius: 1, flexShrink: 0 }),
  name: css({ color: theme.colors.text.primary, overflow: 'hidden', textOverflow: 'ellipsis' }),
  meta: css({ color: theme.colors.text.secondary }),
  error: css({ color: theme.colors.warning.text, whiteSpace: 'normal' }),
});
