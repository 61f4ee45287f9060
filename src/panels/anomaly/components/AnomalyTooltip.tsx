import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { formatValue } from '../../../components/charts/chartTheme';
import { type AnomalyKind, kindName } from '../../../engine/anomalyKind';
import { DrawnSeries } from '../anomalyChart';

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

/** Value, expected, band, score, the kind of anomaly and (ensemble) the members that fired, for one point. */
export function AnomalyTooltip({ drawn, row, timeMs, timeZone, actionHint }: Props) {
  const { series, outcome, color } = drawn;
  // Formats like the field: unit, decimals and mappings from the field config.
  const fmt = series;
  const ok = outcome?.status === 'ok' ? outcome : undefined;
  const members = ok?.fired && ok.members ? ok.members.filter((_, b) => (ok.fired![row] >> b) & 1) : undefined;
  const anomalous = ok ? ok.isAnomaly[row] === 1 : false;
  const kind = anomalous && ok?.kind ? kindName(ok.kind[row]) : undefined;
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
