import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2, useTheme2 } from '@grafana/ui';
import { AgentComparison } from '../../../ebpf';
import { BarChart } from './BarChart';
import { chartBars, CHARTS } from './chartGroups';
import { sourceColor } from './sources';

/** One bar chart per overhead metric, every bar coloured by its source; empty charts are skipped. */
export function OverheadCharts({ rows }: { rows: AgentComparison[] }) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  return (
    <div className={s.grid}>
      {CHARTS.map((spec) => {
        const groups = chartBars(rows, spec);
        if (groups.length === 0) {
          return null;
        }
        return (
          <div key={spec.id} className={s.card} data-testid={`bw-ebpf-chart-${spec.id}`}>
            <Text element="h4">
              {spec.title} <Text color="secondary">({spec.unit})</Text>
            </Text>
            <BarChart
              unit={spec.unit}
              groups={groups.map((g) => ({
                label: g.agent,
                bars: g.bars.map((b) => ({
                  label: b.label,
                  value: b.figure.value,
                  valueText: b.valueText,
                  color: sourceColor(theme, b.badge),
                  range: b.figure.range,
                  muted: b.figure.significant === false,
                  title: b.title,
                })),
              }))}
            />
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css`
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
    gap: ${theme.spacing(2)};
  `,
  card: css`
    padding: ${theme.spacing(1.5)};
    background: ${theme.colors.background.secondary};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
    min-width: 0;
  `,
});
