import { compactNumber } from './compactNumber';

describe('compactNumber', () => {
  it('writes large magnitudes with an SI prefix to 3 significant digits', () => {
    expect(compactNumber(500_000_000_000)).toBe('500 G');
    expect(compactNumber(536_870_912_000)).toBe('537 G');
    expect(compactNumber(1_500_000)).toBe('1.5 M');
    expect(compactNumber(-25_000)).toBe('-25 k');
    expect(compactNumber(999_999)).toBe('1 M');
  });

  it('keeps whole numbers under 10,000 and shortens long fractions', () => {
    expect(compactNumber(0)).toBe('0');
    expect(compactNumber(100)).toBe('100');
    expect(compactNumber(9999)).toBe('9999');
    expect(compactNumber(0.5)).toBe('0.5');
    expect(compactNumber(1 / 3)).toBe('0.333');
    expect(compactNumber(1234.5678)).toBe('1230');
  });

  it('leaves non-finite values as JavaScript writes them', () => {
    expect(compactNumber(Infinity)).toBe('Infinity');
    expect(compactNumber(NaN)).toBe('NaN');
  });
});
