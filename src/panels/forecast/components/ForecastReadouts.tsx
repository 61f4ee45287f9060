import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { fade, formatValue } from '../../../components/charts/chartTheme';
import { calcTitle, legendCalcs, ResolvedLegend } from '../../../components/charts/legendOptions';
import { useElementHeight } from '../../../components/charts/useElementHeight';
import { DrawnForecast } from '../forecastChart';
import { SeriesReadout } from '../readouts';

/** Height of one line of readouts (the theme's small text with some air). */
export const ROW_HEIGHT = 20;

/**
 * Lines each note may wrap to: the legend's height the series rows leave (`maxHeight` − `rowsHeight`),
 * shared equally between the notes, and at least one (then the note is cut, its whole text on hover).
 * So a note is read whole wherever there is room (a 1000 x 420 panel showed "(the history before the
 * range could no…" on one line), and never pushes the time to exhaustion out of the legend at a
 * narrow size (460 x 360: one line each, as before). Before the rows are measured, one line.
 *
 * @example noteLines(168, 40, 2) // 3
 */
export function noteLines(maxHeight: number, rowsHeight: number | undefined, count: number): number {
  if (rowsHeight === undefined || count === 0) {
    return 1;
  }
  return Math.max(1, Math.floor((maxHeight - rowsHeight) / ROW_HEIGHT / count));
}

interface Props {
  drawn: DrawnForecast[];
  /** One per drawn series, in the same order. */
  readouts: SeriesReadout[];
  notes: string[];
  /** Grafana's legend options: shown or not, list | table, values (last, max, mean, ...). */
  legend: Pick<ResolvedLegend, 'show' | 'mode' | 'calcs'>;
  /** Above this the readouts scroll. */
  maxHeight: number;
  /** Set when placed right of the chart. */
  width?: number;
  /** Receives the element, to measure its height. */
  measureRef: (el: HTMLElement | null) => void;
}

/**
 * The forecast panel's legend: the notes, then per series its display name (once), the chosen values
 * (last, max, mean, ... formatted by the field config), time to exhaustion, trend and model, as a list
 * (one line per series) or a table. A readout is never cut: in a list, a long name wraps and the
 * readouts move below it. With the legend hidden, names and values go; the readouts stay.
 */
export function ForecastReadouts({ drawn, readouts, notes, legend, maxHeight, width, measureRef }: Props) {
  const styles = useStyles2(getStyles);
  const calcs = legend.show ? legend.calcs : [];
  const values = drawn.map((d) => legendCalcs(d.series.v, calcs));
  const format = (i: number, c: string) => formatValue(values[i][c], drawn[i].series);
  const table = legend.show && legend.mode === 'table';
  const [measureRows, rowsHeight] = useElementHeight();
  const lines = noteLines(maxHeight, rowsHeight, notes.length);
  return (
    <div
      ref={measureRef}
      className={styles.header}
      style={{ maxHeight, width, flexShrink: 0 }}
      data-testid="bw-forecast-readouts"
      data-mode={legend.show ? legend.mode : 'hidden'}
    >
      {notes.map((n) => (
        <div
          key={n}
          className={styles.note}
          style={{ WebkitLineClamp: lines }}
          title={n}
          data-testid="bw-forecast-note"
          data-lines={lines}
        >
          {n}
        </div>
      ))}
      <div ref={measureRows}>
        {table ? (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Name</th>
                {calcs.map((c) => (
                  <th key={c} className={styles.num} data-testid="bw-legend-calc" data-calc={c}>
                    {calcTitle(c)}
                  </th>
                ))}
                <th>Exhaustion</th>
                <th>Trend</th>
                <th>Forecast</th>
              </tr>
            </thead>
            <tbody>
              {readouts.map((r, i) => (
                <tr key={i} data-testid="bw-forecast-row">
                  <td className={styles.nameCell}>
                    <Swatch color={drawn[i].color} />
                    <span data-testid="bw-series-name">{drawn[i].series.name}</span>
                  </td>
                  {calcs.map((c) => (
                    <td key={c} className={styles.num} data-testid="bw-legend-value" data-calc={c}>
                      {format(i, c)}
                    </td>
                  ))}
                  <td>{r.tte && <Tte r={r} />}</td>
                  <td className={styles.meta}>{r.trend && <span data-testid="bw-trend">trend {r.trend}</span>}</td>
                  <td className={styles.meta}>
                    <ForecastKey r={r} color={drawn[i].color} />
                    {r.leak && <Leak label={r.leakLabel} />}
                    <SeriesNotes notes={r.notes} />
                    <Errors errors={r.errors} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          readouts.map((r, i) => (
            <div key={i} className={styles.row} data-testid="bw-forecast-row">
              <span className={styles.name}>
                <Swatch color={drawn[i].color} />
                {legend.show && <span data-testid="bw-series-name">{drawn[i].series.name}</span>}
              </span>
              {calcs.map((c) => (
                <span key={c} className={styles.meta} data-testid="bw-legend-value" data-calc={c}>
                  {calcTitle(c)}: <span className={styles.value}>{format(i, c)}</span>
                </span>
              ))}
              {r.tte && <Tte r={r} />}
              {r.trend && (
                <span className={styles.meta} data-testid="bw-trend">
                  trend {r.trend}
                </span>
              )}
              {r.leak && <Leak label={r.leakLabel} />}
              <ForecastKey r={r} color={drawn[i].color} />
              <SeriesNotes notes={r.notes} />
              <Errors errors={r.errors} />
            </div>
          ))
        )}
      </div>
    </div>
  );
}

function Swatch({ color }: { color: string }) {
  const styles = useStyles2(getStyles);
  return <span className={styles.swatch} style={{ background: color }} />;
}

/**
 * The forecast's legend key in plain words: a dashed line "Forecast" and a band "95 % interval" (with
 * its width when the band is too thin to see), the model behind them on hover; the tooltip names it
 * too. Never the model's id, which an SRE does not know.
 */
function ForecastKey({ r, color }: { r: SeriesReadout; color: string }) {
  const styles = useStyles2(getStyles);
  if (!r.interval) {
    return null;
  }
  return (
    <span className={styles.meta} title={r.model ? `model: ${r.model}` : undefined} data-testid="bw-forecast-key">
      <span className={styles.dash} style={{ borderColor: color }} />
      Forecast
      <span className={styles.band} style={{ background: fade(color, 0.3) }} />
      <span data-testid="bw-forecast-interval">{r.interval}</span>
    </span>
  );
}

function Tte({ r }: { r: SeriesReadout }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={cx(styles.tte, styles[r.severity ?? 'ok'])} data-testid="bw-tte" data-severity={r.severity}>
      {r.tte}
    </span>
  );
}

function Leak({ label }: { label?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.leak} data-testid="bw-leak">
      {label ?? 'leak suspected'}
    </span>
  );
}

/** A series' notes that are no failure (a forecast withheld), in the plain secondary text. */
function SeriesNotes({ notes }: { notes?: string[] }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {(notes ?? []).map((n) => (
        <span key={n} className={styles.seriesNote} data-testid="bw-series-note">
          {n}
        </span>
      ))}
    </>
  );
}

function Errors({ errors }: { errors: string[] }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {errors.map((e) => (
        <span key={e} className={styles.error} data-testid="bw-series-error">
          {e}
        </span>
      ))}
    </>
  );
}

/** A readout part that stays on one line and never shrinks. */
const whole = { whiteSpace: 'nowrap', flexShrink: 0 } as const;

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    overflowY: 'auto',
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
  info: css({ color: theme.colors.info.text }),
  ok: css({ color: theme.colors.success.text }),
  meta: css({ ...whole, color: theme.colors.text.secondary }),
  // The forecast's dashed line and its band, as drawn on the chart.
  dash: css({
    display: 'inline-block',
    width: 14,
    borderTop: '2px dashed',
    verticalAlign: 'middle',
    marginRight: theme.spacing(0.5),
  }),
  band: css({
    display: 'inline-block',
    width: 14,
    height: 8,
    borderRadius: 1,
    verticalAlign: 'middle',
    margin: theme.spacing(0, 0.5, 0, 1),
  }),
  value: css({ color: theme.colors.text.primary }),
  leak: css({
    ...whole,
    color: theme.colors.warning.contrastText,
    background: theme.colors.warning.main,
    borderRadius: theme.shape.radius.default,
    padding: '0 6px',
    marginLeft: theme.spacing(1),
  }),
  error: css({ color: theme.colors.warning.text, whiteSpace: 'normal', marginLeft: theme.spacing(1) }),
  seriesNote: css({ color: theme.colors.text.secondary, whiteSpace: 'normal', marginLeft: theme.spacing(1) }),
  // Wrapped to the lines the rows leave ({@link noteLines}, set inline), cut with an ellipsis past them,
  // the whole text on hover (title). Wrapping without a bound was tried (2026-12-06): at 460 x 320 a
  // three-line note pushed the readouts past the legend's height (tests/browser/panels.forecast.test.ts,
  // "keeps the readout whole and visible").
  note: css({
    color: theme.colors.warning.text,
    minHeight: ROW_HEIGHT,
    lineHeight: `${ROW_HEIGHT}px`,
    display: '-webkit-box',
    WebkitBoxOrient: 'vertical',
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    overflow: 'hidden',
  }),
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': { padding: theme.spacing(0.25, 1, 0.25, 0), textAlign: 'left', whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  num: css({ '&&': { textAlign: 'right' } }),
  nameCell: css({ color: theme.colors.text.primary, whiteSpace: 'normal !important', overflowWrap: 'anywhere' }),
});
