import { bandWouldBeHeld, bandWouldBeHeldAgainst, chooseKeepingBand, withHeldChoiceMargin } from './heldChoice';
import { forecast } from './index';
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

describe('a replacement keeps its band within the hold it replaces', () => {
  const fits: Record<string, ModelOutput> = { holtwinters: band(30), prophet: band(30), linear: band(3) };
  const fit = (m: string): [string, ModelOutput] => [m, fits[m]];
  const held = (name: string, out: ModelOutput, instead?: string) => bandWouldBeHeldAgainst(name, out, Y, instead);

  it('a model with no hold of its own is not chosen for a band wider than the first’s hold', () => {
    const ranked = [
      { model: 'holtwinters', score: 1 },
      { model: 'prophet', score: 1.2 },
    ];
    expect(chooseKeepingBand(ranked, fit, held)?.[0]).toBe('holtwinters');
    expect(chooseKeepingBand([...ranked, { model: 'linear', score: 1.3 }], fit, held)?.[0]).toBe('linear');
  });

  /** The generator's series: AR(1) noise around 10 with spikes, 5-minute steps (seed 52: no trend). */
  function arSeries(seed: number, n = 864): { t: Float64Array; v: Float64Array } {
    let s = seed >>> 0;
    const r = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    let ar = 0;
    const slope = (r() - 0.3) * 0.004;
    const phi = 0.5 + 0.49 * r();
    const spike = r() * 0.05;
    for (let i = 0; i < n; i++) {
      ar = phi * ar + (r() - 0.5);
      t[i] = i * 300_000;
      v[i] = 10 + slope * i + ar + (r() < spike ? 5 * r() : 0);
    }
    return { t, v };
  }

  it.each([52, 106])('auto 7 days ahead of series %i: a band within four ranges of the window a side', (seed) => {
    const series = arSeries(seed);
    const f = forecast(series, { horizon: 2016, model: 'auto' });
    const range = Math.max(...series.v) - Math.min(...series.v);
    // Before: prophet's 42.0 in [-64.4, 148.3] (seed 52; the window 5.7-16.4), -66.5 in [-364, 231] (106).
    const end = f.t.length - 1;
    expect(f.upper[end] - f.yhat[end]).toBeLessThanOrEqual(4 * range + 1e-9);
    expect(f.yhat[end] - f.lower[end]).toBeLessThanOrEqual(4 * range + 1e-9);
  });
});
