/**
 * Seasonal Holt-Winters detector: additive ETS(A,Ad,A) from `src/ml/models/holtWinters.ts`. The
 * first `warmup` points are buffered; then the season is detected (autocorrelation, when 'auto'),
 * the smoothing parameters are chosen by grid search on that buffer, and the model runs online.
 * Each point is judged against the one-step forecast made before it: z = (v - expected) / sigma, with
 * sigma a robust running scale of the one-step errors. The model learns from a *clipped* value
 * (expected +- 4 sigma), so a spike does not drag level and season along with it.
 *
 * While the ensemble holds an incident the model learns its own forecast. It then holds its level
 * (the season moves on; the trend is kept for when the data return but not carried on: a local slope
 * carried through an hour of a daily cycle misses by many sigmas), and after k such points its sigma
 * is the ETS interval's for a (k + 1)-step forecast (holtWintersVarianceRatio), at most
 * MAX_HORIZON_FACTOR times the one-step sigma. The first value learned after the incident is clipped
 * at 4 of those sigmas, so the level returns to the data at once. Before, the member kept its trend
 * and its one-step sigma: on the demo's request rate it disagreed with the Prophet-style member by
 * 20 one-step sigmas, which collapsed the ensemble's band (every value flagged by one member or the
 * other) and kept the recovered traffic flagged until adaptAfter (issue 12).
 *
 * Assumes: additive seasonality of a fixed period in points, a smoothly varying level and trend.
 */
import {
  fitHoltWinters,
  holtWintersFromJSON,
  HoltWintersJSON,
  holtWintersToJSON,
  HoltWintersState,
  extendVarianceRatio,
  updateHoltWinters,
  VarianceRatioSum,
  varianceRatioStart,
} from '../models/holtWinters';
import { finiteCount } from '../../common/finiteCount';
import { decodeF64, encodeF64 } from './stateCodec';
import { residualEvidence } from './residualScale';
import { LevelScale } from './levelScale';
import { PointModel, PointOutput, ResolvedOptions, noJudgement } from './types';
import { resolveSeason, seasonalWarmup } from './warmup';

/**
 * Most the sigma of a held forecast grows over the one-step sigma. Uncapped, the interval of a
 * trended model grows like the horizon^1.5, and a 30-sigma shift stopped surprising this member
 * before an adaptAfter of 3 h (incident.test.ts); at 3 the demo's traffic drop keeps a band and its
 * recovery ends the incident (demoTrafficDrop.test.ts). Not cross-validated (docs/anomaly-detection.md).
 */
export const MAX_HORIZON_FACTOR = 3;

interface HwJSON {
  buffer?: string;
  hw?: HoltWintersJSON;
  scale?: number[];
  /** Points learned as the model's own forecast since it last learned a value (absent: 0). */
  ahead?: number;
}

export class HoltWintersModel implements PointModel {
  readonly name = 'holtwinters';
  readonly warmup: number;
  private buffer: number[] = [];
  /**
   * Finite values in `buffer`. A run that starts before the upstream's history feeds days of
   * missing values, and the warm-up retried on each of them: counting them anew copied the whole
   * buffer once a point (about an eighth of a cold companion query, docs/companion.md).
   */
  private bufferFinite = 0;
  private hw: HoltWintersState | null = null;
  private readonly scale: LevelScale;
  /** Points learned as its own forecast (an incident) since the last value learned: the horizon is ahead + 1. */
  private ahead = 0;
  /**
   * holtWintersVarianceRatio at `ratio.j` + 1, extended by one term a held point rather than summed
   * again (an incident of k points would cost k^2/2 terms); the fitted parameters never change.
   */
  private ratio: VarianceRatioSum = varianceRatioStart();

  constructor(
    private readonly opts: ResolvedOptions,
    state?: HwJSON
  ) {
    this.warmup = seasonalWarmup(opts);
    this.scale = new LevelScale(Math.max(50, opts.trainWindow));
    if (state?.buffer) {
      this.buffer = Array.from(decodeF64(state.buffer));
      this.bufferFinite = finiteCount(this.buffer);
    }
    if (state?.hw) {
      this.hw = holtWintersFromJSON(state.hw);
    }
    if (state?.scale) {
      this.scale = LevelScale.fromJSON(this.scale.memory, state.scale);
    }
    this.ahead = state?.ahead ?? 0;
  }

  /** Sigma of the forecast `ahead` + 1 steps out over the one-step sigma. */
  private horizonFactor(hw: HoltWintersState): number {
    if (this.ahead === 0) {
      return 1;
    }
    if (this.ratio.j > this.ahead) {
      this.ratio = varianceRatioStart();
    }
    while (this.ratio.j < this.ahead) {
      extendVarianceRatio(hw, this.ratio);
    }
    return Math.min(MAX_HORIZON_FACTOR, Math.sqrt(this.ratio.varSum));
  }

  /** Season length in use (0 = none; undefined while warming up). */
  get period(): number | undefined {
    return this.hw?.period;
  }

  /** Forecast and residual of the point last judged (read by `learn`). */
  private expected = NaN;
  private residual = NaN;

  judge(_t: number, v: number, out: PointOutput): void {
    const hw = this.hw;
    if (!hw) {
      noJudgement(out);
      this.expected = NaN;
      return;
    }
    // Held during an incident: the level without its trend (see the header).
    const expected = hw.level + (this.ahead > 0 ? 0 : hw.phi * hw.trend) + (hw.period > 0 ? hw.season[hw.pos] : 0);
    out.expected = expected;
    out.scale = this.scale.sigmaAt(expected) * this.horizonFactor(hw);
    this.expected = expected;
    this.residual = v - expected;
    residualEvidence(this.residual, out.scale, out);
  }

  learn(_t: number, v: number, anomalous: boolean): void {
    const hw = this.hw;
    if (!hw) {
      // An anomaly during the warm-up is buffered as a missing value.
      const x = anomalous ? NaN : v;
      if (!Number.isFinite(x) && this.bufferFinite === 0) {
        // The warm-up starts at a value: a run that begins before its series (a companion run
        // reaching past the first sample) learns the same season as one that begins at the first
        // sample. Started on a tail of a few values, the season stayed unlearnt for days.
        this.buffer.length = 0;
        return;
      }
      this.buffer.push(x);
      this.bufferFinite += Number.isFinite(x) ? 1 : 0;
      if (this.buffer.length >= this.warmup) {
        this.start();
      }
      return;
    }
    if (anomalous) {
      // The level holds and the season moves on (the trend kept aside); the error scale does not see the anomaly.
      const trend = hw.trend;
      hw.trend = 0;
      updateHoltWinters(hw, hw.level + (hw.period > 0 ? hw.season[hw.pos] : 0));
      hw.trend = trend;
      this.ahead++;
      return;
    }
    const e = this.residual;
    // After an incident, the clip of the forecast that far out: the level returns to the data.
    const sigma = this.scale.sigmaAt(this.expected) * (Number.isFinite(v) ? this.horizonFactor(hw) : 1);
    let x = v;
    if (Number.isFinite(e) && sigma > 0 && Math.abs(e) > 4 * sigma) {
      x = this.expected + Math.sign(e) * 4 * sigma;
    }
    updateHoltWinters(hw, x);
    this.scale.add(v, this.expected);
    if (Number.isFinite(v)) {
      // A missing value neither starts nor ends a stretch of forecasts (ahead stays 0 outside one).
      this.ahead = 0;
    } else if (this.ahead > 0) {
      this.ahead++;
    }
  }

  shift(d: number): void {
    if (this.hw && Number.isFinite(d)) {
      this.hw.level += d;
    }
  }

  private start(): void {
    if (this.bufferFinite < 3) {
      // Keep waiting: a warm-up buffer of missing values teaches nothing.
      const drop = this.buffer.length - this.warmup + 1;
      for (let i = 0; i < drop; i++) {
        this.bufferFinite -= Number.isFinite(this.buffer[i]) ? 1 : 0;
      }
      this.buffer.splice(0, drop);
      const lead = this.buffer.findIndex((y) => Number.isFinite(y));
      this.buffer.splice(0, lead < 0 ? this.buffer.length : lead);
      return;
    }
    const values = Float64Array.from(this.buffer);
    const period = resolveSeason(this.opts, values);
    this.hw = fitHoltWinters(values, { period, damped: false });
    // Seed the error scale with the in-sample one-step errors of the fitted model.
    const sigma = this.hw.nErr > 0 ? Math.sqrt(this.hw.sse / this.hw.nErr) : 0;
    let sum = 0;
    let n = 0;
    let min = Infinity;
    for (const y of values) {
      if (Number.isFinite(y)) {
        sum += y;
        n++;
        min = Math.min(min, y);
      }
    }
    this.scale.seed(
      sigma,
      sum / n,
      Math.min(this.hw.nErr, 10),
      min >= 0 && values.every((y) => !Number.isFinite(y) || Number.isInteger(y))
    );
    this.buffer = [];
    this.bufferFinite = 0;
  }

  toJSON(): HwJSON {
    if (!this.hw) {
      return { buffer: encodeF64(Float64Array.from(this.buffer)) };
    }
    return {
      hw: holtWintersToJSON(this.hw),
      scale: this.scale.toJSON(),
      ...(this.ahead > 0 ? { ahead: this.ahead } : {}),
    };
  }
}
