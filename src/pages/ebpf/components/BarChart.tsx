import React, { useId, useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useWidth } from './useWidth';

/** One bar. */
export interface Bar {
  /** Label left of the bar (e.g. the source). */
  label: string;
  value: number;
  /** Text at the bar's end; defaults to the value. */
  valueText?: string;
  color: string;
  /** Whisker from low to high (published range or min..max over runs). */
  range?: [number, number];
  /** Drawn faded with a dashed outline (e.g. a delta that is not significant). */
  muted?: boolean;
  /** Hover text. */
  title?: string;
}

/** Bars of one agent. */
export interface BarGroup {
  label: string;
  bars: Bar[];
}

interface Props {
  groups: BarGroup[];
  /** Unit shown on the axis. */
  unit: string;
  testId?: string;
}

const BAR_H = 16;
const GAP = 4;
const GROUP_GAP = 10;
const AXIS_H = 20;
// Labels are shortened to about their column's width (140 px for the agent, 170 px for the bar) at
// the theme's body and small font sizes, and clipped to the column, so they never run into each
// other; the full text is in each bar's hover title.
const GROUP_LABEL_CHARS = 13;
const BAR_LABEL_CHARS = 22;

/**
 * Horizontal grouped bars in SVG: one group per agent, one bar per figure. The scale includes 0, so
 * negative deltas grow to the left of the zero line.
 */
export function BarChart({ groups, unit, testId }: Props) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const clipId = useId().replace(/:/g, '');
  const all = groups.flatMap((g) => g.bars);
  const lo = Math.min(0, ...all.map((b) => Math.min(b.value, b.range?.[0] ?? b.value)));
  const hi = Math.max(0, ...all.map((b) => Math.max(b.value, b.range?.[1] ?? b.value)));
  const groupW = 140;
  const labelW = 170;
  const valueW = 100;
  const plotX = groupW + labelW;
  const plotW = Math.max(60, width - plotX - valueW);
  const span = hi - lo || 1;
  const x = (v: number) => plotX + ((v - lo) / span) * plotW;
  let y = 0;
  const rows: React.ReactNode[] = [];
  groups.forEach((g, gi) => {
    const top = y;
    g.bars.forEach((b, bi) => {
      const by = y;
      const x0 = x(Math.min(0, b.value));
      const x1 = x(Math.max(0, b.value));
      const end = b.value >= 0 ? x1 : x0;
      rows.push(
        <g key={`${gi}-${bi}`} data-testid="bw-ebpf-bar" data-group={g.label} data-label={b.label} data-value={b.value}>
          <title>{b.title ?? `${g.label}, ${b.label}: ${b.valueText ?? b.value}`}</title>
          <text x={plotX - 6} y={by + BAR_H - 4} textAnchor="end" className={s.small} fill={theme.colors.text.secondary} clipPath={`url(#${clipId}-bar)`}>
            {clip(b.label, BAR_LABEL_CHARS)}
          </text>
          <rect
            x={x0}
            y={by}
            width={Math.max(1, x1 - x0)}
            height={BAR_H}
            fill={b.color}
            fillOpacity={b.muted ? 0.25 : 0.85}
            stroke={b.color}
            strokeDasharray={b.muted ? '3 2' : undefined}
            rx={2}
          />
          {b.range && b.range[0] !== b.range[1] && (
            <g stroke={theme.colors.text.primary} strokeWidth={1.5}>
              <line x1={x(b.range[0])} x2={x(b.range[1])} y1={by + BAR_H / 2} y2={by + BAR_H / 2} />
              <line x1={x(b.range[0])} x2={x(b.range[0])} y1={by + 3} y2={by + BAR_H - 3} />
              <line x1={x(b.range[1])} x2={x(b.range[1])} y1={by + 3} y2={by + BAR_H - 3} />
            </g>
          )}
          <text
            x={b.value >= 0 ? Math.max(end, b.range ? x(b.range[1]) : end) + 4 : end - 4}
            y={by + BAR_H - 4}
            textAnchor={b.value >= 0 ? 'start' : 'end'}
            className={s.small}
            fill={theme.colors.text.primary}
          >
            {b.valueText ?? b.value}
          </text>
        </g>
      );
      y += BAR_H + GAP;
    });
    rows.push(
      <text key={`g${gi}`} x={0} y={(top + y - GAP) / 2 + 5} className={s.group} fill={theme.colors.text.primary} clipPath={`url(#${clipId}-group)`}>
        {clip(g.label, GROUP_LABEL_CHARS)}
      </text>
    );
    y += GROUP_GAP;
    if (gi < groups.length - 1) {
      rows.push(<line key={`sep${gi}`} x1={0} x2={width} y1={y - GROUP_GAP / 2} y2={y - GROUP_GAP / 2} stroke={theme.colors.border.weak} />);
    }
  });
  const height = y + AXIS_H;
  const ticks = niceTicks(lo, hi, 4);
  return (
    <div ref={ref} className={s.wrap} data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={`bar chart in ${unit}`}>
        <defs>
          <clipPath id={`${clipId}-group`}>
            <rect x={0} y={0} width={groupW - 6} height={height} />
          </clipPath>
          <clipPath id={`${clipId}-bar`}>
            <rect x={groupW} y={0} width={labelW - 6} height={height} />
          </clipPath>
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={y - GROUP_GAP} stroke={t === 0 ? theme.colors.text.secondary : theme.colors.border.weak} />
            <text x={x(t)} y={y + 4} textAnchor="middle" className={s.small} fill={theme.colors.text.secondary}>
              {trim(t)}
            </text>
          </g>
        ))}
        <text x={plotX + plotW + 22} y={y + 4} textAnchor="start" className={s.small} fill={theme.colors.text.secondary}>
          {unit}
        </text>
        {rows}
      </svg>
    </div>
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function trim(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** About `n` round tick values covering lo..hi (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, n: number): number[] {
  const span = hi - lo || 1;
  const raw = span / n;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((st) => st >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return out;
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css`
    width: 100%;
    overflow: hidden;
  `,
  small: css`
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  group: css`
    font-size: ${theme.typography.body.fontSize};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
});
