/**
 * Isolation Forest detector on window features. For each point the features are, from the last
 * 16 finite values before it: the value itself, its change from the previous value, its deviation from
 * the mean of those 16, and their standard deviation (how turbulent the neighbourhood is). A forest of
 * 50 trees x 256 rows is grown on a reservoir sample of recent feature rows and regrown every
 * max(256, trainWindow) points; the reservoir replaces a random row with probability
 * 256 / trainWindow per point, so it tracks roughly the last trainWindow points. Seeded, causal.
 *
 * Expected/lower/upper are the mean +- sd of the 16-point neighbourhood (the forest has no forecast).
 * Assumes: anomalies are rare and look unlike the recent past in these features. No seasonality model.
 * State: the reservoir and the rows of the current forest (float32); the trees are regrown on restore.
 */
import { Mulberry32 } from '../core/prng';
import { IsolationForest } from './isolationForest';
import { decodeF32, decodeF64, encodeF32, encodeF64 } from './stateCodec';
import { PointModel, PointOutput, ResolvedOptions, noJudgement } from './types';

const DIMS = 4;
const HIST = 16;
const PSI = 256;
/** 50 trees: path lengths have settled well before 100 (Liu et al. 2008, fig. 7), at half the cost. */
const TREES = 50;
/** Rows collected before the first forest is grown. */
const FIRST_TRAIN = 128;

interface ForestDetectorJSON {
  hist: string;
  histHead: number;
  histSize: number;
  reservoir: string;
  count: number;
  rng: number;
  train: string;
  trainRows: number;
  trainIndex: number;
  sinceTrain: number;
  /** Accepted level shifts (absent in older states: 0). */
  offset?: number;
}

export class IForestModel implements PointModel {
  readonly name = 'iforest';
  readonly warmup = HIST + FIRST_TRAIN;
  private readonly hist = new Float64Array(HIST);
  private histSize = 0;
  private histHead = 0;
  private readonly reservoir = new Float32Array(PSI * DIMS);
  private count = 0;
  private readonly rng: Mulberry32;
  private train: Float32Array = new Float32Array(0);
  private trainRows = 0;
  private trainIndex = 0;
  private sinceTrain = 0;
  private forest: IsolationForest | null = null;
  private readonly row = new Float32Array(DIMS);
  private readonly retrainEvery: number;
  private readonly replaceProb: number;
  /** Accepted level shifts so far: the history and the feature rows are relative to this. */
  private offset = 0;
  /** The point last judged had features (`row`, `mean` are its own). */
  private judged = false;
  private mean = NaN;

  constructor(
    private readonly opts: ResolvedOptions,
    state?: ForestDetectorJSON
  ) {
    this.retrainEvery = Math.max(256, opts.trainWindow);
    this.replaceProb = Math.min(1, PSI / Math.max(PSI, opts.trainWindow));
    this.rng = new Mulberry32(opts.seed);
    if (state) {
      this.hist.set(decodeF64(state.hist));
      this.histHead = state.histHead;
      this.histSize = state.histSize;
      this.reservoir.set(decodeF32(state.reservoir));
      this.count = state.count;
      this.rng.state = state.rng;
      this.train = decodeF32(state.train);
      this.trainRows = state.trainRows;
      this.trainIndex = state.trainIndex;
      this.sinceTrain = state.sinceTrain;
      this.offset = state.offset ?? 0;
      if (this.trainRows > 0) {
        this.grow();
      }
    }
  }

  private pushHist(x: number): void {
    this.hist[this.histHead] = x;
    this.histHead = (this.histHead + 1) % HIST;
    this.histSize = Math.min(HIST, this.histSize + 1);
  }

  private grow(): void {
    this.forest = new IsolationForest(
      this.train,
      this.trainRows,
      DIMS,
      (this.opts.seed * 7919 + this.trainIndex) >>> 0,
      TREES,
      PSI
    );
  }

  judge(_t: number, v: number, out: PointOutput): void {
    this.judged = false;
    if (this.histSize < HIST || !Number.isFinite(v)) {
      noJudgement(out);
      return;
    }
    const x = v - this.offset;
    let mean = 0;
    for (let i = 0; i < HIST; i++) {
      mean += this.hist[i];
    }
    mean /= HIST;
    let ss = 0;
    for (let i = 0; i < HIST; i++) {
      ss += (this.hist[i] - mean) * (this.hist[i] - mean);
    }
    const sd = Math.sqrt(ss / HIST);
    const prev = this.hist[(this.histHead + HIST - 1) % HIST];
    const row = this.row;
    row[0] = x;
    row[1] = x - prev;
    row[2] = x - mean;
    row[3] = sd;
    this.mean = mean;
    this.judged = true;
    out.expected = mean + this.offset;
    out.scale = sd;
    if (this.forest) {
      const s = this.forest.score(row);
      out.score = s;
      out.evidence = 10 * s;
    } else {
      out.score = NaN;
      out.evidence = NaN;
    }
  }

  learn(_t: number, v: number, anomalous: boolean): void {
    if (!this.judged) {
      // Warm-up: fill the history (an anomaly or a missing value adds nothing).
      if (Number.isFinite(v) && !anomalous) {
        this.pushHist(v - this.offset);
      }
      return;
    }
    if (anomalous) {
      // An anomaly adds no feature row and enters the history as the neighbourhood's mean.
      this.pushHist(this.mean);
      return;
    }
    this.learnRow(this.row);
    this.pushHist(v - this.offset);
  }

  /** The history is kept relative to `offset`, so a shift moves it all at once. */
  shift(d: number): void {
    if (Number.isFinite(d)) {
      this.offset += d;
    }
  }

  private learnRow(row: Float32Array): void {
    if (this.count < PSI) {
      this.reservoir.set(row, this.count * DIMS);
    } else if (this.rng.next() < this.replaceProb) {
      this.reservoir.set(row, this.rng.nextInt(PSI) * DIMS);
    }
    this.count++;
    this.sinceTrain++;
    const rows = Math.min(this.count, PSI);
    if ((this.forest === null && rows >= FIRST_TRAIN) || this.sinceTrain >= this.retrainEvery) {
      this.train = this.reservoir.slice(0, rows * DIMS);
      this.trainRows = rows;
      this.trainIndex++;
      this.sinceTrain = 0;
      this.grow();
    }
  }

  toJSON(): ForestDetectorJSON {
    return {
      hist: encodeF64(this.hist),
      histHead: this.histHead,
      histSize: this.histSize,
      reservoir: encodeF32(this.reservoir.subarray(0, Math.min(this.count, PSI) * DIMS)),
      count: this.count,
      rng: this.rng.state,
      train: encodeF32(this.train),
      trainRows: this.trainRows,
      trainIndex: this.trainIndex,
      sinceTrain: this.sinceTrain,
      offset: this.offset,
    };
  }
}
