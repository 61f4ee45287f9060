import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { DrawnForecast } from '../forecastChart';
import { SeriesReadout } from '../readouts';

/** Height of one line of readouts (the theme's small text with some air). */
export const ROW_HEIGHT = 20;

interface Props {
  drawn: DrawnForecast[];
  /** One per drawn series, in the same order. */
  readouts: SeriesReadout[];
  notes: string[];
  /** Above this the readouts scroll. */
  maxHeight: number;
  /** Receives the element, to measure its height. */
  measureRef: (el: HTMLElement | null) => void;
}

/**
 * The notes, then one line per series: its name, time to exhaustion, trend and model. A readout is
 * never cut: when a long name and the readouts do not fit on one line, the name wraps and the
 * readouts move below it.
 */
export function ForecastReadouts({ drawn, readouts, notes, maxHeight, measureRef }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div ref={measureRef} className={styles.header} style={{ maxHeight }} data-testid="bw-forecast-readouts">
      {notes.map((n) => (
        <div key={n} className={styles.note} data-testid="bw-forecast-note">
          {n}
        </div>
      ))}
      {readouts.map((r, i) => (
        <div key={i} className={styles.row} data-testid="bw-forecast-row">
          <span className={styles.name}>
            <span className={styles.swatch} style={{ background: drawn[i].color }} />
            <span data-testid="bw-series-name">{drawn[i].series.name}</span>
          </span>
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
  );
}

/** A readout part that stays on one line and never shrinks. */
const whole = { whiteSpace: 'nowrap', flexShrink: 0 } as const;

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    overflowY: 'auto',
    flexShrink: 0,
  }),
  row: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    minHeight: ROW_HEIGHT,
  }),
  // The name may wrap, anywhere if it must (a label value without spaces); the swatch stays with it.
  name: css({ color: theme.colors.text.primary, minWidth: 0, overflowWrap: 'anywhere' }),
  swatch: css({
    display: 'inline-block',
    width: 14,
    height: 3,
    borderRadius: 1,
    verticalAlign: 'middle',
    marginRight: theme.spacing(1),
  }),
  tte: css({ ...whole, fontWeight: theme.typography.fontWeightMedium, fontSize: theme.typography.body.fontSize }),
  critical: css({ color: theme.colors.error.text }),
  warning: css({ color: theme.colors.warning.text }),
  ok: css({ color: theme.colors.success.text }),
  meta: css({ ...whole, color: theme.colors.text.secondary }),
  leak: css({
    ...whole,
    color: theme.colors.warning.contrastText,
    background: theme.colors.warning.main,
    borderRadius: theme.shape.radius.default,
    padding: '0 6px',
  }),
  error: css({ color: theme.colors.warning.text }),
  note: css({ color: theme.colors.warning.text, minHeight: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px` }),
});
