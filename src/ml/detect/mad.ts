/**
 * Robust rolling median/MAD detector. Expected value = median of the last `window` finite points
 * (before the current one), sigma = 1.4826 * MAD (mean absolute deviation * 1.2533 when the MAD is 0,
 * e.g. for quantised data), z = (v - median) / sigma.
 *
 * Assumes: the level moves slowly relative to the window; no seasonality (a cycle inflates the MAD).
 * Window = min(trainWindow, 256) points. Warm-up: 20 points.
 */
import { MAD_TO_SIGMA } from '../core/mad';
import { decodeF64, encodeF64 } from './stateCodec';
import { residualEvidence } from './residualScale';
import { PointModel, PointOutput, ResolvedOptions, noJudgement } from './types';
import { SortedWindow } from './slidingWindow';

export const MAD_WARMUP = 20;

interface MadJSON {
  w: number;
  values: string;
  /** Accepted level shifts (absent in older states: 0). */
  offset?: number;
}

export class MadModel implements PointModel {
  readonly name = 'mad';
  readonly warmup = MAD_WARMUP;
  private readonly win: SortedWindow;
  /** Accepted level shifts so far: the window holds values minus this. */
  private offset = 0;
  /** Median (plus offset) at the point last judged. */
  private expected = NaN;

  constructor(opts: ResolvedOptions, state?: MadJSON) {
    const w = state?.w ?? Math.max(MAD_WARMUP, Math.min(opts.trainWindow, 256));
    this.win = new SortedWindow(w);
    if (state) {
      decodeF64(state.values).forEach((x) => this.win.push(x));
      this.offset = state.offset ?? 0;
    }
  }

  judge(_t: number, v: number, out: PointOutput): void {
    const win = this.win;
    if (win.size >= MAD_WARMUP) {
      const m = win.median();
      let sigma = MAD_TO_SIGMA * win.mad(m);
      if (sigma === 0) {
        sigma = 1.2533141373155003 * win.meanAbsDev(m);
      }
      out.expected = m + this.offset;
      out.scale = sigma;
      residualEvidence(v - out.expected, sigma, out);
    } else {
      noJudgement(out);
    }
    this.expected = out.expected;
  }

  learn(_t: number, v: number, anomalous: boolean): void {
    // An anomaly enters the window as the median (nothing before the warm-up ends).
    const x = anomalous ? this.expected : v;
    if (Number.isFinite(x)) {
      this.win.push(x - this.offset);
    }
  }

  /** The window is kept relative to `offset`, so a shift moves it all at once. */
  shift(d: number): void {
    if (Number.isFinite(d)) {
      this.offset += d;
    }
  }

  toJSON(): MadJSON {
    return { w: this.win.capacity, values: encodeF64(this.win.values()), offset: this.offset };
  }
}
