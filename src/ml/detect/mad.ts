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
}

export class MadModel implements PointModel {
  readonly name = 'mad';
  readonly warmup = MAD_WARMUP;
  private readonly win: SortedWindow;

  constructor(opts: ResolvedOptions, state?: MadJSON) {
    const w = state?.w ?? Math.max(MAD_WARMUP, Math.min(opts.trainWindow, 256));
    this.win = new SortedWindow(w);
    if (state) {
      decodeF64(state.values).forEach((x) => this.win.push(x));
    }
  }

  step(_t: number, v: number, out: PointOutput): void {
    const win = this.win;
    if (win.size >= MAD_WARMUP) {
      const m = win.median();
      let sigma = MAD_TO_SIGMA * win.mad(m);
      if (sigma === 0) {
        sigma = 1.2533141373155003 * win.meanAbsDev(m);
      }
      out.expected = m;
      out.scale = sigma;
      residualEvidence(v - m, sigma, out);
    } else {
      noJudgement(out);
    }
    if (Number.isFinite(v)) {
      win.push(v);
    }
  }

  toJSON(): MadJSON {
    return { w: this.win.capacity, values: encodeF64(this.win.values()) };
  }
}
