/**
 * The trend test beside time to exhaustion right after the demo's db-1 clean-ups (every 14 days, the
 * last two at 2026-11-19 and 2026-12-03 00:00 UTC), over the companion's query API: trend_slope and
 * trend_pvalue with direction=down, and the exhaustion endpoint's `slope`/`pvalue`, carry the tooth
 * before the clean-up as time to exhaustion's gate does, so a panel or recording rule on trend_slope
 * reads the rate "full in 14.5 d" rests on.
 *
 * Before, time to exhaustion read 15 samples before its 14-day window (src/engine/context.ts lookBack)
 * and saw the previous clean-up at the window's start, but the trend test did not: at a 1 h step it
 * had no value for two hours ("needs at least 10 finite points, got 2"), at 1 m 19 of the first 41
 * steps were missing, then -49,086 to -96,914 B/s with p 0.09-0.21 beside the gate's -380,301 B/s.
 * Both now read the window's first tooth by one rule (src/ml/tte/carryRate.ts toothOpening).
 */
import type { Companion } from '../../../companion/src/app';
import { DB1_CLEANUPS, DB1_DISK } from '../../support/demoRuns';
import { startTestCompanion } from '../../support/testCompanion';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DISK = DB1_DISK;
const CLEANUPS = DB1_CLEANUPS;
/**
 * Asked from 5 minutes after each clean-up to two hours after, every 15 minutes, and at 27 and 30
 * minutes (a rate 4-8x too low at 1 m before).
 */
const OFFSETS = [5, 20, 27, 30, 35, 50, 65, 80, 95, 110, 120].map((m) => m * MIN);
/** How far the trend's slope may stray from the gate's, relatively. */
const TOLERANCE = 0.03;
/** A p-value that says filling: time to exhaustion's gate level. */
const FILLING_P = 0.005;

let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(CLEANUPS[CLEANUPS.length - 1] + DAY);
});

afterAll(async () => companion?.close());

async function get(path: string): Promise<any> {
  const res = await fetch(`${companion.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** The single value of an instant query at `at` (ms), or the warnings when there is none. */
async function instant(expr: string, at: number): Promise<number | string[]> {
  const body = await get(`/api/v1/query?query=${encodeURIComponent(expr)}&time=${at / 1000}`);
  const result = body.data.result;
  return result.length === 1 ? Number(result[0].value[1]) : (body.warnings ?? []);
}

const cases = CLEANUPS.flatMap((at) => ['1h', '1m'].map((step) => [new Date(at).toISOString(), step, at] as const));

describe.each(cases)('after the clean-up at %s, step %s', (_name, step, at) => {
  it.each(OFFSETS.map((o) => [`+${o / MIN} min`, o] as const))(
    'at %s trend_slope and the exhaustion endpoint carry the gate rate, significant',
    async (_label, offset) => {
      const t = at + offset;
      const ex = await get(
        `/api/v1/bellwether/exhaustion?query=${encodeURIComponent(`time_to_exhaustion(${DISK},0,"step=${step}")`)}&time=${t / 1000}`
      );
      expect(ex.data.result).toHaveLength(1);
      const r = ex.data.result[0];
      const gate = Number(r.gate.slope);
      // The disk fills (free bytes fall): the gate's slope is negative and significant.
      expect(gate).toBeLessThan(0);
      expect(r.gate.significant).toBe(true);
      expect(Math.abs(Number(r.slope) / gate - 1)).toBeLessThan(TOLERANCE);
      expect(Number(r.pvalue)).toBeLessThan(FILLING_P);
      expect(r.leak).toBe(true);

      const slope = await instant(`trend_slope(${DISK},"direction=down step=${step}")`, t);
      const p = await instant(`trend_pvalue(${DISK},"direction=down step=${step}")`, t);
      expect(typeof slope).toBe('number');
      expect(typeof p).toBe('number');
      expect(Math.abs((slope as number) / gate - 1)).toBeLessThan(TOLERANCE);
      expect(p as number).toBeLessThan(FILLING_P);
    }
  );

  it('trend_slope has a value at every step of the two hours from the clean-up', async () => {
    const stepMs = step === '1h' ? HOUR : MIN;
    const q = `trend_slope(${DISK},"direction=down step=${step}")`;
    const body = await get(
      `/api/v1/query_range?query=${encodeURIComponent(q)}&start=${at / 1000}&end=${(at + 2 * HOUR) / 1000}&step=${stepMs / 1000}`
    );
    const values: Array<[number, string]> = body.data.result[0]?.values ?? [];
    expect(values.map(([s]) => s * 1000)).toEqual(
      Array.from({ length: (2 * HOUR) / stepMs + 1 }, (_, i) => at + i * stepMs)
    );
    // Every one the gate's rate five minutes after the clean-up, within the tolerance.
    const ex = await get(
      `/api/v1/bellwether/exhaustion?query=${encodeURIComponent(`time_to_exhaustion(${DISK},0,"step=${step}")`)}&time=${(at + 5 * MIN) / 1000}`
    );
    const gate = Number(ex.data.result[0].gate.slope);
    const off = values.filter(([, v]) => !(Math.abs(Number(v) / gate - 1) < TOLERANCE));
    expect(off).toEqual([]);
  });
});
