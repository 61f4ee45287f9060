/**
 * CPU and memory of containers from cAdvisor's Prometheus endpoint (`GET <cadvisor>/metrics`):
 * `container_cpu_usage_seconds_total` (summed over its `cpu` label when per-CPU stats are on) and
 * `container_memory_working_set_bytes`, selecting containers by their `name` label (the Docker
 * container name, as cAdvisor labels it).
 */
import { parseValue } from '../../src/common/promValue';
import { ResourceReading } from './procfs';

/** One sample of the text exposition format. */
export interface ExpositionSample {
  metric: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

/**
 * Parses Prometheus text exposition format (comments skipped) for the named metrics only.
 * @example parseExposition('m{name="a"} 1.5\n', ['m']) // [{ metric: 'm', labels: { name: 'a' }, value: 1.5 }]
 */
export function parseExposition(text: string, metrics: string[]): ExpositionSample[] {
  const out: ExpositionSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const m = LINE.exec(line);
    if (!m || !metrics.includes(m[1])) {
      continue;
    }
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    LABEL.lastIndex = 0;
    let pos = 0;
    while (pos < body.length) {
      LABEL.lastIndex = pos;
      const l = LABEL.exec(body);
      if (!l) {
        throw new Error(`cannot parse labels of: ${line.slice(0, 120)}`);
      }
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      pos = LABEL.lastIndex;
    }
    let value: number;
    try {
      value = parseValue(m[3]); // "+Inf", "-Inf", "NaN" as Prometheus writes them; Number("+Inf") is NaN
    } catch (err) {
      throw new Error(`${(err as Error).message} in: ${line.slice(0, 120)}`);
    }
    out.push({ metric: m[1], labels, value });
  }
  return out;
}

/**
 * CPU seconds and working set of the containers named `names`, from one cAdvisor scrape.
 * @throws when a named container has no series (wrong name, or cAdvisor does not see it).
 */
export function containerReading(text: string, names: string[]): ResourceReading {
  const samples = parseExposition(text, ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes']);
  const cpu: Record<string, number> = {};
  let mem = 0;
  for (const name of names) {
    cpu[name] = 0;
    const mine = samples.filter((s) => s.labels.name === name);
    if (!mine.some((s) => s.metric === 'container_cpu_usage_seconds_total')) {
      const known = [...new Set(samples.map((s) => s.labels.name).filter(Boolean))].slice(0, 10);
      throw new Error(`cAdvisor has no series for container name="${name}" (some names it has: ${known.join(', ') || 'none'})`);
    }
    for (const s of mine) {
      if (s.metric === 'container_cpu_usage_seconds_total') {
        cpu[name] += s.value;
      } else {
        mem += s.value;
      }
    }
  }
  return { cpuSeconds: cpu, memoryBytes: mem };
}

/** Scrapes cAdvisor and reads the named containers. */
export async function readContainers(cadvisorUrl: string, names: string[]): Promise<ResourceReading> {
  const res = await fetch(new URL('/metrics', cadvisorUrl));
  if (!res.ok) {
    throw new Error(`cAdvisor ${cadvisorUrl}/metrics answered ${res.status}`);
  }
  return containerReading(await res.text(), names);
}
