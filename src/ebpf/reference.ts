/**
 * Turns the reference file (published overhead figures, `data/reference.json`) into labelled figures.
 * Every figure keeps its publication as a `reference` source with the citation text and its basis
 * (published with a methodology, vendor claim, or report claim without one). Unknown fields
 * are rejected rather than dropped, so a new published figure is never silently lost.
 */
import { EbpfModelError } from './errors';
import { AgentComparison, AgentScores, Figure, FigureMetric, ReferenceBasis, ReferenceSource, ScoreCriterion } from './figures';
import { AgentKind } from './resultTypes';

/** Shape of `data/reference.json` (schemaVersion 1). */
export interface ReferenceData {
  schemaVersion: 1;
  description: string;
  /** Where this copy came from. */
  copiedFrom?: string;
  sources: Record<string, string>;
  /** What each source discloses about its method; every key of `sources` has one. */
  sourceBasis: Record<string, ReferenceBasis>;
  agents: ReferenceAgentEntry[];
  scoreTable: { source: string; note: string; criteria: ScoreCriterion[] };
  caseStudies?: unknown[];
}

/** One published entry: an agent, its source, and whichever figures that source gives. */
export interface ReferenceAgentEntry {
  name: string;
  kind: AgentKind;
  source: string;
  load_rps?: number;
  agent_cpu_percent?: number;
  agent_cpu_percent_range?: [number, number];
  agent_cpu_percent_max?: number;
  agent_memory_mib?: number;
  /** A published memory limit (e.g. a default container limit), not a measurement of use. */
  agent_memory_limit_mib?: number;
  p99_latency_delta_percent?: number;
  p99_latency_delta_ms?: number;
  mean_latency_delta_percent?: number;
  p95_latency_delta_percent?: number;
  scores?: Record<ScoreCriterion, number>;
  note?: string;
}

/** Plain numeric fields of an entry and the metric each becomes. */
const NUMERIC_FIELDS: Record<string, FigureMetric> = {
  agent_cpu_percent: 'agentCpuPercentOfNode',
  agent_memory_mib: 'agentMemoryMiB',
  agent_memory_limit_mib: 'agentMemoryLimitMiB',
  p99_latency_delta_percent: 'p99DeltaPercent',
  p99_latency_delta_ms: 'p99DeltaMs',
  mean_latency_delta_percent: 'meanLatencyDeltaPercent',
  p95_latency_delta_percent: 'p95DeltaPercent',
};
const OTHER_FIELDS = ['name', 'kind', 'source', 'load_rps', 'agent_cpu_percent_range', 'agent_cpu_percent_max', 'scores', 'note'];
const CRITERIA: ScoreCriterion[] = ['cpu_efficiency', 'memory_efficiency', 'features', 'ease_of_use'];
const BASES: ReferenceBasis[] = ['published', 'vendor-claim', 'report-claim'];

function bad(path: string, message: string): never {
  throw new EbpfModelError('bad_reference', message, path);
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    bad(path, `expected a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Checks a reference document and returns it typed.
 * @throws EbpfModelError (`bad_reference`) for an unknown source id, unknown field or non-numeric figure.
 */
export function parseReference(value: unknown): ReferenceData {
  const d = value as ReferenceData;
  if (typeof d !== 'object' || d === null || d.schemaVersion !== 1) {
    bad('$.schemaVersion', 'expected a reference document with schemaVersion 1');
  }
  if (typeof d.sources !== 'object' || d.sources === null || !Array.isArray(d.agents)) {
    bad('$', 'expected "sources" (object) and "agents" (array)');
  }
  // A source without a basis would get a badge that claims more (or less) than it discloses.
  for (const id of Object.keys(d.sources)) {
    const basis = (d.sourceBasis ?? {})[id];
    if (!BASES.includes(basis)) {
      bad(`$.sourceBasis.${id}`, `expected one of ${BASES.map((b) => `"${b}"`).join(', ')}, got ${JSON.stringify(basis)}`);
    }
  }
  d.agents.forEach((a, i) => {
    const p = `$.agents[${i}]`;
    for (const k of Object.keys(a)) {
      if (!(k in NUMERIC_FIELDS) && !OTHER_FIELDS.includes(k)) {
        bad(`${p}.${k}`, 'unknown field; add it to reference.ts so the figure is shown, not dropped');
      }
    }
    if (typeof a.name !== 'string' || a.name === '') {
      bad(`${p}.name`, 'expected a name');
    }
    if (a.kind !== 'ebpf' && a.kind !== 'apm') {
      bad(`${p}.kind`, `expected "ebpf" or "apm", got ${JSON.stringify(a.kind)}`);
    }
    if (!(a.source in d.sources)) {
      bad(`${p}.source`, `"${a.source}" is not a key of "sources"`);
    }
    for (const k of Object.keys(NUMERIC_FIELDS)) {
      if (k in a) {
        finite((a as unknown as Record<string, unknown>)[k], `${p}.${k}`);
      }
    }
    if (a.agent_cpu_percent_range !== undefined) {
      const r = a.agent_cpu_percent_range;
      if (!Array.isArray(r) || r.length !== 2 || finite(r[0], `${p}.agent_cpu_percent_range[0]`) > finite(r[1], `${p}.agent_cpu_percent_range[1]`)) {
        bad(`${p}.agent_cpu_percent_range`, 'expected [low, high]');
      }
    }
    if (a.scores !== undefined) {
      for (const c of CRITERIA) {
        const s = finite(a.scores[c], `${p}.scores.${c}`);
        if (s < 0 || s > 100) {
          bad(`${p}.scores.${c}`, `expected 0..100, got ${s}`);
        }
      }
    }
  });
  return d;
}

/** The labelled source `id` of the reference file. */
function referenceSource(data: ReferenceData, id: string): ReferenceSource {
  return { kind: 'reference', id, citation: data.sources[id], basis: data.sourceBasis[id] };
}

/** Figures of one reference entry, each labelled with its publication. */
export function referenceFigures(data: ReferenceData, entry: ReferenceAgentEntry): Figure[] {
  const source = referenceSource(data, entry.source);
  if (entry.load_rps !== undefined) {
    source.loadRps = entry.load_rps;
  }
  const extra = entry.note ? { note: entry.note } : {};
  const out: Figure[] = [];
  const raw = entry as unknown as Record<string, number>;
  for (const [field, metric] of Object.entries(NUMERIC_FIELDS)) {
    if (raw[field] !== undefined) {
      out.push({ metric, value: raw[field], source, ...extra });
    }
  }
  if (entry.agent_cpu_percent_range) {
    const [lo, hi] = entry.agent_cpu_percent_range;
    out.push({ metric: 'agentCpuPercentOfNode', value: (lo + hi) / 2, range: [lo, hi], source, ...extra });
  }
  if (entry.agent_cpu_percent_max !== undefined) {
    out.push({ metric: 'agentCpuPercentOfNode', value: entry.agent_cpu_percent_max, bound: 'atMost', source, ...extra });
  }
  return out;
}

/** All reference entries grouped per agent (case-insensitive name), with scores where published. */
export function referenceComparisons(data: ReferenceData): AgentComparison[] {
  const byName = new Map<string, AgentComparison>();
  for (const entry of data.agents) {
    const key = entry.name.toLowerCase();
    let row = byName.get(key);
    if (!row) {
      row = { agent: entry.name, kind: entry.kind, figures: [] };
      byName.set(key, row);
    }
    row.figures.push(...referenceFigures(data, entry));
    if (entry.scores) {
      const scores: AgentScores = {
        values: { ...entry.scores },
        source: referenceSource(data, entry.source),
      };
      row.scores = scores;
    }
  }
  return [...byName.values()];
}
