import { compareSummaries, computeOverhead } from './overhead';
import { summarize } from './stats';
import { result, run } from './testFixtures';

// Hand-worked: baseline service CPU 0.30/0.32/0.31 -> median 0.31, spread 0.02;
// agent 0.35/0.36/0.34 -> median 0.35, delta +0.04 > 0.02 -> significant.
// p99 baseline 10/12/11 -> median 11, spread 2; agent 11.5/12/11 -> median 11.5, delta 0.5 < 2 -> not significant.
const baseline = result('baseline', 'none', [
  run(500, 1, { serviceCpu: 0.3, p50: 2, p99: 10 }),
  run(500, 2, { serviceCpu: 0.32, p50: 2, p99: 12 }),
  run(500, 3, { serviceCpu: 0.31, p50: 2, p99: 11 }),
]);
const beyla = result('Beyla', 'ebpf', [
  run(500, 1, { serviceCpu: 0.35, p50: 3, p99: 11.5, agentCpu: 0.02, agentMemMiB: 60 }),
  run(500, 2, { serviceCpu: 0.36, p50: 3, p99: 12, agentCpu: 0.04, agentMemMiB: 64 }),
  run(500, 3, { serviceCpu: 0.34, p50: 3, p99: 11, agentCpu: 0.03, agentMemMiB: 62 }),
]);

describe('computeOverhead', () => {
  const o = computeOverhead(baseline, beyla, 500);

  it('takes medians and judges the service CPU delta against the baseline spread', () => {
    expect(o.serviceCpuCores.baseline.median).toBeCloseTo(0.31, 12);
    expect(o.serviceCpuCores.baseline.spread).toBeCloseTo(0.02, 12);
    expect(o.serviceCpuCores.delta).toBeCloseTo(0.04, 12);
    expect(o.serviceCpuCores.deltaPercent).toBeCloseTo((0.04 / 0.31) * 100, 9);
    expect(o.serviceCpuCores.significant).toBe(true);
  });

  it('marks a p99 delta inside the baseline spread as not significant', () => {
    expect(o.p99Ms.delta).toBeCloseTo(0.5, 12);
    expect(o.p99Ms.deltaPercent).toBeCloseTo((0.5 / 11) * 100, 9);
    expect(o.p99Ms.significant).toBe(false);
  });

  it('a delta of exactly zero with zero spread is not significant', () => {
    expect(o.p50Ms.delta).toBe(1);
    expect(o.p50Ms.significant).toBe(true); // spread 0, delta 1
    expect(o.failedRequests.delta).toBe(0);
    expect(o.failedRequests.significant).toBe(false);
  });

  it('reports agent CPU in cores and as % of the host CPUs, and memory average and max', () => {
    expect(o.agentCpuCores).toMatchObject({ median: 0.03, min: 0.02, max: 0.04, n: 3 });
    expect(o.agentCpuPercentOfNode.median).toBeCloseTo(0.75, 12); // 0.03 of 4 cores
    expect(o.agentMemoryBytesAvg.median).toBe(62 * 1024 * 1024);
    expect(o.agentMemoryBytesMax.median).toBe(62 * 1.25 * 1024 * 1024);
    expect(o.warnings).toEqual([]);
  });

  it('warns when the files are not comparable', () => {
    const other = JSON.parse(JSON.stringify(beyla));
    other.meta.host.hostname = 'bench-2';
    other.load.connections = 50;
    other.runs = other.runs.slice(0, 2);
    const w = computeOverhead(baseline, other, 500).warnings.join('\n');
    expect(w).toMatch(/different hosts/);
    expect(w).toMatch(/different load connections: 10 vs 50/);
    expect(w).toMatch(/fewer than 3 runs/);
  });

  it('refuses swapped files and missing rates', () => {
    expect(() => computeOverhead(beyla, baseline, 500)).toThrow(/expected agent\.kind "none"/);
    expect(() => computeOverhead(baseline, baseline, 500)).toThrow(/is a baseline file/);
    expect(() => computeOverhead(baseline, beyla, 1000)).toThrow(/no run at 1000 req\/s/);
  });

  it('gives NaN percent, not Infinity, when the baseline median is 0', () => {
    const d = compareSummaries(summarize([0, 0, 0]), summarize([2, 2, 3]));
    expect(d.delta).toBe(2);
    expect(d.deltaPercent).toBeNaN();
    expect(d.significant).toBe(true);
  });
});
