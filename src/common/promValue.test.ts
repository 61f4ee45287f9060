import { formatValue, parseValue } from './promValue';

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

describe('parseValue', () => {
  it('reads special values and decimals, and round-trips formatValue', () => {
    expect(parseValue('+Inf')).toBe(Infinity);
    expect(parseValue('Inf')).toBe(Infinity);
    expect(parseValue('-Inf')).toBe(-Infinity);
    expect(parseValue('NaN')).toBeNaN();
    expect(parseValue('0.1')).toBe(0.1);
    for (const v of [1 / 3, -2.5e-9, 1e21, Infinity, -Infinity]) {
      expect(parseValue(formatValue(v))).toBe(v);
    }
  });
});
