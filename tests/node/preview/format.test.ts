import { formatFact } from '../../../preview/format';
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
    expect(formatFact(null, 'seconds')).toBe('never (no trend towards the capacity)');
  });
});
