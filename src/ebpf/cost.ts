/**
 * Cost view: what an agent's overhead costs per year across a fleet,
 * nodes × (cores per node × price per core-hour + GiB per node × price per GiB-hour) × hours per year.
 * Memory uses GiB (2³⁰ bytes), which is what cloud price lists call "GB" for instance memory.
 */
import { EbpfModelError } from './errors';
import { Figure, sourceKey } from './figures';

/** Hours in a 365-day year. */
export const HOURS_PER_YEAR = 8760;

/** Fleet and prices. */
export interface CostParams {
  nodes: number;
  /** Price of one core for one hour, in the user's currency. */
  pricePerCoreHour: number;
  /** Price of one GiB of memory for one hour. */
  pricePerGiBHour: number;
  /** Cores per node: turns "% of node" figures into cores. Needed only for those. */
  coresPerNode?: number;
  /** Default 8760. */
  hoursPerYear?: number;
}

/** Overhead on one node. */
export interface NodeOverhead {
  cpuCores: number;
  memoryGiB: number;
}

/** Yearly cost, split. */
export interface YearlyCost {
  cpu: number;
  memory: number;
  total: number;
}

function check(name: string, v: number | undefined, allowZero = true): number {
  if (v === undefined || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new EbpfModelError('bad_input', `${name} must be a finite number ${allowZero ? '≥ 0' : '> 0'}, got ${v}`);
  }
  return v;
}

/**
 * Yearly cost of a per-node overhead.
 * @example yearlyCost({ cpuCores: 0.5, memoryGiB: 0.25 }, { nodes: 100, pricePerCoreHour: 0.04, pricePerGiBHour: 0.005 })
 *   // { cpu: 17520, memory: 1095, total: 18615 }
 */
export function yearlyCost(o: NodeOverhead, p: CostParams): YearlyCost {
  const hours = check('hoursPerYear', p.hoursPerYear ?? HOURS_PER_YEAR, false);
  const nodes = check('nodes', p.nodes);
  const cpu = check('cpu overhead', o.cpuCores) * nodes * check('pricePerCoreHour', p.pricePerCoreHour) * hours;
  const memory = check('memory overhead', o.memoryGiB) * nodes * check('pricePerGiBHour', p.pricePerGiBHour) * hours;
  return { cpu, memory, total: cpu + memory };
}

/** A per-node overhead built from one source's figures, with the figures used. */
export interface OverheadFromFigures {
  overhead: NodeOverhead;
  used: Figure[];
  /** What was missing or assumed. */
  notes: string[];
  /** Whether the source states each figure: an unstated one counts 0 in `overhead`, but is not 0. */
  stated: { cpu: boolean; memory: boolean };
  /**
   * Agent CPU in cores when the source gives a range ("2–5 % of a node") or only an upper bound
   * ("less than 1 %", as [0, bound]): `overhead.cpuCores` is then one point of it, not a measurement.
   */
  cpuRange?: { low: number; high: number; kind: 'range' | 'atMost' };
  /** A memory limit the source publishes instead of usage, in GiB: shown, never priced as usage. */
  memoryLimitGiB?: number;
}

/**
 * Per-node overhead from the figures of one source: agent CPU (cores, else % of node × coresPerNode),
 * plus the service CPU delta when asked and measured, and agent memory (average, else as published).
 * @param source only figures with this `sourceKey` are used, e.g. "reference:seed-report" or "live".
 */
export function overheadFromFigures(
  figures: Figure[],
  source: string,
  opts: { coresPerNode?: number; includeServiceCpuDelta?: boolean } = {}
): OverheadFromFigures {
  const mine = figures.filter((f) => sourceKey(f.source) === source);
  const pick = (m: Figure['metric']) => mine.find((f) => f.metric === m);
  const used: Figure[] = [];
  const notes: string[] = [];
  let cpu = 0;
  let cpuRange: OverheadFromFigures['cpuRange'];
  const cores = pick('agentCpuCores');
  const pct = pick('agentCpuPercentOfNode');
  if (cores) {
    cpu = cores.value;
    used.push(cores);
  } else if (pct) {
    const n = check('coresPerNode', opts.coresPerNode, false);
    cpu = (pct.value / 100) * n;
    if (pct.range) {
      cpuRange = { low: (pct.range[0] / 100) * n, high: (pct.range[1] / 100) * n, kind: 'range' };
    } else if (pct.bound === 'atMost') {
      cpuRange = { low: 0, high: cpu, kind: 'atMost' };
    }
    used.push(pct);
    notes.push(`agent CPU from ${pct.value}% of a ${n}-core node${pct.range ? ' (midpoint of the published range)' : ''}${pct.bound ? ' (published upper bound)' : ''}`);
  } else {
    notes.push('no agent CPU figure in this source: CPU cost is 0');
  }
  let serviceDelta = 0;
  if (opts.includeServiceCpuDelta) {
    const d = pick('serviceCpuDeltaCores');
    if (d) {
      serviceDelta = Math.max(0, d.value);
      cpu += serviceDelta;
      used.push(d);
    } else {
      notes.push('no service CPU delta in this source');
    }
  }
  const mem = pick('agentMemoryMiBAvg') ?? pick('agentMemoryMiB');
  if (mem) {
    used.push(mem);
    if (mem.metric === 'agentMemoryMiB') {
      notes.push('memory as published (average or peak not stated)');
    }
  }
  const limit = mem ? undefined : pick('agentMemoryLimitMiB');
  if (limit) {
    notes.push(`only a memory limit is published (${limit.value} MiB), not what the agent uses: memory is not priced`);
  } else if (!mem) {
    notes.push('no agent memory figure in this source: memory cost is 0');
  }
  return {
    overhead: { cpuCores: cpu, memoryGiB: mem ? mem.value / 1024 : 0 },
    used,
    notes,
    stated: { cpu: Boolean(cores ?? pct), memory: Boolean(mem) },
    // A service CPU delta adds to both ends of the agent's range.
    ...(cpuRange ? { cpuRange: { ...cpuRange, low: cpuRange.low + serviceDelta, high: cpuRange.high + serviceDelta } } : {}),
    ...(limit ? { memoryLimitGiB: limit.value / 1024 } : {}),
  };
}
