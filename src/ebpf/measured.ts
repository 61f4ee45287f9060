/**
 * Turns harness result files into `measured` figures: one baseline file plus any number of agent
 * files, compared at one request rate. Every figure is a median over runs, carries the min..max of
 * those runs as `range`, and deltas say whether they exceed the baseline's run-to-run spread.
 */
import { EbpfModelError } from './errors';
import { AgentComparison, Figure, MeasuredSource } from './figures';
import { computeOverhead, Overhead } from './overhead';
import { BenchResult, ResultAgent } from './resultTypes';
import { RunSummary } from './stats';

/** A parsed result file and where it was loaded from (file name or URL). */
export interface LoadedResult {
  name: string;
  result: BenchResult;
}

const MIB = 1024 * 1024;

function plain(metric: Figure['metric'], s: RunSummary, source: MeasuredSource, scale = 1): Figure {
  return { metric, value: s.median * scale, range: [s.min * scale, s.max * scale], source };
}

/**
 * What an in-process (APM) agent's "agent" CPU and memory are: whatever the harness watched as the
 * agent (ebpf-stack's apm profile: the collector container), since the agent itself shares the
 * service's process. Said on those figures, so they are not read as the agent's own cost.
 */
function inProcessAgentNote(agent: ResultAgent): string {
  const watched = agent.watch?.containers?.join(', ') ?? (agent.watch?.pids ? `pid ${agent.watch.pids.join(', ')}` : 'the watched process');
  return (
    `${watched}, watched as the agent: an in-process agent runs inside the service's own process, so these are ` +
    `not its own cost (in the APM profile, the collector's); its cost is in the service CPU delta`
  );
}

/**
 * Figures for one agent from its overhead against the baseline; `agent` (the file's) marks an
 * in-process agent's own CPU and memory figures as the watched process's.
 */
export function overheadFigures(o: Overhead, source: MeasuredSource, agent?: ResultAgent): Figure[] {
  const delta = (metric: Figure['metric'], d: Overhead['p50Ms'], percent: boolean): Figure => ({
    metric,
    value: percent ? d.deltaPercent : d.delta,
    significant: d.significant,
    note:
      `baseline ${fmt(d.baseline.median)} (spread ${fmt(d.baseline.spread)}), agent ${fmt(d.agent.median)} (spread ${fmt(d.agent.spread)})` +
      (d.significant ? '' : '; within the baseline run-to-run spread: not significant'),
    source,
  });
  const own = (f: Figure): Figure => (agent?.kind === 'apm' ? { ...f, note: inProcessAgentNote(agent) } : f);
  return [
    own(plain('agentCpuCores', o.agentCpuCores, source)),
    own(plain('agentCpuCoresMax', o.agentCpuCoresMax, source)),
    own(plain('agentCpuPercentOfNode', o.agentCpuPercentOfNode, source)),
    own(plain('agentMemoryMiBAvg', o.agentMemoryBytesAvg, source, 1 / MIB)),
    own(plain('agentMemoryMiBMax', o.agentMemoryBytesMax, source, 1 / MIB)),
    delta('serviceCpuDeltaCores', o.serviceCpuCores, false),
    delta('serviceCpuDeltaPercent', o.serviceCpuCores, true),
    delta('p50DeltaMs', o.p50Ms, false),
    delta('p50DeltaPercent', o.p50Ms, true),
    delta('p99DeltaMs', o.p99Ms, false),
    delta('p99DeltaPercent', o.p99Ms, true),
    plain('achievedRps', o.achievedRps.agent, source),
    delta('achievedRpsDeltaPercent', o.achievedRps, true),
    plain('failedRequests', o.failedRequests.agent, source),
  ];
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

/**
 * Measured comparisons of every agent file against the baseline file at `rateRps`.
 * @throws EbpfModelError when the baseline is not `kind: "none"` or a file has no run at that rate.
 */
export function measuredComparisons(baseline: LoadedResult, agents: LoadedResult[], rateRps: number): { rows: AgentComparison[]; overheads: Overhead[] } {
  if (baseline.result.agent.kind !== 'none') {
    throw new EbpfModelError('bad_input', `${baseline.name} is not a baseline file (agent.kind is "${baseline.result.agent.kind}")`);
  }
  const rows: AgentComparison[] = [];
  const overheads: Overhead[] = [];
  for (const a of agents) {
    const o = computeOverhead(baseline.result, a.result, rateRps);
    const source: MeasuredSource = {
      kind: 'measured',
      file: a.name,
      baselineFile: baseline.name,
      createdAt: a.result.meta.createdAt,
      host: `${a.result.meta.host.hostname} (${a.result.meta.host.cpus} CPUs, kernel ${a.result.meta.host.kernel})`,
      rateRps,
      runs: o.agentCpuCores.n,
    };
    rows.push({ agent: a.result.agent.name, kind: a.result.agent.kind, figures: overheadFigures(o, source, a.result.agent) });
    overheads.push(o);
  }
  return { rows, overheads };
}

/** One point of a latency distribution: quantile (0..1) and latency in ms. */
export interface LatencyPoint {
  quantile: number;
  ms: number;
}

/**
 * Quantile of a percentile key as autocannon names them.
 * @example percentileKeyToQuantile('p99_9') // 0.999
 * @example percentileKeyToQuantile('p2_5') // 0.025
 */
export function percentileKeyToQuantile(key: string): number {
  const m = /^p([0-9]+)(?:_([0-9]+))?$/.exec(key);
  if (!m) {
    throw new EbpfModelError('bad_input', `not a percentile key: "${key}"`);
  }
  return Number(`${m[1]}.${m[2] ?? '0'}`) / 100;
}

/**
 * Latency distribution of a result at one rate, for charts: per percentile key present in every run,
 * the median over runs, sorted by quantile.
 */
export function latencyDistribution(result: BenchResult, rateRps: number): LatencyPoint[] {
  const runs = result.runs.filter((r) => r.rateRps === rateRps);
  if (runs.length === 0) {
    throw new EbpfModelError('bad_input', `"${result.agent.name}" has no run at ${rateRps} req/s`);
  }
  const keys = Object.keys(runs[0].client.latencyMs).filter((k) => runs.every((r) => k in r.client.latencyMs));
  return keys
    .map((k) => {
      const vals = runs.map((r) => r.client.latencyMs[k]).sort((a, b) => a - b);
      const mid = vals.length >> 1;
      const ms = vals.length % 2 ? vals[mid] : (vals[mid - 1] + vals[mid]) / 2;
      return { quantile: percentileKeyToQuantile(k), ms };
    })
    .sort((a, b) => a.quantile - b.quantile);
}
