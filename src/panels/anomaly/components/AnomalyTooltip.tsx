import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { formatValue } from '../../../components/charts/chartTheme';
import { type AnomalyKind, kindName } from '../../../engine/anomalyKind';
import { formatSpan } from '../../../common/duration';
import type { PanelSeries } from '../../../components/charts/panelSeries';
import { DrawnSeries } from '../anomalyChart';
import { type FlagMark, flagMark } from '../chart/flagMark';

const KIND_LABELS: Record<AnomalyKind, string> = {
  spike: 'spike',
  level_shift: 'level shift',
  variance_change: 'variance change',
  missing_seasonality: 'missing seasonality',
  out_of_range: 'outside the valid range',
};

interface Props {
  /** The series under the cursor and the row of that series at the cursor. */
  drawn: DrawnSeries;
  row: number;
  timeMs: number;
  timeZone: string;
  /** A line saying what a click does here (on an anomalous point: what else moved?). */
  actionHint?: string;
}

/**
 * What a flagged step's score is of when it is not its own sample (flagMark.ts): "max inside this 2 min
 * step: 2.4 s at 07:13"; with the score from the data, whose fine point the panel does not know,
 * "on more than the sample shown (step 07:12–07:14)": a step's max, or a score over a window (outliers).
 */
export function scoredText(
  mark: Exclude<FlagMark, { kind: 'value' }>,
  step: number,
  fmt: PanelSeries,
  timeZone: string
): string {
  const clock = (ms: number) => dateTimeFormat(ms, { timeZone, format: 'HH:mm' });
  const span = formatSpan(step);
  return mark.kind === 'peak'
    ? `max inside this ${span} step: ${formatValue(mark.v, fmt)} at ${clock(mark.t)}`
    : `on more than the sample shown (step ${clock(mark.from)}–${clock(mark.to)})`;
}

/**
 * Value, expected, band, score, what the score is of when a coarse step holds it, the kind of anomaly
 * and (ensemble) the members that fired, for one point.
 */
export function AnomalyTooltip({ drawn, row, timeMs, timeZone, actionHint }: Props) {
  const { series, outcome, color } = drawn;
  // Formats like the field: unit, decimals and mappings from the field config.
  const fmt = series;
  const ok = outcome?.status === 'ok' ? outcome : undefined;
  const members = ok?.fired && ok.members ? ok.members.filter((_, b) => (ok.fired![row] >> b) & 1) : undefined;
  const anomalous = ok ? ok.isAnomaly[row] === 1 : false;
  const kind = anomalous && ok?.kind ? kindName(ok.kind[row]) : undefined;
  const mark = ok ? flagMark(ok, series.t, series.v, row, drawn.step, drawn.side) : undefined;
  return (
    <div data-anomalous={anomalous ? 'true' : 'false'}>
      <div style={{ marginBottom: 4 }}>{dateTimeFormat(timeMs, { timeZone })}</div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, marginBottom: 4 }}>
        <span style={{ width: 10, height: 3, background: color, display: 'inline-block' }} />
        <strong>{series.name}</strong>
      </div>
      <table>
        <tbody>
          <tr>
            <td>Value</td>
            <td>{formatValue(series.v[row], fmt)}</td>
          </tr>
          {ok?.expected && (
            <tr>
              <td>Expected</td>
              <td>{formatValue(ok.expected[row], fmt)}</td>
            </tr>
          )}
          {ok?.lower && ok?.upper && (
            <tr>
              <td>Band</td>
              <td>
                {formatValue(ok.lower[row], fmt)} – {formatValue(ok.upper[row], fmt)}
              </td>
            </tr>
          )}
          {ok?.score && (
            <tr>
              <td>Score</td>
              <td>{Number.isFinite(ok.score[row]) ? ok.score[row].toFixed(3) : 'warming up'}</td>
            </tr>
          )}
          {ok && (
            <tr>
              <td>Anomalous</td>
              <td>{anomalous ? 'yes' : 'no'}</td>
            </tr>
          )}
          {mark && mark.kind !== 'value' && (
            <tr data-testid="bw-tooltip-scored">
              <td>Scored</td>
              <td>{scoredText(mark, drawn.step, series, timeZone)}</td>
            </tr>
          )}
          {kind && (
            <tr>
              <td>Kind</td>
              <td data-testid="bw-tooltip-kind">{KIND_LABELS[kind]}</td>
            </tr>
          )}
          {members && (
            <tr>
              <td>Fired</td>
              <td data-testid="bw-tooltip-fired">{members.length ? members.join(', ') : 'none'}</td>
            </tr>
          )}
          {outcome?.status === 'error' && (
            <tr>
              <td>Model</td>
              <td>{outcome.message}</td>
            </tr>
          )}
        </tbody>
      </table>
      {actionHint && (
        <div style={{ marginTop: 4, opacity: 0.8 }} data-testid="bw-tooltip-action">
          {actionHint}
        </div>
      )}
    </div>
  );
}
