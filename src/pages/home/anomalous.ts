/**
 * "Anomalous now": for each selector, one range query of `anomaly_score(expr, "explain=true")`
 * over the last LOOKBACK: the companion labels each anomalous point with `anomaly_kind` and
 * `anomaly_fired` (the ensemble members that voted), and splits a series into parts by those
 * labels. A series is anomalous now when its latest point is; it has been since the start of that
 * unbroken run of anomalous points.
 */
import type { CompanionClient, Series } from './companionClient';
import { mapLimited, selectorOf, seriesSelector, shardMatchers, withMatcher } from './shard';
import type { SignalSelector } from './selectors';

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
  error?: string;
}

const EXPLAIN_LABELS = new Set(['anomaly_kind', 'anomaly_fired']);

const baseKey = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).filter(([k]) => !EXPLAIN_LABELS.has(k)).sort());

/** The runs in a range answer with explain labels: one row per series anomalous at `end`. */
export function currentRuns(selector: SignalSelector, parts: Series[], end: number, step: number, start: number): { rows: AnomalyRow[]; matched: number } {
  const bySeries = new Map<string, { labels: Record<string, string>; points: Map<number, { kind?: string; fired?: string; score: number }> }>();
  for (const p of parts) {
    const k = baseKey(p.labels);
    let s = bySeries.get(k);
    if (!s) {
      const labels = Object.fromEntries(Object.entries(p.labels).filter(([l]) => !EXPLAIN_LABELS.has(l)));
      s = { labels, points: new Map() };
      bySeries.set(k, s);
    }
    p.times.forEach((t, i) => s!.points.set(Math.round(t), { kind: p.labels.anomaly_kind, fired: p.labels.anomaly_fired, score: p.values[i] }));
  }
  const rows: AnomalyRow[] = [];
  for (const s of bySeries.values()) {
    const last = s.points.get(end);
    if (!last?.kind) {
      continue;
    }
    let t = end;
    while (s.points.get(t - step)?.kind) {
      t -= step;
    }
    rows.push({
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
  return { rows, matched: bySeries.size };
}

/**
 * The detector's options for the scan: the default model and sensitivity (those of the shipped
 * alert rules) trained on the last day rather than the default three, which scores a fleet of
 * thousands of series many times faster; the overlay link opens the same training window.
 */
export const SCAN_TRAIN = '1d';

/**
 * Series per scan request: a detector run over two days of 1-minute points costs about 20 ms per
 * series on one core, so 200 series answer well within the companion's default 60 s query timeout
 * even on a busy machine (500-series shards timed out on a loaded 2-core host).
 */
export const SCAN_SHARD_SERIES = 200;

export function anomalyQuery(expr: string): string {
  return `anomaly_score(${expr}, "explain=true train=${SCAN_TRAIN}")`;
}

/** Scans `selector` at `now`; `progress(done, total)` counts series as each shard answers. */
export async function loadSelector(
  client: CompanionClient,
  selector: SignalSelector,
  now: number,
  progress?: (done: number, total: number) => void
): Promise<SelectorResult> {
  const end = Math.floor(now / STEP_S) * STEP_S;
  const start = end - LOOKBACK_S;
  const sel = selectorOf(selector.expr);
  let exprs = [selector.expr];
  let listedCount = 0;
  try {
    if (sel) {
      const listed = await client.series(sel, now, 3600);
      if (listed.length === 0) {
        return { selector, rows: [], matched: 0 };
      }
      exprs = shardMatchers(listed, 'instance', SCAN_SHARD_SERIES).map((m) => withMatcher(selector.expr, m));
      listedCount = listed.length;
      progress?.(0, listedCount);
    }
    let done = 0;
    const parts = (
      await mapLimited(exprs, 2, async (e) => {
        const answer = await client.range(anomalyQuery(e), start, end, STEP_S);
        done += new Set(answer.map((p) => baseKey(p.labels))).size;
        if (sel) {
          progress?.(done, listedCount);
        }
        return answer;
      })
    ).flat();
    const { rows, matched } = currentRuns(selector, parts, end, STEP_S, start);
    for (const r of rows) {
      r.seriesExpr = sel ? seriesSelector(selector.expr, r.labels) : selector.expr;
    }
    return { selector, rows, matched };
  } catch (err) {
    return { selector, rows: [], matched: 0, error: `${selector.title}: ${(err as Error).message}` };
  }
}
