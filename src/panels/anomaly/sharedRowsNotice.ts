import type { RowCounts } from '../../engine/history';
import { rowNotes } from '../../engine/warnings';
import type { DrawnSeries } from './anomalyChart';

/** Rows of the drawn series the engine dropped from its grid (SeriesAnalysis.shared), summed. */
export function sharedRows(drawn: DrawnSeries[]): number {
  return drawn.reduce((n, d) => n + (d.outcome?.status === 'ok' ? (d.outcome.shared ?? 0) : 0), 0);
}

/** What ordering, merging and placing changed in the drawn series' rows (SeriesAnalysis.rowCounts), summed. */
export function rowCounts(drawn: DrawnSeries[]): RowCounts {
  const sum: RowCounts = { outOfOrder: 0, merged: 0, noTime: 0, offGrid: 0 };
  for (const d of drawn) {
    const c = d.outcome?.status === 'ok' ? d.outcome.rowCounts : undefined;
    sum.outOfOrder += c?.outOfOrder ?? 0;
    sum.merged += c?.merged ?? 0;
    sum.noTime += c?.noTime ?? 0;
  }
  sum.offGrid = sharedRows(drawn);
  return sum;
}

/**
 * The one line a panel shows when the engine changed the rows it judged, as `bellwether detect` warns
 * on stderr: rows sorted into time order, rows of a repeated time merged into the mean of their
 * values (each shows the merged point's verdict), rows without a time dropped, and points off the
 * grid (irregular timestamps; each shows the verdict of the point it would share). Undefined when
 * none was.
 */
export function sharedRowsNotice(drawn: DrawnSeries[]): string | undefined {
  const notes = rowNotes(
    rowCounts(drawn),
    " (each row shows the merged point's verdict)",
    (one) => `${one ? 'shows' : 'show'} the verdict of the point ${one ? 'it' : 'they'} would share`
  );
  return notes.length > 0 ? notes.join(' ') : undefined;
}
