/**
 * The harness result file (`bellwether ebpf-bench run` output), schema version 1.
 * One file holds one configuration (one agent, or the baseline without agent) measured against one
 * target at one or more fixed request rates, with at least one measured run per rate.
 * The JSON schema of the same shape is `resultSchema.json`; `parseResult` checks both agree.
 */

/** Value of `schema` in every version-1 result file. */
export const RESULT_SCHEMA_ID = 'bellwether.ebpf-bench/v1';

/** Kind of configuration: no agent (the baseline), an eBPF agent, or a classic in-process APM agent. */
export type AgentKind = 'none' | 'ebpf' | 'apm';

/** How CPU and memory were read: `/proc/<pid>/stat|status`, or cAdvisor's container metrics. */
export type SamplerKind = 'proc' | 'cadvisor';

/** The machine the harness ran on. */
export interface HostInfo {
  hostname: string;
  /** `uname -r`, e.g. "6.8.0-45-generic". */
  kernel: string;
  /** `os.platform()`, e.g. "linux". */
  os: string;
  arch: string;
  /** Logical CPUs visible to the harness; agent CPU "% of node" divides by this. */
  cpus: number;
  cpuModel: string;
  memTotalBytes: number;
  nodeVersion: string;
}

/** Who wrote the file and when. */
export interface ResultMeta {
  tool: string;
  toolVersion: string;
  /** ISO-8601 time the first run started. */
  createdAt: string;
  host: HostInfo;
  /** Free text, e.g. "loopback self-test with a synthetic agent". */
  notes?: string;
}

/** What a resource sampler watched: process ids (with descendants) or cAdvisor container names. */
export interface WatchedProcess {
  sampler: SamplerKind;
  /** Root process ids (`proc` sampler); descendants are included. */
  pids?: number[];
  /** cAdvisor container names (`cadvisor` sampler), matched on the `name` label. */
  containers?: string[];
}

/** The service under load. */
export interface ResultTarget {
  name: string;
  url: string;
  method: string;
  watch: WatchedProcess;
}

/** The load generator's settings, identical for all runs in the file. */
export interface ResultLoad {
  /** e.g. "autocannon". */
  generator: string;
  generatorVersion: string;
  /** true when requests are issued at a fixed rate regardless of responses (autocannon `-R`). */
  openLoop: boolean;
  ratesRps: number[];
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  runsPerRate: number;
  /** Smallest latency step the generator records (autocannon: 1 ms). */
  latencyResolutionMs: number;
}

/** The agent configuration measured; `kind: 'none'` is the baseline. */
export interface ResultAgent {
  name: string;
  kind: AgentKind;
  version?: string;
  /** e.g. "default policy + kprobe tcp_connect". */
  config?: string;
  /** Absent for the baseline. */
  watch?: WatchedProcess;
}

/** Client-side view of one run. */
export interface ClientStats {
  /** Completed responses (any status). */
  requests: number;
  /** Completed responses per second over the measured window. */
  achievedRps: number;
  /** Failed requests: connection errors plus timeouts (as autocannon counts them). */
  errors: number;
  /** Timeouts alone (already included in `errors`). */
  timeouts: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Latency in ms: p50, p90, p99 and more; keys "p50", "p99", "p99_9" (autocannon's naming). */
  latencyMs: LatencyPercentiles;
  latencyMeanMs: number;
  latencyMaxMs: number;
}

/** Latency percentiles in ms. p50, p90 and p99 are always present. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
  [key: string]: number;
}

/** CPU and resident memory of a watched group of processes over one run. */
export interface ResourceStats {
  /** Average CPU over the window, in cores (1 = one core fully busy). */
  cpuCores: number;
  /** Highest CPU over one sampling interval, in cores. */
  cpuCoresMax: number;
  /** Resident set (proc) or working set (cAdvisor), in bytes. */
  memoryBytesAvg: number;
  memoryBytesMax: number;
  /** Number of samples behind the averages. */
  samples: number;
}

/** One measured run at one rate. */
export interface BenchRun {
  rateRps: number;
  /** 1-based index among the runs at this rate. */
  index: number;
  startedAt: string;
  durationSeconds: number;
  client: ClientStats;
  service: ResourceStats;
  /** Absent for the baseline. */
  agent?: ResourceStats;
}

/** A whole result file. */
export interface BenchResult {
  schema: typeof RESULT_SCHEMA_ID;
  meta: ResultMeta;
  target: ResultTarget;
  load: ResultLoad;
  agent: ResultAgent;
  runs: BenchRun[];
}
