import type { TimeToExhaustion } from '../../ml/tte';
import { gateReadout, tteReadout } from '../../panels/forecast/readouts';
import { exhaustionText, tierOf } from './format';
import { trendText } from './trendPhrase';

const H = 3600;
const D = 86400;
// A process' memory against a number (a usage rising to it), free bytes, a container's limit − working set.
const MEMORY = { unit: 'bytes', kind: 'other', direction: 'up' } as const;
const DISK = { unit: 'bytes', kind: 'filesystem', direction: 'down' } as const;
const HEADROOM = { unit: 'bytes', kind: 'other', direction: 'down' } as const;

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
    expect(exhaustionText(12 * D, 11 * D, 13.5 * D)).toBe('full in 12.0 d (11.0–13.5 d)');
    expect(exhaustionText(0, 0, 0)).toBe('full now');
    expect(exhaustionText(Infinity, Infinity, Infinity)).toBe('not within 30 d');
    expect(exhaustionText(NaN, NaN, NaN)).toBe('no trend');
    // Both +Inf: the engine's verdict tells a trend that gets there later from none at all.
    expect(exhaustionText(Infinity, 20 * D, Infinity, 'beyond_horizon')).toBe('not within 30 d');
    expect(exhaustionText(Infinity, 20 * D, Infinity, 'no_trend')).toBe('no trend');
    expect(exhaustionText(Infinity, NaN, Infinity, 'no_trend')).toBe('no trend');
    expect(exhaustionText(12 * D, 11 * D, 13.5 * D, 'within')).toBe('full in 12.0 d (11.0–13.5 d)');
    // A leak whose restarts recur clear of the limit (the demo's api-1 against 1 GB): the trend cell
    // beside reads "leak between resets that recur clear of the limit, +144 MB/day, p < 0.001", so the
    // time says why there is none instead of "no trend".
    expect(exhaustionText(Infinity, NaN, Infinity, 'no_trend', { significant: true }, true)).toBe(
      'not full before the next reset'
    );
    expect(exhaustionText(Infinity, NaN, Infinity, 'no_trend', { significant: false }, true)).toBe('no trend');
    // One reset seen (src/ml/tte oneRestart.ts, the companion's resetsSeen 1): a guess that it recurs,
    // hedged as the panel hedges it, never the clockwork wording above.
    expect(exhaustionText(Infinity, NaN, Infinity, 'no_trend', { significant: true }, true, 1)).toBe(
      'not full before the next reset, if one comes (one seen)'
    );
    // Without a reset in the window the same answer is a growth under a daily cycle that the plain test
    // beside the forecast did not call significant (the engine's 'no_trend' with its across-days gate
    // significant, src/ml/tte): no reset comes first; it reads as the significant trend it is.
    expect(exhaustionText(Infinity, NaN, Infinity, 'no_trend', { significant: true }, false)).toBe('not within 30 d');
    expect(tierOf(Infinity, 'no_trend')).toBe('none');
    expect(tierOf(Infinity, 'beyond_horizon')).toBe('ok');
    expect(exhaustionText(5 * H, 4 * H, Infinity)).toBe('full in 5.0 h (4.0 h or later)');
    // An unknown bound is a question mark, never a number.
    expect(exhaustionText(5 * H, NaN, 6 * H)).toBe('full in 5.0 h (?–6.0 h)');
  });

  it('prints a time to exhaustion as the forecast panel does, digit for digit', () => {
    // The demo's disk once read "38 h" here and "1.44 d" on the panel.
    const cases: Array<[number, number, number]> = [
      [38 * H, 37.5 * H, 38.6 * H],
      [34.56 * H, 34.5 * H, 34.6 * H],
      [12.04 * D, 11.98 * D, 12.09 * D],
      [2.3 * D, 2.2 * D, Infinity],
      [45 * 60, 40 * 60, 50 * 60],
      [150 * D, 140 * D, 160 * D],
    ];
    for (const [seconds, lower, upper] of cases) {
      const r = { seconds, lower, upper, alreadyExceeded: false } as TimeToExhaustion;
      expect(exhaustionText(seconds, lower, upper)).toBe(tteReadout(r, 'up', 30 * D * 1000, '4h', '2d').text);
    }
    expect(exhaustionText(38 * H, 37.5 * H, 38.6 * H)).toBe('full in 38.0 h (37.5–38.6 h)');
  });

  const gate = (slope: number, pValue: number, acrossDays = true) => ({
    slope,
    pValue,
    alpha: 0.005,
    acrossDays,
    significant: pValue < 0.005,
  });

  it("states time to exhaustion's own trend test with its verdict, in the series unit, as the forecast panel does", () => {
    expect(trendText(gate(-336926, 1e-9), 'within', DISK)).toBe(
      'filling, free space falling 29.1 GB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)'
    );
    expect(trendText(gate(1700, 0.0004, false), 'within', MEMORY)).toBe(
      'leak, usage rising 147 MB/day, p < 0.001 (one-sided at 0.5 %)'
    );
    // The demo's api-2 once read "no trend" beside "leak, +1.25 MB/day, p = 0.0054" (another test).
    expect(trendText(gate(14.5, 0.0054), 'no_trend', MEMORY)).toBe(
      'no trend toward the limit, usage rising 1.25 MB/day, p = 0.0054 (one-sided at 0.5 %, across daily cycles)'
    );
    expect(trendText(undefined, undefined, MEMORY)).toBe('no trend test (too little data)');
    expect(trendText(gate(-336926, 1e-9), 'within', DISK, true)).toBe(
      'filling, free space falling 29.1 GB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles), since the last reset'
    );
    // Log rotation: significant since the last reset, but the resets recur clear of the limit.
    expect(trendText(gate(-336926, 1e-9), 'no_trend', DISK, true)).toMatch(
      /^filling between resets that recur clear of the limit, /
    );
    // No reset in the window: a growth under a daily cycle, never "between resets".
    expect(trendText(gate(1700, 1e-9), 'no_trend', MEMORY, false)).toBe(
      'leak, usage rising 147 MB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)'
    );
    // The same slope and p-value on the panel (three days of data, a decbytes field).
    const r = {
      slopePerSecond: 1700,
      gate: { ...gate(1700, 0.0004), slopePerSecond: 1700 },
      verdict: 'within',
    } as unknown as TimeToExhaustion;
    expect(trendText(gate(1700, 0.0004), 'within', MEMORY)).toBe(
      `leak, usage rising ${gateReadout(r, 'decbytes', 3 * D * 1000).text.replace(/^\+/, '')}`
    );
  });

  it('prints a rate without a unit as a plain number, never with a bytes-like prefix alone', () => {
    // Before: "+130 M/d" for a user pair of memory bytes; a unitless series reads as Grafana's "short".
    expect(trendText(gate(1500, 1e-6, false), 'within', { unit: 'none', kind: 'other', direction: 'up' })).toBe(
      'leak, usage rising 130 Mil/day, p < 0.001 (one-sided at 0.5 %)'
    );
  });

  it('says what the series does, so a leak of headroom reads as headroom falling, never as a leak with a minus sign', () => {
    // The demo's store/cart container (limit − working set) read "leak, −37.6 MB/day".
    expect(trendText(gate(-435, 1e-9), 'within', HEADROOM)).toBe(
      'leak, headroom falling 37.6 MB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)'
    );
    // Headroom that grows is no trend toward the limit, and reads as rising.
    expect(trendText(gate(435, 0.9), 'no_trend', HEADROOM)).toMatch(/^no trend toward the limit, headroom rising 37.6 MB\/day, /);
    expect(trendText(gate(0, 0.9), 'no_trend', DISK)).toMatch(/^no trend toward the limit, free space flat, p = /);
    // No row kind prints a signed rate.
    for (const subject of [MEMORY, DISK, HEADROOM]) {
      for (const slope of [-1700, 1700]) {
        expect(trendText(gate(slope, 1e-9), 'within', subject)).not.toMatch(/[+−]\d/);
      }
    }
  });

  it('calls a filesystem that keeps growing "filling", not a leak', () => {
    expect(trendText(gate(-336926, 1e-9), 'within', DISK)).toMatch(/^filling, free space falling 29.1 GB\/day/);
    expect(trendText(gate(1700, 0.0004), 'within', MEMORY)).toMatch(/^leak, /);
  });
});
