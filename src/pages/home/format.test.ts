import { exhaustionText, span, tierOf, trendText } from './format';

describe('home page wording', () => {
  it('puts a time to exhaustion in the tier of the shipped alert rules (strictly below the window)', () => {
    expect(tierOf(3600)).toBe('critical');
    expect(tierOf(4 * 3600)).toBe('warning');
    expect(tierOf(2 * 86400 - 1)).toBe('warning');
    expect(tierOf(2 * 86400)).toBe('info');
    expect(tierOf(30 * 86400)).toBe('ok');
    expect(tierOf(Infinity)).toBe('ok');
    expect(tierOf(NaN)).toBe('none');
  });

  it('says full in X (a–b), full now, not within 30 d, or no trend', () => {
    expect(exhaustionText(12 * 86400, 11 * 86400, 13.5 * 86400)).toBe('full in 12.0 d (11.0 d–13.5 d)');
    expect(exhaustionText(0, 0, 0)).toBe('full now');
    expect(exhaustionText(Infinity, Infinity, Infinity)).toBe('not within 30 d');
    expect(exhaustionText(NaN, NaN, NaN)).toBe('no trend');
    expect(exhaustionText(5 * 3600, 4 * 3600, Infinity)).toBe('full in 5.0 h (4.0 h–> 30 d)');
  });

  it('writes spans in a readable unit', () => {
    expect(span(45 * 60)).toBe('45 min');
    expect(span(20 * 3600)).toBe('20 h');
    expect(span(3.25 * 86400)).toBe('3.3 d');
    expect(span(12 * 86400)).toBe('12.0 d');
  });

  it('states the trend test with its verdict', () => {
    expect(trendText(-336926, 1e-9, false, 'bytes')).toBe('falling, −29 GB/d, p < 0.001');
    expect(trendText(1700, 0.0004, true, 'bytes')).toBe('leak, +147 MB/d, p < 0.001');
    expect(trendText(2, 0.6, false, 'bytes')).toBe('no significant trend, +173 kB/d, p = 0.600');
    expect(trendText(1500, 1e-6, true, 'none')).toBe('leak, +130 M/d, p < 0.001');
    expect(trendText(0.1, 0.5, false, 'none')).toBe('no significant trend, +8.6 k/d, p = 0.500');
    expect(trendText(NaN, NaN, false, 'bytes')).toBe('no trend test (too little data)');
    expect(trendText(-336926, 1e-9, false, 'bytes', true)).toBe('falling, −29 GB/d, p < 0.001, since the last reset');
  });
});
