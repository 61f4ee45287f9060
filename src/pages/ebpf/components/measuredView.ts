/**
 * The `measured` part of the page from the result files the user imported: which file is the
 * baseline, which request rates all files share, and the comparison rows at the chosen rate.
 */
import { AgentComparison, commonRates, LatencyPoint, latencyDistribution, LoadedResult, measuredComparisons } from '../../../ebpf';

/** A configuration's latency distribution at the chosen rate, for the distribution chart. */
export interface Distribution {
  name: string;
  file: string;
  baseline: boolean;
  points: LatencyPoint[];
}

/** Everything the page shows from imported files. */
export interface MeasuredView {
  baseline?: LoadedResult;
  agents: LoadedResult[];
  /** Rates every agent file shares with the baseline, ascending. */
  rates: number[];
  rate?: number;
  rows: AgentComparison[];
  /** Why a comparison may be unfair, prefixed with the agent. */
  warnings: string[];
  /** Files that could not be compared, with the reason. */
  errors: string[];
  distributions: Distribution[];
}

/**
 * Adds a loaded file: a file of the same name replaces the old one, and a new baseline replaces the
 * previous baseline (comparisons have exactly one).
 */
export function addResult(list: LoadedResult[], item: LoadedResult): LoadedResult[] {
  const isBase = item.result.agent.kind === 'none';
  return [...list.filter((l) => l.name !== item.name && !(isBase && l.result.agent.kind === 'none')), item];
}

/**
 * Builds the measured view at `rate` (default: the highest rate all files share).
 * Never throws: problems become `errors` so the other sources stay on screen.
 */
export function measuredView(loaded: LoadedResult[], rate?: number): MeasuredView {
  const baseline = loaded.find((l) => l.result.agent.kind === 'none');
  const agents = loaded.filter((l) => l.result.agent.kind !== 'none');
  const view: MeasuredView = { baseline, agents, rates: [], rows: [], warnings: [], errors: [], distributions: [] };
  if (!baseline) {
    if (agents.length > 0) {
      view.errors.push('Import a baseline file (agent.kind "none", the service without agent) to compute overheads.');
    }
    return view;
  }
  let rates = [...new Set(baseline.result.runs.map((r) => r.rateRps))].sort((a, b) => a - b);
  for (const a of agents) {
    const shared = commonRates(baseline.result, a.result);
    if (shared.length === 0) {
      view.errors.push(`${a.name} shares no request rate with the baseline ${baseline.name}.`);
      continue;
    }
    rates = rates.filter((r) => shared.includes(r));
  }
  view.rates = rates;
  view.rate = rate !== undefined && rates.includes(rate) ? rate : rates[rates.length - 1];
  if (view.rate === undefined) {
    view.errors.push('The imported files share no request rate: run them at a common rate.');
    return view;
  }
  const at = view.rate;
  view.distributions.push({ name: `${baseline.result.agent.name} (baseline)`, file: baseline.name, baseline: true, points: latencyDistribution(baseline.result, at) });
  for (const a of agents) {
    if (!a.result.runs.some((r) => r.rateRps === at)) {
      continue;
    }
    try {
      const { rows, overheads } = measuredComparisons(baseline, [a], at);
      view.rows.push(...rows);
      view.warnings.push(...overheads[0].warnings.map((w) => `${a.result.agent.name}: ${w}`));
      view.distributions.push({ name: a.result.agent.name, file: a.name, baseline: false, points: latencyDistribution(a.result, at) });
    } catch (e) {
      view.errors.push(`${a.name}: ${(e as Error).message}`);
    }
  }
  return view;
}
