import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from './index';
import { dailyRateSpread as spreadAt, noRateSpreadWarning, readDailyRateSpread, widenForRate } from './rateSpread';
import { DEFAULT_TTE_SETTINGS, withTteSettings } from './settings';

const DAY = 86_400_000;
const STEP = 10 * 60_000;

/** The spread of `v` at evenly spaced times `stepMs` apart. */
const dailyRateSpread = (v: ArrayLike<number>, stepMs: number) =>
  spreadAt(
    Array.from(v, (_, i) => i * stepMs),
    v,
    stepMs
  );

/** Free space over `days` at 10-minute steps, falling at `rates[d]` per day on day d, with a daily cycle and noise. */
function fill(rates: number[], noise: number, seed = 1): Float64Array {
  const rand = mulberry32(seed);
  const n = Math.round((rates.length * DAY) / STEP);
  const v = new Float64Array(n);
  let level = 80;
  for (let i = 0; i < n; i++) {
    const x = i * STEP;
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    v[i] = level + 1.5 * Math.sin((2 * Math.PI * x) / DAY) + noise * g;
    level -= (rates[Math.floor(x / DAY)] * STEP) / DAY;
  }
  return v;
}

describe('dailyRateSpread', () => {
  it('is near zero on a steady fill with a daily cycle and noise', () => {
    const s = dailyRateSpread(fill(Array(8).fill(2), 0.3), STEP)!;
    expect(s.changes).toBe(7);
    expect(s.sd).toBeLessThan(0.1);
  });

  it('reads the spread of daily rates that alternate between 1 and 3 per day', () => {
    // Each change is mostly the day's rate (the quarter-day windows end at midnight): 1.25 or 2.75.
    const s = dailyRateSpread(fill([1, 3, 1, 3, 1, 3, 1, 3], 0.3), STEP)!;
    expect(s.changes).toBe(7);
    expect(s.sd).toBeGreaterThan(0.6);
    expect(s.sd).toBeLessThan(1.1);
  });

  it('needs two changes', () => {
    expect(dailyRateSpread(fill([2, 2], 0.3), STEP)).toBeUndefined();
    expect(dailyRateSpread(fill([2, 2, 2], 0.3), STEP)?.changes).toBe(2);
    expect(dailyRateSpread(new Float64Array(4), DAY / 2)).toBeUndefined();
  });

  it('skips a day whose window is mostly missing', () => {
    const v = fill(Array(8).fill(2), 0.3);
    v.fill(NaN, v.length - DAY / STEP / 4, v.length);
    expect(dailyRateSpread(v, STEP)!.changes).toBe(6);
  });
});

describe('widenForRate', () => {
  it('adds z * scale * sd * sqrt(d (1 + d / N)) in quadrature, d in days ahead', () => {
    const n = 4;
    const yhat = new Float64Array(n).fill(10);
    const lower = new Float64Array(n).fill(9);
    const upper = new Float64Array(n).fill(12);
    widenForRate(yhat, lower, upper, { sd: 0.5, changes: 4 }, DAY / 2, 2, 0.95);
    for (let k = 0; k < n; k++) {
      const d = (k + 1) / 2;
      const grow = 1.959964 * 2 * 0.5 * Math.sqrt(d * (1 + d / 4));
      expect(lower[k]).toBeCloseTo(10 - Math.hypot(1, grow), 5);
      expect(upper[k]).toBeCloseTo(10 + Math.hypot(2, grow), 5);
    }
  });

  it('changes nothing without a spread or with scale 0', () => {
    const lower = new Float64Array([9, 8]);
    const upper = new Float64Array([11, 12]);
    widenForRate(new Float64Array([10, 10]), lower, upper, undefined, DAY, 1, 0.95);
    widenForRate(new Float64Array([10, 10]), lower, upper, { sd: 1, changes: 3 }, DAY, 0, 0.95);
    expect([...lower, ...upper]).toEqual([9, 8, 11, 12]);
  });
});

describe('time to exhaustion on a fill whose daily rate varies', () => {
  // Seven days of a disk using 1 % or 3 % a day on alternate days: the pace of the days ahead is as
  // uncertain as the days seen, which refits a day apart do not show.
  const v = fill([1, 3, 1, 3, 1, 3, 1], 0.3);
  const series = { t: Float64Array.from(v, (_, i) => i * STEP), v };
  const at = (rateScale: number) =>
    withTteSettings({ rateScale }, async () =>
      timeToExhaustion(series, { capacity: 0, direction: 'down', horizon: 90 * DAY })
    );

  it('widens the interval by the spread of the daily rates, and moves no point answer', async () => {
    expect(DEFAULT_TTE_SETTINGS.rateScale).toBeGreaterThan(0);
    const without = await at(0);
    const shipped = await at(DEFAULT_TTE_SETTINGS.rateScale);
    expect(shipped.seconds).toBe(without.seconds);
    expect(Number.isFinite(shipped.lower)).toBe(true);
    expect(shipped.lower).toBeLessThan(0.99 * without.lower);
  });

  it('leaves a steady fill with the same mean rate nearly as it was', async () => {
    const steady = fill(Array(7).fill(2), 0.3);
    const s = { t: Float64Array.from(steady, (_, i) => i * STEP), v: steady };
    const run = (rateScale: number) =>
      withTteSettings({ rateScale }, async () =>
        timeToExhaustion(s, { capacity: 0, direction: 'down', horizon: 90 * DAY })
      );
    const without = await run(0);
    const shipped = await run(DEFAULT_TTE_SETTINGS.rateScale);
    expect(shipped.lower).toBeGreaterThan(0.995 * without.lower);
  });
});

describe('dailyRateSpread at steps coarser than a quarter-day', () => {
  /** One value at the end of each step (of `stepMs`, a day or less), day d falling at `rates[d]`. */
  const sampled = (rates: number[], stepMs: number) => {
    const perDay = Math.round(DAY / stepMs);
    const v: number[] = [];
    let level = 80;
    for (const r of rates) {
      for (let i = 0; i < perDay; i++) {
        level -= r / perDay;
        v.push(level);
      }
    }
    return Float64Array.from(v);
  };

  it.each([DAY / 3, DAY / 2, DAY])('reads daily rates that alternate 1 and 3 at a step of %d ms', (step) => {
    const s = dailyRateSpread(sampled([1, 3, 1, 3, 1, 3, 1, 3], step), step)!;
    expect(s.sd).toBeGreaterThan(0.5);
    expect(s.changes).toBeGreaterThanOrEqual(6);
  });

  it('is undefined at a step over a day, or one a day is far from a whole number of', () => {
    expect(
      dailyRateSpread(
        sampled(Array(20).fill(2), DAY).filter((_, i) => i % 2 === 0),
        2 * DAY
      )
    ).toBeUndefined();
    expect(dailyRateSpread(new Float64Array(40).fill(1), (2 * DAY) / 3)).toBeUndefined();
  });
});

describe('time to exhaustion on daily values whose daily rate varies', () => {
  it('widens the interval at a step of a day too', async () => {
    const rand = mulberry32(3);
    const v = new Float64Array(40);
    let level = 100;
    for (let i = 0; i < v.length; i++) {
      level -= i % 2 === 0 ? 0.5 : 2.5;
      v[i] = level + 0.05 * (rand() - 0.5);
    }
    const series = { t: Float64Array.from(v, (_, i) => i * DAY), v };
    const at = (rateScale: number) =>
      withTteSettings({ rateScale }, async () =>
        timeToExhaustion(series, { capacity: 0, direction: 'down', horizon: 90 * DAY })
      );
    const without = await at(0);
    const shipped = await at(DEFAULT_TTE_SETTINGS.rateScale);
    expect(shipped.forecastStepSeconds).toBe(DAY / 1000);
    expect(shipped.seconds).toBe(without.seconds);
    expect(Number.isFinite(shipped.lower)).toBe(true);
    expect(shipped.lower).toBeLessThan(0.99 * without.lower);
  });
});

describe('dailyRateSpread with rows missing', () => {
  it('finds each window by time, so a gap of missing rows does not shift the daily phase', () => {
    const v = fill(Array(8).fill(2), 0.3);
    const t = Array.from(v, (_, i) => i * STEP);
    // Six hours of rows missing at midday on day 4 (a scrape outage: Prometheus returns no points),
    // outside every window: the same values must give the same spread.
    const keep = [...v.keys()].filter((i) => !(t[i] >= 3.5 * DAY && t[i] < 3.75 * DAY));
    const whole = spreadAt(t, v, STEP)!;
    const s = spreadAt(
      keep.map((i) => t[i]),
      keep.map((i) => v[i]),
      STEP
    )!;
    expect(s.changes).toBe(7);
    expect(s.sd).toBeCloseTo(whole.sd, 9);
  });
});

describe('time to exhaustion when the spread cannot be read', () => {
  // Before, the interval silently lacked this term; now the answer says so in its warnings.
  const tte = (t: Float64Array, v: Float64Array) =>
    timeToExhaustion({ t, v }, { capacity: 0, direction: 'down', horizon: 90 * DAY });

  it('warns on a segment under two days and a quarter, and not on a week', () => {
    const short = fill([2, 2], 0.3);
    const r = tte(
      Float64Array.from(short, (_, i) => i * STEP),
      short
    );
    expect(r.warnings).toContain(noRateSpreadWarning({ missing: 'days', spanMs: short.length * STEP - STEP }, STEP));
    // It names the span it read and what that span is: all the data it was given, here.
    expect(r.warnings).toContain(
      `the interval leaves out how the daily rate varies, which cannot be read from data shorter than two days and a quarter: it may be too narrow`
    );
    const week = fill(Array(7).fill(2), 0.3);
    const w = tte(
      Float64Array.from(week, (_, i) => i * STEP),
      week
    );
    expect(w.warnings.join()).not.toMatch(/daily rate varies/);
  });

  it('names the cause of too short a span: the segment since a reset, or the data and the limit that cut them', () =>
    // The week's tooth begins with the data and is carried by default (carryRate.ts carryPartialTooth,
    // the spliced segment then spans the week); this test is about a short segment alone.
    withTteSettings({ carryPartialTooth: 0 }, async () => {
      // A week of fill, then a cleanup 1.5 days before the end: the segment since the reset is short.
      const week = fill(Array(7).fill(2), 0.3);
      const cleanup = Math.round((5.5 * DAY) / STEP);
      for (let i = cleanup; i < week.length; i++) {
        week[i] += 40;
      }
      const r = tte(
        Float64Array.from(week, (_, i) => i * STEP),
        week
      );
      expect(r.resets).toBe(true);
      expect(r.warnings).toContain(
        'the interval leaves out how the daily rate varies, which cannot be read from the segment since the last reset, shorter than two days and a quarter: it may be too narrow'
      );
      // At 15 s the engine's 10,000 training points hold 41.7 h: the step, not a segment, is the cause.
      expect(
        noRateSpreadWarning({ missing: 'days', spanMs: 9_999 * 15_000 }, 15_000, {
          since: 'window',
          limit: 'the limit of 10,000 training points at a step of 15s',
        })
      ).toBe(
        'the interval leaves out how the daily rate varies, which cannot be read from data shorter than two days and a quarter ' +
          '(the limit of 10,000 training points at a step of 15s holds no more): it may be too narrow'
      );
    }));

  it('tells gaps at the time of day from a short span', () => {
    // Four days of 10-minute data, each day's last six hours missing but the last day's: the windows
    // a day before the end are empty.
    const v = fill([2, 2, 2, 2], 0.3);
    const n = v.length;
    for (let i = 0; i < n - 36; i++) {
      if ((n - 1 - i) % 144 < 36) {
        v[i] = NaN;
      }
    }
    const t = Float64Array.from(v, (_, i) => i * STEP);
    expect(readDailyRateSpread(t, v, STEP)).toEqual({ missing: 'gaps' });
    // Two whole days without gaps: too short, from the first value to the last.
    const two = fill([2, 2], 0.3);
    expect(readDailyRateSpread(t.subarray(0, two.length), two, STEP)).toEqual({ missing: 'days', spanMs: 287 * STEP });
  });

  it('warns at a step over a day', () => {
    // 60 values two days apart, falling 1 a step.
    const v = Float64Array.from({ length: 60 }, (_, i) => 100 - i + 0.05 * Math.sin(i));
    const r = tte(
      Float64Array.from(v, (_, i) => i * 2 * DAY),
      v
    );
    expect(r.forecastStepSeconds).toBe((2 * DAY) / 1000);
    expect(r.warnings).toContain(
      'the interval leaves out how the daily rate varies, which cannot be read at a step of 2d (it needs a day to be a whole number of steps): it may be too narrow'
    );
  });

  it('says nothing when the setting turns the term off', async () => {
    const short = fill([2, 2], 0.3);
    const r = await withTteSettings({ rateScale: 0 }, async () =>
      tte(
        Float64Array.from(short, (_, i) => i * STEP),
        short
      )
    );
    expect(r.warnings.join()).not.toMatch(/daily rate varies/);
  });
});
