/**
 * Long-horizon backtests of the 95 % band on the M4 Hourly training series (never the M4 test set):
 * each series is cut `horizon` points before the end of its training part, the `window` points before
 * the cut are the training data, and the band is scored on the `horizon` points after it. The settings
 * mirror the companion's: the default window is 3 days, and `forecast(x, 7d)` asks 2.3 times as far.
 */
import { FORECAST_IMPLEMENTATIONS, forecast, prepareForecastInput } from '../../src/ml/forecast';
import { combineMedian, keptMembers, MemberOutput } from '../../src/ml/forecast/combination';
import { finiteRange, halfWidthLimited } from '../../src/ml/forecast/bandLimit';
import { ModelOutput } from '../../src/ml/forecast/model';
import { withHeldChoiceMargin } from '../../src/ml/forecast/heldChoice';

export const SEASON = 24;
const HOUR = 3_600_000;
/** MSIS's alpha (a 95 % band). */
const ALPHA = 0.05;
/** A band wider than this many times the training window's range is counted as absurd. */
export const ABSURD_RANGES = 10;

/** Training window and horizon, in hourly points. */
export interface LongConfig {
  window: number;
  horizon: number;
}
export const LONG_CONFIGS: LongConfig[] = [
  { window: 72, horizon: 168 },
  { window: 168, horizon: 336 },
  { window: 336, horizon: 336 },
];

/** One band variant the eval scores: how far each member's band may grow (`support` x window), and whose. */
export interface BandVariant {
  name: string;
  support: number;
  scope: 'logs' | 'all';
  /** Half-width limit of the combined band, in ranges of the window (Infinity: none). */
  ranges: number;
}
export const VARIANTS: BandVariant[] = [
  { name: 'members as they are', support: Infinity, scope: 'logs', ranges: Infinity },
  ...[1, 0.5, 0.25, 0.125].map((support) => ({
    name: `logs held from ${support} x window`,
    support,
    scope: 'logs' as const,
    ranges: Infinity,
  })),
  { name: 'all held from 0.5 x window', support: 0.5, scope: 'all', ranges: Infinity },
  ...[4, 2, 1.5, 1, 0.75, 0.5].map((ranges) => ({
    name: `half-width <= ${ranges} x range`,
    support: Infinity,
    scope: 'logs' as const,
    ranges,
  })),
  ...[2, 1].map((ranges) => ({
    name: `logs held from 0.25, half-width <= ${ranges} x range`,
    support: 0.25,
    scope: 'logs' as const,
    ranges,
  })),
];

/**
 * A construction tried and not shipped: from step `support * n` on, a member keeps the band it had at
 * the step before, as ratios to its forecast when it was fitted on logs (its band in log space stops
 * growing), as distances otherwise; `scope` 'logs' leaves the members on the values as they are.
 */
export function supportedBand(out: MemberOutput, n: number, support: number, scope: 'logs' | 'all'): MemberOutput {
  const h = out.yhat.length;
  const from = Math.max(1, Math.floor(support * n));
  if (from >= h || !(scope === 'all' || out.onLogs)) {
    return out;
  }
  const lower = Float64Array.from(out.lower);
  const upper = Float64Array.from(out.upper);
  const k0 = from - 1;
  const y0 = out.yhat[k0];
  for (let k = from; k < h; k++) {
    const y = out.yhat[k];
    if (out.onLogs && y0 > 0 && y > 0) {
      lower[k] = y * (out.lower[k0] / y0);
      upper[k] = y * (out.upper[k0] / y0);
    } else {
      lower[k] = y - (y0 - out.lower[k0]);
      upper[k] = y + (out.upper[k0] - y0);
    }
  }
  return { ...out, lower, upper };
}

/** Figures of one band on one series. */
export interface BandScore {
  /** Share of the held-out points inside the band. */
  cover: number;
  /** The same over the last third of the horizon. */
  coverLate: number;
  /** Mean scaled interval score (M4's MSIS; scale: mean absolute seasonal difference of the window). */
  msis: number;
  /** Mean width over the scale. */
  width: number;
  /** The band is wider than ABSURD_RANGES times the window's range somewhere. */
  absurd: boolean;
  /** The point forecast's mean absolute error over the scale (MASE). */
  mase: number;
}

export function scoreBand(train: Float64Array, test: Float64Array, out: ModelOutput): BandScore {
  let scale = 0;
  for (let i = SEASON; i < train.length; i++) {
    scale += Math.abs(train[i] - train[i - SEASON]);
  }
  scale = scale / (train.length - SEASON) || 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of train) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const range = hi - lo || Math.abs(hi) || 1;
  const h = test.length;
  const late = Math.floor((2 * h) / 3);
  let inside = 0;
  let insideLate = 0;
  let is = 0;
  let width = 0;
  let absurd = false;
  let ae = 0;
  for (let k = 0; k < h; k++) {
    const y = test[k];
    const l = out.lower[k];
    const u = out.upper[k];
    const hit = y >= l && y <= u;
    inside += hit ? 1 : 0;
    insideLate += hit && k >= late ? 1 : 0;
    is += u - l + (y < l ? (2 / ALPHA) * (l - y) : 0) + (y > u ? (2 / ALPHA) * (y - u) : 0);
    width += u - l;
    ae += Math.abs(y - out.yhat[k]);
    absurd ||= !(u - l <= ABSURD_RANGES * range);
  }
  return {
    cover: inside / h,
    coverLate: insideLate / (h - late),
    msis: is / h / scale,
    width: width / h / scale,
    absurd,
    mase: ae / h / scale,
  };
}

/**
 * The baseline: seasonal naive with empirical quantiles. The band at s seasons ahead is the 2.5 % and
 * 97.5 % quantiles of the window's own differences at lag s seasons (at most the longest lag that leaves
 * a season of differences).
 */
export function seasonalNaiveQuantiles(train: Float64Array, horizon: number): ModelOutput {
  const n = train.length;
  const m = SEASON;
  const yhat = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  const maxSeasons = Math.max(1, Math.floor((n - m) / m));
  const q = new Map<number, [number, number]>();
  for (let k = 0; k < horizon; k++) {
    yhat[k] = train[n - m + (k % m)];
    const s = Math.min(maxSeasons, Math.floor(k / m) + 1);
    if (!q.has(s)) {
      const d: number[] = [];
      for (let i = s * m; i < n; i++) {
        d.push(train[i] - train[i - s * m]);
      }
      d.sort((a, b) => a - b);
      const at = (p: number) => d[Math.min(d.length - 1, Math.max(0, Math.round(p * (d.length - 1))))];
      q.set(s, [at(ALPHA / 2), at(1 - ALPHA / 2)]);
    }
    const [ql, qu] = q.get(s)!;
    lower[k] = yhat[k] + ql;
    upper[k] = yhat[k] + qu;
  }
  return { yhat, lower, upper };
}

/**
 * Models a user can choose by name whose band the eval scores with and without the hold: the M4
 * benchmarks, the ETS family's Holt-Winters, the straight lines, MSTL and the Prophet-style model.
 */
export const NAMED_MODELS = [
  'seasonal_naive',
  'naive2',
  'holtwinters',
  'linear',
  'theilsen',
  'mstl',
  'prophet',
] as const;
export type NamedModel = (typeof NAMED_MODELS)[number];
/** Half-width limits scored on each named model, in ranges of the window (Infinity: its own band). */
export const MODEL_RANGES = [Infinity, 4, 2, 1.5, 1, 0.75, 0.5];
/**
 * The named models' seasons: M4 Hourly's 24, and none (as on a series where none is detected: seasonal
 * naive and naive2 are then the naive random walk, and Holt-Winters is Holt's linear trend).
 */
export const MODEL_SEASONS = [SEASON, 0];
/** A named model at one of MODEL_SEASONS, as SeriesScores.models keys it. */
export const modelKey = (name: NamedModel, season: number) => `${name} (${season ? `season ${season}` : 'no season'})`;

/** Scores of one series at one configuration: per variant, the baseline and the shipped `auto`. */
export interface SeriesScores {
  id: string;
  fold: number;
  config: LongConfig;
  variants: BandScore[];
  baseline: BandScore;
  auto?: BandScore;
  autoModel?: string;
  /** Per named model and season (modelKey), its band under each of MODEL_RANGES (absent when it failed). */
  models?: Record<string, BandScore[]>;
  /**
   * `auto` without a season (as on a series where none is detected, so off the combination): the
   * model it chose, its band as forecast() returns it, and its own band under each of MODEL_RANGES.
   * Absent when the forecast used a segment after a reset (its own band is then not the window's).
   */
  autoNoSeason?: {
    model: string;
    shipped: BandScore;
    ranges: BandScore[];
    sameYhat: boolean;
    /** Per HELD_MARGINS: the model auto chose with that margin (heldChoice.ts) and its band as returned. */
    margins: Array<{ model: string; score: BandScore }>;
  };
}

/** Backtests every series at `config`; a series too short for it, or whose combination fails, is counted. */
export function backtestLong(
  series: Array<{ id: string; values: Float64Array }>,
  config: LongConfig,
  withAuto: boolean,
  modelsOnly = false,
  autoNoSeasonOnly = false
): { rows: SeriesScores[]; skipped: number } {
  const rows: SeriesScores[] = [];
  let skipped = 0;
  series.forEach((s, idx) => {
    const n = s.values.length;
    const cut = n - config.horizon;
    if (cut - config.window < 0) {
      skipped++;
      return;
    }
    const train = s.values.slice(cut - config.window, cut);
    const test = s.values.slice(cut, n);
    const t = Float64Array.from({ length: config.window }, (_, i) => i * HOUR);
    let kept: MemberOutput[] = [];
    const input = prepareForecastInput({ t, v: train }, { horizon: config.horizon, season: SEASON });
    if (autoNoSeasonOnly) {
      const a = autoWithoutSeason(t, train, test, config.horizon);
      rows.push({
        id: s.id,
        fold: idx % 2,
        config,
        variants: [],
        baseline: a?.shipped ?? NO_SCORE,
        ...(a ? { autoNoSeason: a } : {}),
      });
      return;
    }
    try {
      kept = modelsOnly ? [] : keptMembers(input);
    } catch {
      skipped++;
      return;
    }
    const range = finiteRange(train);
    const models: SeriesScores['models'] = {};
    for (const name of NAMED_MODELS) {
      for (const season of MODEL_SEASONS) {
        let out: ModelOutput;
        try {
          out = FORECAST_IMPLEMENTATIONS[name]({ ...input, period: season });
        } catch {
          continue;
        }
        if (out.yhat.every((y) => Number.isFinite(y))) {
          models[modelKey(name, season)] = MODEL_RANGES.map((r) =>
            scoreBand(train, test, halfWidthLimited(out, r * range))
          );
        }
      }
    }
    const variants = (modelsOnly ? [] : VARIANTS).map((v) =>
      scoreBand(
        train,
        test,
        halfWidthLimited(
          combineMedian(
            kept.map((m) => supportedBand(m, config.window, v.support, v.scope)),
            config.horizon
          ),
          v.ranges * range
        )
      )
    );
    const row: SeriesScores = {
      id: s.id,
      fold: idx % 2,
      config,
      variants,
      baseline: scoreBand(train, test, seasonalNaiveQuantiles(train, config.horizon)),
      models,
    };
    if (withAuto && !modelsOnly) {
      const f = forecast({ t, v: train }, { horizon: config.horizon, season: SEASON });
      row.auto = scoreBand(train, test, f);
      row.autoModel = f.model;
    }
    rows.push(row);
  });
  return { rows, skipped };
}

const NO_SCORE: BandScore = { cover: NaN, coverLate: NaN, msis: NaN, width: NaN, absurd: false, mase: NaN };

/**
 * Margins of auto's band-aware choice (heldChoice.ts) the eval compares: -1 is the choice without it
 * (the best backtest, whatever its band).
 */
export const HELD_MARGINS = [-1, 0, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * `auto` on the window with no season (SeriesScores.autoNoSeason); undefined when it used a segment
 * after a reset or refused one too young to fit.
 */
export function autoWithoutSeason(
  t: Float64Array,
  train: Float64Array,
  test: Float64Array,
  horizon: number
): SeriesScores['autoNoSeason'] {
  let f;
  try {
    f = forecast({ t, v: train }, { horizon, season: 0 });
  } catch {
    // A refusal (a reset too young to fit after): left out and counted with the segments.
    return undefined;
  }
  if (f.segmentStart !== undefined) {
    return undefined;
  }
  const input = prepareForecastInput({ t, v: train }, { horizon, season: 0 });
  const own = FORECAST_IMPLEMENTATIONS[f.model as NamedModel]({ ...input, period: 0 });
  const range = finiteRange(train);
  const margins = HELD_MARGINS.map((m) => {
    const g = withHeldChoiceMargin(m, () => forecast({ t, v: train }, { horizon, season: 0 }));
    return { model: g.model, score: scoreBand(train, test, g) };
  });
  return {
    margins,
    model: f.model,
    shipped: scoreBand(train, test, f),
    ranges: MODEL_RANGES.map((r) => scoreBand(train, test, halfWidthLimited(own, r * range))),
    sameYhat: own.yhat.every((y, k) => y === f.yhat[k]),
  };
}

/** Means of the scores (MSIS also as a median); absurd as a count. */
export function summarise(scores: BandScore[]) {
  const mean = (f: (s: BandScore) => number) => scores.reduce((a, s) => a + f(s), 0) / scores.length;
  const sorted = scores.map((s) => s.msis).sort((a, b) => a - b);
  return {
    cover: mean((s) => s.cover),
    coverLate: mean((s) => s.coverLate),
    msis: mean((s) => s.msis),
    mase: mean((s) => s.mase),
    msisMedian: sorted[Math.floor(sorted.length / 2)],
    width: mean((s) => s.width),
    absurd: scores.filter((s) => s.absurd).length,
    series: scores.length,
  };
}

/**
 * The variant chosen on `rows`: among those whose coverage lies in 85-98 %, the lowest mean MSIS;
 * when none does, the coverage closest to 95 %.
 */
export function chooseVariant(rows: SeriesScores[]): number {
  return chooseAmong(VARIANTS.map((_, i) => summarise(rows.map((r) => r.variants[i]))));
}

/** The same rule over any list of summaries (e.g. one named model's band under each limit). */
export function chooseAmong(sums: Array<ReturnType<typeof summarise>>): number {
  const ok = sums.map((s, i) => ({ s, i })).filter(({ s }) => s.cover >= 0.85 && s.cover <= 0.98);
  if (ok.length > 0) {
    return ok.sort((a, b) => a.s.msis - b.s.msis || a.i - b.i)[0].i;
  }
  return sums.map((s, i) => ({ d: Math.abs(s.cover - 0.95), i })).sort((a, b) => a.d - b.d || a.i - b.i)[0].i;
}
