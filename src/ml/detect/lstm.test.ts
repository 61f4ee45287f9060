/**
 * The LSTM detector (tfjs, loaded on demand). Each test file has its own module registry in Jest, so
 * the first test can check that the default path never loads tfjs.
 */
import { MlError } from '../types';
import { createDetector, createDetectorAsync, detect, detectAsync, minPointsFor } from './index';
import { LstmScratch, lstmForward, LstmWeights } from './lstmNet';

const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);

function tfjsModulesLoaded(): string[] {
  return Object.keys(require.cache).filter((k) => k.includes('@tensorflow'));
}

async function code(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return e instanceof MlError ? e.code : 'other: ' + String(e);
  }
  return 'none';
}

/** Sine of period 20 points plus a deterministic wiggle of +-0.05 (no PRNG needed). */
function sine(n: number, noise = 0.05): { t: Float64Array; v: Float64Array } {
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const v = Float64Array.from(
    { length: n },
    (_, i) => 10 + Math.sin((2 * Math.PI * i) / 20) + noise * Math.sin(i * 2.399963)
  );
  return { t, v };
}

describe('lstm detector', () => {
  it('is not loaded by the default path: no tfjs module after running the default ensemble', async () => {
    const s = sine(800);
    const r = detect(s, {});
    expect(r.members).toEqual(expect.any(Array));
    expect(createDetector({ model: 'mad' }).name).toBe('mad');
    expect(tfjsModulesLoaded()).toEqual([]);
    // Control: asking for the LSTM does load it, so the check above can fail.
    await createDetectorAsync({ model: 'lstm' });
    expect(tfjsModulesLoaded().length).toBeGreaterThan(0);
  });

  it('runs the network like a tfjs-layers LSTM (sigmoid gates) with the same weights', async () => {
    await createDetectorAsync({ model: 'lstm' }); // starts the backend
    const tf = require('@tensorflow/tfjs');
    expect(tf.getBackend()).toBe('wasm');
    const u = 4;
    const win = 6;
    const pick = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + k) * 0.6);
    const w: LstmWeights = {
      units: u,
      kernel: pick(4 * u, 1),
      recurrent: pick(u * 4 * u, 2),
      bias: pick(4 * u, 3),
      dense: pick(u, 4),
      denseBias: pick(1, 5),
    };
    const lstm = tf.layers.lstm({ units: u, recurrentActivation: 'sigmoid', inputShape: [win, 1] });
    const dense = tf.layers.dense({ units: 1 });
    const model = tf.sequential({ layers: [lstm, dense] });
    lstm.setWeights([tf.tensor2d(w.kernel, [1, 4 * u]), tf.tensor2d(w.recurrent, [u, 4 * u]), tf.tensor1d(w.bias)]);
    dense.setWeights([tf.tensor2d(w.dense, [u, 1]), tf.tensor1d(w.denseBias)]);
    const x = Float64Array.from({ length: win }, (_, i) => Math.cos(i) * 1.5);
    const ref = model.predict(tf.tensor3d(Float32Array.from(x), [1, win, 1])).dataSync()[0];
    expect(lstmForward(w, x, 0, win, new LstmScratch(u))).toBeCloseTo(ref, 5);
  });

  it('gives the same output fed in chunks, with JSON state round trips, as in one batch', async () => {
    const s = sine(400);
    s.v[330] += 5;
    const opts = { model: 'lstm' as const, trainWindow: 120 };
    const batch = (await createDetectorAsync(opts)).update(s.t, s.v);
    let d = await createDetectorAsync(opts);
    const scores: number[] = [];
    const flags: number[] = [];
    for (const [a, b] of [
      [0, 1],
      [1, 119],
      [119, 121],
      [121, 300],
      [300, 400],
    ]) {
      const r = d.update(s.t.subarray(a, b), s.v.subarray(a, b));
      scores.push(...Array.from(r.score));
      flags.push(...Array.from(r.isAnomaly));
      d = await createDetectorAsync({}, JSON.parse(JSON.stringify(d.getState())));
    }
    expect(scores).toEqual(Array.from(batch.score));
    expect(flags).toEqual(Array.from(batch.isAnomaly));
    expect(batch.isAnomaly[330]).toBe(1);
  });

  it('forecasts a sine closely (it satisfies an exact linear recurrence) and flags a spike on it', async () => {
    const s = sine(700, 0);
    s.v[600] += 1; // a 1-unit spike on an amplitude-1 sine
    const r = await detectAsync(s, { model: 'lstm', trainWindow: 300 });
    // Warm-up points are not judged.
    expect(r.score[299]).toBeNaN();
    for (let i = 320; i < 600; i++) {
      expect(Math.abs(r.expected[i] - s.v[i])).toBeLessThan(0.05);
      expect(r.isAnomaly[i]).toBe(0);
    }
    expect(r.isAnomaly[600]).toBe(1);
    expect(r.lower[600]).toBeLessThan(r.expected[600]);
    expect(r.upper[600]).toBeGreaterThan(r.expected[600]);
  });

  it('flags nothing on a constant series and flags the first step away from it', async () => {
    const n = 700;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
    const v = new Float64Array(n).fill(45);
    const r = await detectAsync({ t, v }, { model: 'lstm' });
    expect(r.isAnomaly.reduce((a, b) => a + b, 0)).toBe(0);
    v[650] = 46;
    const r2 = await detectAsync({ t, v }, { model: 'lstm' });
    expect(r2.isAnomaly[650]).toBe(1);
  });

  it('does not judge missing values and keeps scoring after them', async () => {
    const s = sine(400);
    for (const i of [50, 200, 201, 202, 350]) {
      s.v[i] = NaN;
    }
    const r = await detectAsync(s, { model: 'lstm', trainWindow: 120 });
    expect(r.score[200]).toBeNaN();
    expect(r.isAnomaly[200]).toBe(0);
    expect(Number.isFinite(r.score[399])).toBe(true);
  });

  it('says not_enough_data for a series shorter than its warm-up, and refuses the synchronous path', async () => {
    const need = minPointsFor({ model: 'lstm', trainWindow: 120 });
    expect(need).toBe(121);
    expect(await code(() => detectAsync(sine(need - 1), { model: 'lstm', trainWindow: 120 }))).toBe('not_enough_data');
    expect(await code(() => createDetector({ model: 'lstm' }))).toBe('unknown_model');
  });
});
