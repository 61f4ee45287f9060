import { formatSpan } from '../../common/duration';
import type { DrawnSeries } from './anomalyChart';

/**
 * The one line a panel shows when it computed the detection itself (data from a source other than
 * Bellwether's) and the model could not judge the start of the range for want of earlier history:
 * what it needs and how to get it. The Bellwether data source fetches that history before the range
 * (the engine's lead-in), so its model output covers the range from the first point.
 */
export function historyHint(drawn: DrawnSeries[]): string | undefined {
  let need = 0;
  for (const d of drawn) {
    const o = d.outcome;
    if (o?.status === 'ok' && o.source === 'engine' && o.judgedFrom !== undefined) {
      // From the series' earliest time: its rows may come in any order (analysis.ts judgedFromRow).
      const earliest = d.series.t.reduce((a, x) => (x < a ? x : a), Infinity);
      need = Math.max(need, d.series.t[o.judgedFrom] - earliest);
    }
  }
  if (!(need > 0)) {
    return undefined;
  }
  return (
    `The model needs ${formatSpan(need)} of history before it judges: use the Bellwether data source ` +
    '(it fetches that history) or widen the time range.'
  );
}
