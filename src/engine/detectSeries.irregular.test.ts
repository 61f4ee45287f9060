/**
 * Irregular timestamps on the engine's grid (history.ts gridSlots): a row that would share a grid
 * point an earlier row took moves to the free neighbour its time leans to, so a jittered series keeps its values and an
 * incident on a moved row is flagged; regular series are placed exactly as before.
 */
import { detectSeries } from './detectSeries';
import { detectionsOnMatrix } from './evaluate';
import { atRows, gridSlots, matrixPoints, seriesMatrix } from './history';

const T0 = Date.UTC(2026, 0, 5) + 17_000;
const MIN = 60_000;
const STEP = 5 * MIN;
const DAY = 24 * 60 * MIN;

/** A daily cycle with a deterministic wiggle at row i. */
const value = (i: number) => 50 + 10 * Math.sin((2 * Math.PI * i * STEP) / DAY) + 2 * Math.sin(i * 2.399963);

describe('gridSlots', () => {
  const at = (steps: number[]) =>
    gridSlots(
      steps.map((s) => T0 + s * STEP),
      STEP
    );

  it('places a regular series one row per grid point', () => {
    const s = at([0, 1, 2, 3, 5]);
    expect(Array.from(s.at)).toEqual([0, 1, 2, 3, 5]);
    expect(Array.from(s.placed)).toEqual([1, 1, 1, 1, 1]);
    expect(s.dropped).toBe(0);
  });

  it('moves a row whose point an earlier row took to the free side its time leans to', () => {
    expect(Array.from(at([0, 0.8, 1.3, 3]).at)).toEqual([0, 1, 2, 3]);
    expect(Array.from(at([0, 1.4, 1.6, 4]).at)).toEqual([0, 1, 2, 4]);
  });

  it('drops (and counts) a row whose neighbour is taken too', () => {
    const s = at([0, 1, 1.2, 1.3, 4]);
    expect(Array.from(s.placed)).toEqual([1, 1, 1, 0, 1]);
    expect(s.dropped).toBe(1);
    expect(s.at[3]).toBe(1);
  });

  it('drops (and counts) a row with no grid point, out of order or without a time, writing over no other row', () => {
    // Found in review: a row before the first took index -1 (lost, uncounted) and a row without a
    // time took index 0 (over the first row's value).
    const t = [T0 + STEP, T0, T0 + 2 * STEP, NaN, T0 + 3 * STEP];
    const s = gridSlots(t, STEP);
    expect(Array.from(s.at)).toEqual([0, -1, 1, -1, 2]);
    expect(Array.from(s.placed)).toEqual([1, 0, 1, 0, 1]);
    expect(s.dropped).toBe(2);
    const m = seriesMatrix(t, [10, 20, 30, 40, 50], STEP, {}, s);
    expect(Array.from(m.series[0].values)).toEqual([10, 30, 50]);
    expect(Array.from(atRows(s, m.series[0].values))).toEqual([10, NaN, 30, NaN, 50]);
  });
});

describe('detectSeries on irregular timestamps', () => {
  it('gives a regular series exactly the matrix and outputs of placing row i at grid point i', async () => {
    const n = 700;
    const t = Array.from({ length: n }, (_, i) => T0 + i * STEP);
    const v = Array.from({ length: n }, (_, i) => value(i));
    const m = seriesMatrix(t, v, STEP);
    expect(Array.from(m.series[0].values)).toEqual(v);
    const [d] = await detectionsOnMatrix(
      m,
      { func: 'anomaly_score', inner: 'series', options: { step: STEP } },
      matrixPoints(m)
    );
    const r = await detectSeries(t, v, STEP, {});
    expect(Array.from(r.score)).toEqual(Array.from(d.outputs.score));
    expect(Array.from(r.upper)).toEqual(Array.from(d.outputs.upper));
    expect(r.shared).toBe(0);
  });

  it('places every row of a jittered series and flags an incident on a moved row', async () => {
    const n = 700;
    // Every 7th row is 0.6 step early: it rounds onto the previous row's grid point and moves back to its own.
    const t = Array.from({ length: n }, (_, i) => T0 + (i + (i % 7 === 3 ? -0.6 : 0)) * STEP);
    const v = Array.from({ length: n }, (_, i) => value(i));
    const spike = 500;
    expect(spike % 7).toBe(3);
    v[spike] += 60;
    const r = await detectSeries(t, v, STEP, {});
    expect(r.shared).toBe(0);
    expect(r.isAnomaly[spike]).toBe(1);
    expect(r.isAnomaly[spike - 1]).toBe(0);
    expect(r.isAnomaly[spike + 1]).toBe(0);
    expect(Number.isFinite(r.score[spike])).toBe(true);
  });
});
