/** Which figures go into which bar chart, and how each bar is labelled. Pure, for testing. */
import { AgentComparison, Figure, FigureMetric } from '../../../ebpf';
import { figureText } from './FigureValue';
import { BadgeKind, badgeKind, shortSourceName, sourceDetail } from './sources';

/** One chart of the page. */
export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  metrics: FigureMetric[];
}

/** The overhead charts, in page order. */
export const CHARTS: ChartSpec[] = [
  { id: 'cpu-percent', title: 'Agent CPU', unit: '% of node', metrics: ['agentCpuPercentOfNode'] },
  { id: 'cpu-cores', title: 'Agent CPU', unit: 'cores', metrics: ['agentCpuCores', 'agentCpuCoresMax'] },
  { id: 'memory', title: 'Agent memory', unit: 'MiB', metrics: ['agentMemoryMiB', 'agentMemoryMiBAvg', 'agentMemoryMiBMax', 'agentMemoryLimitMiB'] },
  { id: 'service-cpu', title: "Service's CPU delta", unit: 'cores', metrics: ['serviceCpuDeltaCores'] },
  { id: 'latency-ms', title: 'Latency delta', unit: 'ms', metrics: ['p50DeltaMs', 'p99DeltaMs'] },
  { id: 'latency-percent', title: 'Latency delta', unit: '%', metrics: ['p50DeltaPercent', 'p95DeltaPercent', 'p99DeltaPercent', 'meanLatencyDeltaPercent'] },
  { id: 'rate', title: 'Achieved rate', unit: 'req/s', metrics: ['achievedRps'] },
];

/** Short name of a metric inside a chart that shows several. */
const SHORT: Partial<Record<FigureMetric, string>> = {
  agentCpuCores: 'avg',
  agentCpuCoresMax: 'peak',
  // The source does not say whether its memory figure is an average or a peak.
  agentMemoryMiB: 'as stated',
  agentMemoryMiBAvg: 'avg',
  agentMemoryMiBMax: 'max',
  agentMemoryLimitMiB: 'limit, not usage',
  p50DeltaMs: 'p50',
  p99DeltaMs: 'p99',
  p50DeltaPercent: 'p50',
  p95DeltaPercent: 'p95',
  p99DeltaPercent: 'p99',
  meanLatencyDeltaPercent: 'mean',
};

/** A bar before it gets a colour. */
export interface ChartBar {
  label: string;
  figure: Figure;
  /** What the figure rests on; gives the bar its colour. */
  badge: BadgeKind;
  valueText: string;
  title: string;
}

/** Bars of one chart, grouped by agent; agents without a figure for the chart are left out. */
export function chartBars(rows: AgentComparison[], spec: ChartSpec): Array<{ agent: string; bars: ChartBar[] }> {
  return rows
    .map((r) => ({
      agent: r.agent,
      bars: spec.metrics.flatMap((m) =>
        r.figures
          .filter((f) => f.metric === m)
          .map((f) => {
            const src = shortSourceName(f.source);
            const label = spec.metrics.length > 1 ? `${SHORT[m] ?? m} · ${src}` : src;
            const ns = f.significant === false ? ' (not significant)' : '';
            return {
              label,
              figure: f,
              badge: badgeKind(f.source),
              valueText: figureText(f).replace(/ \(.*\)$/, '') + (f.significant === false ? ' n.s.' : ''),
              title: `${r.agent}, ${label}: ${figureText(f)}${ns}. ${sourceDetail(f.source)}`,
            };
          })
      ),
    }))
    .filter((g) => g.bars.length > 0);
}
