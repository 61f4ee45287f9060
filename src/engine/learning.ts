/**
 * "Still learning": a detector's score at a point comes from a full model only when the model has
 * read a lead-in of history before it (grid.ts detectorLeadIn: three training windows, or the
 * warm-up when longer). A series with less (a 6-day CSV against the default 3-day training's 9 days,
 * a series newer than the range, an upstream's retention) is scored all the same, by a model that
 * learned from less; the warning says so, with the figures. One rule for every door: the companion's
 * and the data source's warnings, the CLI's stderr and the anomaly panel's note all carry this line.
 */
import { formatSpan, formatSpans } from '../common/duration';
import { utcMinute } from '../common/utcMinute';
import { formatCount } from './warnings';

/** How one series was short of history for the points asked of a detector run. */
export interface Learning {
  /** History the model read before the last point asked (ms). */
  dataMs: number;
  /** History a full model needs (the lead-in, ms). */
  leadInMs: number;
  /** The training window (ms). */
  trainMs: number;
  /** First time scored by a full model. */
  fullFrom: number;
}

/**
 * The shortfall of a series whose run reads its history from `from` (the later of the run's start
 * and the series' first sample), for points `g0` to `g1` asked of it; undefined when the first point
 * asked had its lead-in, but for a tenth of it (a missed scrape at the start is no shortfall).
 *
 * @example learningOf(0, 0, 6 * DAY, 9 * DAY, 3 * DAY) // { dataMs: 6 d, leadInMs: 9 d, trainMs: 3 d, fullFrom: 9 d }
 */
export function learningOf(from: number, g0: number, g1: number, leadInMs: number, trainMs: number): Learning | undefined {
  const fullFrom = from + leadInMs;
  if (!(fullFrom - g0 > leadInMs / 10) || g1 < from) {
    return undefined;
  }
  return { dataMs: g1 - from, leadInMs, trainMs, fullFrom };
}

/** The series' shortfalls as one: the least history and the latest time a full model starts. */
export function worstLearning(all: Learning[]): Learning | undefined {
  if (all.length === 0) {
    return undefined;
  }
  return all.reduce((a, b) => ({
    dataMs: Math.min(a.dataMs, b.dataMs),
    leadInMs: Math.max(a.leadInMs, b.leadInMs),
    trainMs: Math.max(a.trainMs, b.trainMs),
    fullFrom: Math.max(a.fullFrom, b.fullFrom),
  }));
}

/** A training window as an adjective: "3-day", "12-hour", else its span ("90 min"). */
function trainingName(ms: number): string {
  for (const [unit, size] of [
    ['day', 86_400_000],
    ['hour', 3_600_000],
  ] as const) {
    if (ms >= size && ms % size === 0) {
      return `${ms / size}-${unit}`;
    }
  }
  return formatSpan(ms);
}

/**
 * The one-line warning, with how many series of how many when a query has more than one.
 *
 * @example learningWarning({ dataMs: 6 d, leadInMs: 9 d, trainMs: 3 d, fullFrom }) // "learning: 6.0 d of data, 9 d needed for a full 3-day training; scores before 2026-12-06 00:00 UTC are from a partial model"
 * @example learningWarning({ dataMs: 6 d, leadInMs: 3 d, trainMs: 1 d, fullFrom }) // "learning: scores before 2026-12-01 06:00 UTC are from a partial model (a full 1-day training reads 3 d of history first)"
 */
export function learningWarning(l: Learning, series?: { n: number; of: number }): string {
  const several = series !== undefined && series.of > 1;
  const partial = `scores before ${utcMinute(l.fullFrom)} are from a partial model`;
  if (l.dataMs >= l.leadInMs) {
    // Data enough for a full model, only not before its first points: no shortage to report.
    const which = several ? `in ${formatCount(series.n)} of ${formatCount(series.of)} series, ` : '';
    return `learning: ${which}${partial} (a full ${trainingName(l.trainMs)} training reads ${formatSpan(l.leadInMs)} of history first)`;
  }
  const which = several ? `${formatCount(series.n)} of ${formatCount(series.of)} series have as little as ` : '';
  return (
    `learning: ${which}${formatSpans([l.dataMs])[0]} of data, ${formatSpan(l.leadInMs)} needed for a full ` +
    `${trainingName(l.trainMs)} training; ${partial}`
  );
}

/** Whether a warning is a learning warning (a door that sorts warnings by kind). */
export function isLearningWarning(text: string): boolean {
  return text.startsWith('learning: ');
}
