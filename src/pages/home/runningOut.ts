/**
 * "Running out": every series of each capacity pair, with the companion's time to exhaustion, its
 * interval and the trend test, sorted soonest first. One `/api/v1/bellwether/exhaustion` request
 * per shard (shard.ts), two at a time, without the trend test (`trend=false`) and without a forecast
 * for the rows the trend test alone decides (`interval=false`: no trend toward the limit, "not within
 * 30 d", shown without an interval): the sort and the tier counts need only the time, and the trend
 * cell prints the test the time used (`gate`), which every answer carries. The time of a row is the
 * same either way (the fit depends on the series' values and the options only;
 * tests/node/companion/exhaustion.test.ts).
 */
import { narrowToSeries } from '../../engine/promql/narrowToSeries';
import type { CompanionClient, ExhaustionAnswer } from './companionClient';
import { REFUSED_WARNING } from './refusedWarning';
import { mapLimited, selectorOf, shardMatchers, withMatcher } from './shard';
import type { CapacityPair } from './selectors';

/** The window, grid and refit interval of TTE_OPTIONS, for the row's Explore link (links.ts). */
export const TTE_EVALUATION = { train: '14d', step: '1h', refit: '1h' } as const;

/**
 * The model options of the page's time_to_exhaustion: the shipped recording rule's window
 * (train=14d, time to exhaustion's default, 336 points at 1 h) on an hourly grid, so a fleet of thousands of filesystems is evaluated in
 * one page load (a 15 min grid costs about six times as much per series). The same text in a
 * panel, an alert rule or the CLI gives the same numbers. The refit interval is the companion's default,
 * spelt out so the row's Forecast link (which gives the data source every option) asks the same.
 */
export const TTE_OPTIONS = `train=${TTE_EVALUATION.train} step=${TTE_EVALUATION.step} refit=${TTE_EVALUATION.refit}`;

/** Look-back of `/api/v1/series` when listing a pair's series. */
const LIST_LOOKBACK_S = 3600;

export interface ExhaustionRowData extends ExhaustionAnswer {
  pair: CapacityPair;
  /** The query that gave this row (for the Explore link and the CLI). */
  query: string;
  /** The row's own selector: the pair's expression narrowed to this series' labels. */
  seriesExpr: string;
}

export interface PairResult {
  pair: CapacityPair;
  rows: ExhaustionRowData[];
  /** Why the pair has no rows, or what went wrong in part of it; shown as a message. */
  note?: string;
  /** Series the companion refused (a limit they can never reach): no row, named in `note`. */
  refused?: number;
  error?: string;
}

/** `time_to_exhaustion(expr, capacity, "options")` as the companion reads it. */
export function tteQuery(pair: CapacityPair, expr = pair.expr): string {
  return `time_to_exhaustion(${expr}, ${pair.capacity}, "direction=${pair.direction} ${TTE_OPTIONS}")`;
}

/**
 * The pair's expression narrowed to a row's series: its labels on each of its selectors
 * (narrowToSeries.ts), or the whole expression when it cannot be narrowed safely.
 */
export function seriesExprOf(pair: CapacityPair, labels: Record<string, string>): string {
  return narrowToSeries(pair.expr, labels) ?? pair.expr;
}

/** Series evaluated so far, of how many listed; called as each shard answers. */
export type Progress = (done: number, total: number) => void;

export async function loadPair(
  client: CompanionClient,
  pair: CapacityPair,
  now: number,
  progress?: Progress
): Promise<PairResult> {
  let listed: Array<Record<string, string>>;
  try {
    listed = await client.series(pair.presence, now, LIST_LOOKBACK_S);
  } catch (err) {
    return { pair, rows: [], error: `${pair.title}: ${(err as Error).message}` };
  }
  if (listed.length === 0) {
    return { pair, rows: [], note: `${pair.title}: no series match ${pair.presence} in the last hour.` };
  }
  const shardable = pair.shardLabel && selectorOf(pair.expr) !== undefined;
  const exprs = shardable ? shardMatchers(listed, pair.shardLabel).map((m) => withMatcher(pair.expr, m)) : [pair.expr];
  const errors: string[] = [];
  const refused: string[] = [];
  let refusedCount = 0;
  let done = 0;
  progress?.(0, listed.length);
  const answers = await mapLimited(exprs, 2, async (expr) => {
    try {
      const { rows, warnings } = await client.exhaustionWithWarnings(tteQuery(pair, expr), now, true);
      // Series refused a limit they can never reach have no row: said, not dropped silently, and
      // counted as evaluated (a shard whose every series was refused has answered, not failed).
      const refusedHere = warnings.filter((w) => REFUSED_WARNING.test(w));
      const n = refusedHere.reduce((sum, w) => sum + Number(REFUSED_WARNING.exec(w)![1].replace(/,/g, '')), 0);
      refused.push(...refusedHere);
      refusedCount += n;
      done += rows.length + n;
      return rows;
    } catch (err) {
      errors.push((err as Error).message);
      return [];
    } finally {
      progress?.(done, listed.length);
    }
  });
  const rows = answers.flat().map((a) => ({
    ...a,
    pair,
    query: tteQuery(pair, seriesExprOf(pair, a.labels)),
    seriesExpr: seriesExprOf(pair, a.labels),
  }));
  const error = errors.length
    ? `${pair.title}: ${errors.length} of ${exprs.length} queries failed (${rows.length} series shown): ${errors[0]}`
    : undefined;
  return {
    pair,
    rows,
    error,
    ...(refused.length ? { note: `${pair.title}: ${refused.join(' ')}`, refused: refusedCount } : {}),
  };
}

/** Soonest first; "not within 30 d" after every finite time, "no trend" last. */
export function bySoonest(a: ExhaustionRowData, b: ExhaustionRowData): number {
  const key = (r: ExhaustionRowData) =>
    Number.isNaN(r.seconds) || r.verdict === 'no_trend'
      ? Number.MAX_VALUE
      : Number.isFinite(r.seconds)
        ? r.seconds
        : Number.MAX_VALUE / 2;
  return key(a) - key(b) || rowName(a).localeCompare(rowName(b));
}

/** A row's name from its pair's name labels, else every label. */
export function rowName(r: { labels: Record<string, string>; pair: CapacityPair }): string {
  const names = r.pair.nameLabels.filter((l) => r.labels[l] !== undefined);
  const entries = names.length
    ? names.map((l) => r.labels[l])
    : Object.entries(r.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}=${v}`);
  return entries.join(' ') || r.pair.title;
}
