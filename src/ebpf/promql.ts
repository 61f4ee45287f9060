/**
 * PromQL for the `live` source: per-agent CPU and memory from cAdvisor container metrics
 * (`container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`, `machine_cpu_cores`),
 * each agent selected by label matchers the user configures (the labels differ between kubelet's
 * cAdvisor on Kubernetes and a standalone cAdvisor container on Docker).
 */
import { EbpfModelError } from './errors';

/** One label matcher, as in `container="beyla"`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/** Quotes a label value for PromQL (backslash, double quote and newline escaped). */
export function quoteLabelValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function checkMatcher(m: LabelMatcher): void {
  if (!LABEL_NAME.test(m.label)) {
    throw new EbpfModelError('bad_matcher', `"${m.label}" is not a valid label name`);
  }
  if (!['=', '!=', '=~', '!~'].includes(m.op)) {
    throw new EbpfModelError('bad_matcher', `"${m.op}" is not a matcher operator (=, !=, =~, !~)`);
  }
}

/**
 * Parses matchers as a user types them: `container="beyla", namespace=~"obs.*"` (braces optional).
 * @throws EbpfModelError (`bad_matcher`) naming the character position of the problem.
 * @example parseMatchers('{container="beyla"}') // [{ label: 'container', op: '=', value: 'beyla' }]
 */
export function parseMatchers(text: string): LabelMatcher[] {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) {
    s = s.slice(1, -1);
  }
  const out: LabelMatcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) {
      throw new EbpfModelError('bad_matcher', `expected label="value" at position ${pos} of ${JSON.stringify(s)}`);
    }
    const value = m[3].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ label: m[1], op: m[2] as LabelMatcher['op'], value });
    pos = re.lastIndex;
  }
  if (out.length === 0) {
    throw new EbpfModelError('bad_matcher', 'at least one label matcher is needed to select an agent');
  }
  return out;
}

/**
 * A series selector.
 * @example selector('container_memory_working_set_bytes', [{ label: 'container', op: '=', value: 'beyla' }])
 *   // 'container_memory_working_set_bytes{container="beyla"}'
 */
export function selector(metric: string, matchers: LabelMatcher[]): string {
  if (matchers.length === 0) {
    throw new EbpfModelError('bad_matcher', 'at least one label matcher is needed to select an agent');
  }
  matchers.forEach(checkMatcher);
  return `${metric}{${matchers.map((m) => `${m.label}${m.op}${quoteLabelValue(m.value)}`).join(',')}}`;
}

/** Options of the live queries. */
export interface LiveQueryOptions {
  /** Label that identifies a node in cAdvisor series (kubelet: `node` or `instance`). Default `instance`. */
  nodeLabel?: string;
  /** Window of `rate()`. Default `5m`. */
  rateWindow?: string;
  /** Period averaged over for memory average and max. Default `1h`. */
  range?: string;
  /** Subquery resolution for memory. Default `1m`. */
  step?: string;
}

/** The live queries for one agent (and the service it sits beside), all instant queries. */
export interface LiveQueries {
  /** Agent CPU in cores, per node, averaged over nodes. */
  agentCpuCores: string;
  /** Agent CPU as % of the node's cores, averaged over nodes. */
  agentCpuPercentOfNode: string;
  /** Agent working set in bytes per node: average over `range`, averaged over nodes. */
  agentMemoryBytesAvg: string;
  /** Agent working set in bytes per node: highest over `range` and over nodes. */
  agentMemoryBytesMax: string;
  /** Service CPU in cores (summed over its containers); no baseline exists live, so no delta. */
  serviceCpuCores: string;
}

function duration(v: string, what: string): string {
  if (!DURATION.test(v)) {
    throw new EbpfModelError('bad_input', `${what} "${v}" is not a Prometheus duration (e.g. 5m, 1h)`);
  }
  return v;
}

/**
 * Builds the live queries.
 * @param agent matchers selecting the agent's containers
 * @param service matchers selecting the service's containers
 */
export function liveQueries(agent: LabelMatcher[], service: LabelMatcher[], opts: LiveQueryOptions = {}): LiveQueries {
  const node = opts.nodeLabel ?? 'instance';
  if (!LABEL_NAME.test(node)) {
    throw new EbpfModelError('bad_matcher', `"${node}" is not a valid label name`);
  }
  const w = duration(opts.rateWindow ?? '5m', 'rate window');
  const range = duration(opts.range ?? '1h', 'range');
  const step = duration(opts.step ?? '1m', 'step');
  const cpu = (m: LabelMatcher[]) => `sum by (${node}) (rate(${selector('container_cpu_usage_seconds_total', m)}[${w}]))`;
  const mem = `sum by (${node}) (${selector('container_memory_working_set_bytes', agent)})`;
  return {
    agentCpuCores: `avg(${cpu(agent)})`,
    agentCpuPercentOfNode: `100 * avg(${cpu(agent)} / on (${node}) sum by (${node}) (machine_cpu_cores))`,
    agentMemoryBytesAvg: `avg(avg_over_time(${mem}[${range}:${step}]))`,
    agentMemoryBytesMax: `max(max_over_time(${mem}[${range}:${step}]))`,
    serviceCpuCores: `sum(rate(${selector('container_cpu_usage_seconds_total', service)}[${w}]))`,
  };
}

/** Where the agents' containers are, for default matchers. */
export type Platform = 'kubernetes' | 'docker';

/**
 * Default matchers per agent. Kubernetes: kubelet's cAdvisor labels (`namespace`, `container`) as the
 * upstream Helm charts name them. Docker: a standalone cAdvisor labels containers by `name`, as set in
 * ebpf-stack/compose.yaml. Users override these on the page. An empty matcher means no default: the
 * in-process OpenTelemetry Node.js agent has no container of its own (see {@link IN_PROCESS_AGENT_NOTE});
 * the `otel-collector` container it exports to is another program, whose cost is not the agent's.
 */
export const DEFAULT_MATCHERS: Record<Platform, Record<string, string>> = {
  kubernetes: {
    Beyla: 'container="beyla"',
    Tetragon: 'container="tetragon"',
    Parca: 'container="parca-agent"',
    Pixie: 'namespace="pl", container="pem"',
    'OpenTelemetry Node.js agent': '',
    service: 'container="sample-service"',
  },
  docker: {
    Beyla: 'name="bw-beyla"',
    Tetragon: 'name="bw-tetragon"',
    Parca: 'name="bw-parca-agent"',
    'OpenTelemetry Node.js agent': '',
    service: 'name=~"bw-sample-service.*"',
  },
};

/**
 * Why an in-process (APM) agent has no default live matcher, as the page says it: cAdvisor measures
 * containers, and this agent shares the service's process and container.
 */
export const IN_PROCESS_AGENT_NOTE =
  "runs inside the service's own process and container, so no cAdvisor matcher isolates it (the " +
  'otel-collector container is a separate program, not the agent): no default, nothing queried. Its ' +
  "cost shows as the service's extra CPU with it (measured source, service CPU delta); a matcher typed " +
  'here is queried as given and its figures labelled with this agent.';
