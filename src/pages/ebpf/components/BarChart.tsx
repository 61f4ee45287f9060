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
// Labels wrap at word boundaries to about their column's width (140 px for the agent, 170 px for
// the bar) at the theme's body and small font sizes, and the row grows to hold the lines, so every
// label reads whole; the columns still clip, so a label never runs into the bars.
const GROUP_LABEL_CHARS = 13;
const BAR_LABEL_CHARS = 22;
/** Line heights of the small (bar) and body (agent) labels. */
const SMALL_LINE = 14;
const GROUP_LINE = 17;

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
    const groupLines = wrap(g.label, GROUP_LABEL_CHARS);
    g.bars.forEach((b, bi) => {
      const lines = wrap(b.label, BAR_LABEL_CHARS);
      const rowH = BAR_H + (lines.length - 1) * SMALL_LINE;
      // The bar and its value sit in the middle of the row, beside the label's lines.
      const by = y + (rowH - BAR_H) / 2;
      const firstLine = y + rowH / 2 - ((lines.length - 1) * SMALL_LINE) / 2 + 4;
      const x0 = x(Math.min(0, b.value));
      const x1 = x(Math.max(0, b.value));
      const end = b.value >= 0 ? x1 : x0;
      rows.push(
        <g key={`${gi}-${bi}`} data-testid="bw-ebpf-bar" data-group={g.label} data-label={b.label} data-value={b.value}>
          <title>{b.title ?? `${g.label}, ${b.label}: ${b.valueText ?? b.value}`}</title>
          <text
            x={plotX - 6}
            y={firstLine}
            textAnchor="end"
            className={s.small}
            fill={theme.colors.text.secondary}
            clipPath={`url(#${clipId}-bar)`}
          >
            {lines.map((line, li) => (
              <tspan key={li} x={plotX - 6} dy={li === 0 ? 0 : SMALL_LINE}>
                {line}
              </tspan>
            ))}
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
      y += rowH + GAP;
    });
    // A group whose label has more lines than its bars are tall grows to hold them.
    y = Math.max(y, top + groupLines.length * GROUP_LINE + GAP);
    const groupFirst = (top + y - GAP) / 2 - ((groupLines.length - 1) * GROUP_LINE) / 2 + 5;
    rows.push(
      <text
        key={`g${gi}`}
        x={0}
        y={groupFirst}
        className={s.group}
        fill={theme.colors.text.primary}
        clipPath={`url(#${clipId}-group)`}
      >
        {groupLines.map((line, li) => (
          <tspan key={li} x={0} dy={li === 0 ? 0 : GROUP_LINE}>
            {line}
          </tspan>
        ))}
      </text>
    );
    y += GROUP_GAP;
    if (gi < groups.length - 1) {
      rows.push(
        <line
          key={`sep${gi}`}
          x1={0}
          x2={width}
          y1={y - GROUP_GAP / 2}
          y2={y - GROUP_GAP / 2}
          stroke={theme.colors.border.weak}
        />
      );
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
            <line
              x1={x(t)}
              x2={x(t)}
              y1={0}
              y2={y - GROUP_GAP}
              stroke={t === 0 ? theme.colors.text.secondary : theme.colors.border.weak}
            />
            <text x={x(t)} y={y + 4} textAnchor="middle" className={s.small} fill={theme.colors.text.secondary}>
              {trim(t)}
            </text>
          </g>
        ))}
        {/* Anchored at the chart's right edge: a unit longer than the value column stays whole. */}
        <text x={width - 2} y={y + 4} textAnchor="end" className={s.small} fill={theme.colors.text.secondary}>
          {unit}
        </text>
        {rows}
      </svg>
    </div>
  );
}

/**
 * `s` in lines of at most `n` characters, broken between words (a word longer than `n` is cut into
 * pieces of `n`).
 *
 * @example wrap('as stated · seed-report', 22) // ['as stated ·', 'seed-report']
 */
export function wrap(s: string, n: number): string[] {
  const lines: string[] = [];
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const pieces = word.match(new RegExp(`.{1,${n}}`, 'gu')) ?? [word];
    for (const piece of pieces) {
      const last = lines[lines.length - 1];
      if (last !== undefined && last.length + 1 + piece.length <= n && piece === pieces[0]) {
        lines[lines.length - 1] = `${last} ${piece}`;
      } else {
        lines.push(piece);
      }
    }
  }
  return lines.length ? lines : [''];
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
