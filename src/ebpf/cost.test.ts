import { overheadFromFigures, yearlyCost } from './cost';
import { Figure } from './figures';

describe('yearlyCost', () => {
  it('multiplies overhead, nodes, price and 8760 hours', () => {
    // 0.5 core × 100 nodes × 0.04 × 8760 = 17520; 0.25 GiB × 100 × 0.005 × 8760 = 1095
    const c = yearlyCost({ cpuCores: 0.5, memoryGiB: 0.25 }, { nodes: 100, pricePerCoreHour: 0.04, pricePerGiBHour: 0.005 });
    expect(c.cpu).toBeCloseTo(17520, 9);
    expect(c.memory).toBeCloseTo(1095, 9);
    expect(c.total).toBeCloseTo(18615, 9);
  });

  it('rejects negative or non-finite inputs', () => {
    expect(() => yearlyCost({ cpuCores: -1, memoryGiB: 0 }, { nodes: 1, pricePerCoreHour: 1, pricePerGiBHour: 1 })).toThrow(/cpu overhead/);
    expect(() => yearlyCost({ cpuCores: 1, memoryGiB: 0 }, { nodes: NaN, pricePerCoreHour: 1, pricePerGiBHour: 1 })).toThrow(/nodes/);
  });
});

describe('overheadFromFigures', () => {
  const ref = { kind: 'reference' as const, id: 'pixie-docs', citation: 'c', basis: 'vendor-claim' as const };
  const live = { kind: 'live' as const, query: 'q', evaluatedAt: 0 };
  const figures: Figure[] = [
    { metric: 'agentCpuPercentOfNode', value: 3.5, range: [2, 5], source: ref },
    { metric: 'agentMemoryMiB', value: 2048, source: ref },
    { metric: 'agentCpuCores', value: 0.2, source: { ...live } },
    { metric: 'agentMemoryMiBAvg', value: 512, source: { ...live, query: 'q2' } },
  ];

  it('turns % of node into cores with the node size, and says so', () => {
    const o = overheadFromFigures(figures, 'reference:pixie-docs', { coresPerNode: 8 });
    expect(o.overhead.cpuCores).toBeCloseTo(0.28, 12); // 3.5% of 8 cores
    expect(o.overhead.memoryGiB).toBe(2);
    expect(o.notes.join(' ')).toMatch(/midpoint of the published range/);
  });

  it('groups all live queries as one source', () => {
    expect(overheadFromFigures(figures, 'live').overhead).toEqual({ cpuCores: 0.2, memoryGiB: 0.5 });
  });

  it('needs the node size for % figures', () => {
    expect(() => overheadFromFigures(figures, 'reference:pixie-docs')).toThrow(/coresPerNode/);
  });
});
