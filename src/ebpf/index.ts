/**
 * Model of the "eBPF agent overhead" page: framework-free, no React, no `@grafana/*`.
 *
 * Typical use on the page:
 * ```ts
 * import * as m from '../ebpf';
 * const ref = m.referenceComparisons(m.parseReference(referenceJson));          // reference rows
 * const base = { name: 'baseline.json', result: m.parseResult(baselineText) };  // harness files
 * const beyla = { name: 'beyla.json', result: m.parseResult(beylaText) };
 * const { rows: measured } = m.measuredComparisons(base, [beyla], 500);         // at 500 req/s
 * const q = m.liveQueries(m.parseMatchers('container="beyla"'), m.parseMatchers('container="app"'));
 * // ...run each q.* as an instant query through the Prometheus data source, then:
 * const { row: live } = m.liveComparison('Beyla', 'ebpf', q, responses, Date.now());
 * const rows = m.mergeComparisons([ref, measured, [live]], ['Beyla', 'Tetragon', 'Parca', 'Pixie']);
 * m.rankByScore(rows, m.EQUAL_WEIGHTS);                                          // reference table
 * m.yearlyCost(m.overheadFromFigures(rows[0].figures, 'live').overhead, { nodes: 50, pricePerCoreHour: 0.04, pricePerGiBHour: 0.005 });
 * ```
 * Every function throws `EbpfModelError` (with `code` and, for files, `path`) on input it cannot use.
 */
export { EbpfModelError } from './errors';
export type { EbpfModelErrorCode } from './errors';
export * from './resultTypes';
export { parseResult } from './parseResult';
export { summarize } from './stats';
export type { RunSummary } from './stats';
export { compareSummaries, computeOverhead, commonRates, comparabilityWarnings, runMetric, runsAt, summarizeMetric } from './overhead';
export type { Delta, Overhead, RunMetric } from './overhead';
export { METRIC_INFO, sourceKey } from './figures';
export type {
  AgentComparison,
  AgentScores,
  Figure,
  FigureMetric,
  FigureSource,
  LiveSource,
  MeasuredSource,
  ReferenceSource,
  ScoreCriterion,
} from './figures';
export { parseReference, referenceComparisons, referenceFigures } from './reference';
export { bundledReference } from './bundledReference';
export type { ReferenceAgentEntry, ReferenceData } from './reference';
export { latencyDistribution, measuredComparisons, overheadFigures, percentileKeyToQuantile } from './measured';
export type { LatencyPoint, LoadedResult } from './measured';
export { DEFAULT_MATCHERS, IN_PROCESS_AGENT_NOTE, liveQueries, parseMatchers, quoteLabelValue, selector } from './promql';
export type { LabelMatcher, LiveQueries, LiveQueryOptions, Platform } from './promql';
export { instantValue, liveComparison } from './live';
export { mergeComparisons } from './merge';
export { EQUAL_WEIGHTS, SCORE_CRITERIA, rankByScore, weightedScore } from './score';
export type { RankedScore, ScoreWeights } from './score';
export { HOURS_PER_YEAR, overheadFromFigures, yearlyCost } from './cost';
export type { CostParams, NodeOverhead, OverheadFromFigures, YearlyCost } from './cost';
