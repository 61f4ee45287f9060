/**
 * Overhead of one agent configuration against the baseline, at one request rate, from two harness
 * result files: medians over runs, the spread of each, and deltas judged against the baseline's
 * run-to-run spread (a delta no larger than that spread is marked not significant).
 */
import { EbpfModelError } from './errors';
import { BenchResult, BenchRun } from './resultTypes';
import { RunSummary, summarize } from './stats';

/** Per-run quantities the page compares. */
export type RunMetric =
  | 'achievedRps'
  | 'failedRequests'
  | 'p50Ms'
  | 'p90Ms'
  | 'p99Ms'
  | 'serviceCpuCores'
  | 'serviceMemoryBytes'
  | 'agentCpuCores'
  | 'agentCpuCoresMax'
  | 'agentMemoryBytesAvg'
  | 'agentMemoryBytesMax';

/** Reads one metric from one run; `undefined` when the run has no such figure (baseline agent). */
export function runMetric(run: BenchRun, metric: RunMetric): number | undefined {
  switch (metric) {
    case 'achievedRps':
      return run.client.achievedRps;
    case 'failedRequests':
      // autocannon counts timeouts inside `errors`; non-2xx responses are failures too.
      return run.client.errors + run.client.non2xx;
    case 'p50Ms':
      return run.client.latencyMs.p50;
    case 'p90Ms':
      return run.client.latencyMs.p90;
    case 'p99Ms':
      return run.client.latencyMs.p99;
    case 'serviceCpuCores':
      return run.service.cpuCores;
    case 'serviceMemoryBytes':
      return run.service.memoryBytesAvg;
    case 'agentCpuCores':
      return run.agent?.cpuCores;
    case 'agentCpuCoresMax':
      return run.agent?.cpuCoresMax;
    case 'agentMemoryBytesAvg':
      return run.agent?.memoryBytesAvg;
    case 'agentMemoryBytesMax':
      return run.agent?.memoryBytesMax;
  }
}

/** Runs of a result at one rate; throws when there are none. */
export function runsAt(result: BenchResult, rateRps: number): BenchRun[] {
  const runs = result.runs.filter((r) => r.rateRps === rateRps);
  if (runs.length === 0) {
    throw new EbpfModelError(
      'bad_input',
      `"${result.agent.name}" has no run at ${rateRps} req/s (rates: ${result.load.ratesRps.join(', ')})`
    );
  }
  return runs;
}

/** Median and spread of one metric over a result's runs at one rate. */
export function summarizeMetric(result: BenchResult, rateRps: number, metric: RunMetric): RunSummary {
  const values = runsAt(result, rateRps).map((r) => runMetric(r, metric));
  if (values.some((v) => v === undefined)) {
    throw new EbpfModelError('bad_input', `"${result.agent.name}" has no ${metric} figures (is it the baseline?)`);
  }
  return summarize(values as number[]);
}

/** A change against the baseline, with both sides' summaries. */
export interface Delta {
  baseline: RunSummary;
  agent: RunSummary;
  /** agent median − baseline median, in the metric's unit. */
  delta: number;
  /** delta / baseline median × 100; NaN when the baseline median is 0. */
  deltaPercent: number;
  /** false when |delta| is not larger than the baseline's run-to-run spread. */
  significant: boolean;
}

/**
 * Delta of medians, judged against the baseline's spread.
 * @example compareSummaries(summarize([10, 11, 12]), summarize([14, 15, 15])) // delta 4, deltaPercent 36.4, significant
 */
export function compareSummaries(baseline: RunSummary, agent: RunSummary): Delta {
  const delta = agent.median - baseline.median;
  return {
    baseline,
    agent,
    delta,
    deltaPercent: baseline.median === 0 ? NaN : (delta / baseline.median) * 100,
    significant: Math.abs(delta) > baseline.spread,
  };
}

/** Everything the page shows for one measured agent at one rate. */
export interface Overhead {
  agent: string;
  agentKind: BenchResult['agent']['kind'];
  rateRps: number;
  /** Logical CPUs of the host the agent ran on (denominator of "% of node"). */
  hostCpus: number;
  agentCpuCores: RunSummary;
  /** Agent CPU as % of all the host's CPUs. */
  agentCpuPercentOfNode: RunSummary;
  /** Highest one-interval CPU per run (startup and burst spikes). */
  agentCpuCoresMax: RunSummary;
  agentMemoryBytesAvg: RunSummary;
  agentMemoryBytesMax: RunSummary;
  serviceCpuCores: Delta;
  p50Ms: Delta;
  p90Ms: Delta;
  p99Ms: Delta;
  achievedRps: Delta;
  failedRequests: Delta;
  /** Why the comparison may be unfair (different host, target, load settings, too few runs). */
  warnings: string[];
}

/** Differences between the two files that make a comparison questionable. */
export function comparabilityWarnings(baseline: BenchResult, agent: BenchResult, rateRps: number): string[] {
  const w: string[] = [];
  if (baseline.meta.host.hostname !== agent.meta.host.hostname || baseline.meta.host.kernel !== agent.meta.host.kernel) {
    w.push(
      `different hosts: baseline on ${baseline.meta.host.hostname} (${baseline.meta.host.kernel}), ` +
        `${agent.agent.name} on ${agent.meta.host.hostname} (${agent.meta.host.kernel})`
    );
  }
  if (baseline.target.url !== agent.target.url || baseline.target.method !== agent.target.method) {
    w.push(`different targets: ${baseline.target.method} ${baseline.target.url} vs ${agent.target.method} ${agent.target.url}`);
  }
  for (const k of ['generator', 'connections', 'durationSeconds', 'openLoop'] as const) {
    if (baseline.load[k] !== agent.load[k]) {
      w.push(`different load ${k}: ${String(baseline.load[k])} vs ${String(agent.load[k])}`);
    }
  }
  if (baseline.target.watch.sampler !== agent.target.watch.sampler) {
    w.push(`service measured differently: ${baseline.target.watch.sampler} vs ${agent.target.watch.sampler}`);
  }
  const nb = runsAt(baseline, rateRps).length;
  const na = runsAt(agent, rateRps).length;
  if (nb < 3 || na < 3) {
    w.push(`fewer than 3 runs at ${rateRps} req/s (baseline ${nb}, ${agent.agent.name} ${na}): spread is unreliable`);
  }
  return w;
}

/**
 * Overhead of `agent` against `baseline` at `rateRps`.
 * @throws EbpfModelError when `baseline` is not a baseline file, `agent` is one, or a rate is missing.
 */
export function computeOverhead(baseline: BenchResult, agent: BenchResult, rateRps: number): Overhead {
  if (baseline.agent.kind !== 'none') {
    throw new EbpfModelError('bad_input', `the baseline file measures agent "${baseline.agent.name}"; expected agent.kind "none"`);
  }
  if (agent.agent.kind === 'none') {
    throw new EbpfModelError('bad_input', `"${agent.agent.name}" is a baseline file, not an agent configuration`);
  }
  const both = (m: RunMetric) => compareSummaries(summarizeMetric(baseline, rateRps, m), summarizeMetric(agent, rateRps, m));
  const cpu = summarizeMetric(agent, rateRps, 'agentCpuCores');
  const cpus = agent.meta.host.cpus;
  const pct = (v: number) => (v / cpus) * 100;
  return {
    agent: agent.agent.name,
    agentKind: agent.agent.kind,
    rateRps,
    hostCpus: cpus,
    agentCpuCores: cpu,
    agentCpuPercentOfNode: { median: pct(cpu.median), min: pct(cpu.min), max: pct(cpu.max), spread: pct(cpu.spread), n: cpu.n },
    agentCpuCoresMax: summarizeMetric(agent, rateRps, 'agentCpuCoresMax'),
    agentMemoryBytesAvg: summarizeMetric(agent, rateRps, 'agentMemoryBytesAvg'),
    agentMemoryBytesMax: summarizeMetric(agent, rateRps, 'agentMemoryBytesMax'),
    serviceCpuCores: both('serviceCpuCores'),
    p50Ms: both('p50Ms'),
    p90Ms: both('p90Ms'),
    p99Ms: both('p99Ms'),
    achievedRps: both('achievedRps'),
    failedRequests: both('failedRequests'),
    warnings: comparabilityWarnings(baseline, agent, rateRps),
  };
}

/** Rates present in both files, ascending. */
export function commonRates(baseline: BenchResult, agent: BenchResult): number[] {
  const a = new Set(agent.runs.map((r) => r.rateRps));
  return [...new Set(baseline.runs.map((r) => r.rateRps))].filter((r) => a.has(r)).sort((x, y) => x - y);
}
