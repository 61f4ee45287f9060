/**
 * Loopback self-test of the harness: the local sample service under load, first alone (baseline),
 * then beside a synthetic agent that burns a known fraction of a core. The harness must measure that
 * fraction back. Used by the test suite and by `bellwether ebpf-bench selftest` to check a host.
 */
import { BenchResult, computeOverhead, Overhead } from '../../src/ebpf';
import { runBench } from './harness';
import { startFakeAgent, startSampleService } from './localProcesses';

/** Self-test settings. */
export interface SelfTestOptions {
  agentCores: number;
  rateRps: number;
  runs: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections?: number;
  pauseSeconds?: number;
  /** The synthetic agent appends its own CPU accounting here (see fake-agent.js). */
  agentLogFile?: string;
  log?: (line: string) => void;
}

/** Both result files and the overhead computed from them. */
export interface SelfTestResult {
  baseline: BenchResult;
  agent: BenchResult;
  overhead: Overhead;
}

/** Runs the self-test; always stops the processes it started. */
export async function runSelfTest(o: SelfTestOptions): Promise<SelfTestResult> {
  const service = await startSampleService();
  try {
    const common = {
      target: { name: 'sample-service (loopback)', url: service.url, watch: { sampler: 'proc' as const, pids: [service.pid] } },
      ratesRps: [o.rateRps],
      runs: o.runs,
      durationSeconds: o.durationSeconds,
      warmupSeconds: o.warmupSeconds,
      connections: o.connections ?? 4,
      pauseSeconds: o.pauseSeconds ?? 0.5,
      log: o.log,
      notes: `loopback self-test: synthetic agent burning ${o.agentCores} core (ebpf-stack/bench/fake-agent.js)`,
    };
    const baseline = await runBench({ ...common, agent: { name: 'baseline', kind: 'none' } });
    const fake = await startFakeAgent(o.agentCores, o.agentLogFile);
    try {
      const agent = await runBench({
        ...common,
        warmupSeconds: 0,
        agent: { name: 'synthetic agent', kind: 'ebpf', config: `busy loop, ${o.agentCores} core`, watch: { sampler: 'proc', pids: [fake.pid] } },
      });
      return { baseline, agent, overhead: computeOverhead(baseline, agent, o.rateRps) };
    } finally {
      await fake.stop();
    }
  } finally {
    await service.stop();
  }
}
