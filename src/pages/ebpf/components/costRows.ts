/** The cost view's rows: one per agent and source that has an overhead figure. Pure, for testing. */
import { AgentComparison, CostParams, FigureSource, NodeOverhead, overheadFromFigures, sourceKey, yearlyCost, YearlyCost } from '../../../ebpf';

/** One line of the cost table. */
export interface CostRow {
  agent: string;
  source: FigureSource;
  overhead: NodeOverhead;
  cost: YearlyCost;
  notes: string[];
  /** Whether the source states CPU and memory: an unstated one reads "not stated", never 0. */
  stated: { cpu: boolean; memory: boolean };
  /**
   * When the source gives CPU as a range or an upper bound, the cost at each end: shown instead of
   * `cost`, whose CPU is one point of the range (its midpoint, or the bound), not a measurement.
   */
  span?: { kind: 'range' | 'atMost'; low: { cpuCores: number; cost: YearlyCost }; high: { cpuCores: number; cost: YearlyCost } };
  /** A published memory limit (GiB), shown but not priced as usage. */
  memoryLimitGiB?: number;
}

/**
 * Yearly cost of every agent per source (sources are never mixed: a published CPU figure is not
 * combined with a measured memory figure). Sources with neither CPU nor memory are left out.
 * @throws EbpfModelError for unusable prices or node counts (shown next to the inputs).
 */
export function costRows(rows: AgentComparison[], params: CostParams, includeServiceCpuDelta: boolean): CostRow[] {
  const out: CostRow[] = [];
  for (const r of rows) {
    const sources = new Map<string, FigureSource>();
    r.figures.forEach((f) => sources.set(sourceKey(f.source), f.source));
    for (const [key, source] of sources) {
      const o = overheadFromFigures(r.figures, key, { coresPerNode: params.coresPerNode, includeServiceCpuDelta });
      const cpuOrMemory = o.used.some((f) => f.metric !== 'serviceCpuDeltaCores');
      if (!cpuOrMemory) {
        continue;
      }
      const at = (cpuCores: number) => ({ cpuCores, cost: yearlyCost({ ...o.overhead, cpuCores }, params) });
      out.push({
        agent: r.agent,
        source,
        overhead: o.overhead,
        cost: yearlyCost(o.overhead, params),
        notes: o.notes,
        stated: o.stated,
        ...(o.cpuRange ? { span: { kind: o.cpuRange.kind, low: at(o.cpuRange.low), high: at(o.cpuRange.high) } } : {}),
        ...(o.memoryLimitGiB !== undefined ? { memoryLimitGiB: o.memoryLimitGiB } : {}),
      });
    }
  }
  return out;
}
