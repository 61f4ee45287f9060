/**
 * The warning when a forecast's band was held within a multiple of its training window's range
 * (src/ml/forecast/bandLimit.ts): how many of the values a door returns were capped, in the same words
 * behind every door, one short line per query or series (a panel's note is one line wide). The
 * companion and the data source count the values of the one function a query returns,
 * `forecast_lower` or `forecast_upper` (windowedFits.ts noteFitWarnings); the panel and the CLI both
 * bounds of the path they show, in one line (bandHeldPathWarnings).
 */
import type { BandHeld, ForecastResult } from '../ml/types';
import { formatCount } from './warnings';

/** The factors of the cap: "0.75" (more than one when fits chose models held differently: "0.75 or 4"). */
function factorsOf(ranges: number[]): string {
  return [...new Set(ranges)].sort((a, b) => a - b).join(' or ');
}

/** How the query doors' cap reads: "0.75 × training max−min". */
function capOf(ranges: number[]): string {
  return `${factorsOf(ranges)} × training max−min`;
}

/** Series a warning names; the rest are counted (as windowedFits.ts seriesNotes). */
const MAX_NAMED = 3;

/**
 * The query doors' warning (companion, data source): one function, one bound, its values counted.
 * "forecast_upper: 3 of 168 values capped at forecast + 0.75 × training max−min": each bound stays within
 * that many times the training window's highest minus lowest value of the forecast. When the query has
 * more than one series (`series.total`), it names those held (`series.names`, printed as
 * refusals.ts seriesName prints them), the first three and a count of the rest:
 * "… max−min, in 2 of 5 series ({…}; {…})".
 */
export function bandHeldWarning(
  func: string,
  count: number,
  of: number,
  ranges: number[],
  series?: { names: string[]; total: number }
): string {
  const sign = func === 'forecast_lower' ? '−' : '+';
  const text = `${func}: ${formatCount(count)} of ${formatCount(of)} values capped at forecast ${sign} ${capOf(ranges)}`;
  if (!series || series.total <= 1 || series.names.length === 0) {
    return text;
  }
  const { names, total } = series;
  const more = names.length > MAX_NAMED ? `; and ${formatCount(names.length - MAX_NAMED)} more` : '';
  return `${text}, in ${formatCount(names.length)} of ${formatCount(total)} series (${names.slice(0, MAX_NAMED).join('; ')}${more})`;
}

/**
 * The path doors' warning (panel, CLI): both bounds of one series in one line, short enough for a
 * panel's one-line note, in an SRE's words. "Band limited to forecast ± 0.75 × the data's range:
 * upper 244, lower 12 of 1,007 steps": far ahead the band would widen past that many times the
 * training window's highest minus lowest value, either side of the forecast. Undefined when neither
 * bound was held.
 */
export function bandHeldPathWarning(upper: number, lower: number, of: number, ranges: number[]): string | undefined {
  const parts = [
    ...(upper > 0 ? [`upper ${formatCount(upper)}`] : []),
    ...(lower > 0 ? [`lower ${formatCount(lower)}`] : []),
  ];
  return parts.length
    ? `Band limited to forecast ± ${factorsOf(ranges)} × the data's range: ${parts.join(', ')} of ${formatCount(of)} steps`
    : undefined;
}

/**
 * The warning for the steps of forecast `r` at times `keep` accepts (the path a door shows): one line
 * counting each bound's held steps over the steps kept. [] when none was held.
 */
export function bandHeldPathWarnings(
  r: { t: Float64Array; bandHeld?: BandHeld },
  keep: (t: number) => boolean
): string[] {
  const held = r.bandHeld;
  if (!held) {
    return [];
  }
  const count = { lower: 0, upper: 0 };
  let of = 0;
  r.t.forEach((t, k) => {
    if (keep(t)) {
      of++;
      count.lower += held.lower[k] ?? 0;
      count.upper += held.upper[k] ?? 0;
    }
  });
  const w = bandHeldPathWarning(count.upper, count.lower, of, [held.ranges]);
  return w ? [w] : [];
}

/** `r` with its band-held marks on the steps `keep` accepts (those it keeps of `r.t`), for a sliced path. */
export function keptBandHeld(r: ForecastResult, keep: number[]): BandHeld | undefined {
  const held = r.bandHeld;
  return held
    ? {
        lower: Uint8Array.from(keep, (i) => held.lower[i]),
        upper: Uint8Array.from(keep, (i) => held.upper[i]),
        ranges: held.ranges,
      }
    : undefined;
}
