import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { DrawnForecast } from '../forecastChart';
import { pointReadout } from '../readouts';

interface Props {
  drawn: DrawnForecast[];
  /** Per drawn series, the model behind its forecast in plain words (readouts.ts SeriesReadout.model). */
  models?: Array<string | undefined>;
  data: Array<ArrayLike<unknown>>;
  /** Row of the cursor in `data`. */
  idx: number;
  timeZone: string;
}

/**
 * Each series' value, or its forecast with the interval, at the cursor's time; under a forecast, the
 * model that made it ("model: seasonal + line, chosen automatically"), which the legend does not name.
 */
export function ForecastTooltip({ drawn, models, data, idx, timeZone }: Props) {
  const x = (data[0] as number[])[idx] * 1000;
  const at = (col: number) => (col >= 0 ? (data[col] as Array<number | null | undefined>)[idx] : undefined);
  return (
    <div>
      <div style={{ marginBottom: 4 }}>{dateTimeFormat(x, { timeZone })}</div>
      <table>
        <tbody>
          {drawn.map((d, i) => (
            <React.Fragment key={d.valueIdx}>
              <tr>
                <td>
                  <span
                    style={{ display: 'inline-block', width: 10, height: 3, background: d.color, marginRight: 4 }}
                  />
                  {d.series.name}
                </td>
                <td>
                  {pointReadout(
                    at(d.valueIdx),
                    at(d.yhatIdx),
                    d.yhatIdx >= 0 ? at(d.yhatIdx + 2) : undefined,
                    d.yhatIdx >= 0 ? at(d.yhatIdx + 1) : undefined,
                    d.series
                  )}
                </td>
              </tr>
              {models?.[i] && typeof at(d.valueIdx) !== 'number' && typeof at(d.yhatIdx) === 'number' && (
                <tr data-testid="bw-forecast-tooltip-model">
                  <td />
                  <td style={{ opacity: 0.75 }}>model: {models[i]}</td>
                </tr>
              )}
            </React.Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
