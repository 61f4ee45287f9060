/**
 * The harness's measurement loop, for real on loopback: the sample service under open-loop load,
 * then beside a synthetic agent that burns 0.25 core (regulated on its own CPU time). The harness
 * must measure 0.25 core back. Tolerance ±0.06 core: /proc counts CPU in 10 ms ticks (±0.01 core
 * over a 1 s run) and the 2-core test machine is shared, which can delay the synthetic agent's periods.
 */
import { parseResult } from '../../src/pages/ebpf/model';
import { runSelfTest, SelfTestResult } from './selftest';

const NOMINAL = 0.25;
const TOLERANCE = 0.06;
const RATE = 100;

describe('harness on loopback (sample service + synthetic agent)', () => {
  let r: SelfTestResult;
  const lines: string[] = [];

  beforeAll(async () => {
    if (process.platform !== 'linux') {
      throw new Error('the loopback harness test reads /proc and needs Linux');
    }
    r = await runSelfTest({ agentCores: NOMINAL, rateRps: RATE, runs: 3, durationSeconds: 1, warmupSeconds: 1, pauseSeconds: 0.3, log: (l) => lines.push(l) });
    // Printed so the figures of every test run are visible in the log.
    process.stdout.write(lines.join('\n') + '\n');
  }, 90_000);

  it('measures the synthetic agent\'s CPU back within tolerance, in every run', () => {
    expect(r.overhead.agentCpuCores.median).toBeGreaterThan(NOMINAL - TOLERANCE);
    expect(r.overhead.agentCpuCores.median).toBeLessThan(NOMINAL + TOLERANCE);
    for (const run of r.agent.runs) {
      expect(Math.abs(run.agent!.cpuCores - NOMINAL)).toBeLessThan(TOLERANCE + 0.04);
    }
  });

  it('attributes the agent\'s CPU to the agent, not to the service', () => {
    // The service does the same work in both configurations: its CPU must not grow by the agent's 0.25.
    expect(r.overhead.serviceCpuCores.delta).toBeLessThan(NOMINAL / 2);
    expect(r.overhead.serviceCpuCores.baseline.median).toBeGreaterThan(0);
  });

  it('finds the agent\'s memory (it holds a 32 MiB buffer)', () => {
    expect(r.overhead.agentMemoryBytesAvg.median).toBeGreaterThan(32 * 1024 * 1024);
  });

  it('holds the requested rate without errors and records latency percentiles', () => {
    for (const run of [...r.baseline.runs, ...r.agent.runs]) {
      expect(run.client.achievedRps).toBeGreaterThan(RATE * 0.85);
      expect(run.client.achievedRps).toBeLessThan(RATE * 1.15);
      expect(run.client.errors + run.client.non2xx).toBe(0);
      expect(run.client.latencyMs.p99).toBeGreaterThanOrEqual(run.client.latencyMs.p50);
    }
  });

  it('writes files the page accepts: 3 runs each, baseline without agent figures', () => {
    expect(parseResult(JSON.stringify(r.baseline)).runs).toHaveLength(3);
    expect(r.baseline.runs.every((x) => x.agent === undefined)).toBe(true);
    expect(r.agent.runs.every((x) => x.agent !== undefined)).toBe(true);
    expect(r.agent.meta.host.cpus).toBeGreaterThanOrEqual(1);
  });
});
