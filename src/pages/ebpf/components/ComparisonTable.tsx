import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { AgentComparison, FigureMetric, METRIC_INFO } from '../../../ebpf';
import { FigureValue } from './FigureValue';

/** Table sections in the order the issue lists them. */
const SECTIONS: Array<{ title: string; metrics: FigureMetric[] }> = [
  { title: 'Agent CPU', metrics: ['agentCpuCores', 'agentCpuCoresMax', 'agentCpuPercentOfNode'] },
  { title: 'Agent memory', metrics: ['agentMemoryMiBAvg', 'agentMemoryMiBMax', 'agentMemoryMiB', 'agentMemoryLimitMiB'] },
  { title: "Service's CPU", metrics: ['serviceCpuDeltaCores', 'serviceCpuDeltaPercent', 'serviceCpuCores'] },
  {
    title: 'Latency',
    metrics: [
      'p50DeltaMs',
      'p50DeltaPercent',
      'p99DeltaMs',
      'p99DeltaPercent',
      'p95DeltaPercent',
      'meanLatencyDeltaPercent',
    ],
  },
  { title: 'Rate and errors', metrics: ['achievedRps', 'achievedRpsDeltaPercent', 'failedRequests'] },
];

/**
 * An agent's name with a soft hyphen inside each camel-case word ("Open-/Telemetry"): in a narrow
 * column the name then breaks there, not wherever the last letter no longer fits ("OpenTelemetr y").
 */
export function breakableName(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1\u00AD$2');
}

/** Agents side by side (one column each), one row per metric, every figure with its source. */
export function ComparisonTable({ rows }: { rows: AgentComparison[] }) {
  const s = useStyles2(getStyles);
  const has = (m: FigureMetric) => rows.some((r) => r.figures.some((f) => f.metric === m));
  return (
    <div className={s.scroll}>
      <table className={s.table} data-testid="bw-ebpf-table">
        <thead>
          <tr>
            <th className={s.metricCol}>Metric</th>
            {rows.map((r) => (
              <th key={r.agent} data-agent={r.agent}>
                {breakableName(r.agent)}
                <div className={s.kind}>{r.kind === 'apm' ? 'classic APM' : r.kind === 'ebpf' ? 'eBPF' : r.kind}</div>
              </th>
            ))}
          </tr>
        </thead>
        {SECTIONS.map((sec) => {
          const metrics = sec.metrics.filter(has);
          if (metrics.length === 0) {
            return null;
          }
          return (
            <tbody key={sec.title}>
              <tr>
                <th colSpan={rows.length + 1} className={s.section}>
                  {sec.title}
                </th>
              </tr>
              {metrics.map((m) => (
                <tr key={m} data-metric={m}>
                  <td className={s.metricCol}>
                    {METRIC_INFO[m].label} <span className={s.unit}>{METRIC_INFO[m].unit}</span>
                  </td>
                  {rows.map((r) => (
                    <td key={r.agent} data-agent={r.agent}>
                      {r.figures
                        .filter((f) => f.metric === m)
                        .map((f, i) => (
                          <FigureValue key={i} figure={f} />
                        ))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroll: css`
    overflow-x: auto;
  `,
  // Fixed layout: the agents share the width and their figures wrap, so seven agents fit a 1280 px
  // wide page without scrolling sideways (a value and its source badge wrap onto two lines).
  table: css`
    border-collapse: collapse;
    width: 100%;
    table-layout: fixed;
    font-size: ${theme.typography.bodySmall.fontSize};
    th,
    td {
      padding: ${theme.spacing(0.5, 1)};
      border-bottom: 1px solid ${theme.colors.border.weak};
      vertical-align: top;
      text-align: left;
      overflow-wrap: anywhere;
    }
    td span {
      white-space: normal;
      max-width: 100%;
    }
    thead th {
      font-weight: ${theme.typography.fontWeightMedium};
      font-size: ${theme.typography.body.fontSize};
      background: ${theme.colors.background.secondary};
    }
  `,
  section: css`
    background: ${theme.colors.background.canvas};
    color: ${theme.colors.text.secondary};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  metricCol: css`
    width: 170px;
  `,
  unit: css`
    color: ${theme.colors.text.secondary};
  `,
  kind: css`
    font-size: ${theme.typography.bodySmall.fontSize};
    color: ${theme.colors.text.secondary};
    font-weight: normal;
  `,
});
