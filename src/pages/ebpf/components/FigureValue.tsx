import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, Tooltip, useStyles2 } from '@grafana/ui';
import { Figure, METRIC_INFO } from '../../../ebpf';
import { formatNumber, formatSigned } from './format';
import { SourceBadge } from './SourceBadge';

/** True for metrics that are agent-minus-baseline deltas (shown with a sign). */
export function isDelta(metric: Figure['metric']): boolean {
  return /Delta/.test(metric);
}

/** The text of a figure's value with unit, bound and range: "≤ 1 % of node", "+0.41 ms (0.2 – 0.6)". */
export function figureText(f: Figure): string {
  const unit = METRIC_INFO[f.metric].unit;
  const v = isDelta(f.metric) ? formatSigned(f.value) : formatNumber(f.value);
  const bound = f.bound === 'atMost' ? '≤ ' : '';
  const range = f.range && f.range[0] !== f.range[1] ? ` (${formatNumber(f.range[0])} – ${formatNumber(f.range[1])})` : '';
  return `${bound}${v} ${unit}${range}`;
}

/** One figure: value, "not significant" mark when the delta is within the baseline's spread, source. */
export function FigureValue({ figure }: { figure: Figure }) {
  const s = useStyles2(getStyles);
  const ns = figure.significant === false;
  const value = <span className={cx(s.value, ns && s.muted)}>{figureText(figure)}</span>;
  return (
    <div className={s.row} data-testid="bw-ebpf-figure" data-metric={figure.metric} data-source-kind={figure.source.kind} data-significant={ns ? 'false' : undefined}>
      <Stack direction="row" gap={0.5} alignItems="center" wrap="wrap">
        {figure.note ? <Tooltip content={figure.note}>{value}</Tooltip> : value}
        {ns && (
          <Tooltip content="The delta is not larger than the baseline's run-to-run spread (max − min over its runs).">
            <span className={s.ns}>not significant</span>
          </Tooltip>
        )}
        <SourceBadge source={figure.source} />
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css`
    padding: 1px 0;
  `,
  value: css`
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  `,
  muted: css`
    color: ${theme.colors.text.secondary};
    font-style: italic;
  `,
  ns: css`
    font-size: ${theme.typography.bodySmall.fontSize};
    color: ${theme.colors.warning.text};
    white-space: nowrap;
  `,
});
