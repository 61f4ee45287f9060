/**
 * Builds detectors by name: `createDetector(options, state?)` and the model lists, from the catalogue
 * (src/common/models.ts). Options are filled and checked first (options.ts); how much data each model
 * needs first: warmupPoints.ts. The LSTM is not here: it needs tfjs and is created by
 * `createDetectorAsync` / `createLstmDetector` (lstmLoader.ts -> lstm.ts), loaded on demand so the
 * default path never pulls tfjs in.
 */
import { DETECTOR_MODELS, DETECTORS, modelsAt } from '../../common/models';
import { DetectionResult, MlError } from '../types';
import { TailCalibrator } from './calibrator';
import { EnsembleCore, EnsembleJSON } from './ensemble';
import { GaussianModel } from './gaussian';
import { HoltWintersModel } from './holtWinters';
import { IForestModel } from './iforest';
import { MadModel } from './mad';
import { ProphetModel } from './prophet';
import { resolveOptions } from './options';
import { bandZ, ensembleThreshold, scoreThreshold } from './sensitivity';
import {
  Detector,
  DetectorModel,
  DetectorOptions,
  DetectorState,
  PointModel,
  PointOutput,
  ResolvedOptions,
  stepModel,
} from './types';

/** Every detector family, including 'lstm' (Node, or a lazily loaded chunk in the browser). */
export { DETECTOR_MODELS };
/** Models available synchronously, loading nothing on first use (the engine worker's models). */
export const BROWSER_DETECTOR_MODELS: DetectorModel[] = modelsAt('detector', 'browser');
/**
 * Members of the default ensemble, in bit order of `fired`. Chosen by `npm run eval -- anomaly`: the
 * two forecasting members; adding the MAD or the Isolation Forest lowered every NAB profile (they add
 * false alarms that the vote then has to outweigh), see docs/anomaly-detection.md.
 */
export const ENSEMBLE_MEMBERS: DetectorModel[] = ['holtwinters', 'prophet'];

/** Constructs one member model, restoring `data` when given. */
export function createPointModel(name: DetectorModel, opts: ResolvedOptions, data?: unknown): PointModel {
  const d = data as any;
  switch (name) {
    case 'mad':
      return new MadModel(opts, d);
    case 'gaussian':
      return new GaussianModel(opts, d);
    case 'holtwinters':
      return new HoltWintersModel(opts, d);
    case 'prophet':
      return new ProphetModel(opts, d);
    case 'iforest':
      return new IForestModel(opts, d);
    default:
      throw new MlError(
        'unknown_model',
        `"${name}" is not a synchronous point model (use createLstmDetector for 'lstm')`
      );
  }
}

/** Allocates an empty result for n points (NaN-filled numeric arrays). */
export function emptyResult(n: number, ensemble: boolean): DetectionResult {
  const res: DetectionResult = {
    expected: new Float64Array(n).fill(NaN),
    lower: new Float64Array(n).fill(NaN),
    upper: new Float64Array(n).fill(NaN),
    score: new Float64Array(n).fill(NaN),
    isAnomaly: new Uint8Array(n),
  };
  if (ensemble) {
    res.fired = new Uint32Array(n);
  }
  return res;
}

/** Checks one chunk: equal lengths, finite timestamps, strictly increasing across chunks. */
export function checkChunk(t: Float64Array, v: Float64Array, lastT: number): number {
  if (t.length !== v.length) {
    throw new MlError('bad_input', `timestamps and values differ in length (${t.length} vs ${v.length})`);
  }
  let prev = lastT;
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] > prev)) {
      throw new MlError(
        'bad_input',
        `timestamps must be finite and strictly increasing (index ${i}: ${t[i]} after ${prev}); use detect() to sanitise a series`
      );
    }
    prev = t[i];
  }
  return prev;
}

/** Wraps one point model as a Detector with the single-model threshold of its family. */
export class SingleDetector implements Detector {
  readonly name: DetectorModel;
  private readonly out: PointOutput = { expected: NaN, scale: NaN, evidence: NaN, score: NaN };
  private readonly threshold: number;
  private readonly z: number;

  constructor(
    readonly model: PointModel,
    private readonly opts: ResolvedOptions,
    private lastT = -Infinity
  ) {
    this.name = model.name;
    this.threshold = scoreThreshold(DETECTORS[model.name].threshold, opts.sensitivity);
    this.z = bandZ(opts.sensitivity);
  }

  update(t: Float64Array, v: Float64Array): DetectionResult {
    this.lastT = checkChunk(t, v, this.lastT);
    const res = emptyResult(t.length, false);
    const out = this.out;
    for (let i = 0; i < t.length; i++) {
      stepModel(this.model, t[i], v[i], out);
      res.expected[i] = out.expected;
      res.lower[i] = out.expected - this.z * out.scale;
      res.upper[i] = out.expected + this.z * out.scale;
      res.score[i] = out.score;
      res.isAnomaly[i] = out.score >= this.threshold ? 1 : 0;
    }
    return res;
  }

  getState(): DetectorState {
    const { model, ...options } = this.opts;
    return { model, options, data: { model: this.model.toJSON(), lastT: this.lastT } };
  }

  ringBytes(): number {
    return this.model.ringBytes?.() ?? 0;
  }
}

/** The ensemble's detector state: its core, and the provisional ensemble while that still judges. */
export interface EnsembleDetectorState {
  ensemble: EnsembleJSON;
  lastT: number;
  /** The provisional ensemble (null once the regular members judge; absent in older states: none). */
  provisional?: EnsembleJSON | null;
}

/** Outputs the provisional ensemble supplies while the regular one cannot judge. */
const PROVISIONAL_OUTPUTS = ['expected', 'lower', 'upper', 'score', 'isAnomaly', 'fired'] as const;

/**
 * The ensemble as a Detector. Until its members have warmed up (the season needs two days of
 * 5-minute data, 600 points for Holt-Winters), a provisional ensemble of the same members with
 * shorter warm-ups (ResolvedOptions.provisional: warmup.ts) judges the points: it learns the same
 * points, and is dropped at the first point the regular ensemble judges, which from then on answers
 * exactly as it would without it. So a short series is judged from its 131st point (331st at 5
 * minutes, where the Prophet-style member waits for two days) instead of the 608th.
 */
export class EnsembleDetector implements Detector {
  readonly name = 'ensemble';
  readonly core: EnsembleCore;
  /** Judges while `core` cannot; null once `core` has judged a point. */
  provisional: EnsembleCore | null = null;

  constructor(
    private readonly opts: ResolvedOptions,
    state?: EnsembleDetectorState,
    private readonly memberNames: DetectorModel[] = ENSEMBLE_MEMBERS,
    private readonly weights?: number[],
    /** Member factory; the default knows every synchronous model (the LSTM's lives in lstm.ts). */
    private readonly make: (name: DetectorModel, opts: ResolvedOptions, data?: unknown) => PointModel = createPointModel
  ) {
    this.core = this.build(opts, state?.ensemble);
    if (!state || state.provisional) {
      this.provisional = this.build({ ...opts, provisional: true }, state?.provisional ?? undefined);
    }
    if (state) {
      this.lastT = state.lastT ?? -Infinity;
    }
  }

  private build(opts: ResolvedOptions, state?: EnsembleJSON): EnsembleCore {
    const memory = Math.max(100, opts.trainWindow);
    const members = this.memberNames.map((name, i) => ({
      model: this.make(name, opts, state?.members[i].data),
      weight: this.weights?.[i] ?? 1,
      calibrator: state ? TailCalibrator.fromJSON(memory, state.members[i].cal) : new TailCalibrator(memory),
    }));
    const core = new EnsembleCore(
      members,
      ensembleThreshold(opts.sensitivity),
      bandZ(opts.sensitivity),
      Math.max(10, opts.trainWindow / 20),
      memory,
      opts.adaptAfter
    );
    if (state) {
      core.restore(state);
    }
    return core;
  }

  private lastT = -Infinity;

  update(t: Float64Array, v: Float64Array, outputsFrom = 0): DetectionResult {
    this.lastT = checkChunk(t, v, this.lastT);
    const res = emptyResult(t.length, true);
    res.members = this.memberNames.slice();
    this.core.run(t, v, res, 0, outputsFrom);
    if (this.provisional) {
      // Up to the first point the regular ensemble judges (all of the chunk if none), then no more.
      let j = 0;
      while (j < t.length && Number.isNaN(res.score[j])) {
        j++;
      }
      const early = emptyResult(j, true);
      this.provisional.run(t.subarray(0, j), v.subarray(0, j), early, 0, outputsFrom);
      for (const o of PROVISIONAL_OUTPUTS) {
        res[o]!.set(early[o]!);
      }
      if (j < t.length) {
        this.provisional = null;
      }
    }
    return res;
  }

  /** The members' rings, the provisional ensemble's included while it judges. */
  ringBytes(): number {
    let bytes = 0;
    for (const core of this.provisional ? [this.core, this.provisional] : [this.core]) {
      core.members.forEach((m) => (bytes += m.model.ringBytes?.() ?? 0));
    }
    return bytes;
  }

  getState(): DetectorState {
    const { model, ...options } = this.opts;
    const data: EnsembleDetectorState = {
      ensemble: this.core.toJSON(),
      lastT: this.lastT,
      provisional: this.provisional ? this.provisional.toJSON() : null,
    };
    return { model, options, data };
  }
}

/**
 * Creates a detector, or resumes one from `getState()` output (the state's options win over
 * `options`, since the model's data was built with them).
 *
 * @example const d = createDetector({ model: 'mad' }); d.update(t, v);
 */
export function createDetector(options: DetectorOptions = {}, state?: DetectorState): Detector {
  const opts = resolveOptions(state ? { ...state.options, model: state.model } : options);

  const data = state?.data as any;
  const lastT = data?.lastT ?? -Infinity;
  if (opts.model === 'ensemble') {
    return new EnsembleDetector(opts, data);
  }
  if (opts.model === 'lstm') {
    throw new MlError(
      'unknown_model',
      "the 'lstm' detector loads tfjs asynchronously: use createDetectorAsync() or detectAsync()"
    );
  }
  return new SingleDetector(createPointModel(opts.model, opts, data?.model), opts, lastT === null ? -Infinity : lastT);
}
