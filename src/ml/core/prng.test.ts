import { Mulberry32, mulberry32 } from './prng';

describe('Mulberry32', () => {
  it('matches the reference C implementation for seed 0 and 1', () => {
    // Values printed by Tommy Ettinger's reference C code (uint32_t state a; compiled with gcc).
    const g = new Mulberry32(0);
    expect(g.nextUint32()).toBe(1144304738);
    expect(g.nextUint32()).toBe(1416247);
    const h = new Mulberry32(1);
    expect(h.nextUint32()).toBe(2693262067);
  });

  it('is reproducible from its state and stays in [0, 1)', () => {
    const a = new Mulberry32(42);
    for (let i = 0; i < 10; i++) {
      a.next();
    }
    const b = new Mulberry32(a.state);
    const r = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      expect(a.next()).toBe(b.next());
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('draws integers uniformly enough (chi-square over 10 bins, 10,000 draws)', () => {
    const g = new Mulberry32(123);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 10000; i++) {
      bins[g.nextInt(10)]++;
    }
    const chi2 = bins.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(27.88); // chi-square 9 df, p = 0.001
  });
});
