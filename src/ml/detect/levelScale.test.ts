/**
 * Count noise grows with the level (levelScale.ts): on Poisson counts with a daily cycle the band is
 * narrow at the quiet hours and wide at the busy ones, so a burst at night is flagged; on the same
 * series off the integers (not counts) the scale stays constant, as before.
 */
import { Mulberry32 } from '../core/prng';
import { detect } from './index';

const STEP = 5 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const DAYS = 10;

/** Mean count per 5 minutes: 4 at night, 60 at the afternoon peak. */
function rate(t: number): number {
  const h = (t % DAY) / 3_600_000;
  return 4 + 56 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24));
}

/** Poisson draw (Knuth; means here stay below 100). */
function poisson(g: Mulberry32, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1 - g.next();
  while (p > limit) {
    k++;
    p *= 1 - g.next();
  }
  return k;
}

/** Counts per 5 minutes for DAYS days; on the last day, 3:00-4:00 holds a burst at 5x the night's rate. */
function counts(seed: number): { t: Float64Array; v: Float64Array; burst: [number, number] } {
  const n = (DAYS * DAY) / STEP;
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const from = ((DAYS - 1) * DAY + 3 * 3_600_000) / STEP;
  const to = from + 12;
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * STEP;
    v[i] = poisson(g, (i >= from && i < to ? 5 : 1) * rate(t[i]));
  }
  return { t, v, burst: [from, to] };
}

/** Median band width at the quietest (3:00) and busiest (15:00) hour of days 7 and 8. */
function widths(r: ReturnType<typeof detect>): { quiet: number; busy: number } {
  const at = (hour: number) => {
    const w: number[] = [];
    for (const day of [7, 8]) {
      const i0 = (day * DAY + hour * 3_600_000) / STEP;
      for (let i = i0; i < i0 + 12; i++) {
        w.push(r.upper[i] - r.lower[i]);
      }
    }
    w.sort((a, b) => a - b);
    return w[w.length >> 1];
  };
  return { quiet: at(3), busy: at(15) };
}

describe('level-dependent scale on counts', () => {
  const s = counts(3);
  const r = detect(s);

  it('draws a band that is wider at the busy hours than at the quiet ones', () => {
    const w = widths(r);
    // Poisson noise: sqrt(60 / 4), about 3.9 times; a constant scale gives about 1.
    expect(w.busy / w.quiet).toBeGreaterThan(2);
  });

  it('flags a burst at night that a constant scale hides among the busy hours', () => {
    const [from, to] = s.burst;
    let flagged = 0;
    for (let i = from; i < to; i++) {
      flagged += r.isAnomaly[i];
    }
    expect(flagged).toBeGreaterThanOrEqual(10);
  });

  it('keeps a constant scale where the values are not counts', () => {
    const off = detect({ t: s.t, v: Float64Array.from(s.v, (x) => x + 0.5) });
    const w = widths(off);
    // The band still varies a little with the calibration (1.7 here), far from the counts' ratio.
    expect(w.busy / w.quiet).toBeLessThan(2);
  });
});
