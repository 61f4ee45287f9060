/**
 * "Anomalous now": for each selector, one range query of `anomaly_score(expr, "explain=true")`
 * over the last LOOKBACK: the companion labels each anomalous point with `anomaly_kind` and
 * `anomaly_fired` (the ensemble members that voted), and splits a series into parts by those
 * labels. A series is anomalous now when its latest point is and the unbroken run of anomalous
 * points ending there has lasted the shipped alert's pending period (`for`, {@link alertForS}): the
 * alert on it fires. A shorter run is pending, counted but not listed, as the alert is not firing.
 */
import { formatDuration } from '../../common/duration';
import { ENGINE_DEFAULTS } from '../../engine/context';
import { labelsKey } from '../../engine/history';
import { narrowToSeries } from '../../engine/promql/narrowToSeries';
import { partialAnswerLeft } from '../../engine/warnings';
import type { CompanionClient, Series } from './companionClient';
import { mapLimited, selectorOf, shardMatchers, withMatcher } from './shard';
import { alertForS, type ScanRules, type SignalSelector } from './selectors';

/** How far back a run is followed; a longer run reads "over 2 h". */
export const LOOKBACK_S = 2 * 3600;
export const STEP_S = 60;

export interface AnomalyRow {
  selector: SignalSelector;
  labels: Record<string, string>;
  /** Seconds the current run has lasted (at least one step). */
  sinceS: number;
  /** Whether the run reaches the start of the look-back (it may be longer). */
  longer: boolean;
  kind: string;
  fired: string[];
  score: number;
  /** The series' own selector, for the overlay link. */
  seriesExpr: string;
}

export interface SelectorResult {
  selector: SignalSelector;
  rows: AnomalyRow[];
  /** How many series the selector matched (0: a message, not an empty table). */
  matched: number;
  /** How many of them were scored, when some shards failed or are still pending. */
  scored?: number;
  /**
   * Series the companion has not scored yet by its query timeout (its partial answers' warnings),
   * while their shards are asked again: each time it goes on from what it kept.
   */
  pending?: number;
  error?: string;
  /**
   * Series anomalous at the latest point for less than the shipped alert's `for`: pending, not
   * firing (a one-minute blip of a healthy series), so counted beside the table, not listed.
   */
  pendingRuns?: AnomalyRow[];
}

const EXPLAIN_LABELS = new Set(['anomaly_kind', 'anomaly_fired']);

/** A series' labels without the explain labels the companion adds to each anomalous point. */
const baseLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).filter(([l]) => !EXPLAIN_LABELS.has(l)));

/**
 * The runs in a range answer with explain labels: one row per series anomalous at `end`, in `rows`
 * when the run has held for the selector's alert `for` (as Prometheus counts it: from the run's
 * first point to its last, so `for: 5m` needs six 1-minute points), else in `pendingRuns`.
 */
export function currentRuns(
  selector: SignalSelector,
  parts: Series[],
  end: number,
  step: number,
  start: number
): { rows: AnomalyRow[]; pendingRuns: AnomalyRow[]; matched: number } {
  const bySeries = new Map<
    string,
    { labels: Record<string, string>; points: Map<number, { kind?: string; fired?: string; score: number }> }
  >();
  for (const p of parts) {
    const labels = baseLabels(p.labels);
    const k = labelsKey(labels);
    let s = bySeries.get(k);
    if (!s) {
      s = { labels, points: new Map() };
      bySeries.set(k, s);
    }
    p.times.forEach((t, i) =>
      s!.points.set(Math.round(t), { kind: p.labels.anomaly_kind, fired: p.labels.anomaly_fired, score: p.values[i] })
    );
  }
  const rows: AnomalyRow[] = [];
  const pendingRuns: AnomalyRow[] = [];
  const forS = alertForS(selector);
  for (const s of bySeries.values()) {
    const last = s.points.get(end);
    if (!last?.kind) {
      continue;
    }
    let t = end;
    while (s.points.get(t - step)?.kind) {
      t -= step;
    }
    // A run that reaches the start of the look-back began earlier still: it has held at least that long.
    const held = t - step < start || end - t >= forS;
    (held ? rows : pendingRuns).push({
      selector,
      labels: s.labels,
      sinceS: end - t + step,
      longer: t - step < start,
      kind: last.kind,
      fired: last.fired ? last.fired.split(',') : [],
      score: last.score,
      seriesExpr: selector.expr,
    });
  }
  return { rows, pendingRuns, matched: bySeries.size };
}

/**
 * The scan's options: only explain=true, so it asks what the shipped alert rules ask (the default
 * model, sensitivity and training window: provisioning/vmalert, provisioning/prometheus/rules,
 * provisioning/alerting) and a series an alert fires on is listed here. explain= only labels the
 * output, so the detector run is the one the rules' evaluations keep warm (src/engine/detectRuns.ts).
 * A shorter train= scored a fleet faster but missed sustained incidents the alerts fire on
 * (docs/home.md, "Anomalous now").
 */
export const SCAN_OPTIONS = 'explain=true';

/**
 * Series per scan request. A series' detector run replays its lead-in (three training windows before
 * the run's block, src/engine/grid.ts), not only the 2 hours shown: several days of 1-minute points
 * per series whatever the look-back, so a cold scan costs the same per series however it is cut.
 * Half the earlier 200 halves each request's share of the companion's 60 s query timeout; a shard
 * that still runs into it reads as a counted warning (loadSelector). The limit stays the companion's.
 */
export const SCAN_SHARD_SERIES = 100;
/** Scan requests in flight per selector: the companion evaluates on one thread, so more only queue there. */
export const SCAN_CONCURRENCY = 2;

/**
 * The training window the overlay link asks for: the companion's default, which the scan and the
 * alert rules train on. The data source's own default is 1,000 steps, not this, so the link says it.
 */
export const OVERLAY_TRAIN = formatDuration(ENGINE_DEFAULTS.train);
/** The step the overlay link asks for: the scan's, so its last point is scored as the row's. */
export const OVERLAY_STEP = formatDuration(STEP_S * 1000);

export function anomalyQuery(expr: string, rules?: ScanRules): string {
  const ruleText = rules ? ` direction=${rules.side} min_rel=${rules.minRel}` : '';
  return `anomaly_score(${expr}, "${SCAN_OPTIONS}${ruleText}")`;
}

/** A selector's scan so far: its result, and how many series have been scored of how many listed. */
export interface ScanProgress {
  result: SelectorResult;
  done: number;
  total: number;
}

/**
 * Scans `selector` at `now`, in shards of SCAN_SHARD_SERIES series grouped by instance. `progress`
 * gets the rows found so far after each answer, so the table grows as shards answer. A shard's
 * query accepts a partial answer: at the companion's query timeout it answers with the series
 * scored so far and counts the rest (`pending` while the shard is asked again; the companion keeps
 * what it scored, so each try goes on from there) until every series is scored. A shard that fails
 * (or times out outright more than SCAN_STALL_RETRIES times) does not drop the others: the result
 * keeps their rows and says how many shards failed and how many series were scored, with the first
 * error.
 */
export async function loadSelector(
  client: CompanionClient,
  selector: SignalSelector,
  now: number,
  progress?: (p: ScanProgress) => void
): Promise<SelectorResult> {
  const end = Math.floor(now / STEP_S) * STEP_S;
  const start = end - LOOKBACK_S;
  const sel = selectorOf(selector.expr);
  let exprs = [selector.expr];
  let listedCount = 0;
  if (sel) {
    try {
      const listed = await client.series(sel, now, 3600);
      if (listed.length === 0) {
        return { selector, rows: [], matched: 0 };
      }
      exprs = shardMatchers(listed, 'instance', SCAN_SHARD_SERIES).map((m) => withMatcher(selector.expr, m));
      listedCount = listed.length;
    } catch (err) {
      return {
        selector,
        rows: [],
        matched: 0,
        error: `${selector.title}: ${selectorProblem(selector, (err as Error).message)}`,
      };
    }
  }
  // Per shard: its latest answer (each holds every series scored so far), and the series it left.
  const answers: Series[][] = exprs.map(() => []);
  const left: number[] = exprs.map(() => 0);
  const errors: string[] = [];
  const resultSoFar = (final = false): SelectorResult => {
    const { rows, pendingRuns, matched } = currentRuns(selector, answers.flat(), end, STEP_S, start);
    for (const r of [...rows, ...pendingRuns]) {
      r.seriesExpr = sel ? (narrowToSeries(selector.expr, r.labels) ?? selector.expr) : selector.expr;
    }
    const pending = left.reduce((a, b) => a + b, 0);
    const error = errors.length
      ? scanError(selector, errors, exprs.length, matched, listedCount)
      : final && pending > 0
        ? unfinished(selector, matched, listedCount)
        : undefined;
    return {
      selector,
      rows,
      ...(pendingRuns.length ? { pendingRuns } : {}),
      matched: Math.max(matched, listedCount),
      scored: matched,
      ...(pending > 0 && !final ? { pending } : {}),
      ...(error ? { error } : {}),
    };
  };
  const report = () => {
    const result = resultSoFar();
    progress?.({ result, done: result.scored ?? 0, total: listedCount });
  };
  report();
  await mapLimited(exprs, SCAN_CONCURRENCY, async (e, i) => {
    const query = anomalyQuery(e, selector.rules);
    // A partial answer scores at least one more series each time, so asking again ends. A try that
    // goes no further (a timeout: the query queued past its deadline) is asked again a few times.
    for (let stalls = 0; ;) {
      let done: boolean;
      try {
        const a = await client.scan(query, start, end, STEP_S);
        const before = left[i];
        answers[i] = a.series;
        left[i] = partialAnswerLeft(a.warnings)?.left ?? 0;
        const stalled = left[i] > 0 && before > 0 && left[i] >= before;
        done = left[i] === 0 || (stalled && ++stalls > SCAN_STALL_RETRIES);
      } catch (err) {
        const message = (err as Error).message;
        done = !TIMED_OUT.test(message) || ++stalls > SCAN_STALL_RETRIES;
        if (done) {
          errors.push(message);
          left[i] = 0;
        }
      }
      report();
      if (done) {
        return;
      }
    }
  });
  return resultSoFar(true);
}

/** The companion's query timeout, in its words (companion/src/limits/deadline.ts). */
const TIMED_OUT = /query timed out/;
/**
 * Times a shard is asked again after a try that went no further (a timeout outright: queued past
 * the deadline): the companion keeps the series it scored, so most tries do go further.
 */
export const SCAN_STALL_RETRIES = 2;

/** A scan that ended with series not scored though no query failed (a retry limit, not an error upstream). */
function unfinished(selector: SignalSelector, scored: number, listed: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${selector.title}: ${n(scored)} of ${n(listed)} series scored, the anomalous among them shown; the rest were not scored within the companion's query timeout.`;
}

/**
 * "CPU: 2 of 20 scan queries failed; 1,800 of 2,000 series scored, the anomalous among them shown:
 * <first error>", or the one error when the selector ran as one query.
 */
function scanError(
  selector: SignalSelector,
  errors: string[],
  queries: number,
  scored: number,
  listed: number
): string {
  const first = selectorProblem(selector, errors[0]);
  if (queries === 1) {
    return `${selector.title}: ${first}`;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  return `${selector.title}: ${n(errors.length)} of ${n(queries)} scan queries failed; ${n(scored)} of ${n(listed)} series scored, the anomalous among them shown: ${first}`;
}

/**
 * The companion's refusal of a query, said of the user's selector: "invalid parameter "query":
 * 1:53: parse error: …" counts its position in the anomaly_score(...) the page wrapped around the
 * selector, so the position goes, the selector is named, and the fix is where to correct it.
 *
 * @example selectorProblem({ title: 'CPU', expr: 'rate(x[5m]' }, 'invalid parameter "query": 1:25: parse error: unexpected end of input')
 * // 'rate(x[5m] is not a valid query (parse error: unexpected end of input); correct it under Selectors.'
 */
export function selectorProblem(selector: SignalSelector, message: string): string {
  const m = /^invalid parameter "(?:query|match\[\])": (?:\d+:\d+: )?(.*)$/s.exec(message);
  return m
    ? `${selector.expr} is not a valid query (${m[1].replace(/\.$/, '')}); correct it under Selectors.`
    : message;
}
