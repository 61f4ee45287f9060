/**
 * What the forecast panel says instead of, or above, its chart: the message when no series could be
 * forecast, and the notes on dropped series, an unusable capacity and the forecasts' warnings.
 */
import { tierWindowsOf } from '../../common/exhaustionTiers';
import { rowNotes } from '../../engine/warnings';
import { DENIED_CROSSING_CODE } from './engineCalls';
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
  // The forecasts' warnings and time to exhaustion's (a rate carried across a young clean-up, a
  // horizon cut), as the CLI's JSON and the companion's envelope carry them.
  const warnings = (args.results ?? []).flatMap((r) => [
    ...(r.forecast.ok ? (r.forecast.value.warnings ?? []) : []),
    ...(r.tte?.ok ? (r.tte.value.warnings ?? []) : []),
  ]);
  notes.push(...Array.from(new Set(warnings.map(panelWording))));
  return notes;
}

/**
 * The engine's warning as the panel can act on it: the companion's option string (bounds=none) is not
 * a panel option, so the note does not offer it (the bounds come from the field's unit and the
 * capacity, which the note names). Cut from the end, where the one-line note is cut first anyway.
 */
function panelWording(warning: string): string {
  return warning.replace(/; option bounds=none turns inferred bounds off$/, '');
}
