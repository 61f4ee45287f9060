import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { PanelSeries } from '../../components/charts/panelSeries';
import { pointReadout, seriesReadout, thinBandText, tteReadout } from './readouts';
import { DEFAULT_OPTIONS } from './types';
import { DENIED_CROSSING, DENIED_CROSSING_CODE } from './engineCalls';
import { tierOf } from '../../pages/home/format';

const H = 3600;
const base = {
  confidence: 0.9,
  model: 'linear',
  alreadyExceeded: false,
  withinHorizon: true,
  slopePerSecond: 1,
  segmentStart: 0,
  resets: false,
  lastValue: 1,
} as unknown as TimeToExhaustion;
const WEEK_MS = 7 * 86_400_000;

describe('tteReadout', () => {
  it("colours as the home page with the default options: the shipped alert tiers' windows (4 h, 2 d, 30 d)", () => {
    // The demo's disk: the home page coloured 11.6 d blue (info) while the panel coloured 11.5 d green.
    const at = (days: number) =>
      tteReadout(
        { ...base, seconds: days * 86400, lower: days * 86400, upper: days * 86400 },
        'down',
        WEEK_MS,
        DEFAULT_OPTIONS.critical,
        DEFAULT_OPTIONS.warning
      ).severity;
    for (const days of [0.1, 0.2, 1, 3, 11.5, 29]) {
      expect([days, at(days)]).toEqual([days, tierOf(days * 86400)]);
    }
    expect([at(0.1), at(1), at(11.5)]).toEqual(['critical', 'warning', 'info']);
  });

  it('reads "full in 3.2 d (2.5–4.1 d)" and is a warning between 1d and 7d', () => {
    const r = tteReadout({ ...base, seconds: 76.8 * H, lower: 60 * H, upper: 98.4 * H }, 'up', WEEK_MS, '1d', '7d');
    expect(r).toEqual({ text: 'full in 3.2 d (2.5–4.1 d)', severity: 'warning' });
  });
  it('is critical inside the critical threshold and says "exhausted" for a floor', () => {
    expect(tteReadout({ ...base, seconds: 5 * H, lower: 4 * H, upper: 6 * H }, 'down', WEEK_MS, '1d', '7d')).toEqual({
      text: 'exhausted in 5.0 h (4.0–6.0 h)',
      severity: 'critical',
    });
  });
  it('says when the limit is not reached within the horizon, or only by the pessimistic edge', () => {
    expect(
      tteReadout({ ...base, seconds: Infinity, lower: Infinity, upper: Infinity }, 'up', WEEK_MS, '1d', '7d')
    ).toEqual({
      text: 'not full within 7 d',
      severity: 'ok',
    });
    expect(
      tteReadout({ ...base, seconds: Infinity, lower: 12 * H, upper: Infinity }, 'up', WEEK_MS, '1d', '7d')
    ).toEqual({
      text: 'not full within 7 d (possible in 12.0 h)',
      severity: 'warning',
    });
  });
  it('says the next reset comes first, never "no trend", beside a significant trend whose resets recur clear of the limit', () => {
    // Before: "not full within 30 d: no trend toward the limit" beside "+144 MB/day, p < 0.001".
    const gate = { slopePerSecond: 14.5, pValue: 1e-6, alpha: 0.005, acrossDays: true, significant: true };
    const recurring = {
      ...base,
      seconds: Infinity,
      lower: Infinity,
      upper: Infinity,
      verdict: 'no_trend',
      gate,
    } as TimeToExhaustion;
    expect(tteReadout({ ...recurring, resetPeriodSeconds: 3.5 * 86400 }, 'up', WEEK_MS, '1d', '7d')).toEqual({
      text: 'not full before the next reset (resets recur every 3.5 d)',
      severity: 'ok',
    });
    // One reset seen (src/ml/tte oneRestart.ts): no spacing is claimed from it.
    expect(
      tteReadout({ ...recurring, resetPeriodSeconds: 2 * 86400, resetsSeen: 1 }, 'up', WEEK_MS, '1d', '7d').text
    ).toBe('not full before the next reset, if one comes (one seen)');
    expect(
      tteReadout({ ...recurring, gate: { ...gate, pValue: 0.4, significant: false } }, 'up', WEEK_MS, '1d', '7d').text
    ).toBe('not full within 7 d: no trend toward the limit');
    // No recurring resets (a growth under a daily cycle: the across-days gate significant, the plain
    // test not, so the engine answers 'no_trend'): no next reset to speak of, and no "no trend" either.
    expect(tteReadout(recurring, 'up', WEEK_MS, '1d', '7d').text).toBe('not full within 7 d');
  });
  it('says "full now" when already exceeded', () => {
    expect(
      tteReadout({ ...base, alreadyExceeded: true, seconds: 0, lower: 0, upper: 0 }, 'up', WEEK_MS, '1d', '7d').text
    ).toBe('full now');
  });
});

describe('seriesReadout', () => {
  // Three days of hourly samples.
  const series: PanelSeries = {
    name: 'used',
    t: Float64Array.from({ length: 73 }, (_, i) => i * H * 1000),
    v: new Float64Array(73),
    unit: 'decbytes',
    derived: {},
  };
  const forecast = { ok: true as const, value: { model: 'linear', level: 0.95 } as ForecastResult };
  const trend = {
    ok: true as const,
    value: { leak: true, slopePerSecond: 1e6, slopePerHour: 3.6e9, pValue: 0.0001 } as LeakResult,
  };
  const options = { ...DEFAULT_OPTIONS, horizon: '10d', direction: 'down' as const, critical: '1d', warning: '7d' };

  it('puts the interval, the model in plain words, the time to exhaustion and the trend on one line', () => {
    // Without a time to exhaustion, the window's trend test.
    expect(seriesReadout(series, { forecast, trend }, options)).toEqual({
      interval: '95 % interval',
      model: 'straight line, chosen automatically',
      // 1 MB/s over three days of data: per day.
      trend: '+86.4 GB/day, p < 0.001',
      leak: true,
      leakLabel: 'leak suspected',
      errors: [],
    });
  });

  it('lists a forecast withheld beside no trend toward the limit as a note, not an error', () => {
    // The demo's api-1 memory against 1 GB: before, "forecast: not drawn: …" stood in the error line.
    const gate = { slopePerSecond: 1, pValue: 0.2, alpha: 0.005, acrossDays: true, significant: false };
    const tte = {
      ok: true as const,
      value: {
        ...base,
        seconds: Infinity,
        lower: 5 * 86400,
        upper: Infinity,
        verdict: 'no_trend',
        gate,
      } as TimeToExhaustion,
    };
    const withheld = { ok: false as const, code: DENIED_CROSSING_CODE, message: DENIED_CROSSING };
    const r = seriesReadout(series, { forecast: withheld, tte }, options);
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([`forecast ${DENIED_CROSSING}`]);
    expect(r.tte).toBe('not exhausted within 10 d (possible in 5.0 d)');
    // A real failure stays an error.
    const failed = { ok: false as const, code: 'bad_input', message: 'horizon "x" is not a duration' };
    expect(seriesReadout(series, { forecast: failed, tte }, options)).toMatchObject({
      errors: ['forecast: horizon "x" is not a duration'],
    });
  });

  it("beside a time to exhaustion, prints the trend test it used, never a leak beside its 'no trend'", () => {
    // Before: "not exhausted within 10 d" beside "leak suspected" from the window's own test (two-sided
    // at 1 %), where time to exhaustion's test (one-sided at 0.5 %, across daily cycles) found none.
    const gate = { slopePerSecond: 14.5, pValue: 0.011, alpha: 0.005, acrossDays: true, significant: false };
    const none = {
      ok: true as const,
      value: {
        ...base,
        seconds: Infinity,
        lower: Infinity,
        upper: Infinity,
        verdict: 'no_trend',
        slopePerSecond: 14.5,
        gate,
      } as TimeToExhaustion,
    };
    const trendOf = (slopePerSecond: number) => ({ ok: true as const, value: { ...trend.value, slopePerSecond } });
    expect(seriesReadout(series, { forecast, tte: none, trend: trendOf(14.5) }, options)).toEqual({
      interval: '95 % interval',
      model: 'straight line, chosen automatically',
      tte: 'not exhausted within 10 d: no trend toward the limit',
      tteSeconds: Infinity,
      severity: 'ok',
      trend: '+1.25 MB/day, p = 0.011 (one-sided at 0.5 %, across daily cycles)',
      leak: false,
      errors: [],
    });
    const fills = {
      ok: true as const,
      value: {
        ...none.value,
        verdict: 'beyond_horizon',
        gate: { ...gate, pValue: 1e-5, significant: true },
      } as TimeToExhaustion,
    };
    expect(
      seriesReadout(
        series,
        { forecast, tte: fills, trend: { ...trend, value: { ...trend.value, slopePerSecond: 14.5, leak: false } } },
        options
      )
    ).toMatchObject({
      trend: '+1.25 MB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)',
      leak: true,
      leakLabel: 'leak suspected',
    });
  });

  it("prints time to exhaustion's own slope beside it, the home page's figure for the same series", () => {
    // The demo's db-1 disk at a 30-minute step: the home page printed the time's own slope (its gate,
    // 384101 B/s, "33.2 GB/day") where the panel printed trend_slope's seasonal estimate (380238 B/s,
    // "32.9 GB/day"): one test, two estimators.
    const within = {
      ok: true as const,
      value: {
        ...base,
        seconds: 11.5 * 86_400,
        lower: 7 * 86_400,
        upper: Infinity,
        verdict: 'within',
        slopePerSecond: 384101,
        gate: { slopePerSecond: 384101, pValue: 1e-9, alpha: 0.005, acrossDays: true, significant: true },
      } as TimeToExhaustion,
    };
    const sen = { ok: true as const, value: { ...trend.value, slopePerSecond: 380238 } };
    const r = seriesReadout(
      series,
      { forecast, tte: within, trend: sen },
      { ...options, direction: 'up', horizon: '30d' }
    );
    expect(r.trend).toBe('+33.2 GB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)');
    // The same without a trend call (the panel makes none beside a time to exhaustion).
    expect(seriesReadout(series, { forecast, tte: within }, options).trend).toBe(r.trend);
  });

  it('says a filesystem that keeps growing is "filling", not a leak', () => {
    const disk = { ...series, labels: { instance: 'db-1:9100', mountpoint: '/var/lib/postgresql' } };
    expect(seriesReadout(disk, { forecast, trend }, options)).toMatchObject({ leak: true, leakLabel: 'filling' });
    const memory = { ...series, labels: { __name__: 'process_resident_memory_bytes', instance: 'api-1:8080' } };
    expect(seriesReadout(memory, { forecast, trend }, options)).toMatchObject({
      leak: true,
      leakLabel: 'leak suspected',
    });
  });

  it('names each part that failed instead of showing it', () => {
    const fail = (message: string) => ({ ok: false as const, code: 'engine', message });
    expect(
      seriesReadout(
        series,
        { forecast: fail('singular fit'), tte: fail('no capacity'), trend: fail('too few') },
        options
      )
    ).toEqual({
      leak: false,
      errors: ['forecast: singular fit', 'time to exhaustion: no capacity', 'trend: too few'],
    });
  });

  it('leaves out what was not asked for', () => {
    expect(seriesReadout(series, { forecast }, options)).toEqual({
      interval: '95 % interval',
      model: 'straight line, chosen automatically',
      leak: false,
      errors: [],
    });
  });
});

describe('pointReadout', () => {
  it('shows the observed value, else the forecast with its interval, else a dash', () => {
    expect(pointReadout(1500, undefined, undefined, undefined, 'decbytes')).toBe('1.50 kB');
    expect(pointReadout(null, 2500, 1500, 3500, 'decbytes')).toBe('forecast 2.50 kB (1.50 kB – 3.50 kB)');
    expect(pointReadout(undefined, null, null, null)).toBe('–');
  });
});

describe("the forecast's legend names no model id", () => {
  const series: PanelSeries = { name: 'used', t: new Float64Array([0, 1000]), v: new Float64Array(2), derived: {} };
  const of = (model: string) => ({ ok: true as const, value: { model, level: 0.95 } as ForecastResult });

  it.each([
    ['seasonal_line', 'auto', 'seasonal + line, chosen automatically'],
    ['combination', 'auto', 'median of the three best simple models, chosen automatically'],
    ['holtwinters', 'holtwinters', 'Holt-Winters'],
  ])('%s (asked %s) reads "%s"; the band is "95 %% interval"', (id, asked, words) => {
    // The SRE walk-through: "seasonal_line, 95 % interval" and "combination" in the legend.
    const r = seriesReadout(series, { forecast: of(id) }, { ...DEFAULT_OPTIONS, model: asked as 'auto' });
    expect(r.interval).toBe('95 % interval');
    expect(r.model).toBe(words);
  });
});

describe('thinBandText', () => {
  const f = (half: number) => ({
    yhat: Float64Array.from([100e9, 110e9, 120e9]),
    lower: Float64Array.from([100e9 - half / 2, 110e9 - half, 120e9 - half]),
    upper: Float64Array.from([100e9 + half / 2, 110e9 + half, 120e9 + half]),
    level: 0.95,
  });
  // 500 GB over 300 px: 1 px is 1.67 GB.
  const pixelsPerUnit = 300 / 500e9;

  it("gives the band's widest distance from the forecast when it is under 2 px", () => {
    // A band of ±0.4 GB on a 500 GB axis, not drawn and, before, not said.
    expect(thinBandText(f(0.4e9), pixelsPerUnit, 'decbytes')).toBe(
      '95 % interval ±400 MB, too narrow to see at this scale'
    );
  });

  it('says nothing of a band that shows, or that has no width at all', () => {
    expect(thinBandText(f(5e9), pixelsPerUnit, 'decbytes')).toBeUndefined();
    const none = { ...f(0), lower: new Float64Array(3).fill(NaN), upper: new Float64Array(3).fill(NaN) };
    expect(thinBandText(none, pixelsPerUnit, 'decbytes')).toBeUndefined();
  });

  it('calls a zero-width interval (a constant series) that, not a matter of scale', () => {
    expect(thinBandText(f(0), pixelsPerUnit, 'decbytes')).toBe('95 % interval of zero width');
  });
});
