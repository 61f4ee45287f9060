/**
 * Sustained incidents (issue 12, item 1): while the ensemble judges points anomalous its members do not
 * learn them, so an hour-long incident stays flagged and the band after it is the band before it; a
 * permanent level shift becomes the new normal after `adaptAfter`.
 */
import { Mulberry32 } from '../core/prng';
import { MlError } from '../types';
import { createDetector, detect } from './index';
import { ANOMALY_ALERT_SCORE } from '../../common/anomalyAlertScore';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 0, 1);
/** The shipped alert rules' threshold (`anomaly_score > 0.76 for 5m`); the issue's example rule used 0.9. */
const ALERT = ANOMALY_ALERT_SCORE;

/** CPU-like series at 1-minute steps: 25 % with a daily cycle of +-8 and noise of sd ~1. */
function cpu(days: number, seed = 3): { t: Float64Array; v: Float64Array } {
  const n = days * 1440;
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * MINUTE;
    const noise = (g.next() + g.next() + g.next() - 1.5) * 2;
    v[i] = 25 + 8 * Math.sin((2 * Math.PI * i) / 1440) + noise;
  }
  return { t, v };
}

function median(xs: ArrayLike<number>): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s[s.length >> 1];
}

function widths(r: { lower: Float64Array; upper: Float64Array }, from: number, to: number): number[] {
  const w: number[] = [];
  for (let i = from; i < to; i++) {
    w.push(r.upper[i] - r.lower[i]);
  }
  return w;
}

describe('ensemble during a sustained incident', () => {
  const s = cpu(3);
  const start = 2 * 1440 + 14 * 60; // day 3, 14:00
  const end = start + 60;
  for (let i = start; i < end; i++) {
    s.v[i] += 50;
  }
  const r = detect(s);

  it('keeps the score above the alert threshold for the whole hour', () => {
    const inside = Array.from(r.score.subarray(start, end));
    expect(Math.min(...inside)).toBeGreaterThan(ALERT);
    expect(Array.from(r.isAnomaly.subarray(start, end)).every((x) => x === 1)).toBe(true);
  });

  it('has the same band after the incident as before it (median width within 10 %)', () => {
    const before = median(widths(r, start - 60, start));
    const after = median(widths(r, end + 10, end + 70));
    expect(Math.abs(after / before - 1)).toBeLessThan(0.1);
  });

  it('does not flag the normal hour after the incident', () => {
    const flagged = Array.from(r.isAnomaly.subarray(end + 5, end + 65)).filter((x) => x === 1).length;
    expect(flagged).toBe(0);
  });

  it('without the protection (adaptAfter 0) the score fades within the hour', () => {
    const plain = detect(s, { adaptAfter: 0 });
    const inside = Array.from(plain.score.subarray(start, end));
    expect(inside.filter((x) => x > ALERT).length).toBeLessThan(30);
  });
});

describe('ensemble after a permanent level shift', () => {
  const s = cpu(3, 5);
  const start = 2 * 1440 + 10 * 60;
  for (let i = start; i < s.v.length; i++) {
    s.v[i] += 30;
  }

  it.each([
    ['the default (1 h)', undefined, HOUR],
    ['adaptAfter 3 h', 3 * HOUR, 3 * HOUR],
  ])('with %s: stays flagged until adaptAfter, then accepts the new level', (_label, adaptAfter, after) => {
    const r = detect(s, adaptAfter === undefined ? {} : { adaptAfter });
    const accept = start + after / MINUTE;
    const flagged = Array.from(r.score.subarray(start, accept));
    expect(Math.min(...flagged)).toBeGreaterThan(ALERT);
    // Within 15 minutes after adaptAfter the score is below the threshold, and it stays mostly there.
    const later = Array.from(r.score.subarray(accept + 15, accept + 6 * 60));
    expect(later.filter((x) => x > ALERT).length).toBeLessThan(later.length * 0.02);
    expect(later[0]).toBeLessThan(ALERT);
    // The band follows the new level.
    const i = accept + 60;
    expect(r.lower[i]).toBeLessThan(s.v[i]);
    expect(r.upper[i]).toBeGreaterThan(s.v[i]);
  });

  it('gives the same result in chunks and through a state round trip in the middle of the incident', () => {
    const batch = createDetector({}).update(s.t, s.v);
    const d = createDetector({});
    const cut = start + 20;
    const a = d.update(s.t.subarray(0, cut), s.v.subarray(0, cut));
    const resumed = createDetector({}, JSON.parse(JSON.stringify(d.getState())));
    const b = resumed.update(s.t.subarray(cut), s.v.subarray(cut));
    expect(Array.from(a.score).concat(Array.from(b.score))).toEqual(Array.from(batch.score));
    expect(Array.from(a.upper).concat(Array.from(b.upper))).toEqual(Array.from(batch.upper));
  });
});

describe('demo-like CPU saturations at 15-second steps', () => {
  // The demo's web-1: 0.12 + 0.45 x a daily load curve, noise sd ~0.015, three 40-minute saturations
  // at 0.93-0.98 (its query step here: the 15 s scrape interval).
  const step = 15_000;
  const day = 86_400_000;
  const n = (4 * day) / step;
  const g = new Mulberry32(9);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const incidents = [2 * day + 10 * HOUR, 2 * day + 20 * HOUR, 3 * day + 15 * HOUR].map((s) => [s, s + 40 * MINUTE]);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * step;
    const h = ((i * step) % day) / HOUR;
    const load = 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
    let x = 0.12 + 0.45 * load + 0.015 * (g.next() + g.next() + g.next() - 1.5) * 2;
    if (incidents.some(([a, b]) => i * step >= a && i * step < b)) {
      x = 0.93 + 0.05 * g.next();
    }
    v[i] = Math.min(1, Math.max(0, x));
  }
  const r = detect({ t, v });

  it.each(incidents.map(([a, b], k) => [k + 1, a / step, b / step]))(
    'saturation %d: score above the alert threshold throughout (so the shipped `for 5m` rule fires), same band after it',
    (_k, from, to) => {
      expect(Math.min(...Array.from(r.score.subarray(from, to)))).toBeGreaterThan(ALERT);
      const before = median(widths(r, from - 240, from));
      const after = median(widths(r, to + 40, to + 280));
      // The band is where the vote would flag a value, so it shows what the detector can still see.
      // After the third saturation (at the daily peak, with a 4-hour window at 15 s) the Prophet-style
      // member's trend line runs on from the incident and its vote needs a larger deviation: the
      // band is about 20 % wider than the hour before (the scale band, which hid this, moved 4 %).
      // Learning the saturation would widen it several times over.
      expect(Math.abs(after / before - 1)).toBeLessThan(0.25);
    }
  );
});

describe('adaptAfter option', () => {
  it('rejects a negative or absurd duration', () => {
    for (const bad of [-1, NaN, 31 * 86_400_000]) {
      let err: unknown;
      try {
        createDetector({ adaptAfter: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MlError);
      expect((err as MlError).code).toBe('bad_input');
    }
  });
});
