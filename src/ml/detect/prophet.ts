/**
 * Prophet-style detector: the ridge model of `src/ml/models/prophetRidge.ts` (piecewise-linear trend
 * with changepoints + daily and weekly Fourier terms, chosen from the timestamps) is refitted every
 * `refitEvery` points on the last `trainWindow` points, and each new point is judged against the
 * latest fit's prediction for its timestamp: z = (v - yhat) / sigma, sigma a robust running scale of
 * those out-of-sample errors. Causal: a fit only uses points before the ones it judges.
 *
 * Assumes: calendar seasonality (hour of day, day of week) and a trend that changes slowly; works on
 * irregular timestamps. `season: 0` turns the Fourier terms off (trend only).
 */
import { fitProphetRidge, ProphetRidgeModel, predictProphetRidgeAt } from '../models/prophetRidge';
import { decodeF64, encodeF64 } from './stateCodec';
import { TimeRing } from './timeRing';
import { residualEvidence } from './residualScale';
import { LevelScale } from './levelScale';
import { PROVISIONAL_PROPHET_WARMUP } from './warmup';
import { PointModel, PointOutput, ResolvedOptions, noJudgement } from './types';

interface ProphetJSON {
  t: string;
  v: string;
  head: number;
  size: number;
  sinceFit: number;
  scale: number[];
  seen: number;
  /** Whether the first fit happened (absent in older states: then `seen >= warmup`). */
  started?: boolean;
  /** Accepted level shifts (absent in older states: 0). */
  offset?: number;
}

const DAY_MS = 86_400_000;

/**
 * The fit window copied out of a model's ring, shared by every model (fits are synchronous and
 * read it only while fitting). Each model kept its own pair: two training windows of float64s, a
 * third of a cached 3-day run at 1 minute (69 KB of 208 KB a series on the home page's scan).
 */
const fitScratch = { t: new Float64Array(0), v: new Float64Array(0) };

function growFitScratch(n: number): void {
  if (fitScratch.t.length < n) {
    fitScratch.t = new Float64Array(n);
    fitScratch.v = new Float64Array(n);
  }
}

export class ProphetModel implements PointModel {
  readonly name = 'prophet';
  readonly warmup: number;
  private readonly refitEvery: number;
  private readonly window: number;
  /** Times of the ring's points: a formula while regular (timeRing.ts). */
  private readonly ringT: TimeRing;
  private readonly ringV: Float64Array;
  private head = 0;
  private size = 0;
  private sinceFit = 0;
  private seen = 0;
  /** The first fit happened (see {@link ProphetModel.readyToStart}). */
  private started = false;
  private model: ProphetRidgeModel | null = null;
  /** Accepted level shifts so far: the ring holds values minus this, predictions add it back. */
  private offset = 0;
  /** Prediction for the point last judged (read by `learn`). */
  private expected = NaN;
  private readonly scale: LevelScale;
  /** Scratch feature row for point predictions (grown to the model's feature count). */
  private row = new Float64Array(64);

  constructor(
    private readonly opts: ResolvedOptions,
    state?: ProphetJSON
  ) {
    const w = Math.max(60, opts.trainWindow);
    this.window = w;
    this.warmup = Math.min(w, opts.provisional ? PROVISIONAL_PROPHET_WARMUP : 300);
    this.refitEvery = Math.max(24, Math.floor(w / 4));
    // The ring holds refitEvery points more than a fit uses, so a restored state can redo the last fit.
    this.ringV = new Float64Array(w + this.refitEvery);
    this.ringT = new TimeRing(this.ringV.length, state && decodeF64(state.t));
    this.scale = new LevelScale(Math.max(50, w));
    if (state) {
      this.ringV.set(decodeF64(state.v));
      this.head = state.head;
      this.size = state.size;
      this.sinceFit = state.sinceFit;
      this.seen = state.seen;
      this.scale = LevelScale.fromJSON(this.scale.memory, state.scale);
      this.started = state.started ?? this.seen >= this.warmup;
      this.offset = state.offset ?? 0;
      // The current fit is a pure function of the window as it was at the last refit, which the
      // ring still holds apart from the `sinceFit` newest points: redo it on that part.
      if (this.started) {
        this.fit(this.sinceFit);
      }
    }
  }

  judge(t: number, v: number, out: PointOutput): void {
    if (!this.model) {
      noJudgement(out);
      this.expected = NaN;
      return;
    }
    const yhat = predictProphetRidgeAt(this.model, t, this.row) + this.offset;
    out.expected = yhat;
    out.scale = this.scale.sigmaAt(yhat);
    this.expected = yhat;
    residualEvidence(v - yhat, out.scale, out);
  }

  learn(t: number, v: number, anomalous: boolean): void {
    if (this.model && !anomalous) {
      this.scale.add(v, this.expected);
    }
    // An anomaly enters the fit window as the prediction (or as missing before the first fit).
    const x = anomalous ? this.expected : v;
    const w = this.ringV.length;
    this.ringT.set(this.head, t);
    this.ringV[this.head] = x - this.offset;
    this.head = (this.head + 1) % w;
    this.size = Math.min(w, this.size + 1);
    this.seen++;
    this.sinceFit++;
    if (this.started ? this.sinceFit >= this.refitEvery : this.readyToStart()) {
      this.fit(0);
      this.sinceFit = 0;
      this.started = true;
    }
  }

  /** The fit window is kept relative to `offset`, so a shift moves the whole history at once. */
  shift(d: number): void {
    if (Number.isFinite(d)) {
      this.offset += d;
    }
  }

  /**
   * The first fit waits for `warmup` points and, when the full window will span two days at the
   * current step (the span at which the fit adds daily terms), for two days of data: before that a
   * trend-only fit of a daily cycle misses by most of the cycle's amplitude, and its judgments and
   * band would say nothing (on 5-minute data that is 577 points instead of 300).
   */
  private readyToStart(): boolean {
    if (this.seen < this.warmup) {
      return false;
    }
    if (this.opts.season === 0 || this.size < 2) {
      return true;
    }
    const w = this.ringV.length;
    const span = this.ringT.get((this.head - 1 + w) % w) - this.ringT.get((this.head - this.size + w) % w);
    return !this.waitsForTwoDays(span / (this.size - 1)) || span >= 2 * DAY_MS;
  }

  /** Whether the first fit waits for two days of data at this step (see readyToStart). */
  private waitsForTwoDays(stepMs: number): boolean {
    return this.opts.season !== 0 && stepMs < DAY_MS / 4 && stepMs * (this.window - 1) >= 2 * DAY_MS;
  }

  /**
   * Index of the first point judged on a complete series at `stepMs`: `warmup`, or when the first fit
   * waits for two days, the point after the first one that lies two days after the start (at 5 min:
   * index 577). A step that is not positive (unknown): `warmup`.
   */
  warmupAt(stepMs: number): number {
    if (!(stepMs > 0) || !this.waitsForTwoDays(stepMs)) {
      return this.warmup;
    }
    // Smallest k with k * stepMs >= 2 days, in the same floating-point arithmetic as the timestamps.
    let k = Math.ceil((2 * DAY_MS) / stepMs);
    while (k > 1 && (k - 1) * stepMs >= 2 * DAY_MS) {
      k--;
    }
    while (k * stepMs < 2 * DAY_MS) {
      k++;
    }
    // The fit happens after the point at index k (span k steps); the next point is the first judged.
    return Math.max(this.warmup, k + 1);
  }

  /** Fits on the ring without its `skipNewest` newest points. */
  private fit(skipNewest: number): void {
    const w = this.ringV.length;
    const end = this.size - skipNewest;
    const n = Math.min(end, this.window);
    growFitScratch(n);
    const t = fitScratch.t.subarray(0, n);
    const v = fitScratch.v.subarray(0, n);
    const start = (this.head - skipNewest - n + 2 * w) % w;
    for (let i = 0; i < n; i++) {
      t[i] = this.ringT.get((start + i) % w);
      v[i] = this.ringV[(start + i) % w];
    }
    const seasonal = this.opts.season !== 0;
    try {
      this.model = fitProphetRidge(t, v, seasonal ? {} : { dailyOrder: 0, weeklyOrder: 0 });
      if (this.row.length < this.model.coef.length) {
        this.row = new Float64Array(this.model.coef.length);
      }
    } catch {
      // Too few finite points in the window: keep the previous fit (or none) until data returns.
    }
    if (this.model && this.scale.constant.count === 0) {
      let sum = 0;
      let n = 0;
      let countLike = true;
      for (const y of v) {
        if (Number.isFinite(y)) {
          sum += y;
          n++;
          countLike = countLike && y + this.offset >= 0 && Number.isInteger(y + this.offset);
        }
      }
      this.scale.seed(this.model.sigma, sum / n + this.offset, 1, countLike);
    }
  }

  ringBytes(): number {
    return this.ringV.byteLength + this.ringT.bytes;
  }

  toJSON(): ProphetJSON {
    return {
      t: encodeF64(this.ringT.toArray()),
      v: encodeF64(this.ringV),
      head: this.head,
      size: this.size,
      sinceFit: this.sinceFit,
      scale: this.scale.toJSON(),
      seen: this.seen,
      started: this.started,
      offset: this.offset,
    };
  }
}
