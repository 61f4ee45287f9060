import { bandHeldPathWarning, bandHeldPathWarnings, bandHeldWarning } from './bandHold';

describe('the band-hold warning', () => {
  it('names the one bound a query returns, its count and the cap, on the side of that bound', () => {
    expect(bandHeldWarning('forecast_upper', 244, 1007, [0.75])).toBe(
      'forecast_upper: 244 of 1,007 values capped at forecast + 0.75 × training max−min'
    );
    expect(bandHeldWarning('forecast_lower', 1, 1, [4, 0.75, 4])).toBe(
      'forecast_lower: 1 of 1 values capped at forecast − 0.75 or 4 × training max−min'
    );
  });

  it('names the series held when the query has several, the first three and a count of the rest', () => {
    const cap = 'forecast_upper: 5 of 40 values capped at forecast + 0.75 × training max−min';
    expect(bandHeldWarning('forecast_upper', 5, 40, [0.75], { names: ['{a="1"}'], total: 1 })).toBe(cap);
    expect(bandHeldWarning('forecast_upper', 5, 40, [0.75], { names: ['{a="1"}'], total: 2 })).toBe(
      `${cap}, in 1 of 2 series ({a="1"})`
    );
    const names = ['{a="1"}', '{a="2"}', '{a="3"}', '{a="4"}', '{a="5"}'];
    expect(bandHeldWarning('forecast_upper', 5, 40, [0.75], { names, total: 8 })).toBe(
      `${cap}, in 5 of 8 series ({a="1"}; {a="2"}; {a="3"}; and 2 more)`
    );
  });

  it('says both bounds of a path in one line, and nothing when neither was held', () => {
    expect(bandHeldPathWarning(50, 0, 1005, [0.75])).toBe(
      "Band limited to forecast ± 0.75 × the data's range: upper 50 of 1,005 steps"
    );
    expect(bandHeldPathWarning(0, 7, 96, [4])).toBe(
      "Band limited to forecast ± 4 × the data's range: lower 7 of 96 steps"
    );
    expect(bandHeldPathWarning(0, 0, 96, [4])).toBeUndefined();
  });

  it('counts the steps kept only, both bounds in the same line', () => {
    const t = Float64Array.of(1, 2, 3, 4);
    const bandHeld = { lower: Uint8Array.of(1, 1, 0, 1), upper: Uint8Array.of(0, 1, 1, 1), ranges: 0.75 };
    expect(bandHeldPathWarnings({ t, bandHeld }, (x) => x >= 2)).toEqual([
      "Band limited to forecast ± 0.75 × the data's range: upper 3, lower 2 of 3 steps",
    ]);
    expect(bandHeldPathWarnings({ t }, () => true)).toEqual([]);
  });

  it('fits a panel note at the longest horizon, both bounds held at two factors', () => {
    // ForecastReadouts shows a note on one line, cut with an ellipsis: about 105 characters fit a panel
    // two thirds of a 1,280-pixel dashboard wide (the capacity dashboard's memory panel).
    const w = bandHeldPathWarning(100_000, 100_000, 100_000, [0.75, 4])!;
    expect(w.length).toBeLessThanOrEqual(105);
  });
});
