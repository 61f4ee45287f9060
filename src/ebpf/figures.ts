/**
 * The page's unit of display: one number about one agent, always with where it comes from.
 * Sources are never blended: a reference figure (published, vendor claim or report claim), a harness
 * measurement and a live query about the same agent stay separate figures, side by side.
 */
import { AgentKind } from './resultTypes';

/**
 * How far a reference figure can be trusted, from what its source discloses:
 * - `published`: the method is public enough to repeat the measurement (benchmark code, setup, load);
 * - `vendor-claim`: a vendor's figure about its own product, from its documentation;
 * - `report-claim`: a report's figure whose methodology is not published.
 */
export type ReferenceBasis = 'published' | 'vendor-claim' | 'report-claim';

/** A figure from the reference file: `id` is a key of its `sources`, `citation` its text. */
export interface ReferenceSource {
  kind: 'reference';
  id: string;
  citation: string;
  /** What the source discloses about its method (the reference file's `sourceBasis`). */
  basis: ReferenceBasis;
  /** Request rate the publication measured at, when it says. */
  loadRps?: number;
}

/** A figure computed from harness result files (medians over runs). */
export interface MeasuredSource {
  kind: 'measured';
  /** File name or URL of the agent's result file. */
  file: string;
  /** File name or URL of the baseline result file, for deltas. */
  baselineFile: string;
  createdAt: string;
  host: string;
  rateRps: number;
  runs: number;
}

/** A figure from a Prometheus query over the user's cluster (cAdvisor container metrics). */
export interface LiveSource {
  kind: 'live';
  query: string;
  /** Evaluation time, ms since the epoch. */
  evaluatedAt: number;
}

/** Where a figure comes from. */
export type FigureSource = ReferenceSource | MeasuredSource | LiveSource;

/** What a figure measures. Units are in the name; deltas are agent minus baseline. */
export type FigureMetric =
  | 'agentCpuCores'
  | 'agentCpuCoresMax'
  | 'agentCpuPercentOfNode'
  /** Published memory whose statistic (average or peak) the publication does not state. */
  | 'agentMemoryMiB'
  | 'agentMemoryMiBAvg'
  | 'agentMemoryMiBMax'
  /** A memory limit the source publishes (a default request or limit): a ceiling, not usage. */
  | 'agentMemoryLimitMiB'
  | 'serviceCpuCores'
  | 'serviceCpuDeltaCores'
  | 'serviceCpuDeltaPercent'
  | 'p50DeltaMs'
  | 'p50DeltaPercent'
  | 'p99DeltaMs'
  | 'p99DeltaPercent'
  | 'p95DeltaPercent'
  | 'meanLatencyDeltaPercent'
  | 'achievedRps'
  | 'achievedRpsDeltaPercent'
  | 'failedRequests';

/** Label, unit and chart group of each metric, for tables and bar charts. */
export const METRIC_INFO: Record<FigureMetric, { label: string; unit: string; group: string }> = {
  agentCpuCores: { label: 'Agent CPU', unit: 'cores', group: 'agentCpu' },
  agentCpuCoresMax: { label: 'Agent CPU (peak interval)', unit: 'cores', group: 'agentCpu' },
  agentCpuPercentOfNode: { label: 'Agent CPU', unit: '% of node', group: 'agentCpuPercent' },
  agentMemoryMiB: { label: 'Agent memory (as published)', unit: 'MiB', group: 'agentMemory' },
  agentMemoryMiBAvg: { label: 'Agent memory (average)', unit: 'MiB', group: 'agentMemory' },
  agentMemoryMiBMax: { label: 'Agent memory (max)', unit: 'MiB', group: 'agentMemory' },
  agentMemoryLimitMiB: { label: 'Agent memory limit (not usage)', unit: 'MiB', group: 'agentMemory' },
  serviceCpuCores: { label: 'Service CPU', unit: 'cores', group: 'serviceCpu' },
  serviceCpuDeltaCores: { label: 'Service CPU delta', unit: 'cores', group: 'serviceCpu' },
  serviceCpuDeltaPercent: { label: 'Service CPU delta', unit: '%', group: 'serviceCpuPercent' },
  p50DeltaMs: { label: 'p50 latency delta', unit: 'ms', group: 'latencyMs' },
  p50DeltaPercent: { label: 'p50 latency delta', unit: '%', group: 'latencyPercent' },
  p99DeltaMs: { label: 'p99 latency delta', unit: 'ms', group: 'latencyMs' },
  p99DeltaPercent: { label: 'p99 latency delta', unit: '%', group: 'latencyPercent' },
  p95DeltaPercent: { label: 'p95 latency delta', unit: '%', group: 'latencyPercent' },
  meanLatencyDeltaPercent: { label: 'Mean latency delta', unit: '%', group: 'latencyPercent' },
  achievedRps: { label: 'Achieved rate', unit: 'req/s', group: 'rate' },
  achievedRpsDeltaPercent: { label: 'Achieved rate delta', unit: '%', group: 'ratePercent' },
  failedRequests: { label: 'Failed requests per run', unit: 'requests', group: 'errors' },
};

/** One number about one agent, with its source. */
export interface Figure {
  metric: FigureMetric;
  /** The figure; for a published range, its midpoint (see `range`). */
  value: number;
  /** A published range, or min..max over measured runs. */
  range?: [number, number];
  /** "Less than X": the publication gives an upper bound only. */
  bound?: 'atMost';
  /** Measured deltas only: false when the delta is within the baseline's run-to-run spread. */
  significant?: boolean;
  note?: string;
  source: FigureSource;
}

/** Criteria of the reference score table, in its order. */
export type ScoreCriterion = 'cpu_efficiency' | 'memory_efficiency' | 'features' | 'ease_of_use';

/** Sub-scores (0–100) per criterion, with their source. */
export interface AgentScores {
  values: Record<ScoreCriterion, number>;
  source: ReferenceSource;
}

/** Everything known about one agent, from all sources. */
export interface AgentComparison {
  /** Display name; agents from different sources are matched case-insensitively on it. */
  agent: string;
  kind: AgentKind;
  figures: Figure[];
  scores?: AgentScores;
}

/**
 * A stable key for grouping figures by source: one per publication, one per measured file and rate,
 * one for all live queries.
 * @example sourceKey({ kind: 'reference', id: 'beyla-docs', citation: '…', basis: 'vendor-claim' }) // "reference:beyla-docs"
 */
export function sourceKey(s: FigureSource): string {
  switch (s.kind) {
    case 'reference':
      return `reference:${s.id}`;
    case 'measured':
      return `measured:${s.file}@${s.rateRps}`;
    case 'live':
      return 'live';
  }
}
