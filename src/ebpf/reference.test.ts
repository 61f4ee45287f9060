import { bundledReference } from './bundledReference';
import { mergeComparisons } from './merge';
import { parseReference, referenceComparisons } from './reference';
import { EQUAL_WEIGHTS, rankByScore, weightedScore } from './score';

describe('reference data', () => {
  const rows = referenceComparisons(bundledReference());
  const row = (name: string) => rows.find((r) => r.agent === name)!;

  it('equal weights reproduce the reference table (seed report: 89.5, 87.5, 85.5, 80.0, 72.5)', () => {
    const ranked = rankByScore(rows, EQUAL_WEIGHTS).map((r) => [r.agent, r.score]);
    expect(ranked).toEqual([
      ['Beyla', 89.5],
      ['Tetragon', 87.5],
      ['Parca', 85.5],
      ['Pixie', 80],
      ['Datadog APM', 72.5],
    ]);
  });

  it('weights change the order: features only puts Pixie first', () => {
    const w = { cpu_efficiency: 0, memory_efficiency: 0, features: 1, ease_of_use: 0 };
    expect(rankByScore(rows, w)[0]).toMatchObject({ agent: 'Pixie', score: 95 });
    // CPU 3 : others 1 for Beyla: (3*98 + 95 + 70 + 95) / 6 = 554 / 6
    expect(weightedScore(row('Beyla').scores!.values, { ...EQUAL_WEIGHTS, cpu_efficiency: 3 })).toBeCloseTo(554 / 6, 12);
  });

  it('rejects weights that are negative or all zero', () => {
    const s = row('Beyla').scores!.values;
    expect(() => weightedScore(s, { ...EQUAL_WEIGHTS, features: -1 })).toThrow(/≥ 0/);
    expect(() => weightedScore(s, { cpu_efficiency: 0, memory_efficiency: 0, features: 0, ease_of_use: 0 })).toThrow(/above 0/);
  });

  it('keeps each publication as its own labelled source', () => {
    const beyla = row('Beyla').figures.filter((f) => f.metric === 'agentMemoryMiB');
    expect(beyla.map((f) => [f.value, f.source.kind, (f.source as any).id, (f.source as any).loadRps])).toEqual([
      [58, 'reference', 'seed-report', 10000],
      [75, 'reference', 'beyla-docs', 75],
    ]);
    expect((beyla[1].source as any).citation).toMatch(/Performance overhead/);
    expect(beyla[1].note).toMatch(/600 MB peak/);
  });

  it('labels each source with what it discloses: the seed report is a claim without a methodology', () => {
    const basis = (name: string, id: string) => (row(name).figures.find((f) => f.source.kind === 'reference' && f.source.id === id)!.source as any).basis;
    // reference.json: the seed report's own citation says "Methodology not published".
    expect(bundledReference().sources['seed-report']).toMatch(/Methodology not published/);
    expect(basis('Beyla', 'seed-report')).toBe('report-claim');
    expect(row('Beyla').scores!.source.basis).toBe('report-claim');
    expect(basis('Beyla', 'beyla-docs')).toBe('vendor-claim');
    expect(basis('Pixie', 'pixie-docs')).toBe('vendor-claim');
    expect(basis('OpenTelemetry Java agent', 'otel-java-benchmark')).toBe('published');
  });

  it('rejects a source without a basis, or with an unknown one', () => {
    const doc = JSON.parse(JSON.stringify(bundledReference()));
    delete doc.sourceBasis['pixie-docs'];
    expect(() => parseReference(doc)).toThrow(/\$\.sourceBasis\.pixie-docs: expected one of "published", "vendor-claim", "report-claim", got undefined/);
    doc.sourceBasis['pixie-docs'] = 'rumour';
    expect(() => parseReference(doc)).toThrow(/got "rumour"/);
  });

  it('keeps ranges and upper bounds as such', () => {
    const pixieRange = row('Pixie').figures.find((f) => f.range)!;
    expect(pixieRange).toMatchObject({ metric: 'agentCpuPercentOfNode', value: 3.5, range: [2, 5] });
    const parcaBound = row('Parca').figures.find((f) => f.bound)!;
    expect(parcaBound).toMatchObject({ metric: 'agentCpuPercentOfNode', value: 1, bound: 'atMost' });
  });

  it('rejects unknown fields and unknown sources instead of dropping them', () => {
    const doc = JSON.parse(JSON.stringify(bundledReference()));
    doc.agents[0].agent_cpu_cores = 0.1;
    expect(() => parseReference(doc)).toThrow(/\$\.agents\[0\]\.agent_cpu_cores: unknown field/);
    const doc2 = JSON.parse(JSON.stringify(bundledReference()));
    doc2.agents[1].source = 'blog';
    expect(() => parseReference(doc2)).toThrow(/"blog" is not a key of "sources"/);
  });

  it('merge keeps figures from all sources on one row per agent, in the requested order', () => {
    const measured = [{ agent: 'beyla', kind: 'ebpf' as const, figures: [{ metric: 'agentCpuCores' as const, value: 0.1, source: { kind: 'live' as const, query: 'q', evaluatedAt: 0 } }] }];
    const merged = mergeComparisons([rows, measured], ['Parca', 'Beyla']);
    expect(merged.slice(0, 2).map((r) => r.agent)).toEqual(['Parca', 'Beyla']);
    const b = merged[1];
    expect(b.figures.length).toBe(row('Beyla').figures.length + 1);
    expect(b.scores?.values.cpu_efficiency).toBe(98);
    expect(row('Beyla').figures.length).toBe(merged[1].figures.length - 1); // input rows untouched
  });
});
