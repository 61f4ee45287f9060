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
  it('reads the specials in every spelling Go prints or parses', () => {
    // Number() gets the first two wrong: the reason parseValue exists.
    expect(Number('+Inf')).toBeNaN();
    expect(parseValue('+Inf')).toBe(Infinity);
    expect(parseValue('-Inf')).toBe(-Infinity);
    expect(parseValue('NaN')).toBeNaN();
    for (const s of ['Inf', 'inf', '+inf', 'Infinity', '+Infinity', 'INF']) {
      expect(parseValue(s)).toBe(Infinity);
    }
    for (const s of ['-inf', '-Infinity', '-INF']) {
      expect(parseValue(s)).toBe(-Infinity);
    }
    expect(parseValue('nan')).toBeNaN();
  });

  it('reads decimals with sign, fraction and exponent', () => {
    expect(parseValue('0.1')).toBe(0.1);
    expect(parseValue('-1.5e3')).toBe(-1500);
    expect(parseValue('+2')).toBe(2);
    expect(parseValue('.5')).toBe(0.5);
    expect(parseValue('5.')).toBe(5);
    expect(parseValue('1E-7')).toBe(1e-7);
  });

  it('round-trips formatValue for specials, extremes and awkward decimals', () => {
    for (const v of [0, -0, 1 / 3, -2.5e-9, 1e21, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity]) {
      expect(parseValue(formatValue(v))).toBe(v);
    }
    expect(parseValue(formatValue(NaN))).toBeNaN();
  });

  it('refuses what is not a sample value, naming it', () => {
    for (const s of ['', ' 1', '1 ', '0x10', '1,5', 'abc', '--1', 'Inf1', '+NaN', 'e5']) {
      expect(() => parseValue(s)).toThrow(`not a Prometheus sample value: ${JSON.stringify(s)}`);
    }
    expect(() => parseValue(1 as unknown as string)).toThrow('not a Prometheus sample value: 1');
  });
});
