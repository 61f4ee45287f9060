import { formatFact } from '../../../preview/format';
import { parseInstantValue } from '../../../preview/promClient';
import { formatSpanInterval } from '../../../src/common/duration';

describe('preview facts', () => {
  it("prints the companion's time to exhaustion with the forecast panel's digits", () => {
    // The panel reads "full in 38.0 h (…)": the fact under it once read "1.6 d".
    for (const s of [38 * 3600, 34.56 * 3600, 12.04 * 86400, 2.3 * 86400, 3.93 * 86400, 45 * 60]) {
      expect(formatSpanInterval(s * 1000, s * 900, s * 1100).startsWith(`${formatFact(s, 'seconds')} (`)).toBe(true);
      // A tight interval too: the panel once printed "3.93 d (3.93–3.94 d)" beside the companion's "3.9 d".
      expect(formatSpanInterval(s * 1000, s * 999, s * 1001).startsWith(`${formatFact(s, 'seconds')} (`)).toBe(true);
    }
    expect(formatFact(38 * 3600, 'seconds')).toBe('38.0 h');
    // +Inf is "not within the horizon" whatever the reason: a significant fill too slow for 30 d too
    // (the demo disk 4 h after its clean-up, beside the panel's "filling, p < 0.001").
    expect(formatFact(parseInstantValue('+Inf'), 'seconds')).toBe('not full within 30 d (+Inf)');
    expect(formatFact(parseInstantValue('NaN'), 'seconds')).toBe('no value');
  });

  it("prints the companion's trend_slope in the forecast panel's unit, per day", () => {
    // The demo's api-1 leak: trend_slope 1683.49 B/s; the panel reads "trend +145 MB/day", the fact
    // under it once read "6.1 MB/h". (The digits are Grafana's decbytes, as the panel formats them.)
    expect(formatFact(1683.487619047619, 'bytes_per_second')).toBe('+145 MB/day');
    expect(formatFact(-380299.04, 'bytes_per_second')).toBe('−32.9 GB/day');
    expect(formatFact(5.12, 'bytes_per_second')).toBe('+442 kB/day');
    expect(formatFact(null, 'bytes_per_second')).toBe('no value');
  });
});
