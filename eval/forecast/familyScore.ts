/**
 * Scores `bellwether tte` and the kube-prometheus rule on the scenario families (families.ts).
 *
 * - Ours: the engine's time_to_exhaustion through the CLI's own door (cli/engine.ts: the series on the
 *   engine's grid, the fit at the evaluation point with `train`/`step`/`refit` as the CLI spells them
 *   for `--train all`: every point up to the evaluation point, at most the engine's 10,000),
 *   95 % interval, horizon 90 days so fills up to 60 days out are within it.
 * - The rule, NodeFilesystemSpaceFillingUp as in kube-prometheus (node-mixin defaults): warning when
 *   free < 40 % and `predict_linear(avail[6h], 24*3600) < 0`, critical when free < 20 % and
 *   `predict_linear(avail[6h], 4*3600) < 0`, each held `for: 1h` (every sample of the last hour). On
 *   memory the same rule runs on the limit minus the usage. Its "answer" is the 6 h line's crossing.
 *
 * Evaluation times: every 12 h (6 h on series under 14 days) from day 2 (half the history if
 * shorter). Fills count while the truth is 1 h to 60 days away; shapes that never fill count at
 * every evaluation time.
 */
import { callOptions, detailAt, engineInput } from '../../cli/engine';
import { requireDuration } from '../../src/common/duration';
import { MAX_TRAIN_POINTS, TTE_DEFAULT_TRAIN } from '../../src/engine/context';
import { detectSeasonality } from '../../src/ml/core/seasonality';
import { predictLinear } from '../../src/ml/models/linear';
import { type TteSettings, withTteSettings } from '../../src/ml/tte/settings';
import { MlError } from '../../src/ml/types';
import type { FamilyScenario } from './families';
import { DAY_MS, HOUR_MS } from './scenarios';

export const HORIZON_DAYS = 90;
const MAX_TRUE_DAYS = 60;
const RULE_WINDOW_MS = 6 * HOUR_MS;
const WARN_FREE_PCT = 40;
const CRIT_FREE_PCT = 20;

/** One evaluation of one scenario under one of the settings compared. */
export interface FamilyEval {
  family: string;
  /** Index of the settings (in the list given to evaluateFamilies) the answer was made with. */
  variant: number;
  seed: number;
  kind: 'fills' | 'never';
  /** Evaluation time, days since the first sample. */
  atDay: number;
  trueDays: number;
  /** Ours: predicted days (Infinity: no crossing within the horizon, or no answer). */
  days: number;
  lowerDays: number;
  upperDays: number;
  confidence: number;
  verdict: string;
  model: string;
  /** Days until the 6 h least-squares line reaches the limit (Infinity: heading away). */
  lineDays: number;
  ruleWarning: boolean;
  ruleCritical: boolean;
}

/** Free space (distance to the limit) of sample i, in the limit's units. */
function avail(s: FamilyScenario, i: number): number {
  return s.direction === 'down' ? s.v[i] - s.capacity : s.capacity - s.v[i];
}

/** predict_linear(avail[6h], aheadS) at sample i, and the line's crossing in seconds; undefined before 6 h of data. */
function line(s: FamilyScenario, i: number, aheadS: number): { value: number; crossS: number } | undefined {
  const now = s.t[i];
  if (now - s.t[0] < RULE_WINDOW_MS) {
    return undefined;
  }
  const t: number[] = [];
  const v: number[] = [];
  for (let j = i; j >= 0 && s.t[j] >= now - RULE_WINDOW_MS; j--) {
    t.push(s.t[j] / 1000);
    v.push(avail(s, j));
  }
  t.reverse();
  v.reverse();
  const at0 = predictLinear(t, v, now / 1000, 0);
  const slope = predictLinear(t, v, now / 1000, 1) - at0;
  const crossS = at0 <= 0 ? 0 : slope >= 0 ? Infinity : -at0 / slope;
  return { value: at0 + slope * aheadS, crossS };
}

/** Whether the rule's condition (free under `pct` and the line below 0 `aheadS` ahead) held at every sample of the last hour. */
function ruleHeld(s: FamilyScenario, i: number, pct: number, aheadS: number): boolean {
  const from = s.t[i] - HOUR_MS;
  for (let j = i; j >= 0 && s.t[j] >= from; j--) {
    const l = line(s, j, aheadS);
    if (!l || !((100 * avail(s, j)) / s.size < pct && l.value < 0)) {
      return false;
    }
  }
  return true;
}

/** What `ours` reports when the CLI gives no time to exhaustion (scored as never). */
function noAnswer(pointMs: number): OurAnswer {
  return { days: Infinity, lowerDays: NaN, upperDays: NaN, confidence: 0, verdict: 'no answer', model: '', pointMs };
}

interface OurAnswer {
  days: number;
  lowerDays: number;
  upperDays: number;
  confidence: number;
  verdict: string;
  model: string;
  pointMs: number;
}

/**
 * The training window the evaluations use: the shipped default (no --train: the engine's
 * TTE_DEFAULT_TRAIN, what users get), or the env TTE_TRAIN: a duration such as 3d, or `all` (every
 * point up to the evaluation point, at most the engine's 10,000).
 */
export const TRAIN: number | 'all' | 'cycles' | undefined =
  process.env.TTE_TRAIN === 'all' || process.env.TTE_TRAIN === 'cycles'
    ? process.env.TTE_TRAIN
    : process.env.TTE_TRAIN
      ? requireDuration(process.env.TTE_TRAIN, 'TTE_TRAIN')
      : undefined;

/** TTE_TRAIN=cycles: how many whole cycles of the longest season the window holds (env TTE_CYCLES, default 2). */
const CYCLES = Number(process.env.TTE_CYCLES ?? 2);
/** TTE_TRAIN=cycles: how far back the season is looked for (env TTE_CYCLES_LOOK, days, default 28). */
const CYCLES_LOOK_MS = Number(process.env.TTE_CYCLES_LOOK ?? 28) * DAY_MS;

/**
 * TTE_TRAIN=cycles (an experiment, not shipped: the panel computes on its dashboard's range): the
 * shipped 7-day default, extended to {@link CYCLES} whole cycles of the longest season longer than two
 * days found in the history up to `nowMs` (at most {@link CYCLES_LOOK_MS} back), so a weekly cycle is
 * seen twice rather than once. The season: detectSeasonality on hourly means, periods of 2 days and
 * up (two cycles in the history), the strongest with ACF >= 0.3.
 */
export function cyclesTrain(s: FamilyScenario, nowMs: number): number {
  const from = Math.max(s.t[0], nowMs - CYCLES_LOOK_MS);
  const hours = Math.floor((nowMs - from) / HOUR_MS);
  const sums = new Float64Array(hours);
  const counts = new Float64Array(hours);
  for (let i = 0; i < s.t.length && s.t[i] <= nowMs; i++) {
    const k = Math.floor((nowMs - s.t[i]) / HOUR_MS);
    if (k < hours && Number.isFinite(s.v[i])) {
      sums[hours - 1 - k] += s.v[i];
      counts[hours - 1 - k]++;
    }
  }
  const hourly = Array.from(sums, (x, k) => (counts[k] > 0 ? x / counts[k] : NaN));
  const periods = detectSeasonality(hourly, { minPeriod: 48 });
  // The strongest (detectSeasonality sorts by strength): the longest would be a multiple of it.
  const season = (periods[0]?.period ?? 0) * HOUR_MS;
  return Math.max(TTE_DEFAULT_TRAIN, CYCLES * season);
}

/**
 * TTE_FIT_STEP=coarse (the experiment behind the shipped rule, kept to reproduce its figures): a
 * training window of more than the engine's 10,000 points at the data's step is read at the finest step
 * that a day divides and that holds it in 10,000 points, every k-th sample ending at the evaluation
 * point (what Prometheus answers at a step k times coarser), the series then handed to the CLI's path at
 * that step. The engine now reads such a window so itself (src/engine/trainingStep.ts, context.ts
 * trainRead) at the data's step, so the default needs no setting. TTE_FIT_STEP=coarse-mean: the mean of
 * each k samples instead (what avg_over_time over the coarse step answers).
 */
const FIT_COARSE = process.env.TTE_FIT_STEP === 'coarse' || process.env.TTE_FIT_STEP === 'coarse-mean';
const FIT_MEAN = process.env.TTE_FIT_STEP === 'coarse-mean';

/** The series `bellwether tte` reads at `nowMs`: the scenario, or every k-th sample (FIT_COARSE). */
function fitSeries(
  s: FamilyScenario,
  nowMs: number,
  train: number | 'all' | undefined
): { t: Float64Array; v: Float64Array } {
  const wanted = typeof train === 'number' ? train : TTE_DEFAULT_TRAIN;
  if (!FIT_COARSE || wanted / s.stepMs <= MAX_TRAIN_POINTS) {
    return { t: s.t, v: s.v };
  }
  let k = Math.ceil(wanted / s.stepMs / MAX_TRAIN_POINTS);
  while (DAY_MS % (k * s.stepMs) !== 0) {
    k++;
  }
  const end = s.t.findIndex((x) => x > nowMs);
  const last = (end < 0 ? s.t.length : end) - 1;
  const idx: number[] = [];
  for (let i = last; i >= 0; i -= k) {
    idx.unshift(i);
  }
  const mean = (i: number) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - k + 1); j <= i; j++) {
      sum += s.v[j];
      n++;
    }
    return sum / n;
  };
  return { t: Float64Array.from(idx, (i) => s.t[i]), v: Float64Array.from(idx, (i) => (FIT_MEAN ? mean(i) : s.v[i])) };
}

/** `bellwether tte` at `nowMs` (the CLI's path), in days from the evaluation point. */
async function ours(s: FamilyScenario, nowMs: number): Promise<OurAnswer> {
  const train = TRAIN === 'cycles' ? cyclesTrain(s, nowMs) : TRAIN;
  const e = engineInput(fitSeries(s, nowMs, train), { now: nowMs, train });
  const pointMs = e.point + e.shift;
  try {
    const { detail: d } = await detailAt(e, {
      func: 'time_to_exhaustion',
      inner: 'cli',
      capacity: s.capacity,
      horizon: HORIZON_DAYS * DAY_MS,
      options: { ...callOptions(e), direction: s.direction, level: 0.95 },
    });
    if (d?.family !== 'tte') {
      return noAnswer(pointMs);
    }
    const r = d.exhaustion;
    return {
      days: r.seconds / 86400,
      lowerDays: r.lower / 86400,
      upperDays: r.upper / 86400,
      confidence: r.confidence,
      verdict: r.verdict,
      model: r.model,
      pointMs,
    };
  } catch (err) {
    if (err instanceof MlError && err.code === 'not_enough_data') {
      return noAnswer(pointMs);
    }
    throw err;
  }
}

/**
 * Every evaluation of every scenario, once per settings in `variants` (default: the shipped ones); the
 * settings share each evaluation's forecast (tte/settings.ts), so a sweep costs little more than one.
 */
export async function evaluateFamilies(
  all: Array<FamilyScenario & { seed: number }>,
  variants: Array<Partial<TteSettings>> = [{}]
): Promise<FamilyEval[]> {
  const out: FamilyEval[] = [];
  for (const s of all) {
    const span = s.t[s.t.length - 1] - s.t[0];
    const every = span >= 14 * DAY_MS ? 12 * HOUR_MS : 6 * HOUR_MS;
    const stride = Math.max(1, Math.round(every / s.stepMs));
    const first = Math.round(Math.min(2 * DAY_MS, span / 2) / s.stepMs);
    const last = s.t.length - 1;
    const indices: number[] = [];
    for (let i = first; i <= last; i += stride) {
      indices.push(i);
    }
    if (indices[indices.length - 1] !== last) {
      indices.push(last);
    }
    for (const i of indices) {
      const now = s.t[i];
      const truth = s.truthAfter(now);
      const trueDays = (truth - now) / DAY_MS;
      if (s.kind === 'fills' && !(trueDays >= 1 / 24 && trueDays <= MAX_TRUE_DAYS)) {
        continue;
      }
      const common = {
        family: s.family,
        seed: s.seed,
        kind: s.kind,
        atDay: (now - s.t[0]) / DAY_MS,
        trueDays,
        lineDays: (line(s, i, 0)?.crossS ?? Infinity) / 86400,
        ruleWarning: ruleHeld(s, i, WARN_FREE_PCT, 24 * 3600),
        ruleCritical: ruleHeld(s, i, CRIT_FREE_PCT, 4 * 3600),
      };
      const share = new Map<string, unknown>();
      for (let variant = 0; variant < variants.length; variant++) {
        const o = await withTteSettings(variants[variant], () => ours(s, now), share);
        if (o.pointMs !== now) {
          throw new Error(`${s.family}: evaluated at ${o.pointMs}, expected ${now}`);
        }
        out.push({
          ...common,
          variant,
          days: o.days,
          lowerDays: o.lowerDays,
          upperDays: o.upperDays,
          confidence: o.confidence,
          verdict: o.verdict,
          model: o.model,
        });
      }
    }
  }
  return out;
}

/**
 * What the cross-validation minimises over a set of evaluations of one family: the share of false
 * alarms (never-fill families), or for fill families the share of misses plus, with `loss`
 * 'calibration' (the default), half the distance of the interval's coverage from 95 %: a wider
 * interval than that needs costs as much as a narrower one, but at most 0.025 per family, so width is
 * nearly free; with 'score' (env TTE_LOSS=score), the mean interval score over the truth
 * ({@link intervalScore}), which charges every day of width and 40 times every day the truth lies
 * outside.
 */
export function familyLoss(evals: FamilyEval[], loss: 'calibration' | 'score' = 'calibration'): number {
  if (evals.length === 0) {
    return 0;
  }
  const m = summarize(evals);
  if (evals[0].kind === 'never') {
    return m.falseAlarms / m.evals;
  }
  const interval =
    loss === 'score' ? m.scores.reduce((a, b) => a + b, 0) / m.evals : 0.5 * Math.abs(m.covered / m.evals - 0.95);
  return m.misses / m.evals + interval;
}

/** Miscoverage of the interval scored: the eval asks for a 95 % interval. */
const ALPHA = 0.05;

/**
 * The interval an evaluation is scored on, in days, inside [0, horizon]: an upper bound past the horizon
 * ("or later", +Infinity) counts as the horizon, and no interval at all (no answer) as [0, horizon], so
 * an open end costs the width up to the horizon searched, not nothing.
 */
export function intervalOf(e: Pick<FamilyEval, 'lowerDays' | 'upperDays'>): [number, number] {
  const cap = (x: number, fallback: number) => (Number.isNaN(x) ? fallback : Math.min(HORIZON_DAYS, Math.max(0, x)));
  return [cap(e.lowerDays, 0), cap(e.upperDays, HORIZON_DAYS)];
}

/**
 * The interval score (Winkler 1972; Gneiting & Raftery 2007) of [lo, hi] for `truth` at level
 * 1 - ALPHA: the width, plus 2 / ALPHA times how far the truth lies outside. Lower is better; its
 * expectation is lowest for the true 2.5 % and 97.5 % quantiles, so a wider interval than that pays
 * for its width and a narrower one for its misses.
 */
export function intervalScore(lo: number, hi: number, truth: number): number {
  return hi - lo + (2 / ALPHA) * (Math.max(0, lo - truth) + Math.max(0, truth - hi));
}

/** Figures of a set of evaluations (one family, or all fills / all never-fills). */
export interface FamilySummary {
  evals: number;
  /** Fills: |ours - truth| / truth in percent (a non-answer counts as infinite). */
  errors: number[];
  covered: number;
  misses: number;
  lineErrors: number[];
  lineMisses: number;
  /** Fills: the 95 % interval's width over the truth, (upper - lower) / truth, bounds as in {@link intervalOf}. */
  widths: number[];
  /** Fills: the interval (Winkler) score of the 95 % interval over the truth (see {@link intervalScore}). */
  scores: number[];
  /** Fills: intervals without an upper bound within the horizon ("or later"), or no interval at all. */
  openEnded: number;
  /** Fills: evaluations with neither rule alert firing (the rule looks 24 h ahead at most). */
  ruleSilent: number;
  /** Fills with at most 24 h left: evaluations where the warning or the critical alert fired. */
  within24h: number;
  ruleFiredWithin24h: number;
  /** Never: ours under 7 days / of those, with confidence >= 0.5 / any finite answer. */
  falseAlarms: number;
  falseAlarmsConfident: number;
  finite: number;
  /** Never: a rule alert (warning or critical) firing / the 6 h line crossing within 7 days. */
  ruleAlarms: number;
  lineUnder7d: number;
}

export function summarize(evals: FamilyEval[]): FamilySummary {
  const m: FamilySummary = {
    evals: evals.length,
    errors: [],
    covered: 0,
    misses: 0,
    lineErrors: [],
    lineMisses: 0,
    widths: [],
    scores: [],
    openEnded: 0,
    ruleSilent: 0,
    within24h: 0,
    ruleFiredWithin24h: 0,
    falseAlarms: 0,
    falseAlarmsConfident: 0,
    finite: 0,
    ruleAlarms: 0,
    lineUnder7d: 0,
  };
  for (const e of evals) {
    const fired = e.ruleWarning || e.ruleCritical;
    if (e.kind === 'fills') {
      m.errors.push((100 * Math.abs(e.days - e.trueDays)) / e.trueDays);
      m.lineErrors.push((100 * Math.abs(e.lineDays - e.trueDays)) / e.trueDays);
      m.covered += e.lowerDays <= e.trueDays && e.trueDays <= e.upperDays ? 1 : 0;
      m.misses += !Number.isFinite(e.days) || e.days > 2 * e.trueDays ? 1 : 0;
      m.lineMisses += !Number.isFinite(e.lineDays) || e.lineDays > 2 * e.trueDays ? 1 : 0;
      const [lo, hi] = intervalOf(e);
      m.widths.push((hi - lo) / e.trueDays);
      m.scores.push(intervalScore(lo, hi, e.trueDays) / e.trueDays);
      m.openEnded += Number.isFinite(e.upperDays) ? 0 : 1;
      m.ruleSilent += fired ? 0 : 1;
      if (e.trueDays <= 1) {
        m.within24h++;
        m.ruleFiredWithin24h += fired ? 1 : 0;
      }
    } else {
      m.falseAlarms += e.days < 7 ? 1 : 0;
      m.falseAlarmsConfident += e.days < 7 && e.confidence >= 0.5 ? 1 : 0;
      m.finite += Number.isFinite(e.days) ? 1 : 0;
      m.ruleAlarms += fired ? 1 : 0;
      m.lineUnder7d += e.lineDays < 7 ? 1 : 0;
    }
  }
  return m;
}

/** What a missed fill answered: nothing at all, a verdict without a crossing, or a crossing past twice the truth. */
export function missKind(e: Pick<FamilyEval, 'days' | 'verdict'>): string {
  return Number.isFinite(e.days) ? '> 2x truth' : e.verdict;
}

/** One row of {@link missBreakdown}: the misses of one family with one kind of answer and one model. */
export interface MissGroup {
  family: string;
  kind: string;
  model: string;
  count: number;
  /** Evaluation days (since the first sample) of the misses, ascending, each once. */
  atDays: number[];
}

/**
 * The misses among fill evaluations (no finite answer, or more than twice the truth: {@link summarize}),
 * grouped by family, what was answered ({@link missKind}) and the model, largest groups first: where
 * the misses come from, for the eval's table.
 */
export function missBreakdown(evals: FamilyEval[]): MissGroup[] {
  const groups = new Map<string, MissGroup>();
  for (const e of evals) {
    if (e.kind !== 'fills' || (Number.isFinite(e.days) && e.days <= 2 * e.trueDays)) {
      continue;
    }
    const kind = missKind(e);
    const model = e.model || '-';
    const key = `${e.family}\u0000${kind}\u0000${model}`;
    const g = groups.get(key) ?? { family: e.family, kind, model, count: 0, atDays: [] };
    g.count++;
    if (!g.atDays.includes(e.atDay)) {
      g.atDays.push(e.atDay);
    }
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, atDays: g.atDays.sort((a, b) => a - b) }))
    .sort((a, b) => b.count - a.count || a.family.localeCompare(b.family) || a.kind.localeCompare(b.kind));
}
