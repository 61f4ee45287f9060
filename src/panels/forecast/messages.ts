/**
 * What the forecast panel says instead of, or above, its chart: the message when no series could be
 * forecast, and the notes on dropped series, an unusable capacity and the forecasts' warnings.
 */
import { formatDuration, formatSpan } from '../../common/duration';
import { tierWindowsOf } from '../../common/exhaustionTiers';
import { ENGINE_DEFAULTS } from '../../engine/context';
import { rowNotes } from '../../engine/warnings';
import { type CallWindow, DENIED_CROSSING_CODE, type TrainingShortfall } from './engineCalls';
import type { HistoryFetch } from './trainingHistory';
import { SeriesForecast } from './useForecasts';

/** A panel message (see PanelMessage): kind for tests, a title and what to do. */
export interface ForecastMessage {
  kind: 'too-short' | 'engine-error';
  title: string;
  detail: string;
}

/**
 * The message shown in place of the chart when every series failed to forecast (the first failure,
 * and how many more there are); undefined when at least one series has a forecast or had it withheld
 * beside 'no trend toward the limit', or there is none.
 */
export function forecastFailure(results: SeriesForecast[]): ForecastMessage | undefined {
  // A forecast withheld beside 'no trend toward the limit' is an answer, not a failure: its series
  // keeps the chart, the readout and the note that says why no line is drawn.
  const failed = results.flatMap((r) =>
    r.forecast.ok || r.forecast.code === DENIED_CROSSING_CODE ? [] : [r.forecast]
  );
  if (failed.length === 0 || failed.length < results.length) {
    return undefined;
  }
  const { code, message } = failed[0];
  const tooShort = code === 'not_enough_data';
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more series)` : '';
  return {
    kind: tooShort ? 'too-short' : 'engine-error',
    title: tooShort ? 'Not enough data to forecast' : 'The model could not forecast this data',
    // Without the message's own final period: the sentence goes on.
    detail: `${message.replace(/\.+$/, '')}${more}. Widen the time range or choose another model.`,
  };
}

/**
 * Notes above the readouts: series dropped over the maximum, why the capacity is unusable, what is
 * wrong with the Critical/Warning within options (common/exhaustionTiers.ts tierWindowsOf), rows the
 * engine sorted, merged or dropped (history.ts rowsOnGrid), and the forecasts' and times to
 * exhaustion's own warnings (each once, e.g. 'auto' ran without augurs because it did not load).
 */
export function panelNotes(args: {
  shown: number;
  candidates: number;
  maxSeries: number;
  capacityProblem?: string;
  /** The options Critical within and Warning within, when a time to exhaustion is coloured by them. */
  tiers?: { critical: string; warning: string };
  results?: SeriesForecast[];
  /** The dashboard's time range (ms): a training shortfall is noted only when it is shorter than the window. */
  rangeMs?: number;
}): string[] {
  const notes: string[] = [];
  const dropped = args.candidates - args.shown;
  if (dropped > 0) {
    notes.push(
      `Showing ${args.shown} of ${args.candidates} series: ${dropped} dropped (Maximum series = ${args.maxSeries}).`
    );
  }
  if (args.capacityProblem) {
    notes.push(args.capacityProblem);
  }
  if (args.tiers) {
    notes.push(...tierWindowsOf(args.tiers.critical, args.tiers.warning).problems);
  }
  // What sorting, merging and placing changed in the rows, summed over the series (as the CLI warns).
  const rows = { outOfOrder: 0, merged: 0, noTime: 0, offGrid: 0 };
  for (const r of args.results ?? []) {
    for (const k of Object.keys(rows) as Array<keyof typeof rows>) {
      rows[k] += r.rowCounts?.[k] ?? 0;
    }
  }
  notes.push(...rowNotes(rows, '', (one) => `${one ? 'was' : 'were'} not used`));
  const training = trainingNote(args.results ?? [], args.rangeMs);
  if (training) {
    notes.push(training);
  }
  // The forecasts' warnings and time to exhaustion's (a rate carried across a young clean-up, a
  // horizon cut), as the CLI's JSON and the companion's envelope carry them.
  const warnings = (args.results ?? []).flatMap((r) => [
    ...(r.forecast.ok ? (r.forecast.value.warnings ?? []) : []),
    ...(r.tte?.ok ? (r.tte.value.warnings ?? []) : []),
  ]);
  notes.push(...Array.from(new Set(warnings.map(panelWording))));
  return notes;
}

/** What each windowed call answers, in a sentence. */
const CALL_NAMES: Partial<Record<CallWindow['func'], string>> = {
  time_to_exhaustion: 'time to exhaustion',
  forecast: 'the forecast',
  trend_slope: 'the trend test',
};

/**
 * How much shorter than a window the range may be without a note: the fit at the last whole refit time
 * reads up to a refit interval less than the companion anyway, and Grafana's now-7d in a browser time
 * zone is 167 h for the week after a daylight-saving change (moment subtracts calendar days), which
 * would put the note on every shipped 7-day capacity panel for that week.
 */
const RANGE_SLACK_MS = ENGINE_DEFAULTS.refit;

/**
 * One note for the panel when its time range holds less history than a call's training window at the
 * series' step (useForecasts' `training`): the companion, the CLI and the recording rules read the
 * whole window at the same time and step, so their answer may differ from the panel's. The largest
 * window short over the series, the least history, and how many series when there are several. Not
 * when the range is at least the window (within RANGE_SLACK_MS), nor for a series that began within the range (heldRange: the
 * companion has no more of it either), nor for a window the points limit cut (the companion cuts it alike;
 * time to exhaustion reads a longer window coarsely, never cut).
 */
export function trainingNote(results: SeriesForecast[], rangeMs: number | undefined): string | undefined {
  const shortResults = results.filter(
    (r) =>
      r.training &&
      rangeMs !== undefined &&
      rangeMs < r.training.window.ms - RANGE_SLACK_MS &&
      heldRange(r.training, rangeMs)
  );
  const short = shortResults.map((r) => r.training!);
  if (short.length === 0) {
    return undefined;
  }
  const window = short.reduce((a, s) => (s.window.ms > a.ms ? s.window : a), short[0].window);
  const histories = short.map((s) => s.historyMs);
  const least = Math.min(...histories);
  const who = results.length > 1 ? `${short.length} of ${results.length} series trained` : 'Trained';
  const amount = histories.some((h) => h !== least) ? `as little as ${formatSpan(least)}` : formatSpan(least);
  const name = CALL_NAMES[window.func] ?? window.func;
  const need = formatSpan(window.ms);
  // An explicit window is the companion's train= too; shortening it is the other way to agree.
  const option = window.explicit ? ` with train=${formatDuration(window.ms)}` : '';
  const shorten = window.explicit ? ' (or shorten the Training window)' : '';
  // Why the panel did not fetch the history before its range (trainingHistory.ts): the first reason.
  const why = shortResults.map((r) => fetchShortfall(r.history)).find((w) => w !== undefined) ?? '';
  return (
    `${who} on ${amount} of history, less than the ${need} the companion reads for ${name}${option}${why}: ` +
    `widen the time range to at least ${need}${shorten} for the same answer.`
  );
}

/** Why the history before the range did not make up the shortfall (trainingHistory.ts), in parentheses. */
function fetchShortfall(h: HistoryFetch | undefined): string | undefined {
  if (!h) {
    return undefined;
  }
  if (!h.ok) {
    return ` (the history before the range could not be fetched: ${h.reason.replace(/\.+$/, '')})`;
  }
  return h.cut ? ` (the history before the range was ${h.cut})` : undefined;
}

/**
 * Whether the series' history spans the range (a step or so missing at its ends): one that began
 * within the range has no older history for the companion to read either, and a wider range would not
 * change the panel's answer, so it is no shortfall.
 */
function heldRange(s: TrainingShortfall, rangeMs: number): boolean {
  return s.historyMs >= rangeMs - s.stepMs;
}

/**
 * The engine's warning as the panel can act on it: the companion's option string (bounds=none) is not
 * a panel option, so the note does not offer it (the bounds come from the field's unit and the
 * capacity, which the note names). Cut from the end, where the one-line note is cut first anyway.
 */
function panelWording(warning: string): string {
  return warning.replace(/; option bounds=none turns inferred bounds off$/, '');
}
