/**
 * The ensemble: members run side by side on every point; each member's evidence is calibrated to a
 * tail probability p_m within its own recent evidence (TailCalibrator), turned into a normalised
 * surprise u_m = min(1, log(1/p_m) / log(memory)) in [0, 1], and combined by a weighted vote:
 * score = sum w_m u_m / sum w_m over the members that can judge the point, minus the current raise of
 * the threshold (below), so that isAnomaly <=> score >= the sensitivity's threshold. A member "fires" when
 * u_m >= the ensemble threshold, which `fired` reports per point as a bit mask over `members`.
 *
 * Incidents. Members judge a point before they learn it, so the ensemble decides in between. An
 * incident starts when the vote clears the threshold; its first point is learned clipped (+-4 sigmas
 * of each member). While it lasts (the most surprised member still clears the raised threshold, or
 * every member still sees CONTINUE_EVIDENCE; the score is then at least that member's u_m) the
 * members learn their own expected value and neither their error
 * scales nor the calibrations see the points, so the score does not fade and the band does not widen.
 * After `adaptAfter` ms of series time the incident's level becomes normal: each member shifts its
 * level by the median of its latest residuals (if the point is at that level) and judges the point
 * again. `adaptAfter` 0 learns anomalies like normal points.
 *
 * The reported score of a flagged point is shared between that decision score and how far outside
 * the band the point is (magnitudeScore, bandScore.ts): the surprise saturates at a record, so on a
 * noisy series routine blips and far larger spikes would tie at about 1.
 *
 * The threshold adapts twice: the calibration rescales each member to its own recent behaviour (a
 * noisy stretch raises the raw level needed to fire), and after a detection the threshold for a new
 * incident is raised by half the distance to 1 and relaxes back with a half-life of `refractory`
 * points, so one incident does not raise a burst of alerts.
 *
 * Range breaks. A value outside the range of every value this detector has seen, by more than
 * RANGE_TOLERANCE of that range, is reported anomalous with score 1 (NAB's Numenta detector calls it a
 * spatial anomaly): a new extreme is news whatever the members expected. It only raises what is
 * reported; whether the members learn the point stays the vote's decision, so a series that reaches a
 * new level still adapts as before. Chosen by `npm run eval -- nabResearch` (tolerance chosen by
 * leave-one-file-out cross-validation among 0, 2, 5, 10 and 20 %). A young range (fewer than
 * RANGE_MATURE values) needs a wider margin: on short series its new extremes were most of the
 * false alarms right after the warm-up.
 *
 * The band (expected, lower, upper) is where the score stays below the threshold. Its expected value
 * is a blend of the members that can judge the point (the same condition as for the score:
 * CALIBRATION_MIN calibrated values), weighted by 1 / scale^2, so the member that forecasts best
 * right now dominates: expected = sum w_m x_m / sum w_m, sigma = sum w_m s_m / sum w_m (not the
 * smaller sqrt(1 / sum w_m): the members' errors are correlated). Each edge starts at the scale band,
 * expected +- bandZ sigma, and moves in to the first value the vote would flag (at the base
 * threshold, so the band does not widen after a detection) and to where range breaks start. No member
 * ready, no band (NaN), just as there is no score. While every value seen so far is >= 0 the lower
 * edge is clipped at 0 (a CPU or byte series cannot go below it).
 */
import { DETECTORS } from '../../common/models';
import { DetectionResult } from '../types';
import { bandBoundedScore, bandDistance, magnitudeScore } from './bandScore';
import { BIN_WIDTH, BINS, TailCalibrator } from './calibrator';
import { binOrPast } from './evidenceBins';
import { PointModel, PointOutput } from './types';

/** How far past the range of the values seen (as a fraction of that range) a value is a range break. */
export const RANGE_TOLERANCE = 0.02;
/**
 * Values a range needs before RANGE_TOLERANCE alone applies; a range of n < RANGE_MATURE values is
 * widened to RANGE_TOLERANCE x RANGE_MATURE / n of it (10 % at 200 values). A young range
 * understates the series' spread: the next value is a new extreme with probability about 1 / (n + 1),
 * and by a margin that shrinks like 1 / n, so on a short series (or the first hours of a long one) a
 * drift or a daily peak broke a range of 300 values again and again. Chosen by cross-validation on
 * the development files and their short and hourly proxies (docs/anomaly-detection.md, "Range breaks").
 */
export const RANGE_MATURE = 1000;

/** Points of evidence a member needs before its calibration is trusted. */
export const CALIBRATION_MIN = 30;
/** Most recent residuals per member kept during an incident to estimate an accepted level shift. */
export const SHIFT_RESIDUALS = 64;
/**
 * Evidence (-log10 of the normal tail: 16 is about 8.3 sigmas) every member must still see for an
 * incident to go on when the calibrated surprise no longer clears the raised threshold. The
 * calibration ranks evidence and puts everything above 16 in one top bin, so a spike far above the
 * band ties with every earlier spike there; without this a several-minute spike was flagged for its
 * first minute only.
 */
export const CONTINUE_EVIDENCE = BINS * BIN_WIDTH;
/** Bisection steps that place a band edge where the vote reaches the threshold (2^-16 of the half-width). */
const EDGE_STEPS = 16;
/** Samples of the stretch where the vote need not grow with the distance (see EnsembleCore.edge). */
const EDGE_SAMPLES = 4;
/** The calibration's bins and its last bin, copied once: flagsAt reads them for every member at every value it tries. */
const BIN_COUNT = BINS;
const LAST_BIN = BINS - 1;

export interface EnsembleMember {
  model: PointModel;
  weight: number;
  calibrator: TailCalibrator;
}

export interface EnsembleJSON {
  members: Array<{ data: unknown; cal: ReturnType<TailCalibrator['toJSON']> }>;
  boost: number;
  /** Whether a negative value has been seen (absent in older states: treated as true, no clipping). */
  negative?: boolean;
  /** The incident in progress: its start time and each member's latest residuals (absent: none). */
  incident?: { since: number; residuals: number[][] };
  /** Lowest and highest finite value seen (absent in older states: a range starts afresh). */
  range?: [number, number];
  /** Finite values the range has seen (absent in older states: a range there counts as mature). */
  rangeCount?: number;
}

/** Median of a short list (copied, not sorted in place); NaN when empty. */
function medianOf(xs: number[]): number {
  if (xs.length === 0) {
    return NaN;
  }
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Combines members; `threshold` is the base threshold from the sensitivity. */
export class EnsembleCore {
  private readonly out: PointOutput = { expected: NaN, scale: NaN, evidence: NaN, score: NaN };
  /** Current raise of the threshold after a detection (0 = none). */
  boost = 0;
  /** A finite negative value has been seen: the band's lower edge is no longer clipped at 0. */
  negative = false;
  /** Start time (ms) of the incident in progress, NaN when there is none. */
  since = NaN;
  /** Range-break tolerance (Infinity: none; the evaluation's research table compares both). */
  rangeTolerance = RANGE_TOLERANCE;
  /** Values the range needs before rangeTolerance alone applies (RANGE_MATURE; no shipped eval sets another). */
  rangeMature = RANGE_MATURE;
  /** Lowest and highest finite value seen (range breaks), and how many finite values that range has seen. */
  lo = Infinity;
  hi = -Infinity;
  rangeCount = 0;
  /** Per member: its latest residuals v - expected during the incident (at most SHIFT_RESIDUALS). */
  residuals: number[][];
  private readonly decay: number;
  private readonly logMemory: number;
  /** Per member: evidence, expected value and scale of the point being judged. */
  private readonly evidence: Float64Array;
  private readonly expected: Float64Array;
  private readonly scale: Float64Array;
  /** Per member: whether its evidence is residualEvidence(v - expected, scale), so the band can ask it about any v. */
  private readonly residualBased: boolean[];
  /** Per member: its calibration's tail table at the point being judged (tailTable). */
  private readonly tails: Float64Array[];
  /**
   * Per member m and bin b (at m x BINS + b): the surprise of that bin at the point being judged, valid
   * where `known` holds the point's `table` number. The band's edge search asks about 20 values per
   * point, mostly in the same few bins, so each bin's logarithm is taken once.
   */
  private readonly surprise: Float64Array;
  private readonly known: Float64Array;
  /** Counts the fills of the tail tables, so that a new point invalidates every known surprise. */
  private table = 0;

  constructor(
    readonly members: EnsembleMember[],
    readonly threshold: number,
    readonly bandZ: number,
    refractory: number,
    memory: number,
    /** How long (ms) an incident lasts before its level is accepted as the new normal. */
    readonly adaptAfter = Infinity
  ) {
    this.decay = Math.pow(0.5, 1 / Math.max(1, refractory));
    this.logMemory = Math.log(memory);
    this.residuals = members.map(() => []);
    this.evidence = new Float64Array(members.length);
    this.expected = new Float64Array(members.length);
    this.scale = new Float64Array(members.length);
    this.residualBased = members.map((m) => DETECTORS[m.model.name].threshold === 'parametric');
    this.tails = members.map(() => new Float64Array(BINS + 1));
    this.surprise = new Float64Array(members.length * BINS);
    this.known = new Float64Array(members.length * BINS);
  }

  /** Restores the combination's own state (the members restore themselves). */
  restore(j: EnsembleJSON): void {
    this.boost = j.boost;
    this.negative = j.negative ?? true;
    this.since = j.incident ? j.incident.since : NaN;
    this.residuals = this.members.map((_, m) => (j.incident ? j.incident.residuals[m].slice() : []));
    [this.lo, this.hi] = j.range ?? [Infinity, -Infinity];
    this.rangeCount = j.rangeCount ?? (j.range ? this.rangeMature : 0);
  }

  /**
   * Judges and learns the points of (t, v), writing their outputs into `res` from index `offset`.
   * Points before `outputsFrom` are judged for the state only (a companion run's lead-in, or points
   * no query asked for): the band is drawn only where the decision needs it (the vote clears the
   * threshold, or the value breaks the range), so those points' expected value and isAnomaly are
   * exact, their score is finite exactly where the point was judged but is the vote's decision
   * before the band's bound, their lower and upper edges NaN and fired 0. The state after every
   * point, and so every later output, is the same as with `outputsFrom` 0: the band only bounds the
   * score, and a point is anomalous only when the decision clears the threshold outside the band.
   */
  run(t: Float64Array, v: Float64Array, res: DetectionResult, offset = 0, outputsFrom = 0): void {
    const fired = res.fired!;
    const ms = this.members;
    for (let i = 0; i < t.length; i++) {
      const k = i + offset;
      this.judgeAll(t[i], v[i]);
      if (!Number.isNaN(this.since) && this.adaptAfter > 0 && t[i] - this.since >= this.adaptAfter) {
        // The incident has lasted adaptAfter: its level becomes the normal one, and this point is
        // judged at that level (unless the point has left it: then the incident is simply over).
        if (this.acceptShift(v[i])) {
          this.judgeAll(t[i], v[i]);
        }
        this.endIncident();
      }
      let wsum = 0;
      let ssum = 0;
      let umax = 0;
      let emin = Infinity;
      let mask = 0;
      // Band blend: sums of w, w x, w s with w = 1 / s^2; `exact` = a ready member with scale 0.
      let bw = 0;
      let bx = 0;
      let bs = 0;
      let exact = NaN;
      for (let m = 0; m < ms.length; m++) {
        const mem = ms[m];
        const x = this.expected[m];
        const sc = this.scale[m];
        const ready = mem.calibrator.seen >= CALIBRATION_MIN;
        if (ready && Number.isFinite(x) && sc >= 0 && sc < Infinity) {
          if (sc === 0) {
            exact = Number.isNaN(exact) ? x : exact;
          } else {
            const w = 1 / (sc * sc);
            bw += w;
            bx += w * x;
            bs += w * sc;
          }
        }
        const e = this.evidence[m];
        if (ready && e >= 0) {
          const p = mem.calibrator.tail(e);
          const u = Math.min(1, -Math.log(p) / this.logMemory);
          wsum += mem.weight;
          ssum += mem.weight * u;
          umax = Math.max(umax, u);
          emin = Math.min(emin, e);
          if (u >= this.threshold) {
            mask |= 1 << m;
          }
        }
      }
      this.negative = this.negative || v[i] < 0;
      const expected = Number.isNaN(exact) ? bx / bw : exact;
      const half = Number.isNaN(exact) ? (this.bandZ * bs) / bw : 0;
      res.expected[k] = expected;
      let anomalous = false;
      if (i < outputsFrom) {
        // State only: without the band a point is anomalous neither by the vote (bandBoundedScore
        // keeps a score inside the band below the threshold, and outside it the decision stands)
        // nor as a range break (which needs a value past the band); draw it only when it could be.
        if (wsum > 0) {
          const s = this.decide(ssum / wsum, umax, emin);
          let broke = false;
          if (s >= this.threshold || this.breaksRange(v[i])) {
            this.drawBand(expected, half);
            const d = bandDistance(v[i], expected, this.bandLower, this.bandUpper);
            anomalous = bandBoundedScore(s, d, this.threshold) >= this.threshold;
            broke = !(d < 1) && this.breaksRange(v[i]);
          }
          res.score[k] = s;
          res.isAnomaly[k] = anomalous || broke ? 1 : 0;
        } else {
          res.score[k] = NaN;
          res.isAnomaly[k] = 0;
        }
        res.lower[k] = NaN;
        res.upper[k] = NaN;
        fired[k] = 0;
      } else {
        this.drawBand(expected, half);
        const lower = this.bandLower;
        const upper = this.bandUpper;
        res.lower[k] = lower;
        res.upper[k] = upper;
        if (wsum > 0) {
          // The band is drawn from the same decision, so only a vote that does not grow with the
          // distance from the expected value (members that disagree) or rounding at the edge can flag
          // a point inside it; bandBoundedScore keeps those below the threshold too.
          const d = bandDistance(v[i], expected, lower, upper);
          const s = bandBoundedScore(this.decide(ssum / wsum, umax, emin), d, this.threshold);
          anomalous = s >= this.threshold;
          const broke = !(d < 1) && this.breaksRange(v[i]);
          res.score[k] = broke ? 1 : magnitudeScore(s, d, this.threshold);
          res.isAnomaly[k] = anomalous || broke ? 1 : 0;
          fired[k] = d < 1 ? 0 : mask;
        } else {
          res.score[k] = NaN;
          res.isAnomaly[k] = 0;
          fired[k] = 0;
        }
      }
      if (anomalous) {
        this.onAnomaly(t[i], v[i]);
      } else {
        if (Number.isFinite(v[i])) {
          // A missing value neither ends nor extends an incident.
          this.endIncident();
        }
        this.learnAll(t[i], v[i]);
      }
      this.boost *= this.decay;
      if (Number.isFinite(v[i])) {
        this.rangeCount++;
        this.lo = Math.min(this.lo, v[i]);
        this.hi = Math.max(this.hi, v[i]);
      }
    }
  }

  /** Edges of the band drawn last (drawBand). */
  private bandLower = NaN;
  private bandUpper = NaN;

  /**
   * Draws the band of the point being judged around `expected` (the members' blend) with the scale
   * band's half-width `half` into bandLower and bandUpper. Reads the state only (the members' tail
   * tables it fills are rebuilt before each use).
   */
  private drawBand(expected: number, half: number): void {
    // bw = 0 (no ready member) gives NaN: no band before the ensemble can judge.
    let lower = this.negative ? expected - half : Math.max(expected - half, Math.min(0, expected));
    let upper = expected + half;
    if (half > 0 && this.canAskMembers()) {
      // The band ends where the vote would flag a value: inside it nothing is anomalous. Both
      // edges are the expected value when the vote already flags that.
      if (this.flagsAt(expected)) {
        upper = expected;
        lower = expected;
      } else {
        upper = this.edge(expected, upper);
        lower = this.edge(expected, lower);
      }
    }
    if (this.hi > this.lo && this.rangeTolerance !== Infinity) {
      // The band cut to where range breaks start (the range seen, widened by rangeTolerance of
      // it), so that a range break is never inside the band; never cut past the expected value.
      const d = this.rangeMargin();
      lower = Math.min(Math.max(lower, this.lo - d), Math.max(expected, lower));
      upper = Math.max(Math.min(upper, this.hi + d), Math.min(expected, upper));
    }
    this.bandLower = lower;
    this.bandUpper = upper;
  }

  /**
   * The score of a point from its vote (the weighted mean surprise), the most surprised member's
   * surprise and the least evidence of a member. A new incident needs the vote to clear the raised
   * threshold. One in progress lasts while the most surprised member still clears it, or while every
   * member still sees CONTINUE_EVIDENCE, and reports that surprise without the raise, so it stays
   * high for as long as the incident lasts. isAnomaly <=> score >= the base threshold.
   */
  private decide(vote: number, umax: number, emin: number, boost = this.boost): number {
    if (!Number.isNaN(this.since)) {
      if (umax >= this.threshold + boost) {
        return umax;
      }
      if (emin >= CONTINUE_EVIDENCE && emin < Infinity) {
        // Far beyond every member's band: at least the threshold, towards 1 as the evidence grows.
        return Math.max(umax, this.threshold + (1 - this.threshold) * (1 - CONTINUE_EVIDENCE / emin));
      }
    }
    return Math.max(0, vote - boost);
  }

  /**
   * Whether the band can be drawn from the decision: every ready member's evidence is a function of
   * the residual (residualEvidence), so it can be asked about a value it was not given. Fills the
   * members' tail tables for {@link flagsAt}.
   */
  private canAskMembers(): boolean {
    for (let m = 0; m < this.members.length; m++) {
      if (this.members[m].calibrator.seen >= CALIBRATION_MIN && !this.residualBased[m]) {
        return false;
      }
    }
    for (let m = 0; m < this.members.length; m++) {
      const mem = this.members[m];
      if (mem.calibrator.seen >= CALIBRATION_MIN) {
        mem.calibrator.tailTable(this.tails[m]);
      }
    }
    this.table++;
    return true;
  }

  /**
   * Whether a value v at the point being judged would be anomalous (range breaks aside) at the base
   * threshold, without the raise that follows a detection: the band does not widen after an
   * incident, and since the raise only makes flagging harder, nothing inside the band is flagged.
   */
  private flagsAt(v: number): boolean {
    let wsum = 0;
    let ssum = 0;
    let umax = 0;
    let far = true;
    for (let m = 0; m < this.members.length; m++) {
      const mem = this.members[m];
      if (mem.calibrator.seen < CALIBRATION_MIN) {
        continue;
      }
      // One search gives the residual's bin and whether its evidence is past the last bin's start.
      const b = binOrPast(v - this.expected[m], this.scale[m]);
      if (b >= 0) {
        const at = m * BIN_COUNT + (b > LAST_BIN ? LAST_BIN : b);
        let u = this.surprise[at];
        if (this.known[at] !== this.table) {
          u = Math.min(1, -Math.log(mem.calibrator.tailAtBin(this.tails[m], at - m * BIN_COUNT)) / this.logMemory);
          this.surprise[at] = u;
          this.known[at] = this.table;
        }
        wsum += mem.weight;
        ssum += mem.weight * u;
        umax = Math.max(umax, u);
        far = far && b > LAST_BIN;
      }
    }
    if (!(wsum > 0)) {
      return false;
    }
    // decide(ssum / wsum, umax, emin, 0) >= threshold, spelled out (this runs some 20 times per point).
    // In an incident decide() returns umax when it clears the threshold, else, when every member's
    // evidence reaches CONTINUE_EVIDENCE (the last bin's end: `far`), max(umax, threshold), which
    // clears it unless umax is NaN; otherwise the vote.
    if (!Number.isNaN(this.since)) {
      if (umax >= this.threshold) {
        return true;
      }
      if (far) {
        return !Number.isNaN(umax);
      }
    }
    return ssum / wsum >= this.threshold;
  }

  /**
   * The band's edge on the side of `far` (the scale band's edge), given that `expected` is not flagged
   * (run checks that once for both edges): the first value from `expected` towards `far` that the
   * decision would flag, less than 2^-EDGE_STEPS of the way before it; `far` when
   * none is. Past every member's expected value each member's surprise grows with the distance, so
   * the decision flips once and a bisection finds it; before that (a member expects more than the
   * blend) the surprise of the members ahead falls as the others' rises, so that stretch is sampled
   * first (EDGE_SAMPLES points), and a flagged stretch narrower than a sample step is left to
   * bandBoundedScore.
   */
  private edge(expected: number, far: number): number {
    const dir = far > expected ? 1 : -1;
    let ahead = expected;
    for (let m = 0; m < this.members.length; m++) {
      const x = this.expected[m];
      if (this.members[m].calibrator.seen >= CALIBRATION_MIN && (x - ahead) * dir > 0) {
        ahead = x;
      }
    }
    ahead = (ahead - far) * dir > 0 ? far : ahead;
    let a = expected;
    if (ahead !== expected) {
      for (let j = 1; j <= EDGE_SAMPLES; j++) {
        const p = expected + ((ahead - expected) * j) / EDGE_SAMPLES;
        if (this.flagsAt(p)) {
          return this.bisect(a, p);
        }
        a = p;
      }
    }
    return a === far || !this.flagsAt(far) ? far : this.bisect(a, far);
  }

  /** The last value not flagged between a (not flagged) and b (flagged), within 2^-EDGE_STEPS of |b - a|. */
  private bisect(a: number, b: number): number {
    for (let j = 0; j < EDGE_STEPS; j++) {
      const mid = (a + b) / 2;
      if (this.flagsAt(mid)) {
        b = mid;
      } else {
        a = mid;
      }
    }
    return a;
  }

  /** Whether v lies outside the range of the values seen by more than rangeTolerance of it. */
  private breaksRange(v: number): boolean {
    if (!(this.hi > this.lo) || this.rangeTolerance === Infinity) {
      return false;
    }
    const d = this.rangeMargin();
    return v > this.hi + d || v < this.lo - d;
  }

  /** How far past the range seen a value must lie to break it: rangeTolerance of it, more while the range is young. */
  private rangeMargin(): number {
    return (this.hi - this.lo) * this.rangeTolerance * Math.max(1, this.rangeMature / this.rangeCount);
  }

  /** Every member judges the point; their evidence, expected value and scale are kept per member. */
  private judgeAll(t: number, v: number): void {
    const out = this.out;
    for (let m = 0; m < this.members.length; m++) {
      this.members[m].model.judge(t, v, out);
      this.evidence[m] = out.evidence;
      this.expected[m] = out.expected;
      this.scale[m] = out.scale;
    }
  }

  /**
   * Moves every member's level by the median of its latest residuals in the incident, provided the
   * point `v` is at that new level for every member (within 4 of its sigmas); returns whether it did.
   */
  private acceptShift(v: number): boolean {
    const shifts = this.residuals.map(medianOf);
    const atLevel = shifts.every((d, m) => {
      const r = v - this.expected[m];
      return !(Number.isFinite(d) && Number.isFinite(r)) || Math.abs(r - d) <= 4 * this.scale[m];
    });
    if (atLevel) {
      shifts.forEach((d, m) => Number.isFinite(d) && this.members[m].model.shift(d));
    }
    return atLevel;
  }

  /**
   * An anomalous point. With `adaptAfter` 0 it is learned like any point (the members' own clipping
   * aside). Otherwise the first point of an incident is learned clipped to each member's expected
   * value +- 4 of its sigmas (a one-point spike that recurs must still become normal in time, and its
   * evidence enters the calibration), and later points are not learned: members learn their own
   * expectation and the calibrations skip them, so a sustained incident neither fades nor widens the
   * band. Each member's residuals are kept to estimate the new level once the incident has lasted
   * `adaptAfter` (see run).
   */
  private onAnomaly(t: number, v: number): void {
    const ms = this.members;
    if (this.adaptAfter <= 0) {
      this.boost = (1 - this.threshold) / 2;
      this.learnAll(t, v);
      return;
    }
    const first = Number.isNaN(this.since);
    if (first) {
      this.since = t;
      this.boost = (1 - this.threshold) / 2;
    }
    for (let m = 0; m < ms.length; m++) {
      const r = v - this.expected[m];
      if (Number.isFinite(r)) {
        const rs = this.residuals[m];
        rs.push(r);
        if (rs.length > SHIFT_RESIDUALS) {
          rs.shift();
        }
      }
    }
    for (let m = 0; m < ms.length; m++) {
      if (first) {
        const c = 4 * this.scale[m];
        const x = this.expected[m];
        ms[m].model.learn(t, c >= 0 && Number.isFinite(x) ? Math.min(x + c, Math.max(x - c, v)) : v, false);
        ms[m].calibrator.add(this.evidence[m]);
      } else {
        ms[m].model.learn(t, v, true);
      }
    }
  }

  private endIncident(): void {
    if (!Number.isNaN(this.since)) {
      this.since = NaN;
      this.residuals = this.members.map(() => []);
    }
  }

  /** Every member learns the point as normal, and its calibration takes the evidence just judged. */
  private learnAll(t: number, v: number): void {
    const ms = this.members;
    for (let m = 0; m < ms.length; m++) {
      ms[m].model.learn(t, v, false);
      ms[m].calibrator.add(this.evidence[m]);
    }
  }

  toJSON(): EnsembleJSON {
    return {
      members: this.members.map((m) => ({ data: m.model.toJSON(), cal: m.calibrator.toJSON() })),
      boost: this.boost,
      negative: this.negative,
      ...(this.hi >= this.lo ? { range: [this.lo, this.hi] as [number, number], rangeCount: this.rangeCount } : {}),
      ...(Number.isNaN(this.since)
        ? {}
        : { incident: { since: this.since, residuals: this.residuals.map((r) => r.slice()) } }),
    };
  }
}
