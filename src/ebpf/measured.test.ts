import { latencyDistribution, measuredComparisons, percentileKeyToQuantile } from './measured';
import { result, run } from './testFixtures';

const baseline = result('baseline', 'none', [1, 2, 3].map((i) => run(200, i, { serviceCpu: 0.2, p50: 1 + i, p99: 10 })));
const tetragon = result('Tetragon', 'ebpf', [
  run(200, 1, { serviceCpu: 0.2, p50: 3, p99: 10, agentCpu: 0.1, agentMemMiB: 100 }),
  run(200, 2, { serviceCpu: 0.2, p50: 5, p99: 10, agentCpu: 0.3, agentMemMiB: 120 }),
  run(200, 3, { serviceCpu: 0.2, p50: 4, p99: 10, agentCpu: 0.2, agentMemMiB: 110 }),
]);

describe('measuredComparisons', () => {
  const { rows } = measuredComparisons({ name: 'base.json', result: baseline }, [{ name: 'tetragon.json', result: tetragon }], 200);
  const fig = (m: string) => rows[0].figures.find((f) => f.metric === m)!;

  it('labels every figure with both files, the rate and the run count', () => {
    expect(rows[0].agent).toBe('Tetragon');
    for (const f of rows[0].figures) {
      expect(f.source).toMatchObject({ kind: 'measured', file: 'tetragon.json', baselineFile: 'base.json', rateRps: 200, runs: 3 });
    }
  });

  it('gives medians with the run range, memory in MiB', () => {
    expect(fig('agentCpuCores')).toMatchObject({ value: 0.2, range: [0.1, 0.3] });
    expect(fig('agentCpuPercentOfNode').value).toBeCloseTo(5, 12); // 0.2 of 4 cores
    expect(fig('agentMemoryMiBAvg')).toMatchObject({ value: 110, range: [100, 120] });
  });

  it('p50: baseline 2/3/4 (median 3, spread 2) vs agent 3/5/4 (median 4): delta 1 is not significant', () => {
    expect(fig('p50DeltaMs')).toMatchObject({ value: 1, significant: false });
    expect(fig('p50DeltaPercent').value).toBeCloseTo(100 / 3, 9);
    expect(fig('p50DeltaMs').note).toMatch(/not significant/);
  });

  it('refuses an agent file in the baseline slot', () => {
    expect(() => measuredComparisons({ name: 't.json', result: tetragon }, [], 200)).toThrow(/t\.json is not a baseline file/);
  });
});

describe('measuredComparisons of an in-process (APM) agent', () => {
  // ebpf-stack/run-comparison.sh's apm profile watches the collector container as the "agent": the
  // agent itself runs inside the service's process, where no container separates it.
  const apm = result('OpenTelemetry Node.js agent', 'apm', [1, 2, 3].map((i) => run(200, i, { serviceCpu: 0.25, p50: 4, p99: 10, agentCpu: 0.05 })));
  apm.agent.watch = { sampler: 'cadvisor', containers: ['bw-otel-collector'] };
  const { rows } = measuredComparisons({ name: 'base.json', result: baseline }, [{ name: 'apm.json', result: apm }], 200);
  const agentFigures = rows[0].figures.filter((f) => f.metric.startsWith('agent'));

  it("says the agent's own CPU and memory are the watched container's, not the in-process agent's", () => {
    expect(agentFigures.length).toBe(5);
    for (const f of agentFigures) {
      expect(f.note).toMatch(/bw-otel-collector.*runs inside the service.*service CPU delta/);
    }
  });

  it('leaves the service CPU delta, its cost, without that note', () => {
    expect(rows[0].figures.find((f) => f.metric === 'serviceCpuDeltaCores')!.note).not.toMatch(/inside the service/);
  });

  it('adds no such note for an eBPF agent', () => {
    const { rows: ebpf } = measuredComparisons({ name: 'base.json', result: baseline }, [{ name: 't.json', result: tetragon }], 200);
    expect(ebpf[0].figures.filter((f) => f.metric.startsWith('agent')).every((f) => f.note === undefined)).toBe(true);
  });
});

describe('latencyDistribution', () => {
  it('maps autocannon keys to quantiles and takes the per-quantile median over runs', () => {
    expect(percentileKeyToQuantile('p99_9')).toBeCloseTo(0.999, 12);
    expect(percentileKeyToQuantile('p2_5')).toBeCloseTo(0.025, 12);
    const d = latencyDistribution(tetragon, 200);
    expect(d.map((p) => p.quantile)).toEqual([0.025, 0.5, 0.9, 0.99, expect.closeTo(0.999, 12)]);
    expect(d[1].ms).toBe(4); // p50 of 3, 5, 4
    expect(d[0].ms).toBe(2); // p2_5 = p50/2: 1.5, 2.5, 2
  });
});
