import { bandWouldBeHeld, chooseKeepingBand, withHeldChoiceMargin } from './heldChoice';
import { ModelOutput } from './model';

/** A flat forecast at 0 whose band is ±w. */
const band = (w: number): ModelOutput => ({
  yhat: new Float64Array(3),
  lower: new Float64Array(3).fill(-w),
  upper: new Float64Array(3).fill(w),
});
/** Training values with a range of 1. */
const Y = Float64Array.of(0, 1, 0.5);

describe("auto's choice with the band in mind", () => {
  it('knows which bands forecast() would hold: by the model’s own factor, none for a model without one', () => {
    expect(bandWouldBeHeld('holtwinters', band(4.1), Y)).toBe(true);
    expect(bandWouldBeHeld('holtwinters', band(3.9), Y)).toBe(false);
    expect(bandWouldBeHeld('seasonal_naive', band(0.8), Y)).toBe(true);
    expect(bandWouldBeHeld('linear', band(100), Y)).toBe(false);
  });

  const fits: Record<string, ModelOutput> = { holtwinters: band(30), seasonal_naive: band(5), theilsen: band(0.5) };
  const fit = (m: string): [string, ModelOutput] => [m, fits[m]];
  const held = (name: string, out: ModelOutput) => bandWouldBeHeld(name, out, Y);

  it('passes over held bands to a candidate within 50 % of the best score that keeps its own', () => {
    const ranked = [
      { model: 'holtwinters', score: 2.37 },
      { model: 'seasonal_naive', score: 2.42 },
      { model: 'theilsen', score: 2.74 },
    ];
    expect(chooseKeepingBand(ranked, fit, held)?.[0]).toBe('theilsen');
  });

  it('keeps the best, held, when the first unheld candidate is further behind', () => {
    const ranked = [
      { model: 'holtwinters', score: 2 },
      { model: 'theilsen', score: 3.2 },
    ];
    expect(chooseKeepingBand(ranked, fit, held)?.[0]).toBe('holtwinters');
    expect(withHeldChoiceMargin(1, () => chooseKeepingBand(ranked, fit, held))?.[0]).toBe('theilsen');
  });

  it('skips candidates the caller does not accept, and says when none is', () => {
    const ranked = [
      { model: 'seasonal_naive', score: 1 },
      { model: 'holtwinters', score: 1.1 },
    ];
    const noNaive = (m: string) => (m === 'seasonal_naive' ? undefined : fit(m));
    expect(chooseKeepingBand(ranked, noNaive, held)?.[0]).toBe('holtwinters');
    expect(chooseKeepingBand(ranked, () => undefined, held)).toBeUndefined();
  });
});
