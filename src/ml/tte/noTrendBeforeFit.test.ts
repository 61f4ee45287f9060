/**
 * noTrendBeforeFit answers without a forecast only where the full timeToExhaustion answers 'no_trend'
 * with +Infinity, whatever the forecast: compared over many generated series (flat, trending toward
 * and away from the limit at every strength around the gate's threshold, daily cycles, resets, log
 * rotation, level shifts, gaps, short and constant segments, limits already reached) in both
 * directions, under each gate mode of settings.ts, and for refused options.
 */
import { mulberry32 } from '../core/prng';
import { MlError, Series } from '../types';
import { noTrendBeforeFit, timeToExhaustion, timeToExhaustionBeforeFit, TimeToExhaustionOptions } from './index';
import { withTteSettings } from './settings';

const HOUR = 3_600_000;
const MIN = 60_000;

interface Case {
  name: string;
  series: Series;
  options: TimeToExhaustionOptions;
}

/** A standard normal draw from `rand` (Box-Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const SHAPES = ['flat', 'trend', 'daily', 'resets', 'rotation', 'shift', 'gaps', 'short', 'constant', 'reached'] as const;

/** One generated case: shape `shape`, drawn from `rand`. */
function generate(shape: (typeof SHAPES)[number], rand: () => number, k: number): Case {
  const step = rand() < 0.7 ? HOUR : 15 * MIN;
  const n = shape === 'short' ? 3 + Math.floor(rand() * 5) : 24 + Math.floor(rand() * 200);
  const direction = rand() < 0.5 ? 'down' : 'up';
  const sign = direction === 'up' ? 1 : -1;
  const start = 50 + 20 * rand();
  const noise = 0.05 + 2 * rand();
  // Slopes per point from well away from the limit to well toward it, many near the gate's threshold.
  const slope = (rand() - 0.4) * noise * (rand() < 0.5 ? 0.05 : 0.6);
  const v = new Float64Array(n);
  const every = 12 + Math.floor(rand() * 24);
  const shiftAt = Math.floor(n * (0.3 + 0.5 * rand()));
  for (let i = 0; i < n; i++) {
    let x = start + sign * slope * i + noise * normal(rand);
    if (shape === 'flat' || shape === 'short') {
      x = start + noise * normal(rand);
    } else if (shape === 'daily') {
      x += 5 * noise * Math.sin((2 * Math.PI * i * step) / (24 * HOUR));
    } else if (shape === 'resets' && i > n / 2) {
      x -= sign * 30;
    } else if (shape === 'rotation') {
      x = start + sign * (Math.abs(slope) + 0.2) * (i % every) + 0.1 * noise * normal(rand);
    } else if (shape === 'shift' && i >= shiftAt) {
      x += sign * 25;
    } else if (shape === 'constant') {
      x = start;
    }
    v[i] = shape === 'gaps' && rand() < 0.3 ? NaN : x;
  }
  const last = v[n - 1];
  const far = 10 + 200 * rand();
  const capacity =
    shape === 'reached'
      ? last - sign * rand() // at or just past the last value
      : Number.isFinite(last)
        ? last + sign * far
        : start + sign * (far + 50);
  const options: TimeToExhaustionOptions = {
    capacity,
    direction,
    ...(rand() < 0.3 ? { model: (['linear', 'theilsen', 'holtwinters', 'nope' as never] as const)[k % 4] } : {}),
    ...(rand() < 0.3 ? { horizon: (1 + Math.floor(rand() * 60)) * 86_400_000 } : {}),
  };
  return { name: `${shape} #${k}`, series: { t: Float64Array.from({ length: n }, (_, i) => i * step), v }, options };
}

/** The answer or the refusal, as comparable values. */
function attempt<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof MlError)) {
      throw e;
    }
    return { error: `${e.code}: ${e.message}` };
  }
}

/** Compares both paths on every case; returns how many the shortcut decided and how many it left to the fit. */
function compare(cases: Case[]): { decided: number; fitted: number; refused: number } {
  let decided = 0;
  let fitted = 0;
  let refused = 0;
  for (const c of cases) {
    const quick = attempt(() => noTrendBeforeFit(c.series, c.options));
    const full = attempt(() => timeToExhaustion(c.series, c.options));
    if (quick.error !== undefined || (full.error !== undefined && quick.value !== undefined)) {
      // A refusal before the fit is the same on both paths, and a decided row is never one the fit refuses.
      expect({ case: c.name, error: quick.error }).toEqual({ case: c.name, error: full.error });
    }
    if (full.error !== undefined) {
      // Left to the full path, which refuses it.
      refused++;
      continue;
    }
    const q = quick.value;
    const f = full.value!;
    if (q === undefined) {
      fitted++;
      continue;
    }
    decided++;
    const { verdict, seconds, upper, trend, slopePerSecond, sensSlopeSeconds, segmentStart, resets, levelShiftAt, lastValue, gate } = f;
    expect({ case: c.name, ...q }).toEqual({
      case: c.name,
      verdict,
      seconds,
      upper,
      trend,
      slopePerSecond,
      sensSlopeSeconds,
      segmentStart,
      resets,
      lastValue,
      gate,
      ...(levelShiftAt !== undefined ? { levelShiftAt } : {}),
    });
  }
  return { decided, fitted, refused };
}

function cases(seed: number, perShape: number): Case[] {
  const rand = mulberry32(seed);
  return SHAPES.flatMap((shape) => Array.from({ length: perShape }, (_, k) => generate(shape, rand, k)));
}

describe('noTrendBeforeFit', () => {
  it('decides only rows the full path answers no_trend with +Infinity, over generated series', () => {
    const n = compare(cases(19, 40));
    if (process.env.BW_SHOW_COUNTS) {
      process.stdout.write(`${JSON.stringify(n)}\n`);
    }
    // Both paths are exercised: rows decided without a fit, rows that need it, and refusals.
    expect(n.decided).toBeGreaterThan(50);
    expect(n.fitted).toBeGreaterThan(50);
    expect(n.refused).toBeGreaterThan(0);
  });

  it.each([0, 1, 2])('agrees with the full path under gate mode %i', async (gateMode) => {
    const n = await withTteSettings({ gateMode }, async () => compare(cases(100 + gateMode, 12)));
    expect(n.decided).toBeGreaterThan(5);
    expect(n.fitted).toBeGreaterThan(5);
  });

  it('timeToExhaustionBeforeFit answers exactly as noTrendBeforeFit, else timeToExhaustion', () => {
    let decided = 0;
    let fitted = 0;
    for (const c of cases(23, 12)) {
      const one = attempt(() => timeToExhaustionBeforeFit(c.series, c.options));
      const two = attempt(() => noTrendBeforeFit(c.series, c.options) ?? timeToExhaustion(c.series, c.options));
      expect({ case: c.name, ...one }).toStrictEqual({ case: c.name, ...two });
      if (one.value && 'lower' in one.value) {
        fitted++;
      } else if (one.value) {
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(10);
    expect(fitted).toBeGreaterThan(10);
  });

  it('leaves a fill with a significant trend toward the limit, and a reached limit, to the full path', () => {
    const t = Float64Array.from({ length: 72 }, (_, i) => i * HOUR);
    const falling = { t, v: Float64Array.from({ length: 72 }, (_, i) => 100 - i + Math.sin(i)) };
    expect(noTrendBeforeFit(falling, { capacity: 0, direction: 'down' })).toBeUndefined();
    expect(timeToExhaustion(falling, { capacity: 0, direction: 'down' }).verdict).toBe('within');
    expect(noTrendBeforeFit(falling, { capacity: 40, direction: 'down' })).toBeUndefined();
  });

  it('refuses the options the forecaster refuses, as the full path does', () => {
    const t = Float64Array.from({ length: 72 }, (_, i) => i * HOUR);
    const flat = { t, v: Float64Array.from({ length: 72 }, (_, i) => 50 + Math.sin(i * 1.7)) };
    for (const options of [
      { capacity: 0, direction: 'down' as const, model: 'nope' as never },
      { capacity: 0, direction: 'down' as const, level: 1.5 },
      { capacity: 0, direction: 'down' as const, season: -2 },
    ]) {
      const quick = attempt(() => noTrendBeforeFit(flat, options));
      expect(quick.error).toBeDefined();
      expect(quick.error).toBe(attempt(() => timeToExhaustion(flat, options)).error);
    }
  });
});
