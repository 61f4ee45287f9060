/**
 * Short series are judged from the earliest point the documented rule gives (warmupPointsFor: the
 * provisional ensemble's warm-up, src/ml/detect/registry.ts EnsembleDetector), on the engine's path
 * (detectSeries: `bellwether detect`, the companion, the panel) as in detect(); the regular ensemble
 * takes over unchanged; gaps neither crash nor drop judgements silently.
 */
import { detect, warmupPointsFor } from '../ml/detect';
import { resolveOptions } from '../ml/detect/options';
import { EnsembleDetector } from '../ml/detect/registry';
import { detectSeries } from './detectSeries';

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A daily cycle with a deterministic wiggle, sampled every `step` ms. */
function series(n: number, step: number): { t: Float64Array; v: Float64Array } {
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * step);
  const v = Float64Array.from(
    t,
    (x, i) => 50 + 10 * Math.sin((2 * Math.PI * (x - T0)) / DAY) + 2 * Math.sin(i * 2.399963)
  );
  return { t, v };
}

const firstFinite = (a: ArrayLike<number>) => Array.prototype.findIndex.call(a, (x: number) => Number.isFinite(x));

describe.each([
  ['700 points at 5 min', 700, 5 * MIN, 330],
  ['300 points hourly', 300, HOUR, 130],
])('%s', (_label, n, step, index) => {
  it(`is judged from index ${index}, the documented first judged point, on every later point`, async () => {
    expect(warmupPointsFor({}, step)).toBe(index);
    const s = series(n, step);
    const engine = await detectSeries(s.t, s.v, step, {});
    expect(firstFinite(engine.score)).toBe(index);
    expect(engine.score.slice(index).every((x) => Number.isFinite(x))).toBe(true);
    expect(engine.upper.slice(index).every((x) => Number.isFinite(x))).toBe(true);
    const ml = detect(s, {});
    expect(firstFinite(ml.score)).toBe(index);
  });
});

describe('the provisional ensemble hands over to the regular one', () => {
  it('from the regular ensemble first judged point on, outputs equal a run without the provisional ensemble', () => {
    const s = series(900, 5 * MIN);
    const opts = resolveOptions({});
    const withEarly = new EnsembleDetector(opts).update(s.t, s.v);
    const regularOnly = new EnsembleDetector(opts);
    regularOnly.provisional = null;
    const regular = regularOnly.update(s.t, s.v);
    const takeover = firstFinite(regular.score);
    // Two days (576 steps) and one point for the Prophet-style member, then 30 calibrated values.
    expect(takeover).toBe(607);
    expect(firstFinite(withEarly.score)).toBe(330);
    expect(Array.from(withEarly.score.slice(takeover))).toEqual(Array.from(regular.score.slice(takeover)));
    expect(Array.from(withEarly.upper.slice(takeover))).toEqual(Array.from(regular.upper.slice(takeover)));
  });

  it('a state saved during the provisional phase resumes to the same outputs as one run', () => {
    const s = series(700, 5 * MIN);
    const opts = resolveOptions({});
    const whole = new EnsembleDetector(opts).update(s.t, s.v);
    const first = new EnsembleDetector(opts);
    const a = first.update(s.t.subarray(0, 400), s.v.subarray(0, 400));
    expect(first.provisional).not.toBeNull();
    const state = first.getState().data as ConstructorParameters<typeof EnsembleDetector>[1];
    const resumed = new EnsembleDetector(opts, JSON.parse(JSON.stringify(state)));
    const b = resumed.update(s.t.subarray(400), s.v.subarray(400));
    expect(resumed.provisional).toBeNull();
    expect([...a.score, ...b.score]).toEqual(Array.from(whole.score));
  });
});

describe('gaps', () => {
  it('runs of missing rows: no error, and every row from the first judged one gets a score', async () => {
    const s = series(1200, 5 * MIN);
    // Drop rows 150-189, 400-401 and 700-759 (a 5 h hole).
    const keep = Array.from(s.t.keys()).filter(
      (i) => !(i >= 150 && i < 190) && !(i >= 400 && i < 402) && !(i >= 700 && i < 760)
    );
    const t = Float64Array.from(keep, (i) => s.t[i]);
    const v = Float64Array.from(keep, (i) => s.v[i]);
    const r = await detectSeries(t, v, 5 * MIN, {});
    expect(r.shared).toBe(0);
    const first = firstFinite(r.score);
    // Rows are judged from the same grid point as without gaps (index 330 of the grid).
    expect(t[first]).toBe(T0 + 330 * 5 * MIN);
    const unjudged = Array.from(r.score.slice(first)).filter((x) => !Number.isFinite(x)).length;
    expect(unjudged).toBe(0);
  });

  it('irregular timestamps that share a grid point are counted (the CLI warns with that count), not dropped', async () => {
    const s = series(800, 5 * MIN);
    // Every 50th row gets a twin 1 min later: it lands on the same 5-minute grid point.
    const t: number[] = [];
    const v: number[] = [];
    s.t.forEach((x, i) => {
      t.push(x);
      v.push(s.v[i]);
      if (i % 50 === 25) {
        t.push(x + MIN);
        v.push(s.v[i]);
      }
    });
    const r = await detectSeries(t, v, 5 * MIN, {});
    expect(r.shared).toBe(16);
    const first = firstFinite(r.score);
    expect(Array.from(r.score.slice(first)).every((x) => Number.isFinite(x))).toBe(true);
  });
});
