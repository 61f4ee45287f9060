import type { TimeToExhaustion } from '../../ml/tte';
import { formatP, tteReadout } from './readouts';

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
      text: 'not full within 7.0 d',
      severity: 'ok',
    });
    expect(
      tteReadout({ ...base, seconds: Infinity, lower: 12 * H, upper: Infinity }, 'up', WEEK_MS, '1d', '7d')
    ).toEqual({
      text: 'not full within 7.0 d (possible in 12.0 h)',
      severity: 'warning',
    });
  });
  it('says "full now" when already exceeded', () => {
    expect(
      tteReadout({ ...base, alreadyExceeded: true, seconds: 0, lower: 0, upper: 0 }, 'up', WEEK_MS, '1d', '7d').text
    ).toBe('full now');
  });
});

describe('formatP', () => {
  it('rounds to two significant digits and floors at 0.001', () => {
    expect(formatP(0.0421)).toBe('p = 0.042');
    expect(formatP(0.00001)).toBe('p < 0.001');
  });
});
