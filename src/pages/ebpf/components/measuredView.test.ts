import { result, run } from '../../../ebpf/testFixtures';
import { LoadedResult } from '../../../ebpf';
import { addResult, measuredView } from './measuredView';

const base = (rates: number[]): LoadedResult => ({
  name: 'baseline.json',
  result: result('baseline', 'none', rates.flatMap((r) => [1, 2, 3].map((i) => run(r, i, { serviceCpu: 0.2 + i / 100, p50: 2, p99: 8 })))),
});
const agent = (name: string, rates: number[]): LoadedResult => ({
  name: `${name}.json`,
  result: result(name, 'ebpf', rates.flatMap((r) => [1, 2, 3].map((i) => run(r, i, { serviceCpu: 0.3, p50: 2, p99: 8 + i / 10, agentCpu: 0.05 })))),
});

describe('measuredView', () => {
  it('compares at the highest rate every file shares with the baseline', () => {
    const v = measuredView([base([100, 500, 1000]), agent('Beyla', [100, 500]), agent('Tetragon', [500, 1000])]);
    expect(v.rates).toEqual([500]);
    expect(v.rate).toBe(500);
    expect(v.rows.map((r) => r.agent)).toEqual(['Beyla', 'Tetragon']);
    expect(v.distributions.map((d) => d.name)).toEqual(['baseline (baseline)', 'Beyla', 'Tetragon']);
    // service CPU: baseline runs 0.21, 0.22, 0.23 (median 0.22, spread 0.02); agent 0.3 → +0.08, significant
    const d = v.rows[0].figures.find((f) => f.metric === 'serviceCpuDeltaCores')!;
    expect(d.value).toBeCloseTo(0.08, 10);
    expect(d.significant).toBe(true);
    // p99: baseline 8 (spread 0); agent 8.1, 8.2, 8.3 → +0.2 ms, significant (0.2 > 0)
    expect(v.rows[0].figures.find((f) => f.metric === 'p99DeltaMs')!.value).toBeCloseTo(0.2, 10);
    // p50 unchanged: delta 0 is not larger than a spread of 0 → not significant
    expect(v.rows[0].figures.find((f) => f.metric === 'p50DeltaMs')!.significant).toBe(false);
  });

  it('keeps a chosen rate when all files have it', () => {
    expect(measuredView([base([100, 500]), agent('Beyla', [100, 500])], 100).rate).toBe(100);
    expect(measuredView([base([100, 500]), agent('Beyla', [100, 500])], 42).rate).toBe(500);
  });

  it('asks for a baseline instead of throwing', () => {
    const v = measuredView([agent('Beyla', [100])]);
    expect(v.rows).toEqual([]);
    expect(v.errors[0]).toMatch(/baseline/);
  });

  it('names a file that shares no rate with the baseline', () => {
    const v = measuredView([base([100]), agent('Beyla', [100]), agent('Parca', [200])]);
    expect(v.errors).toEqual(['Parca.json shares no request rate with the baseline baseline.json.']);
    expect(v.rows.map((r) => r.agent)).toEqual(['Beyla']);
  });

  it('replaces a file of the same name and a previous baseline', () => {
    let list = addResult([], base([100]));
    list = addResult(list, agent('Beyla', [100]));
    list = addResult(list, { ...base([200]), name: 'baseline-2.json' });
    list = addResult(list, agent('Beyla', [200]));
    expect(list.map((l) => l.name)).toEqual(['baseline-2.json', 'Beyla.json']);
    expect(list[1].result.runs[0].rateRps).toBe(200);
  });
});
