import { formatP } from '../../common/pValue';
import { formatRate, ratePerDay } from './trendText';

describe('trend test wording', () => {
  it('rounds a p-value to two significant digits and floors it at 0.001', () => {
    expect(formatP(0.0421)).toBe('p = 0.042');
    expect(formatP(0.00001)).toBe('p < 0.001');
    expect(formatP(NaN)).toBe('p = –');
  });

  it('writes a slope per day (two days of data or more) or per hour, in the unit of the series', () => {
    expect(ratePerDay(3 * 86_400_000)).toBe(true);
    expect(ratePerDay(36 * 3_600_000)).toBe(false);
    // 1,655 B/s is 143 MB a day (SI, as Grafana's decbytes), or 5.96 MB an hour.
    expect(formatRate(1655, 'decbytes', true)).toBe('+143 MB/day');
    expect(formatRate(1655, 'decbytes', false)).toBe('+5.96 MB/h');
    expect(formatRate(-1655, 'bytes', true)).toBe('−136 MiB/day');
    expect(formatRate(0, 'decbytes', true)).toBe('0 B/day');
  });
});
