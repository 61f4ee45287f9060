import React, { useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { niceTicks } from './BarChart';
import { Distribution } from './measuredView';
import { useWidth } from './useWidth';

/** Position of a quantile on a "nines" axis: p50 → 0.3, p90 → 1, p99 → 2, p99.9 → 3. */
export function ninesPosition(q: number): number {
  return -Math.log10(1 - Math.min(q, 0.99999));
}

const TICKS = [0.5, 0.9, 0.99, 0.999];
const PALETTE = ['orange', 'purple', 'red', 'yellow', 'blue', 'green'];

/**
 * Client-side latency percentiles (median over runs) of the baseline and each agent at the compared
 * rate, on a nines axis so the tail is readable. The baseline is the dashed line.
 */
export function LatencyDistribution({ distributions, rate }: { distributions: Distribution[]; rate: number }) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const height = 260;
  const pad = { l: 48, r: 16, t: 10, b: 40 };
  const pts = distributions.flatMap((d) => d.points);
  if (pts.length === 0) {
    return null;
  }
  const xMax = Math.max(3, ...pts.map((p) => ninesPosition(p.quantile)));
  const yMax = Math.max(...pts.map((p) => p.ms)) * 1.05 || 1;
  const x = (q: number) => pad.l + (ninesPosition(q) / xMax) * (width - pad.l - pad.r);
  const y = (ms: number) => pad.t + (1 - ms / yMax) * (height - pad.t - pad.b);
  let agentIndex = 0;
  const lines = distributions.map((d) => {
    const color = d.baseline ? theme.colors.text.secondary : theme.visualization.getColorByName(PALETTE[agentIndex++ % PALETTE.length]);
    return { d, color };
  });
  return (
    <div ref={ref} className={s.wrap} data-testid="bw-ebpf-latency-distribution">
      <svg width={width} height={height} role="img" aria-label={`latency percentiles at ${rate} req/s`}>
        {niceTicks(0, yMax, 5).map((t) => (
          <g key={`y${t}`}>
            <line x1={pad.l} x2={width - pad.r} y1={y(t)} y2={y(t)} stroke={theme.colors.border.weak} />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" className={s.small} fill={theme.colors.text.secondary}>
              {Number(t.toPrecision(4))}
            </text>
          </g>
        ))}
        {TICKS.map((q) => (
          <text key={q} x={x(q)} y={height - pad.b + 16} textAnchor="middle" className={s.small} fill={theme.colors.text.secondary}>
            {`p${Number((q * 100).toPrecision(4))}`}
          </text>
        ))}
        <text x={pad.l} y={height - 6} className={s.small} fill={theme.colors.text.secondary}>
          percentile (nines scale) · latency in ms, median over runs at {rate} req/s
        </text>
        {lines.map(({ d, color }) => (
          <g key={d.file} data-testid="bw-ebpf-latency-line" data-name={d.name}>
            <title>{`${d.name} (${d.file}): ${d.points.map((p) => `p${Number((p.quantile * 100).toPrecision(4))} ${p.ms} ms`).join(', ')}`}</title>
            <polyline
              fill="none"
              stroke={color}
              strokeWidth={2}
              strokeDasharray={d.baseline ? '6 4' : undefined}
              points={d.points.map((p) => `${x(p.quantile)},${y(p.ms)}`).join(' ')}
            />
            {d.points.map((p) => (
              <circle key={p.quantile} cx={x(p.quantile)} cy={y(p.ms)} r={3} fill={color} />
            ))}
          </g>
        ))}
      </svg>
      <div className={s.legend}>
        {lines.map(({ d, color }) => (
          <span key={d.file} className={s.item}>
            <span className={s.swatch} style={{ background: color }} />
            {d.name} <span className={s.file}>{d.file}</span>
          </span>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css`
    width: 100%;
  `,
  small: css`
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  legend: css`
    display: flex;
    flex-wrap: wrap;
    gap: ${theme.spacing(2)};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  item: css`
    display: inline-flex;
    align-items: center;
    gap: ${theme.spacing(0.5)};
  `,
  swatch: css`
    display: inline-block;
    width: 14px;
    height: 4px;
    border-radius: 2px;
  `,
  file: css`
    color: ${theme.colors.text.secondary};
  `,
});
