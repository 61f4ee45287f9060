/**
 * The anomaly panel on a plain data source (Prometheus, not Bellwether's) judges its series as the
 * companion does, whose anomaly_score the shipped alerts read: the panel asks its own query again
 * through the same data source (src/panels/forecast/trainingHistory.ts, the forecast panel's training
 * fetch and cache) for
 * - the lead-in before the range that the detector run of the range's first point reads
 *   (src/engine/leadIn.ts historyStart), so the range is judged from its first point;
 * - when the frame's step is not the resolution the companion scores at (src/engine/resolution.ts:
 *   the data's interval, not finer than 1 m), the series at that resolution: the detector runs on it
 *   and, when the step is coarser, each of the panel's steps reports the highest score in
 *   (t − step, t] and the band at its last fine point (fineIndexAt); when it is finer (Grafana's 15 s
 *   for "Last 1h" over 1-minute data), each row reads the resolution's point at or before it. The
 *   value stays the frame's sample.
 * On a 7-day range at 10 m the panel judged the demo's web-1 CPU on 1,009 points and flagged 1 of its
 * 3 saturations; the companion, on 1-minute data, flags all three (docs/anomaly-detection.md).
 * Whatever cannot be fetched, or is cut, is said in one note with a count.
 */
import type { DataQuery } from '@grafana/schema';
import type { DataQueryRequest } from '@grafana/data';
import { type PanelSeries } from '../../components/charts/panelSeries';
import { formatDuration } from '../../common/duration';
import { MATRIX_SETTINGS, trainCapWarning } from '../../engine/context';
import type { DetectionOnGrid } from '../../engine/detectRuns';
import { alignDown } from '../../engine/grid';
import { fineGrid, fineIndexAt, intervalWindow, MAX_FINE_POINTS, resolutionOnGrid } from '../../engine/resolution';
import { mostCommonInterval, type RawSampleTimes } from '../../engine/sampleIntervals';
import { formatCount } from '../../engine/warnings';
import { learningWarning } from '../../engine/learning';
import { callWorker } from '../../worker/client';
import { fetchRawSampleTimes, sentQueryKey } from '../../datasource/sources/prometheusSource';
import { SampleIntervalCache } from '../../datasource/sources/promSampleIntervals';
import {
  fetchFailure,
  MAX_HISTORY_POINTS,
  querySource,
  seriesOnGrid,
  withHistoryBefore,
} from '../forecast/trainingHistory';
import { type AnomalyRequest, anomalyRequestFor, onRows, type SeriesFailure, type WorkerDetection } from './analysis';
import type { AnomalyOptions } from './types';

/** The companion's default resolution (companion/src/config/config.ts defaults.resolutionMs). */
export const PANEL_RESOLUTION = 60_000;

/** The engine's detection of one series on the panel's rows, and what the panel's note says of it. */
export interface PlainDetection {
  detection: WorkerDetection;
  /** How the history and the resolution were had, or why not (one line; undefined when nothing to say). */
  note?: string;
}

/** Sample intervals answered, per data source, ad hoc filters, window, time and query (one read an hour; a failed read is asked again). */
const intervalCache = new SampleIntervalCache();

/**
 * How often the series of `s`'s query are sampled, as the companion and the data source read it
 * (src/engine/sampleIntervals.ts readSampleIntervals): the raw samples of each of the query's
 * selectors over the window before the last row (an instant query `sel[window]` through the query's
 * Prometheus), the interval most series have, with a note when they differ; the default resolution
 * with a note saying why when the selectors cannot be read or have no samples, as the companion
 * scores then (src/engine/resolution.ts scoringResolution). Not `timestamp(expr)`: Prometheus answers it with
 * the evaluation time for anything but a bare selector, so `rate(x[5m])` on 5-minute data read as
 * sampled every minute and scored at 1 m where the companion scores at 5 m.
 */
export async function sampleIntervalOf(
  s: PanelSeries,
  step: number,
  last: number,
  request: DataQueryRequest | undefined,
  signal?: AbortSignal
): Promise<{ interval: number; note?: string } | { reason: string }> {
  const window = intervalWindow(step);
  const at = alignDown(last, window);
  const found = querySource(s, request);
  if ('reason' in found) {
    return found;
  }
  const { target, ref } = found;
  const expr = (target as DataQuery & { expr?: unknown }).expr;
  if (typeof expr !== 'string' || expr.trim() === '' || (ref.type !== undefined && ref.type !== 'prometheus')) {
    return { reason: `query ${target.refId} is not PromQL on a Prometheus data source (${ref.type ?? 'no type'})` };
  }
  const uid = ref.uid!;
  // A thrown failure (an unreachable Prometheus) is not kept by the cache: the next refresh asks again.
  const raw: RawSampleTimes = (sel, time) => fetchRawSampleTimes(uid, sel, time, request!, target.refId);
  // The data source interpolates the query it runs; the key holds the variables' values and filters.
  const where = sentQueryKey(uid, expr, request!);
  let got;
  try {
    got = await intervalCache.source(where, raw).intervals(expr, at, window, signal);
  } catch (e) {
    return { reason: fetchFailure(e) };
  }
  if ('problem' in got) {
    // The companion and the data source score at the default resolution then, and say why.
    return {
      interval: PANEL_RESOLUTION,
      note: `scored at the default resolution ${formatDuration(PANEL_RESOLUTION)}: the sample interval of ${expr} could not be told (${got.problem})`,
    };
  }
  const ranked = mostCommonInterval(got.intervals, PANEL_RESOLUTION);
  const mixed =
    ranked.length > 1
      ? `its series are sampled at different intervals (${ranked.map(([v, n]) => `${formatDuration(v)}: ${formatCount(n)}`).join(', ')} series), scored at the most common`
      : undefined;
  return { interval: ranked[0][0], ...(mixed ? { note: mixed } : {}) };
}

/**
 * The step the panel scores a frame of `step` (`points` rows) at, on data sampled every `interval`:
 * the companion's choice (src/engine/resolution.ts resolutionOnGrid), coarser than the frame's step
 * when that is finer than the resolution (15 s over 1-minute data scores at 1 m), and `limited` when
 * the 50,000-point limit (MAX_FINE_POINTS), not the data, set it (the companion's warning).
 *
 * @example panelScoringStep(600_000, 60_000, 1008) // { fine: 60_000, resolution: 60_000 }
 * @example panelScoringStep(15_000, 60_000, 241) // { fine: 60_000, resolution: 60_000 }
 */
export function panelScoringStep(
  step: number,
  interval: number,
  points: number
): { fine: number; resolution: number; limited?: string } {
  const resolution = resolutionOnGrid(step, interval, PANEL_RESOLUTION);
  if (resolution > step) {
    return { fine: resolution, resolution };
  }
  const { fine, coarsened } = fineGrid(step, resolution, points);
  return { fine, resolution, ...(coarsened ? { limited: coarsened } : {}) };
}

/**
 * The fine score, band and verdicts read at the panel's rows (`t`, times of a step `step`): the
 * engine's rule (resolution.ts): the highest score in (t − step, t] with the fired members and kind
 * of that point, the band and expected value at the last fine point, anomalous when any fine point
 * in the step is. A `fine` grid coarser than the step (evaluate.ts evaluateAt) gives each row the
 * coarse point at or before it: the same rule with one point per row. With the fine samples
 * (`values`, on the fine grid from `valuesFrom`), each row also carries the time and value of the
 * point whose score it reports (`peak`): the 2.4 s minute of a spike a 2-minute step's sample after
 * it does not show, so the panel marks the value that scored, not the normal sample.
 */
export function readAtSteps(
  t: Float64Array,
  step: number,
  fine: number,
  fineFrom: number,
  d: DetectionOnGrid,
  values?: { from: number; v: ArrayLike<number> }
): WorkerDetection {
  const k = Math.max(1, Math.round(step / fine));
  const o = d.outputs;
  const n = o.score.length;
  const indexOf = (g: number) => {
    const i = (g - fineFrom) / fine;
    return i >= 0 && i < n && Number.isInteger(i) ? i : undefined;
  };
  const rows = t.length;
  const at = (idx: Int32Array, a: Float64Array) => Float64Array.from(idx, (i) => (i >= 0 ? a[i] : NaN));
  const top = new Int32Array(rows);
  const last = new Int32Array(rows);
  const isAnomaly = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const end = alignDown(t[r], fine);
    top[r] = fineIndexAt(o.score, indexOf, end, k, fine, true);
    last[r] = fineIndexAt(o.score, indexOf, end, k, fine, false);
    for (let j = 0; j < k; j++) {
      const i = indexOf(end - j * fine);
      if (i !== undefined && o.isAnomaly[i] > 0) {
        isAnomaly[r] = 1;
      }
    }
  }
  const whole = (a: Float64Array) => Float64Array.from(at(top, a), (x) => (Number.isFinite(x) ? x : 0));
  const peakT = Float64Array.from(top, (i) => (i >= 0 ? fineFrom + i * fine : NaN));
  const sampleAt = (g: number) => {
    const j = values ? (g - values.from) / fine : NaN;
    return values && Number.isInteger(j) && j >= 0 && j < values.v.length ? values.v[j] : NaN;
  };
  return {
    // Only finer than the rows: a coarser grid's point is the row's own sample, read at or before it.
    ...(values && fine < step ? { peak: { t: peakT, v: Float64Array.from(peakT, sampleAt) } } : {}),
    t,
    score: at(top, o.score),
    expected: at(last, o.expected),
    lower: at(last, o.lower),
    upper: at(last, o.upper),
    isAnomaly,
    kind: Uint8Array.from(whole(o.kind)),
    ...(d.members ? { fired: Uint32Array.from(whole(o.fired)), members: d.members } : {}),
  };
}

/** Outputs of a detection on a suffix of the matrix's points, padded with NaN to all of them. */
function padFront(d: DetectionOnGrid, total: number): DetectionOnGrid {
  const outputs = { ...d.outputs };
  for (const key of Object.keys(outputs) as Array<keyof typeof outputs>) {
    const a = new Float64Array(total).fill(NaN);
    a.set(outputs[key], total - outputs[key].length);
    outputs[key] = a;
  }
  return { ...d, outputs };
}

/**
 * The engine's detection of `s` with the history and resolution the companion reads (see the file's
 * comment), or a failure of the engine call. Fetches that fail leave the panel on its rows, as before,
 * and say why in the note.
 */
export async function detectOnPlainSource(
  s: PanelSeries,
  o: AnomalyOptions,
  request: DataQueryRequest,
  signal?: AbortSignal
): Promise<PlainDetection | SeriesFailure> {
  const base = anomalyRequestFor(s, o);
  if ('status' in base) {
    return base;
  }
  const step = base.call.options.step as number;
  const first = base.matrix.from;
  const lastRow = base.points[base.points.length - 1];
  let resolutionNote: string | undefined;
  // At the companion's default resolution itself the companion reads no interval (scoringResolution).
  if (step !== PANEL_RESOLUTION) {
    const found = await sampleIntervalOf(s, step, lastRow, request, signal);
    if ('reason' in found) {
      resolutionNote = `scored at the frame's ${formatDuration(step)} step: the data's sample interval could not be told (${found.reason})`;
    } else {
      const { fine, resolution, limited } = panelScoringStep(step, found.interval, base.points.length);
      // The fine-point limit leaving no finer step than the frame's: said, as the companion says it.
      resolutionNote = fine !== step ? undefined : [limited, found.note].filter(Boolean).join('; ') || undefined;
      if (fine !== step) {
        const scored = await onScoringGrid(s, base, step, fine, resolution, request, signal);
        if ('detection' in scored) {
          return { ...scored, note: [scored.note, found.note].filter(Boolean).join('; ') };
        }
        resolutionNote = `scored at the frame's ${formatDuration(step)} step: ${scored.reason}`;
      }
    }
  }
  const lead = await leadIn(s, o, base, step, first, request, signal);
  const note = [resolutionNote, lead.note].filter(Boolean).join('; ');
  return { detection: lead.detection, ...(note ? { note } : {}) };
}

/**
 * The series at `fine` with its lead-in from the data source, scored there and read at the panel's
 * steps: finer than the step, each step the highest score in it; coarser (a 15 s frame over 1-minute
 * data), each row the coarse point at or before it, as the companion's evaluateAt.
 */
async function onScoringGrid(
  s: PanelSeries,
  base: AnomalyRequest,
  step: number,
  fine: number,
  resolution: number,
  request: DataQueryRequest,
  signal?: AbortSignal
): Promise<PlainDetection | { reason: string }> {
  const k = Math.max(1, Math.round(step / fine));
  const fineFrom = alignDown(base.points[0], fine) - (k - 1) * fine;
  const fineTo = alignDown(base.points[base.points.length - 1], fine);
  const call = { ...base.call, options: { ...base.call.options, step: fine } };
  const wanted = await callWorker('historyStart', [[call], fine, fineFrom]);
  const from = Math.max(wanted, fineTo - (MAX_HISTORY_POINTS - 1) * fine);
  let got;
  try {
    got = await seriesOnGrid([s], from, fineTo, fine, request, 'fine\u0000', signal);
  } catch (e) {
    return { reason: fetchFailure(e) };
  }
  if (!got.ok) {
    return { reason: got.reason };
  }
  const values = got.values[0];
  if (!values) {
    return { reason: `${got.dsName} returned no samples of this series at ${formatDuration(fine)}` };
  }
  const points: number[] = [];
  for (let g = Math.max(fineFrom, from); g <= fineTo; g += fine) {
    points.push(g);
  }
  const matrix = { from, step: fine, series: [{ labels: {}, values }] };
  const [d] = await callWorker('detections', [matrix, call, points]);
  if (!d) {
    return { reason: 'the engine returned no detection at the finer resolution' };
  }
  const cut =
    from > wanted
      ? `, the history before it cut to ${formatCount(MAX_HISTORY_POINTS)} points, the panel's limit (${formatCount(Math.round((from - wanted) / fine))} not fetched)`
      : '';
  const scoredAt =
    fine > step
      ? `scored at ${formatDuration(fine)}, the data's resolution (not finer than ${formatDuration(PANEL_RESOLUTION)}), each ${formatDuration(step)} step showing the score of the ${formatDuration(fine)} point at or before it`
      : `scored at ${formatDuration(fine)}, ${fine > resolution ? `coarser than the data's ${formatDuration(resolution)} to stay within ${formatCount(MAX_FINE_POINTS)} points (as the companion)` : "the data's resolution"}, each ${formatDuration(step)} step showing the highest score in it`;
  // The training window counted at the step the detector runs at, cut and said as the companion says it.
  const trainCut = trainCapWarning(call.options, MATRIX_SETTINGS, fine);
  return {
    detection: {
      ...readAtSteps(s.t, step, fine, points[0], d, { from, v: values }),
      shared: base.counts.offGrid,
      rowCounts: base.counts,
    },
    note: [`${scoredAt}, as the companion's anomaly_score${cut}`, trainCut, d.learning && learningWarning(d.learning)]
      .filter(Boolean)
      .join('; '),
  };
}

/** The series with its lead-in at its own step from the data source, judged on the range's rows. */
async function leadIn(
  s: PanelSeries,
  o: AnomalyOptions,
  base: AnomalyRequest,
  step: number,
  first: number,
  request: DataQueryRequest,
  signal?: AbortSignal
): Promise<PlainDetection> {
  const from = await callWorker('historyStart', [[base.call], step, first]);
  const [{ series: held, fetch }] = await withHistoryBefore([s], from, step, request, signal);
  const req = fetch.ok && fetch.points > 0 ? anomalyRequestFor(held, o) : base;
  if ('status' in req) {
    throw new Error(req.message);
  }
  // Judged from the range's first point only: the lead-in's own points are read, not reported.
  const points = req.points.filter((p) => p >= first);
  const [d] = await callWorker('detections', [req.matrix, req.call, points]);
  if (!d) {
    throw new Error('no values to judge');
  }
  const fetchNote = fetch.ok
    ? fetch.cut
      ? `the history before the range ${fetch.cut}`
      : undefined
    : `judged on the range alone: ${fetch.reason}`;
  // The source had less history than the lead-in: the engine's line, as the companion says it.
  const trainCut = trainCapWarning(req.call.options, MATRIX_SETTINGS, step);
  const note = [fetchNote, trainCut, d.learning && learningWarning(d.learning)].filter(Boolean).join('; ');
  return { detection: onRows(held, req, padFront(d, req.points.length)), ...(note ? { note } : {}) };
}
