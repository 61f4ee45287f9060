import { formatValue } from './formatValue';

describe('formatValue', () => {
  it('spells special values as Prometheus does', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
  });

  it('writes finite values as shortest round-trip decimals', () => {
    expect(formatValue(2)).toBe('2');
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue(-1.5)).toBe('-1.5');
    expect(Number(formatValue(1 / 3))).toBe(1 / 3);
  });
});
