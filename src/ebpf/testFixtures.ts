/**
 * Builders of small result files for the model's tests. Numbers are chosen so that medians, spreads
 * and deltas can be worked out by hand in the test that uses them.
 */
import { BenchResult, BenchRun, RESULT_SCHEMA_ID } from './resultTypes';

/** Per-run values a test cares about; everything else gets a fixed plausible value. */
export interface RunSpec {
  serviceCpu: number;
  p50: number;
  p99: number;
  rps?: number;
  errors?: number;
  agentCpu?: number;
  agentMemMiB?: number;
}

const MIB = 1024 * 1024;

/** A run with the given figures. */
export function run(rate: number, index: number, s: RunSpec): BenchRun {
  const r: BenchRun = {
    rateRps: rate,
    index,
    startedAt: `2025-01-01T00:0${index}:00.000Z`,
    durationSeconds: 30,
    client: {
      requests: (s.rps ?? rate) * 30,
      achievedRps: s.rps ?? rate,
      errors: s.errors ?? 0,
      timeouts: 0,
      non2xx: 0,
      latencyMs: { p2_5: s.p50 / 2, p50: s.p50, p90: (s.p50 + s.p99) / 2, p99: s.p99, p99_9: s.p99 * 2 },
      latencyMeanMs: s.p50,
      latencyMaxMs: s.p99 * 3,
    },
    service: { cpuCores: s.serviceCpu, cpuCoresMax: s.serviceCpu * 1.5, memoryBytesAvg: 60 * MIB, memoryBytesMax: 64 * MIB, samples: 120 },
  };
  if (s.agentCpu !== undefined) {
    const mem = (s.agentMemMiB ?? 50) * MIB;
    r.agent = { cpuCores: s.agentCpu, cpuCoresMax: s.agentCpu * 2, memoryBytesAvg: mem, memoryBytesMax: mem * 1.25, samples: 120 };
  }
  return r;
}

/** A whole result file for `agent` (kind "none" for the baseline) with the given runs. */
export function result(agent: string, kind: BenchResult['agent']['kind'], runs: BenchRun[]): BenchResult {
  const rates = [...new Set(runs.map((r) => r.rateRps))];
  const out: BenchResult = {
    schema: RESULT_SCHEMA_ID,
    meta: {
      tool: 'bellwether ebpf-bench',
      toolVersion: '0.1.0',
      createdAt: '2025-01-01T00:00:00.000Z',
      host: { hostname: 'bench-1', kernel: '6.8.0', os: 'linux', arch: 'x64', cpus: 4, cpuModel: 'test', memTotalBytes: 8 * 1024 * MIB, nodeVersion: 'v20.0.0' },
    },
    target: { name: 'sample-service', url: 'http://127.0.0.1:8080/work', method: 'GET', watch: { sampler: 'proc', pids: [100] } },
    load: {
      generator: 'autocannon',
      generatorVersion: '8.0.0',
      openLoop: true,
      ratesRps: rates,
      connections: 10,
      warmupSeconds: 10,
      durationSeconds: 30,
      runsPerRate: 3,
      latencyResolutionMs: 1,
    },
    agent: { name: agent, kind },
    runs,
  };
  if (kind !== 'none') {
    out.agent.watch = { sampler: 'proc', pids: [200] };
  }
  return out;
}
