/**
 * A row's sparkline: the last 3 days of the series (a plain range query through the companion),
 * and its forecast to the capacity: the line to where time_to_exhaustion says it crosses, and the
 * interval between the pessimistic and optimistic crossings, for the 7 days ahead. Without a crossing
 * the line never reaches the capacity (sparklineForecast.ts): a leak restarted before its limit ends
 * at the next reset, with a tick where the series restarts.
 */
import React, { useEffect, useState } from 'react';
import { useTheme2 } from '@grafana/ui';
import type { CompanionClient } from './companionClient';
import { forecastLineEnd } from './sparklineForecast';
import { utcMinute } from '../../common/utcMinute';

const PAST_S = 3 * 86400;
const AHEAD_S = 7 * 86400;
const W = 180;
const H = 32;

export interface SparklineProps {
  client: CompanionClient;
  expr: string;
  now: number;
  capacity: number;
  seconds: number;
  lower: number;
  upper: number;
  /** Sen's slope per second: where the line heads when it does not cross within the frame. */
  slope: number;
  direction: 'up' | 'down';
  /** Epoch seconds when the next recurring reset is due (resets that come before the limit). */
  nextReset?: number;
  color: string;
}

export function Sparkline({
  client,
  expr,
  now,
  capacity,
  seconds,
  lower,
  upper,
  slope,
  direction,
  nextReset,
  color,
}: SparklineProps) {
  const theme = useTheme2();
  const [points, setPoints] = useState<Array<[number, number]> | 'error' | undefined>();
  useEffect(() => {
    let live = true;
    client.range(expr, now - PAST_S, now, 3600).then(
      (s) =>
        live &&
        setPoints(
          s.length === 1
            ? s[0].times.map((t, i) => [t, s[0].values[i]] as [number, number]).filter(([, v]) => Number.isFinite(v))
            : 'error'
        ),
      () => live && setPoints('error')
    );
    return () => {
      live = false;
    };
  }, [client, expr, now]);
  if (points === undefined) {
    return <svg width={W} height={H} aria-label="loading history" data-testid="bw-sparkline-loading" />;
  }
  if (points === 'error' || points.length < 2) {
    return <span style={{ color: theme.colors.text.secondary }}>no history</span>;
  }
  const last = points[points.length - 1];
  const end = forecastLineEnd({
    lastT: last[0],
    lastV: last[1],
    capacity,
    direction,
    seconds,
    slope,
    frameEnd: now + AHEAD_S,
    nextReset,
  });
  const values = [...points.map(([, v]) => v), capacity, ...(end ? [end.v] : [])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (t: number) => ((t - (now - PAST_S)) / (PAST_S + AHEAD_S)) * W;
  const y = (v: number) => (hi === lo ? H / 2 : H - 2 - ((v - lo) / (hi - lo)) * (H - 4));
  const path = points.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
  // The forecast: a straight line to the crossing (the default model is Theil-Sen's line) and, with a
  // crossing, the interval's fan between the pessimistic and optimistic crossings (an edge that does
  // not cross heads along Sen's line to the frame's end).
  const finite = Number.isFinite(seconds);
  const ahead = last[1] + (Number.isFinite(slope) ? slope : 0) * AHEAD_S;
  const edge = (s: number) => (Number.isFinite(s) ? [x(last[0] + s), y(capacity)] : [x(last[0] + AHEAD_S), y(ahead)]);
  const [lx, ly] = edge(lower);
  const [ux, uy] = edge(upper);
  return (
    <svg
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      style={{ overflow: 'hidden', display: 'block' }}
      data-testid="bw-sparkline"
      role="img"
      aria-label="history and forecast"
    >
      <line
        x1={0}
        x2={W}
        y1={y(capacity)}
        y2={y(capacity)}
        stroke={theme.colors.border.medium}
        strokeDasharray="2 2"
        data-testid="bw-sparkline-capacity"
      />
      <line x1={x(now)} x2={x(now)} y1={0} y2={H} stroke={theme.colors.border.weak} />
      {finite && <path d={`M${x(last[0])},${y(last[1])}L${lx},${ly}L${ux},${uy}Z`} fill={color} opacity={0.18} />}
      <path d={path} fill="none" stroke={theme.colors.text.secondary} strokeWidth={1.2} />
      {end && (
        <line
          x1={x(last[0])}
          y1={y(last[1])}
          x2={x(end.t)}
          y2={y(end.v)}
          stroke={color}
          strokeWidth={1.5}
          strokeDasharray="4 2"
          data-testid="bw-sparkline-forecast"
        />
      )}
      {end?.atReset && (
        // The series restarts at the next reset: a tick from the line's end back toward the history's range.
        <line
          x1={x(end.t)}
          x2={x(end.t)}
          y1={y(end.v)}
          y2={direction === 'up' ? H - 2 : 2}
          stroke={color}
          strokeWidth={1}
          strokeDasharray="1 2"
          data-testid="bw-sparkline-reset"
        >
          <title>next reset due {utcMinute(end.t * 1000)}</title>
        </line>
      )}
    </svg>
  );
}
