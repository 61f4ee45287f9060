/**
 * "How much data before the first judgement", per model and per step: warmupPointsFor must be the
 * index of the first finite score on a complete series at that step, detect() must judge the last
 * point of a series of minPointsFor points, and one point fewer must be not_enough_data with the
 * step-aware message instead of an all-NaN result.
 */
import { MlError } from '../types';
import { detect, detectAsync, DetectorModel, DetectorOptions, minPointsFor, warmupPointsFor } from './index';
import { tooShortMessage } from './warmupPoints';

const T0 = Date.UTC(2024, 0, 1);
const SEC = 1000;
const MIN = 60 * SEC;

/** A noisy series (period 288 points, deterministic wiggle) sampled every `step` ms. */
function series(n: number, step: number): { t: Float64Array; v: Float64Array } {
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * step);
  const v = Float64Array.from(
    { length: n },
    (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + Math.sin(i * 2.399963)
  );
  return { t, v };
}

function firstFinite(a: Float64Array): number {
  return a.findIndex((x) => Number.isFinite(x));
}

function error(fn: () => unknown): MlError | undefined {
  try {
    fn();
  } catch (e) {
    return e as MlError;
  }
  return undefined;
}

const MODELS: DetectorModel[] = ['ensemble', 'mad', 'holtwinters', 'prophet', 'iforest', 'gaussian'];
const STEPS: Array<[string, number]> = [
  ['15 s', 15 * SEC],
  ['1 min', MIN],
  ['5 min', 5 * MIN],
];

describe.each(STEPS)('at a step of %s', (_label, step) => {
  it.each(MODELS)(
    '%s: the figure is the index of the first finite score; one point fewer is not_enough_data',
    (model) => {
      const first = warmupPointsFor({ model }, step);
      const need = minPointsFor({ model }, step);
      expect(need).toBe(first + 1);
      const long = detect(series(first + 200, step), { model });
      expect(firstFinite(long.score)).toBe(first);
      // Exactly enough: the last point is the first judged one.
      const exact = detect(series(need, step), { model });
      expect(firstFinite(exact.score)).toBe(need - 1);
      const err = error(() => detect(series(need - 1, step), { model }));
      expect(err?.code).toBe('not_enough_data');
      expect(err?.message).toContain(`needs at least ${need} points at this step`);
      expect(err?.message).toContain(`got ${need - 1}`);
    }
  );
});

describe('hand-worked figures', () => {
  // Defaults: trainWindow 1000. Holt-Winters buffers min(1000, 600) = 600 points; the Prophet-style
  // model 300, and when its window spans two days (step * 999 >= 48 h, i.e. steps from 2.9 min to
  // 6 h) until two days are there. The ensemble's provisional members buffer 300 (Holt-Winters) and
  // 100 (Prophet-style, still waiting for two days); the ensemble adds 30 calibrated values to its
  // earliest member, regular or provisional.
  it.each([
    ['mad', 60 * SEC, 20],
    ['gaussian', 60 * SEC, 20],
    ['iforest', 60 * SEC, 16 + 128],
    ['holtwinters', 5 * MIN, 600],
    ['prophet', MIN, 300],
    // 48 h / 5 min = 576 steps: the fit after the point at index 576, so index 577 is the first judged.
    ['prophet', 5 * MIN, 577],
    ['ensemble', MIN, 100 + 30],
    // 5 min: the provisional Prophet-style member waits for two days (577), Holt-Winters' for 300 points.
    ['ensemble', 5 * MIN, 300 + 30],
    // 1 h: the window spans two days after 49 points, fewer than the provisional warm-up of 100.
    ['ensemble', 60 * MIN, 100 + 30],
  ] as Array<[DetectorModel, number, number]>)('%s at %d ms: first judged point %d', (model, step, index) => {
    expect(warmupPointsFor({ model }, step)).toBe(index);
  });

  it('without a step gives the least over all steps (131 points for the ensemble)', () => {
    expect(minPointsFor({})).toBe(131);
    expect(minPointsFor({}, NaN)).toBe(131);
  });

  it('follows the training window: at 15 s a 12,000-point window spans two days, so the Prophet-style model waits for them', () => {
    // 15 s * 11,999 = 50 h >= 48 h: the fit waits for 48 h / 15 s = 11,520 steps.
    const opts: DetectorOptions = { model: 'prophet', trainWindow: 12_000 };
    expect(warmupPointsFor(opts, 15 * SEC)).toBe(11_521);
    const r = detect(series(11_600, 15 * SEC), opts);
    expect(firstFinite(r.score)).toBe(11_521);
    // The ensemble's provisional Holt-Winters member (300 points) judges long before: 300 + 30.
    expect(warmupPointsFor({ ...opts, model: 'ensemble' }, 15 * SEC)).toBe(330);
    expect(firstFinite(detect(series(800, 15 * SEC), { ...opts, model: 'ensemble' }).score)).toBe(330);
  });

  it('follows a manual season: Holt-Winters needs two seasons and two points (2 * 100 + 2)', () => {
    expect(warmupPointsFor({ model: 'holtwinters', season: 100 }, MIN)).toBe(202);
    expect(firstFinite(detect(series(300, MIN), { model: 'holtwinters', season: 100 }).score)).toBe(202);
  });
});

describe('detect() never returns a series with nothing judged', () => {
  it('says why on 250 points at 5 minutes (the default ensemble needs 331: 300 points and calibration)', () => {
    const err = error(() => detect(series(250, 5 * MIN), {}));
    expect(err?.code).toBe('not_enough_data');
    // 330 steps of 5 min = 27.5 h.
    expect(err?.message).toBe(
      'the ensemble detector needs at least 331 points at this step (about 27.5 h at 5 min per point), got 250'
    );
  });

  it('refuses a long series whose values are too sparse for any judgement', () => {
    // 700 points at 1 min (enough for the MAD's 21), but only every 50th has a value: 14 values, and the
    // MAD judges a value only once it holds 20 earlier ones.
    const s = series(700, MIN);
    const v = Float64Array.from(s.v, (x, i) => (i % 50 === 0 ? x : NaN));
    const err = error(() => detect({ t: s.t, v }, { model: 'mad' }));
    expect(err?.code).toBe('not_enough_data');
    expect(err?.message).toContain('got 700 of which 14 have values; none could be judged');
  });

  it('the LSTM: its figure (min(trainWindow, 500)) does not depend on the step', async () => {
    const opts: DetectorOptions = { model: 'lstm', trainWindow: 60 };
    expect(warmupPointsFor(opts, 15 * SEC)).toBe(60);
    expect(warmupPointsFor(opts, 5 * MIN)).toBe(60);
    const r = await detectAsync(series(61, 5 * MIN), opts);
    expect(firstFinite(r.score)).toBe(60);
    await expect(detectAsync(series(60, 5 * MIN), opts)).rejects.toMatchObject({ code: 'not_enough_data' });
  }, 120_000);
});

describe('message helpers', () => {
  it('leaves the step out when it is unknown', () => {
    expect(tooShortMessage('mad', 21, NaN, 1)).toBe('the mad detector needs at least 21 points, got 1');
  });
});
