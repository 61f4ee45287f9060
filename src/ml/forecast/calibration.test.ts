import { calibrated, widened } from './calibration';
import { ModelInput, ModelOutput } from './model';

const out = (model?: string): ModelOutput => ({
  yhat: Float64Array.from([10, 20]),
  lower: Float64Array.from([8, 21]),
  upper: Float64Array.from([11, 26]),
  ...(model ? { model } : {}),
});

describe('interval calibration', () => {
  it('moves each bound scale times as far from the forecast, never across it (hand-worked)', () => {
    const w = widened(out(), 1.5);
    expect(Array.from(w.yhat)).toEqual([10, 20]);
    // 10 - 1.5 * 2 = 7, 10 + 1.5 * 1 = 11.5; a lower bound above the forecast counts as 0 away.
    expect(Array.from(w.lower)).toEqual([7, 20]);
    expect(Array.from(w.upper)).toEqual([11.5, 29]);
  });

  it('scales the forecaster it wraps, but not a forecast handed to another model', () => {
    const input = {} as ModelInput;
    expect(Array.from(calibrated(() => out(), 2)(input).upper)).toEqual([12, 32]);
    expect(Array.from(calibrated(() => out('holtwinters'), 2)(input).upper)).toEqual([11, 26]);
  });
});
