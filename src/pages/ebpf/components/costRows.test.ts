import { bundledReference, referenceComparisons } from '../../../ebpf';
import { costRows } from './costRows';

describe('costRows', () => {
  const rows = referenceComparisons(bundledReference());
  const params = { nodes: 100, pricePerCoreHour: 0.04, pricePerGiBHour: 0.005, coresPerNode: 8 };

  it('prices a published % of node and MiB figure per year (worked by hand)', () => {
    const beyla = costRows(rows, params, false).filter((r) => r.agent === 'Beyla');
    expect(beyla.map((r) => (r.source.kind === 'reference' ? r.source.id : ''))).toEqual(['seed-report', 'beyla-docs']);
    // seed report: 0.5 % of 8 cores = 0.04 cores; 58 MiB = 0.056640625 GiB
    // CPU: 0.04 × 100 nodes × 0.04 × 8760 h = 1401.6; memory: 0.056640625 × 100 × 0.005 × 8760 = 248.0859375
    expect(beyla[0].overhead.cpuCores).toBeCloseTo(0.04, 12);
    expect(beyla[0].cost.cpu).toBeCloseTo(1401.6, 6);
    expect(beyla[0].cost.memory).toBeCloseTo(248.0859375, 6);
    expect(beyla[0].cost.total).toBeCloseTo(1649.6859375, 6);
  });

  it('leaves out agents whose sources give neither CPU nor memory', () => {
    // New Relic APM has latency figures only: no row; OpenTelemetry Java agent likewise.
    const names = costRows(rows, params, false).map((r) => r.agent);
    expect(names).not.toContain('New Relic APM');
    expect(names).not.toContain('OpenTelemetry Java agent');
  });

  it('marks a figure its source does not state (Parca vendor claim: no memory) as not stated, not 0', () => {
    const parca = costRows(rows, params, false).filter((r) => r.agent === 'Parca');
    const unstated = parca.filter((r) => !r.stated.memory);
    expect(unstated.length).toBeGreaterThan(0);
    expect(unstated.every((r) => r.stated.cpu)).toBe(true);
    // Beyla's seed report states both.
    expect(costRows(rows, params, false).find((r) => r.agent === 'Beyla')!.stated).toEqual({ cpu: true, memory: true });
  });

  it('rejects a negative price', () => {
    expect(() => costRows(rows, { ...params, pricePerCoreHour: -1 }, false)).toThrow(/pricePerCoreHour/);
  });

  it('prices a published CPU range at both ends and an upper bound as one, never as a measurement', () => {
    const pixie = costRows(rows, params, false).find((r) => r.agent === 'Pixie' && r.source.kind === 'reference' && r.source.id === 'pixie-docs')!;
    // 2–5 % of 8 cores = 0.16–0.4 cores; × 100 nodes × 0.04 × 8760 h = 5606.4–14016
    expect(pixie.span?.kind).toBe('range');
    expect(pixie.span?.low.cpuCores).toBeCloseTo(0.16, 12);
    expect(pixie.span?.high.cpuCores).toBeCloseTo(0.4, 12);
    expect(pixie.span?.low.cost.cpu).toBeCloseTo(5606.4, 6);
    expect(pixie.span?.high.cost.cpu).toBeCloseTo(14016, 6);
    const parca = costRows(rows, params, false).find((r) => r.agent === 'Parca' && r.span)!;
    // "less than 1 %": at most 0.08 cores, 2803.2 a year
    expect([parca.span?.kind, parca.span?.low.cpuCores]).toEqual(['atMost', 0]);
    expect(parca.span?.high.cost.cpu).toBeCloseTo(2803.2, 6);
  });

  it("shows Pixie's default PEM memory limit but does not price it as usage", () => {
    const pixie = costRows(rows, params, false).find((r) => r.agent === 'Pixie' && r.source.kind === 'reference' && r.source.id === 'pixie-docs')!;
    expect(pixie.stated.memory).toBe(false);
    expect(pixie.memoryLimitGiB).toBe(2);
    expect(pixie.cost.memory).toBe(0);
    expect(pixie.notes).toContain('only a memory limit is published (2048 MiB), not what the agent uses: memory is not priced');
  });
});
