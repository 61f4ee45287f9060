/**
 * Gaps in the data do not cost incidents: on the engine's path (detectSeries: `bellwether detect`, the
 * companion, the panel), a daily series with a gap in its first day flags an incident on day five as
 * strongly and as early as the same series without the gap. Holt-Winters initialises its season from
 * the first two days; it used to count the missing values as a seasonal effect of 0, then chose a fast
 * level to make up for that wrong season, which followed the incident instead of flagging it
 * (src/ml/models/holtWinters.ts firstSeasonsFilled).
 */
import { detectSeries } from './detectSeries';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 5 * 60_000;
const DAY = 288;
const N = 6 * DAY;
/** Day five's busy hours (08:00 to 18:00) stay at the quiet level. */
const INCIDENT: [number, number] = [4 * DAY + 96, 4 * DAY + 216];

/** Quiet at 20, busy 08:00 to 18:00 at 80, with a deterministic wiggle of +-3. */
function value(i: number): number {
  const busy = i % DAY >= 96 && i % DAY < 216 && !(i >= INCIDENT[0] && i < INCIDENT[1]);
  return (busy ? 80 : 20) + 3 * Math.sin(i * 2.399963);
}

/** The series without rows [from, from + len), run through the engine; the incident's verdicts. */
async function incidentWith(
  from: number,
  len: number
): Promise<{ max: number; firstFlagged: number; falseAlarms: number }> {
  const rows = Array.from({ length: N }, (_, i) => i).filter((i) => i < from || i >= from + len);
  const r = await detectSeries(
    Float64Array.from(rows, (i) => T0 + i * STEP),
    Float64Array.from(rows, value),
    STEP,
    {}
  );
  let max = 0;
  let firstFlagged = -1;
  let falseAlarms = 0;
  rows.forEach((i, j) => {
    if (i >= INCIDENT[0] && i < INCIDENT[1]) {
      max = Math.max(max, r.score[j]);
      firstFlagged = firstFlagged < 0 && r.isAnomaly[j] === 1 ? i - INCIDENT[0] : firstFlagged;
    } else if (i < INCIDENT[0] || i >= INCIDENT[1] + 12) {
      falseAlarms += r.isAnomaly[j];
    }
  });
  return { max, firstFlagged, falseAlarms };
}

describe('an incident after a gap', () => {
  let without: { max: number; firstFlagged: number; falseAlarms: number };
  beforeAll(async () => {
    without = await incidentWith(0, 0);
  });

  it('is flagged on its first point without a gap (the reference)', () => {
    expect(without.firstFlagged).toBe(0);
    expect(without.falseAlarms).toBe(0);
  });

  it.each([
    ['3 h in the first busy hours', 200, 36],
    ['8 h from 02:30 on the first day', 30, 100],
  ])('is flagged as strongly and as early after a gap of %s', async (_label, from, len) => {
    const gap = await incidentWith(from, len);
    expect(gap.firstFlagged).toBe(0);
    expect(gap.max).toBeGreaterThanOrEqual(without.max - 0.02);
    expect(gap.falseAlarms).toBe(0);
  });
});
