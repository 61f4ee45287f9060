/**
 * Windowed-Gaussian baseline (the Numenta Anomaly Benchmark's "windowedGaussian" idea): the tail
 * probability of the point under a normal with the mean and standard deviation of the last `window`
 * finite points. Expected = rolling mean; sigma = rolling (population) standard deviation.
 *
 * Sums are kept relative to a reference value (the first point) and recomputed from the window every
 * `window` points, so large offsets (e.g. 1e12 byte counters) do not cancel catastrophically.
 * Window = trainWindow points. Warm-up: 20 points.
 */
import { decodeF64, encodeF64 } from './stateCodec';
import { residualEvidence } from './residualScale';
import { PointModel, PointOutput, ResolvedOptions, noJudgement } from './types';

export const GAUSSIAN_WARMUP = 20;

interface GaussianJSON {
  w: number;
  ref: number;
  /** Running sums and points since their last recomputation, kept so a restore is bit-exact. */
  sums: [number, number, number];
  values: string;
  /** Accepted level shifts (absent in older states: 0). */
  offset?: number;
}

export class GaussianModel implements PointModel {
  readonly name = 'gaussian';
  readonly warmup = GAUSSIAN_WARMUP;
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;
  private ref = NaN;
  private s1 = 0;
  private s2 = 0;
  private sinceRecompute = 0;
  /** Accepted level shifts so far: the window holds values minus this. */
  private offset = 0;
  /** Mean (plus offset) at the point last judged. */
  private expected = NaN;

  constructor(opts: ResolvedOptions, state?: GaussianJSON) {
    const w = state?.w ?? Math.max(GAUSSIAN_WARMUP, opts.trainWindow);
    this.ring = new Float64Array(w);
    if (state) {
      const vals = decodeF64(state.values);
      this.ring.set(vals);
      this.size = vals.length;
      this.head = vals.length % w;
      this.ref = state.ref ?? NaN; // JSON turns NaN into null
      [this.s1, this.s2, this.sinceRecompute] = state.sums;
      this.offset = state.offset ?? 0;
    }
  }

  private push(x: number): void {
    if (Number.isNaN(this.ref)) {
      this.ref = x;
    }
    const w = this.ring.length;
    const d = x - this.ref;
    if (this.size === w) {
      const o = this.ring[this.head] - this.ref;
      this.s1 -= o;
      this.s2 -= o * o;
    } else {
      this.size++;
    }
    this.ring[this.head] = x;
    this.head = (this.head + 1) % w;
    this.s1 += d;
    this.s2 += d * d;
    if (++this.sinceRecompute >= w) {
      this.recompute();
    }
  }

  private recompute(): void {
    let s1 = 0;
    let s2 = 0;
    const start = (this.head - this.size + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.size; i++) {
      const d = this.ring[(start + i) % this.ring.length] - this.ref;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
    this.sinceRecompute = 0;
  }

  judge(_t: number, v: number, out: PointOutput): void {
    if (this.size >= GAUSSIAN_WARMUP) {
      const n = this.size;
      const mean = this.s1 / n;
      const sigma = Math.sqrt(Math.max(0, this.s2 / n - mean * mean));
      out.expected = this.ref + mean + this.offset;
      out.scale = sigma;
      residualEvidence(v - out.expected, sigma, out);
    } else {
      noJudgement(out);
    }
    this.expected = out.expected;
  }

  learn(_t: number, v: number, anomalous: boolean): void {
    // An anomaly enters the window as the mean (nothing before the warm-up ends).
    const x = anomalous ? this.expected : v;
    if (Number.isFinite(x)) {
      this.push(x - this.offset);
    }
  }

  /** The window is kept relative to `offset`, so a shift moves it all at once. */
  shift(d: number): void {
    if (Number.isFinite(d)) {
      this.offset += d;
    }
  }

  toJSON(): GaussianJSON {
    const vals = new Float64Array(this.size);
    const start = (this.head - this.size + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.size; i++) {
      vals[i] = this.ring[(start + i) % this.ring.length];
    }
    return {
      w: this.ring.length,
      ref: this.ref,
      sums: [this.s1, this.s2, this.sinceRecompute],
      values: encodeF64(vals),
      offset: this.offset,
    };
  }
}
