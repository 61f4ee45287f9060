import { conventionalStep } from './conventionalStep';
import { prepareSeries } from './prepare';

describe('conventionalStep', () => {
  it('snaps a median difference within 10 % of a conventional interval to it', () => {
    expect(conventionalStep(278_841)).toBe(300_000);
    expect(conventionalStep(14_000)).toBe(15_000);
    expect(conventionalStep(3_400_000)).toBe(3_600_000);
  });

  it('leaves one further away as it is', () => {
    expect(conventionalStep(240_000)).toBe(240_000);
    expect(conventionalStep(12_500)).toBe(12_500);
  });
});

describe('prepareSeries step of an irregular series', () => {
  const STEP = 300_000;
  // Deterministic jitter of up to 0.9 step either way, as eval/nab/proxies.ts `irregular`.
  const jitter = (i: number) => 0.9 * Math.sin(i * 12.9898) * STEP;

  it('is the conventional interval the jittered timestamps come from', () => {
    const t = Array.from({ length: 2000 }, (_, i) => 1e12 + i * STEP + jitter(i)).sort((a, b) => a - b);
    const p = prepareSeries({ t: Float64Array.from(t), v: new Float64Array(t.length).fill(1) });
    expect(p.irregular).toBe(true);
    expect(p.stepMs).toBe(STEP);
  });

  it('of a regular series stays its own, even when it is near a conventional one', () => {
    const t = Array.from({ length: 200 }, (_, i) => 1e12 + i * 290_000);
    expect(prepareSeries({ t: Float64Array.from(t), v: new Float64Array(t.length).fill(1) }).stepMs).toBe(290_000);
  });
});
