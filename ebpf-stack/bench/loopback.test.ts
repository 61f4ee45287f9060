/**
 * The harness's measurement loop, for real on loopback: the sample service under open-loop load,
 * then beside a synthetic agent that aims at 0.25 core, regulated on its own CPU time.
 *
 * The amount to measure back is what the agent itself accounted (getrusage via process.cpuUsage,
 * logged every 100 ms) over each run's window: on a shared 2-core machine the agent cannot always get
 * its 0.25 core, and then the right answer is what it did get. The log gives that amount as an
 * interval (exact at entries, bounded between them; a starved agent logs with gaps), and the harness's
 * figure must lie within it, give or take 0.04 core: /proc counts in 10 ms ticks (±0.01 core over 1 s)
 * and the harness's sampling and the run windows differ by tens of ms.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchRun, parseResult } from '../../src/ebpf';
import { runSelfTest, SelfTestResult } from './selftest';

/**
 * The agent's own CPU reading (µs) at time `t`, as the interval its log allows: between two entries it
 * lies between their readings (the agent burns in bursts, and a starved agent logs with gaps); before
 * the first or after the last entry it differs from that reading by at most every core of the machine
 * for the time in between (the agent may be stopped before it logs the end of the last run).
 */
function ownCpuAt(log: Array<[number, number]>, t: number): [number, number] {
  const perMs = availableParallelism() * 1000;
  const [tFirst, cFirst] = log[0];
  const [tLast, cLast] = log[log.length - 1];
  if (t <= tFirst) {
    return [cFirst - (tFirst - t) * perMs, cFirst];
  }
  if (t >= tLast) {
    return [cLast, cLast + (t - tLast) * perMs];
  }
  const i = log.findIndex(([ti]) => ti >= t);
  return [log[i - 1][1], log[i][1]];
}

/** The agent's own CPU rate (cores) over [fromMs, toMs] as [low, high], from its log. */
function selfReportedCores(log: Array<[number, number]>, fromMs: number, toMs: number): [number, number] {
  const [startLow, startHigh] = ownCpuAt(log, fromMs);
  const [endLow, endHigh] = ownCpuAt(log, toMs);
  const seconds = (toMs - fromMs) / 1000;
  return [(endLow - startHigh) / 1e6 / seconds, (endHigh - startLow) / 1e6 / seconds];
}

const NOMINAL = 0.25;
const TOLERANCE = 0.04;
const RATE = 100;

describe('harness on loopback (sample service + synthetic agent)', () => {
  let r: SelfTestResult;
  let agentLog: Array<[number, number]>;
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bw-loopback-'));
  const window = (run: BenchRun): [number, number] => {
    const from = Date.parse(run.startedAt);
    return [from, from + run.durationSeconds * 1000];
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    if (process.platform !== 'linux') {
      throw new Error('the loopback harness test reads /proc and needs Linux');
    }
    r = await runSelfTest({ agentCores: NOMINAL, rateRps: RATE, runs: 3, durationSeconds: 1, warmupSeconds: 1, pauseSeconds: 0.3, agentLogFile: join(dir, 'agent.log'), log: (l) => lines.push(l) });
    agentLog = readFileSync(join(dir, 'agent.log'), 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number) as [number, number]);
    lines.push(
      ...r.agent.runs.map((run) => {
        const [low, high] = selfReportedCores(agentLog, ...window(run));
        return `run ${run.index}: harness ${run.agent!.cpuCores.toFixed(3)} core, agent's own accounting ${low.toFixed(3)} to ${high.toFixed(3)} core`;
      })
    );
    // Printed so the figures of every test run are visible in the log.
    process.stdout.write(lines.join('\n') + '\n');
  });

  it('measures the synthetic agent\'s CPU as the agent itself accounted it, in every run', () => {
    for (const run of r.agent.runs) {
      const [low, high] = selfReportedCores(agentLog, ...window(run));
      const cores = run.agent!.cpuCores;
      expect([run.index, cores > low - TOLERANCE && cores < high + TOLERANCE]).toEqual([run.index, true]);
    }
  });

  it('sees the agent at all', () => {
    // On an idle machine this is 0.25 ± 0.01 (see the printed figures). On a busy one a starved agent
    // gets less, then catches up and can exceed its share in a one-second window (0.34 core was seen
    // with the agent's own log agreeing): the bound that holds is the agent's own accounting, above.
    expect(r.overhead.agentCpuCores.max).toBeGreaterThan(0);
  });

  it('attributes the agent\'s CPU to the agent, not to the service', () => {
    // The service does the same work in both configurations: its CPU must not grow by the agent's 0.25.
    expect(r.overhead.serviceCpuCores.delta).toBeLessThan(NOMINAL / 2);
    expect(r.overhead.serviceCpuCores.baseline.median).toBeGreaterThan(0);
  });

  it('finds the agent\'s memory (it holds a 32 MiB buffer)', () => {
    expect(r.overhead.agentMemoryBytesAvg.median).toBeGreaterThan(32 * 1024 * 1024);
  });

  it('sends load without errors and records latency percentiles', () => {
    // How close a run comes to the requested rate depends on the machine's load: a figure the
    // harness reports (achievedRps), not something a test on a shared machine can assert.
    for (const run of [...r.baseline.runs, ...r.agent.runs]) {
      expect(run.client.achievedRps).toBeGreaterThan(0);
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
