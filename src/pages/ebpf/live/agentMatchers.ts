/**
 * Which containers are which agent on the user's cluster: one editable matcher text per agent, plus
 * the service the agents sit beside. Defaults come from the model's per-platform matchers.
 */
import { AgentKind, DEFAULT_MATCHERS, IN_PROCESS_AGENT_NOTE, Platform } from '../../../ebpf';

/** One agent to query live. */
export interface LiveAgentConfig {
  agent: string;
  kind: AgentKind;
  /** Matchers as typed, e.g. `container="beyla"`; empty means "skip this agent". */
  matchers: string;
  /** Shown beside the agent's matchers: why it has no default (an in-process agent). */
  note?: string;
}

/** The live section's settings. */
export interface LiveSettings {
  platform: Platform;
  agents: LiveAgentConfig[];
  /** Matchers of the service's containers (for its CPU). */
  service: string;
  /** Label naming a node in cAdvisor series. */
  nodeLabel: string;
  /** Period for memory average and max, a Prometheus duration. */
  range: string;
}

/** Agents of the default tables that run in-process (classic APM); all others are eBPF. */
const APM_AGENTS = new Set(['opentelemetry node.js agent']);

/**
 * Default settings of a platform: every agent the model lists; an in-process agent with no matchers
 * (nothing queried until the user types some) and a note saying why.
 * @example defaultLiveSettings('docker').agents[0] // { agent: 'Beyla', kind: 'ebpf', matchers: 'name="bw-beyla"' }
 */
export function defaultLiveSettings(platform: Platform): LiveSettings {
  const table = DEFAULT_MATCHERS[platform];
  const agents = Object.entries(table)
    .filter(([name]) => name !== 'service')
    .map(([agent, matchers]): LiveAgentConfig => {
      const apm = APM_AGENTS.has(agent.toLowerCase());
      return { agent, kind: apm ? 'apm' : 'ebpf', matchers, ...(apm ? { note: IN_PROCESS_AGENT_NOTE } : {}) };
    });
  return {
    platform,
    agents,
    service: table.service,
    // kubelet's cAdvisor and a standalone cAdvisor both label series and machine_cpu_cores by `instance`.
    nodeLabel: 'instance',
    range: '1h',
  };
}
