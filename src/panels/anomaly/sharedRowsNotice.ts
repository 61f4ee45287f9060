import { formatCount } from '../../engine/warnings';
import type { DrawnSeries } from './anomalyChart';

/** Rows of the drawn series the engine dropped from its grid (SeriesAnalysis.shared), summed. */
export function sharedRows(drawn: DrawnSeries[]): number {
  return drawn.reduce((n, d) => n + (d.outcome?.status === 'ok' ? (d.outcome.shared ?? 0) : 0), 0);
}

/**
 * The one line a panel shows when irregular timestamps made the engine drop rows from its grid, as
 * `bellwether detect` warns on stderr: how many, and that each shows the verdict of the point it
 * would share. Undefined when none was dropped.
 */
export function sharedRowsNotice(drawn: DrawnSeries[]): string | undefined {
  const n = sharedRows(drawn);
  if (n === 0) {
    return undefined;
  }
  const one = n === 1;
  return (
    `${formatCount(n)} point${one ? '' : 's'} off the model's grid (irregular timestamps: ${one ? 'its' : 'their'} ` +
    `grid point and the next were taken) ${one ? 'shows' : 'show'} the verdict of the point ${one ? 'it' : 'they'} would share.`
  );
}
