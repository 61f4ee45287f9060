import { scoreM4 } from '../../../eval/forecast/m4';

describe('scoreM4 refusals', () => {
  it("counts a series the model refuses and scores it with M4's Naive2, instead of crashing the eval", () => {
    // Falls from 300 over 200 steps, then 120 more and holds, then is cleaned up once more 2 points
    // before the training end: the forecast refuses to fit across that reset (only 2 points follow
    // it). The tooth before it did not fall steadily, so it is not carried (a steady tooth is, and
    // answers from the reset's own sample: tte/carryRate.ts carriedAcrossReset).
    const at = (i: number) =>
      (i < 200 ? 300 - i : i < 450 ? 300 - Math.min(i - 200, 120) : 300 - (i - 450)) + 0.3 * Math.sin(i * 1.7);
    const refused = { id: 'R1', values: Float64Array.from({ length: 452 + 48 }, (_, i) => at(i)) };
    // The same shape cut 100 points earlier: no young reset, no refusal.
    const fitted = { id: 'F1', values: Float64Array.from({ length: 352 + 48 }, (_, i) => at(i)) };
    const rows = scoreM4([refused, fitted], ['linear']);
    const linear = rows.find((r) => r.model === 'linear')!;
    expect(linear.refused).toEqual(['R1@n-48']);
    expect(Number.isFinite(linear.owa)).toBe(true);
    // naive2 follows the product's reset segment too, so it refuses the same series.
    expect(rows.find((r) => r.model === 'naive2')!.refused).toEqual(['R1@n-48']);
  });
});
