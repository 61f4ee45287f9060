import { useEffect, useMemo, useState } from 'react';
import type { DataQueryRequest } from '@grafana/data';
import { medianStep } from '../../components/charts/durations';
import { PanelSeries } from '../../components/charts/panelSeries';
import type { FitDetail } from '../../engine/functions';
import type { CoarseLead, GridMatrix, RowCounts } from '../../engine/history';
import type { LeadInReads } from '../../engine/leadIn';
import { type LeadBudget, leadCutWarning, phaseBudget, spendOnPhase } from '../../engine/leadInBound';
import { phaseSpan } from '../../engine/grid';
import type { FunctionCall } from '../../engine/query';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { callWorker, WorkerCallError } from '../../worker/client';
import {
  DENIED_CROSSING,
  DENIED_CROSSING_CODE,
  deniedCrossing,
  exhaustionForecast,
  fromPoint,
  planFor,
  shownTime,
  type TrainingShortfall,
  trainingShortfall,
} from './engineCalls';

export { horizonFor } from './engineCalls';
import { coarseLeadBefore, type HistoryFetch, sentQueryOf, withHistoryBefore } from './trainingHistory';
import { ForecastOptions } from './types';

/** A worker answer or the readable reason it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Everything the panel shows about one series. */
export interface SeriesForecast {
  forecast: Outcome<ForecastResult>;
  tte?: Outcome<TimeToExhaustion>;
  /** The time (ms, the series' time) `tte` counts from: the range's end, or the last grid point (engineCalls.ts shownTime). */
  tteFrom?: number;
  trend?: Outcome<LeakResult>;
  /** Grid step of the drawn forecast (ms): the series' step, or a multiple of it for a long horizon. */
  forecastStep?: number;
  /** What ordering, merging and placing the rows changed (history.ts rowsOnGrid). */
  rowCounts?: RowCounts;
  /** The calls' training window beyond the series' history, when there is one (messages.ts trainingNote). */
  training?: TrainingShortfall;
  /** The fetch of the history before the dashboard's range, when the calls read before it (trainingHistory.ts). */
  history?: HistoryFetch;
}

export interface Forecasts {
  state: 'running' | 'done';
  results: SeriesForecast[];
}

const NO_FIT = 'not enough data in the training window before the last refit time';

/** The detail of one call in the engine's answer at time `point` (see fitDetails), as an outcome. */
async function detailOf(
  matrix: GridMatrix,
  call: FunctionCall,
  point: number,
  lead?: { unfetched: Set<number>; read: Set<number> }
): Promise<Outcome<FitDetail>> {
  try {
    const [[s]] = await callWorker('fitDetails', [matrix, [call], point]);
    s?.unfetched?.forEach((p) => lead?.unfetched.add(p));
    s?.leadRead?.forEach((p) => lead?.read.add(p));
    return s?.detail ? { ok: true, value: s.detail } : { ok: false, code: 'not_enough_data', message: NO_FIT };
  } catch (e) {
    const err = e as WorkerCallError;
    return { ok: false, code: err.code ?? 'error', message: err.message };
  }
}

/** The forecast with `note` among its warnings (the coarser grid it ran on), which the panel's notes show. */
function withNote(f: ForecastResult, note: string | undefined): ForecastResult {
  return note === undefined ? f : { ...f, warnings: [...(f.warnings ?? []), note] };
}

/** The panel's answers for one series from the engine, or why there are none. */
async function forecastOne(
  s: PanelSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  history?: HistoryFetch,
  lead?: CoarseLead,
  rangeTo?: number
): Promise<SeriesForecast & { unfetched?: number[]; leadRead?: number[] }> {
  const plan = planFor(s, o, capacity, lead);
  if ('problem' in plan) {
    return { forecast: { ok: false, code: 'bad_input', message: plan.problem } };
  }
  const { calls, point } = plan;
  // Time to exhaustion is asked at the time the panel shows (the range's end, the dashboard's now),
  // as the companion answers an instant query at now: its last point is the range's end aligned down
  // to the step, and counted from it "full in" read up to a step later than the home page beside it.
  const shownAt = shownTime(point, plan.stepMs, rangeTo === undefined ? undefined : rangeTo - plan.shift);
  // Phases of the coarse lead-in a refit read that it does not hold (forecastWithLead fetches them),
  // and all the phases read (the next computation fetches them up front).
  const reads = { unfetched: new Set<number>(), read: new Set<number>() };
  const as = <T>(x: Outcome<FitDetail> | undefined, get: (d: FitDetail) => T): Outcome<T> | undefined =>
    x === undefined ? undefined : x.ok ? { ok: true, value: get(x.value) } : x;
  const [tteDetail, trendDetail] = await Promise.all([
    calls.tte ? detailOf(plan.matrix, calls.tte, shownAt, reads) : undefined,
    calls.trend ? detailOf(plan.matrix, calls.trend, point, reads) : undefined,
  ]);
  const tte = as(tteDetail, (d) => (d as Extract<FitDetail, { family: 'tte' }>).exhaustion);
  // With a time to exhaustion, the drawn forecast is the one it searched (one model, one crossing);
  // the panel's own forecast call only when there is none (no capacity, already exhausted, a failure).
  const end = point + plan.horizonMs;
  const searched = tte?.ok ? exhaustionForecast(tte.value, o.level, end) : undefined;
  const denied = !searched && tte?.ok === true && deniedCrossing(tte.value, end);
  const forecast: Outcome<ForecastResult> = searched
    ? { ok: true, value: fromPoint(searched, point, plan.horizonMs, plan.shift) }
    : denied
      ? { ok: false, code: DENIED_CROSSING_CODE, message: DENIED_CROSSING }
      : as(await detailOf(plan.forecastMatrix, calls.forecast, plan.forecastPoint), (d) =>
          withNote(
            fromPoint((d as Extract<FitDetail, { family: 'forecast' }>).forecast, point, plan.horizonMs, plan.shift),
            plan.coarseNote
          )
        )!;
  // The windows of the calls whose answers the panel shows: the forecast call's only when it was made.
  const { windows } = plan;
  // With the history before the range fetched, the series holds what its data source holds: the
  // companion reads no more, so a shortfall left is none the range causes.
  const training =
    history?.ok && !history.cut
      ? undefined
      : trainingShortfall(plan.historyMs, plan.stepMs, [
          windows.tte,
          windows.trend,
          searched || denied ? undefined : windows.forecast,
        ]);
  return {
    forecast,
    tte,
    ...(calls.tte ? { tteFrom: shownAt + plan.shift } : {}),
    trend: as(trendDetail, (d) => (d as Extract<FitDetail, { family: 'trend' }>).trend),
    forecastStep: searched && tte?.ok ? tte.value.forecastStepSeconds * 1000 : plan.forecastStep,
    rowCounts: plan.rowCounts,
    ...(training ? { training } : {}),
    ...(history ? { history } : {}),
    ...(reads.unfetched.size ? { unfetched: [...reads.unfetched].sort((a, b) => a - b) } : {}),
    ...(reads.read.size ? { leadRead: [...reads.read].sort((a, b) => a - b) } : {}),
  };
}

/** What the engine's calls for a series read before its first point, in the series' time (see historyWanted). */
interface Wanted {
  /** Earliest time read. */
  from: number;
  /** From here every sample at the series' step is read; before it only the coarse lead-in's. */
  fineFrom: number;
  /** The coarse reads before `fineFrom`: their step and the phases the fit times read (leadIn.ts). */
  coarse?: { step: number; phases: number[] };
}

/**
 * What the engine's calls for a series read before its first point (src/engine/leadIn.ts
 * leadInReads, asked of the worker as the data source asks it), when it lies before the series' first
 * point and the series spans the dashboard's range from its start (one that began within the range
 * has nothing older). The forecast call reads at its own step, ending at its point (engineCalls.ts
 * coarsen, forecastPoint): every sample from its start. A coarse lead-in is fetched only for a series on the epoch's
 * grid (shift 0), the grid data sources align a range to.
 */
async function historyWanted(
  s: PanelSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  rangeFrom: number | undefined
): Promise<Wanted | undefined> {
  const plan = planFor(s, o, capacity);
  if ('problem' in plan || rangeFrom === undefined || s.t[0] > rangeFrom + plan.stepMs) {
    return undefined;
  }
  const { calls, point, stepMs, forecastStep, shift } = plan;
  const onSeriesGrid = [calls.tte, calls.trend].filter((c) => c !== undefined);
  let reads: LeadInReads;
  let b: number;
  try {
    [reads, b] = await Promise.all([
      onSeriesGrid.length
        ? callWorker('leadInReads', [onSeriesGrid, stepMs, point])
        : { from: point, fineFrom: point, coarseStep: stepMs, phases: [] },
      callWorker('historyStart', [[calls.forecast], forecastStep, plan.forecastPoint]),
    ]);
  } catch {
    // The worker failed: the series' own calls fail the same way and the panel shows their error.
    return undefined;
  }
  const from = Math.min(reads.from, b) + shift;
  if (from >= s.t[0]) {
    return undefined;
  }
  const fineFrom = Math.min(reads.fineFrom, b) + shift;
  return shift === 0 && fineFrom > from && reads.phases.length
    ? { from, fineFrom, coarse: { step: reads.coarseStep, phases: reads.phases } }
    : { from, fineFrom: from };
}

/** Series whose lead-in phases are remembered (a few numbers each): more than a dashboard shows. */
const MAX_REMEMBERED_SERIES = 1_000;

/**
 * Phases of the coarse lead-in the last computation of each series read (forecastWithLead), least
 * recent first: a refit after a jump off the coarse grid reads another phase, which the engine names
 * only once it has read it; fetched up front on the next refresh (from the cache), the panel computes
 * the series once rather than twice on every refresh.
 */
const leadPhasesRead = new Map<string, number[]>();

function rememberLeadRead(key: string, read: number[] | undefined) {
  leadPhasesRead.delete(key);
  if (read?.length) {
    leadPhasesRead.set(key, read);
    if (leadPhasesRead.size > MAX_REMEMBERED_SERIES) {
      leadPhasesRead.delete(leadPhasesRead.keys().next().value!);
    }
  }
}

/**
 * What identifies a series' calls for leadPhasesRead: its query (the text its data source runs, so
 * another query under the same refId and labels never reads this one's phases), labels, step and the
 * panel's options.
 */
function leadMemoKey(
  s: PanelSeries,
  request: DataQueryRequest | undefined,
  step: number,
  coarseStep: number,
  o: ForecastOptions,
  capacity?: number
) {
  const query = sentQueryOf(s, request);
  return JSON.stringify([
    s.refId ?? '',
    query,
    s.name,
    Object.entries(s.labels ?? {}).sort(),
    step,
    coarseStep,
    o,
    capacity,
  ]);
}

/** A series with the history before the range, and how to fetch more of its coarse lead-in. */
interface HeldSeries {
  series: PanelSeries;
  /** Key of the phases its computations read (leadPhasesRead), when it has a coarse lead-in. */
  memoKey?: string;
  history?: HistoryFetch;
  /** The coarse lead-in fetched (history.ts CoarseLead), with the phases it holds. */
  lead?: CoarseLead & { held: number[] };
  /** Fetches the phases `phases` of the lead-in too (a refit after a jump read them); undefined when none is new. */
  more?: (phases: number[]) => Promise<(CoarseLead & { held: number[] }) | undefined>;
  /** What the lead-in may still fetch, and what it cut, within MAX_HISTORY_POINTS (the data source's rule). */
  budget?: LeadBudget;
}

/**
 * The coarse lead-in of one series grown by the phases `phases`: each fetched at the step that holds
 * it (a divisor of the coarse step: Grafana aligns a range's start to its step), which holds others
 * too, and within what `budget` leaves of MAX_HISTORY_POINTS, its last points (those nearest the
 * range) kept, as the data source fetches them (src/engine/leadInBound.ts spendOnPhase): a refit's
 * phase at 15 s over 14 days is fetched whole (87,107 points before a 1-hour range in all).
 */
async function withPhases(
  s: PanelSeries,
  lead: CoarseLead & { held: number[] },
  phases: number[],
  before: number,
  request: DataQueryRequest | undefined,
  signal: AbortSignal,
  budget: LeadBudget
): Promise<{ lead: CoarseLead & { held: number[] }; points: number } | { reason: string }> {
  const held = new Set(lead.held);
  const mats = [...lead.phases];
  let points = 0;
  for (const phase of phases) {
    // A fetch at a finer step holds other phases too: checked as each is fetched, not once before.
    if (held.has(phase)) {
      continue;
    }
    const step = gcd(lead.step, phase);
    const fetch = spendOnPhase(budget, phaseSpan(lead.from, step, before), step);
    if (fetch) {
      const got = await coarseLeadBefore([s], fetch.start, fetch.end + 1, step, request, signal);
      if (!got.ok) {
        return { reason: got.reason };
      }
      points += got.points;
      if (got.phases[0]) {
        mats.push(got.phases[0]);
      }
    }
    for (let p = 0; p < lead.step; p += step) {
      held.add(p);
    }
  }
  return { lead: { from: lead.from, step: lead.step, phases: mats, held: [...held] }, points };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The series with the history before the range their calls read, fetched per query and step (one
 * request per query, see trainingHistory.ts): every sample from where the calls read each one, and
 * before that the coarse lead-in's alone; and how each fetch went. Series that need none as they are.
 */
async function withTrainingHistory(
  series: PanelSeries[],
  o: ForecastOptions,
  capacity: number | undefined,
  rangeFrom: number | undefined,
  request: DataQueryRequest | undefined,
  signal: AbortSignal
): Promise<HeldSeries[]> {
  const wanted = await Promise.all(series.map((s) => historyWanted(s, o, capacity, rangeFrom)));
  const out: HeldSeries[] = series.map((s) => ({ series: s }));
  const groups = new Map<string, { step: number; want: Wanted; at: number[] }>();
  series.forEach((s, i) => {
    const w = wanted[i];
    if (w === undefined) {
      return;
    }
    const step = medianStep(s.t);
    const key = `${s.refId ?? ''}\u0000${step}\u0000${w.coarse?.step ?? ''}`;
    const g = groups.get(key) ?? { step, want: { ...w }, at: [] };
    g.want = {
      from: Math.min(g.want.from, w.from),
      fineFrom: Math.min(g.want.fineFrom, w.fineFrom),
      ...(g.want.coarse && w.coarse
        ? { coarse: { step: w.coarse.step, phases: [...new Set([...g.want.coarse.phases, ...w.coarse.phases])] } }
        : {}),
    };
    g.at.push(i);
    groups.set(key, g);
  });
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const group = g.at.map((i) => series[i]);
      const fetched = await withHistoryBefore(group, g.want.fineFrom, g.step, request, signal);
      fetched.forEach((f, j) => (out[g.at[j]] = { series: f.series, history: f.fetch }));
      const coarse = g.want.coarse;
      if (!coarse || !fetched.every((f) => f.fetch.ok && !f.fetch.cut)) {
        return;
      }
      // Before the fine part, the coarse lead-in: the phases the fit times read, then those the
      // evaluation finds a refit read (forecastWithLead).
      const before = Math.min(...fetched.map((f) => f.series.t[0]));
      const empty = { from: g.want.from, step: coarse.step, phases: [], held: [] };
      await Promise.all(
        g.at.map(async (i, j) => {
          const s = fetched[j].series;
          // The samples at the series' step before its range count against the bound too.
          const fine = fetched[j].fetch;
          const budget = phaseBudget(fine.ok ? fine.points : 0);
          out[i].budget = budget;
          const more = async (phases: number[]) => {
            const lead = out[i].lead ?? empty;
            if (phases.every((p) => lead.held.includes(p))) {
              return undefined; // fetched already (the source holds no samples there): nothing new to read
            }
            const grown = await withPhases(s, lead, phases, before, request, signal, budget);
            if ('reason' in grown) {
              out[i].history = { ok: false, reason: grown.reason };
              return undefined;
            }
            const h = out[i].history;
            if (h?.ok) {
              out[i].history = { ...h, coarsePoints: (h.coarsePoints ?? 0) + grown.points };
            }
            out[i].lead = grown.lead;
            return grown.lead;
          };
          out[i].more = more;
          // The phases the last computation read too, in the order it fetched them (its fit times' first).
          const memoKey = leadMemoKey(series[i], request, g.step, coarse.step, o, capacity);
          out[i].memoKey = memoKey;
          const read = (leadPhasesRead.get(memoKey) ?? []).filter((p) => !coarse.phases.includes(p));
          await more([...coarse.phases, ...read]);
        })
      );
    })
  );
  return out;
}

/**
 * The panel's answers for a series with its coarse lead-in: a refit after a jump off the coarse grid
 * reads another phase of the lead-in, which the engine names (`unfetched`); it is fetched and the
 * series computed again, so the samples read are the companion's (at most one round per phase).
 */
async function forecastWithLead(
  h: HeldSeries,
  o: ForecastOptions,
  capacity: number | undefined,
  rangeTo?: number
): Promise<SeriesForecast> {
  let lead = h.lead;
  for (;;) {
    const r = await forecastOne(h.series, o, capacity, h.history, lead, rangeTo);
    const more = r.unfetched?.length && h.more ? await h.more(r.unfetched) : undefined;
    if (!more) {
      const { unfetched, leadRead, ...answer } = r;
      if (h.memoKey !== undefined) {
        rememberLeadRead(h.memoKey, leadRead);
      }
      // Only a read of what the bound left out can change a value, as the data source says it.
      const cut = h.budget?.cut && unfetched?.length && lead ? h.budget.cut : undefined;
      const said = cut ? withCutNote(answer, leadCutWarning(cut.points, cut.step, lead!.step, 'panel')) : answer;
      return { ...said, ...(h.history ? { history: h.history } : {}) };
    }
    lead = more;
  }
}

/** The answers with `note` among time to exhaustion's warnings (the calls that read the lead-in), else the forecast's. */
function withCutNote<T extends SeriesForecast>(r: T, note: string): T {
  if (r.tte?.ok) {
    return { ...r, tte: { ok: true, value: { ...r.tte.value, warnings: [...(r.tte.value.warnings ?? []), note] } } };
  }
  return r.forecast.ok ? { ...r, forecast: { ok: true, value: withNote(r.forecast.value, note) } } : r;
}

/**
 * Every series' answers, with the history before the range its calls read fetched from its data
 * source first (withTrainingHistory): what the hook computes, apart from React. `rangeTo`, the
 * range's end, is the time a time to exhaustion is counted from (see shownTime).
 */
export async function forecastsWithHistory(
  series: PanelSeries[],
  o: ForecastOptions,
  capacity: number | undefined,
  rangeFrom: number | undefined,
  request: DataQueryRequest | undefined,
  signal: AbortSignal,
  rangeTo?: number
): Promise<SeriesForecast[]> {
  const held = await withTrainingHistory(series, o, capacity, rangeFrom, request, signal);
  return Promise.all(held.map((h) => forecastWithLead(h, o, capacity, rangeTo)));
}

/**
 * Forecast, time to exhaustion (when a capacity is known) and trend test for every series, from the
 * engine in the worker, as the companion computes them for the same series and step; results are
 * applied in one update.
 */
export function useForecasts(
  series: PanelSeries[],
  options: ForecastOptions,
  capacity: number | undefined,
  source: { rangeFrom?: number; rangeTo?: number; request?: DataQueryRequest } = {}
): Forecasts {
  const { model, horizon, level, direction, showTrend, train } = options;
  const { rangeFrom, rangeTo, request: query } = source;
  // One request per change of inputs; a result counts only for its own request.
  const request = useMemo(
    () => ({
      series,
      options: { ...options, model, horizon, level, direction, showTrend, train },
      capacity,
      rangeFrom,
      rangeTo,
      query,
    }),
    // `options` is spread only for its forecast fields, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, model, horizon, level, direction, showTrend, train, capacity, rangeFrom, rangeTo, query]
  );
  const [result, setResult] = useState<{ request: typeof request; results: SeriesForecast[] }>();
  useEffect(() => {
    // A new range or query aborts the previous one's fetch; its answer, if any, is dropped.
    const abort = new AbortController();
    const { options: o, capacity: c } = request;
    forecastsWithHistory(request.series, o, c, request.rangeFrom, request.query, abort.signal, request.rangeTo).then(
      (results) => {
        if (!abort.signal.aborted) {
          setResult({ request, results });
        }
      },
      (e) => {
        // Anything but an abort becomes each series' error: a rethrow would leave the panel running forever.
        if (!abort.signal.aborted && (e as Error).name !== 'AbortError') {
          const message = `could not compute: ${(e as Error).message ?? String(e)}`;
          setResult({
            request,
            results: request.series.map(() => ({ forecast: { ok: false, code: 'error', message } })),
          });
        }
      }
    );
    return () => abort.abort();
  }, [request]);
  return useMemo(
    () =>
      result?.request === request ? { state: 'done', results: result.results } : { state: 'running', results: [] },
    [result, request]
  );
}
