/**
 * LSTM forecaster-residual detector (`model: 'lstm'`). Loaded only through lstmLoader.ts's dynamic
 * import, because it pulls in tfjs (lstmTrain.ts).
 *
 * - Warm-up: the first min(trainWindow, 500) points are buffered (missing values carried forward).
 * - Training, once, at the end of the warm-up: the forecaster predicts the next change v[i] - v[i-1]
 *   from the last 32 values relative to v[i-1], all divided by the standard deviation of the buffer's
 *   changes (inputs and targets clipped to +-10 of those). Anchoring on the last value makes the
 *   forecast follow level shifts the training data never showed. As in LSTNet (Lai et al. 2018) the
 *   forecast is a linear autoregressive part plus the LSTM: the linear part is fitted first by ridge
 *   least squares (exact, instant), then a 16-unit LSTM is trained in tfjs on what it leaves. Without
 *   the linear part, the few epochs we can afford left the LSTM worse than "no change" on most files.
 * - Then, per point: expected = last + unit * (linear(window) + lstm(window)); the residual is scored like the other
 *   forecasting members (robust running sigma, two-sided normal tail). The window learns the value
 *   clipped to expected +- 4 sigma (a spike does not become the next forecast's anchor); a missing
 *   value is replaced by its forecast.
 * - A buffer with no variation in its changes (constant, or a straight line) trains nothing: the
 *   weights stay zero and the forecast is the last value.
 * State: the buffer (before training) or the weights (float32, base64) plus the 32-value window.
 */
import { DETECTORS } from '../../common/models';
import { solveSymmetric } from '../models/numeric';
import { MlError } from '../types';
import { LstmScratch, LstmWeights, lstmForward, zeroWeights } from './lstmNet';
import { initTfBackend, trainLstm } from './lstmTrain';
import { resolveOptions } from './options';
import { SingleDetector } from './registry';
import { ResidualScale, residualEvidence } from './residualScale';
import { decodeF32, decodeF64, encodeF32, encodeF64 } from './stateCodec';
import {
  Detector,
  DetectorOptions,
  DetectorState,
  PointModel,
  PointOutput,
  ResolvedOptions,
  noJudgement,
} from './types';

/** Network and training constants (small on purpose: training runs on the CPU in a few seconds). */
export const LSTM_UNITS = 16;
export const LSTM_WINDOW = 32;
export const LSTM_EPOCHS = 30;
const LEARNING_RATE = 0.02;
const CLIP = 10;
/** Most points the warm-up buffers and trains on (the catalogue's figure, which warmupPoints.ts reads too). */
export const LSTM_MAX_TRAIN = DETECTORS.lstm.warmup.maxPoints;

interface LstmJSON {
  buffer?: string;
  w?: { k: string; r: string; b: string; d: string; db: string; ar: string };
  window?: string;
  unit?: number;
  scale?: [number, number];
}

export class LstmModel implements PointModel {
  readonly name = 'lstm';
  readonly warmup: number;
  private buffer: number[] = [];
  private weights: LstmWeights | null = null;
  /** Linear autoregressive part: coefficients of the window inputs, then the intercept. */
  private ar: Float64Array = new Float64Array(LSTM_WINDOW + 1);
  /** Last LSTM_WINDOW learned values, oldest first. */
  private readonly window = new Float64Array(LSTM_WINDOW);
  /** Standard deviation of the training buffer's changes (the network's unit). */
  private unit = 1;
  private readonly scale: ResidualScale;
  private readonly scratch = new LstmScratch(LSTM_UNITS);
  private readonly input = new Float64Array(LSTM_WINDOW);
  /** Final training loss (mean squared error in units), for diagnostics; NaN when not trained. */
  trainLoss = NaN;
  /** Mean squared error of the linear part alone on the training samples, for diagnostics. */
  linearLoss = NaN;

  constructor(
    private readonly opts: ResolvedOptions,
    state?: LstmJSON
  ) {
    this.warmup = Math.max(LSTM_WINDOW + 18, Math.min(opts.trainWindow, LSTM_MAX_TRAIN));
    this.scale = new ResidualScale(Math.max(50, opts.trainWindow));
    if (state?.buffer) {
      this.buffer = Array.from(decodeF64(state.buffer));
    }
    if (state?.w && state.window) {
      this.weights = {
        units: LSTM_UNITS,
        kernel: decodeF32(state.w.k),
        recurrent: decodeF32(state.w.r),
        bias: decodeF32(state.w.b),
        dense: decodeF32(state.w.d),
        denseBias: decodeF32(state.w.db),
      };
      this.ar = decodeF64(state.w.ar);
      this.window.set(decodeF64(state.window));
      this.unit = state.unit ?? 1;
    }
    if (state?.scale) {
      this.scale = ResidualScale.fromJSON(this.scale.memory, state.scale);
    }
  }

  /** True once the warm-up is over and the network is trained. */
  get trained(): boolean {
    return this.weights !== null;
  }

  /** One-step forecast from `values[from .. from + LSTM_WINDOW)`. */
  private forecast(values: ArrayLike<number>, from: number): number {
    const last = values[from + LSTM_WINDOW - 1];
    const x = this.input;
    for (let j = 0; j < LSTM_WINDOW; j++) {
      x[j] = clip((values[from + j] - last) / this.unit);
    }
    return last + this.unit * (linearPart(this.ar, x, 0) + lstmForward(this.weights!, x, 0, LSTM_WINDOW, this.scratch));
  }

  /** Forecast and residual of the point last judged (read by `learn`). */
  private expected = NaN;
  private residual = NaN;

  judge(_t: number, v: number, out: PointOutput): void {
    if (!this.weights) {
      noJudgement(out);
      return;
    }
    const expected = this.forecast(this.window, 0);
    out.expected = expected;
    out.scale = this.scale.sigma;
    this.expected = expected;
    this.residual = v - expected;
    residualEvidence(this.residual, out.scale, out);
  }

  learn(_t: number, v: number, anomalous: boolean): void {
    if (!this.weights) {
      // An anomaly during the warm-up is buffered as a missing value.
      this.buffer.push(anomalous ? NaN : v);
      if (this.buffer.length >= this.warmup) {
        this.train();
      }
      return;
    }
    const expected = this.expected;
    const e = this.residual;
    const sigma = this.scale.sigma;
    let x = Number.isFinite(v) && !anomalous ? v : expected;
    if (!anomalous && Number.isFinite(e) && sigma > 0 && Math.abs(e) > 4 * sigma) {
      x = expected + Math.sign(e) * 4 * sigma;
    }
    this.window.copyWithin(0, 1);
    this.window[LSTM_WINDOW - 1] = x;
    if (!anomalous) {
      this.scale.add(e);
    }
  }

  /** The forecast is anchored on the window's values: moving them moves the level. */
  shift(d: number): void {
    if (this.weights && Number.isFinite(d)) {
      for (let i = 0; i < LSTM_WINDOW; i++) {
        this.window[i] += d;
      }
    }
  }

  private train(): void {
    const n = this.buffer.length;
    const vals = new Float64Array(n);
    let lastFinite = NaN;
    let finite = 0;
    for (let i = 0; i < n; i++) {
      const x = this.buffer[i];
      if (Number.isFinite(x)) {
        lastFinite = x;
        finite++;
      }
      vals[i] = lastFinite;
    }
    if (finite < LSTM_WINDOW + 2) {
      // Keep waiting: a buffer of mostly missing values teaches nothing.
      this.buffer.splice(0, Math.max(1, n - this.warmup + 1));
      return;
    }
    // Leading missing values take the first finite one.
    const first = vals.findIndex((x) => Number.isFinite(x));
    vals.fill(vals[first], 0, first);
    let sum = 0;
    let sq = 0;
    for (let i = 1; i < n; i++) {
      const d = vals[i] - vals[i - 1];
      sum += d;
      sq += d * d;
    }
    const meanD = sum / (n - 1);
    const sd = Math.sqrt(Math.max(0, sq / (n - 1) - meanD * meanD));
    const relTiny = 1e-12 * Math.max(1, Math.abs(vals[n - 1]));
    if (sd > relTiny) {
      this.unit = sd;
      const samples = n - LSTM_WINDOW;
      const x = new Float32Array(samples * LSTM_WINDOW);
      const y = new Float32Array(samples);
      for (let s = 0; s < samples; s++) {
        const last = vals[s + LSTM_WINDOW - 1];
        for (let j = 0; j < LSTM_WINDOW; j++) {
          x[s * LSTM_WINDOW + j] = clip((vals[s + j] - last) / sd);
        }
        y[s] = clip((vals[s + LSTM_WINDOW] - last) / sd);
      }
      this.ar = fitLinear(x, y, samples);
      let sse = 0;
      for (let s = 0; s < samples; s++) {
        y[s] -= linearPart(this.ar, x, s * LSTM_WINDOW);
        sse += y[s] * y[s];
      }
      this.linearLoss = sse / samples;
      const fit = trainLstm(x, y, LSTM_WINDOW, {
        units: LSTM_UNITS,
        epochs: LSTM_EPOCHS,
        learningRate: LEARNING_RATE,
        seed: this.opts.seed,
      });
      this.weights = fit.weights;
      this.trainLoss = fit.loss;
    } else {
      this.unit = 1;
      this.weights = zeroWeights(LSTM_UNITS);
    }
    // Seed the residual scale with the in-sample one-step errors, as Holt-Winters does.
    let abs = 0;
    let count = 0;
    for (let i = LSTM_WINDOW; i < n; i++) {
      abs += Math.abs(vals[i] - this.forecast(vals, i - LSTM_WINDOW));
      count++;
    }
    this.scale.meanAbs = count > 0 ? abs / count : 0;
    this.scale.count = Math.min(count, 10);
    this.window.set(vals.subarray(n - LSTM_WINDOW));
    this.buffer = [];
  }

  toJSON(): LstmJSON {
    const w = this.weights;
    if (!w) {
      return { buffer: encodeF64(Float64Array.from(this.buffer)) };
    }
    return {
      w: {
        k: encodeF32(w.kernel),
        r: encodeF32(w.recurrent),
        b: encodeF32(w.bias),
        d: encodeF32(w.dense),
        db: encodeF32(w.denseBias),
        ar: encodeF64(this.ar),
      },
      window: encodeF64(this.window),
      unit: this.unit,
      scale: this.scale.toJSON(),
    };
  }
}

/** Linear part at inputs `x[from .. from + LSTM_WINDOW)`: sum a_j x_j + intercept. */
function linearPart(ar: Float64Array, x: ArrayLike<number>, from: number): number {
  let y = ar[LSTM_WINDOW];
  for (let j = 0; j < LSTM_WINDOW; j++) {
    y += ar[j] * x[from + j];
  }
  return y;
}

/**
 * Ridge least squares of y on the window inputs plus an intercept (penalty 1e-3 n on the inputs'
 * coefficients; the last input is always 0 and gets coefficient 0). Falls back to all zeros if the
 * system is singular.
 */
function fitLinear(x: Float32Array, y: Float32Array, samples: number): Float64Array {
  const p = LSTM_WINDOW + 1;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < LSTM_WINDOW; j++) {
      row[j] = x[s * LSTM_WINDOW + j];
    }
    row[LSTM_WINDOW] = 1;
    for (let i = 0; i < p; i++) {
      b[i] += row[i] * y[s];
      for (let j = 0; j <= i; j++) {
        a[i * p + j] += row[i] * row[j];
      }
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      a[j * p + i] = a[i * p + j];
    }
  }
  for (let i = 0; i < LSTM_WINDOW; i++) {
    a[i * p + i] += 1e-3 * samples;
  }
  return solveSymmetric(a, b, p) ?? new Float64Array(p);
}

function clip(x: number): number {
  return x > CLIP ? CLIP : x < -CLIP ? -CLIP : x;
}

/** The LSTM as an ensemble member (the tfjs backend must be ready: await {@link initTfBackend}). */
export function createLstmPointModel(opts: ResolvedOptions, data?: unknown): PointModel {
  return new LstmModel(opts, data as LstmJSON | undefined);
}

/**
 * Creates the LSTM detector, or resumes it from `getState()` output; starts the tfjs backend first.
 *
 * @example const d = await createLstm({ model: 'lstm' }); d.update(t, v);
 */
export async function createLstm(options: DetectorOptions, state?: DetectorState): Promise<Detector> {
  await initTfBackend();
  return createLstmReady(options, state);
}

/**
 * createLstm() once the tfjs backend is ready (after `await initTfBackend()`): synchronous, for hosts
 * that load the model once and then build detectors in a synchronous path (src/engine's runs).
 */
export function createLstmReady(options: DetectorOptions, state?: DetectorState): Detector {
  const opts = resolveOptions(state ? { ...state.options, model: state.model } : options);
  if (opts.model !== 'lstm') {
    throw new MlError('unknown_model', `createLstm builds the 'lstm' detector, not '${opts.model}'`);
  }
  const data = state?.data as { model?: LstmJSON; lastT?: number | null } | undefined;
  const lastT = data?.lastT ?? -Infinity;
  return new SingleDetector(new LstmModel(opts, data?.model), opts, lastT === null ? -Infinity : lastT);
}

export { initTfBackend };
