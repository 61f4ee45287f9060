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

/**
 * The one line saying how the panel had the history and the resolution it judged a plain data
 * source's series on, or why not (plainSource.ts): each distinct note once, with how many series it
 * is about when not all.
 */
export function plainSourceNote(drawn: DrawnSeries[]): string | undefined {
  const counts = new Map<string, number>();
  for (const d of drawn) {
    const o = d.outcome;
    if (o?.status === 'ok' && o.note) {
      counts.set(o.note, (counts.get(o.note) ?? 0) + 1);
    }
  }
  if (counts.size === 0) {
    return undefined;
  }
  const line = [...counts]
    .map(([note, n]) => (n === drawn.length ? note : `${n} of ${drawn.length} series: ${note}`))
    .join('; ');
  return line.charAt(0).toUpperCase() + line.slice(1) + '.';
}
