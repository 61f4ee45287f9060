import { formatTimestamp, parseTimestamp } from './timestamps';

describe('timestamps', () => {
  it('reads NAB, ISO 8601 and epoch seconds or milliseconds as UTC', () => {
    const t = Date.UTC(2014, 3, 10, 7, 15);
    expect(parseTimestamp('2014-04-10 07:15:00')).toEqual({ ms: t, format: 'nab' });
    expect(parseTimestamp('2014-04-10 07:15:00.000000')).toEqual({ ms: t, format: 'nab' });
    expect(parseTimestamp('2014-04-10T07:15:00Z')).toEqual({ ms: t, format: 'iso' });
    expect(parseTimestamp('2014-04-10T07:15')).toEqual({ ms: t, format: 'iso' });
    expect(parseTimestamp('2014-04-10T09:15:00+0200')).toEqual({ ms: t, format: 'iso' });
    expect(parseTimestamp('2014-04-10T07:15:00.25Z')).toEqual({ ms: t + 250, format: 'iso' });
    expect(parseTimestamp('1397114100')).toEqual({ ms: t, format: 'seconds' });
    expect(parseTimestamp('1397114100.5')).toEqual({ ms: t + 500, format: 'seconds' });
    expect(parseTimestamp('1397114100000')).toEqual({ ms: t, format: 'ms' });
  });

  it('refuses what is not a timestamp', () => {
    for (const bad of ['', 'timestamp', 'yesterday', '2014-13-40', '10/04/2014', '1e9', '2014-04-10 7:15']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it('writes timestamps back in the format they came in', () => {
    const t = Date.UTC(2014, 3, 10, 7, 15);
    expect(formatTimestamp(t, 'nab')).toBe('2014-04-10 07:15:00');
    expect(formatTimestamp(t, 'iso')).toBe('2014-04-10T07:15:00.000Z');
    expect(formatTimestamp(t, 'seconds')).toBe('1397114100');
    expect(formatTimestamp(t, 'ms')).toBe('1397114100000');
    expect(formatTimestamp(300_000, 'offset')).toBe('300');
  });
});
