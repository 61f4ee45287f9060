/**
 * The ensemble: members run side by side on every point; each member's evidence is calibrated to a
 * tail probability p_m within its own recent evidence (TailCalibrator), turned into a normalised
 * surprise u_m = min(1, log(1/p_m) / log(memory)) in [0, 1], and combined by a weighted vote:
 * score = sum w_m u_m / sum w_m over the members that can judge the point, minus the current raise of
 * the threshold (below), so that isAnomaly <=> score >= the sensitivity's threshold. A member "fires" when
 * u_m >= the ensemble threshold, which `fired` reports per point as a bit mask over `members`.
 *
 * The threshold adapts twice: the calibration rescales each member to its own recent behaviour (a
 * noisy stretch raises the raw level needed to fire), and after a detection the threshold is raised by
 * half the distance to 1 and relaxes back with a half-life of `refractory` points, so one incident does
 * not raise a burst of alerts.
 */
import { DetectionResult } from '../types';
import { TailCalibrator } from './calibrator';
import { PointModel, PointOutput } from './types';

/** Points of evidence a member needs before its calibration is trusted. */
export const CALIBRATION_MIN = 30;

export interface EnsembleMember {
  model: PointModel;
  weight: number;
  calibrator: TailCalibrator;
}

export interface EnsembleJSON {
  members: Array<{ data: unknown; cal: ReturnType<TailCalibrator['toJSON']> }>;
  boost: number;
}

/** Combines members; `threshold` is the base threshold from the sensitivity. */
export class EnsembleCore {
  private readonly out: PointOutput = { expected: NaN, scale: NaN, evidence: NaN, score: NaN };
  /** Current raise of the threshold after a detection (0 = none). */
  boost = 0;
  private readonly decay: number;
  private readonly logMemory: number;

  constructor(
    readonly members: EnsembleMember[],
    readonly threshold: number,
    readonly bandZ: number,
    refractory: number,
    memory: number
  ) {
    this.decay = Math.pow(0.5, 1 / Math.max(1, refractory));
    this.logMemory = Math.log(memory);
  }

  run(t: Float64Array, v: Float64Array, res: DetectionResult, offset = 0): void {
    const out = this.out;
    const fired = res.fired!;
    const ms = this.members;
    for (let i = 0; i < t.length; i++) {
      const k = i + offset;
      let wsum = 0;
      let ssum = 0;
      let mask = 0;
      let expected = NaN;
      let scale = NaN;
      for (let m = 0; m < ms.length; m++) {
        const mem = ms[m];
        mem.model.step(t[i], v[i], out);
        if (Number.isNaN(expected) && Number.isFinite(out.expected) && Number.isFinite(out.scale)) {
          expected = out.expected;
          scale = out.scale;
        }
        const e = out.evidence;
        if (mem.calibrator.seen >= CALIBRATION_MIN && e >= 0) {
          const p = mem.calibrator.tail(e);
          const u = Math.min(1, -Math.log(p) / this.logMemory);
          wsum += mem.weight;
          ssum += mem.weight * u;

          if (u >= this.threshold) {
            mask |= 1 << m;
          }
        }
        mem.calibrator.add(e);
      }
      res.expected[k] = expected;
      res.lower[k] = expected - this.bandZ * scale;
      res.upper[k] = expected + this.bandZ * scale;
      res.fired![k] = mask;
      if (wsum > 0) {
        // The reported score is net of the adaptive raise, so isAnomaly <=> score >= base threshold.
        const s = Math.max(0, ssum / wsum - this.boost);
        res.score[k] = s;
        const anomalous = s >= this.threshold;
        res.isAnomaly[k] = anomalous ? 1 : 0;
        if (anomalous) {
          this.boost = (1 - this.threshold) / 2;
        }
      } else {
        res.score[k] = NaN;
        res.isAnomaly[k] = 0;
        fired[k] = 0;
      }
      this.boost *= this.decay;
    }
  }

  toJSON(): EnsembleJSON {
    return {
      members: this.members.map((m) => ({ data: m.model.toJSON(), cal: m.calibrator.toJSON() })),
      boost: this.boost,
    };
  }
}
