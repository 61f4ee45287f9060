/**
 * Where a flagged row's mark goes. Scored at the data's resolution (issue 12), a coarse step reports
 * the highest score inside it (src/engine/resolution.ts fineIndexAt) while its value stays the sample
 * the data source returns at its end: the step after a 2.4 s latency spike is flagged for the spike's
 * last minute, and its sample is a normal 0.336 s. A dot on that sample reads as a false flag, so:
 * - `peak`: the panel scored the series itself and knows the fine point that scored (analysis.ts
 *   SeriesAnalysis.peak): the dot goes there, at the value that scored;
 * - `step`: the score came with the data (the companion's or the data source's anomaly_score) and the
 *   row's own value lies inside its band (on the side the panel's Direction judges), so something else inside the step scored: no dot on the
 *   sample; the step's minutes (t − step, t] are shaded, and the tooltip says so;
 * - `value`: the row's own value, as before.
 */
import type { DeviationSide } from '../../../engine/query';
import type { SeriesAnalysis } from '../analysis';

export type FlagMark =
  | { kind: 'value'; t: number; v: number }
  | { kind: 'peak'; t: number; v: number }
  | { kind: 'step'; from: number; to: number };

/**
 * The mark of row `i` of a series (`t`, `v`, rows every `step` ms) that `a` flags, judged on `side`;
 * undefined when the row is not flagged or has no value to mark.
 *
 * @example flagMark({ ...a, peak: { t: [0, 60_000], v: [0.3, 2.4] } }, t, v, 1, 120_000) // { kind: 'peak', t: 60_000, v: 2.4 }
 */
export function flagMark(
  a: Pick<SeriesAnalysis, 'isAnomaly' | 'peak' | 'lower' | 'upper' | 'source'>,
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  i: number,
  step: number,
  side: DeviationSide = 'both'
): FlagMark | undefined {
  if (!a.isAnomaly[i]) {
    return undefined;
  }
  const pt = a.peak?.t[i];
  const pv = a.peak?.v[i];
  if (pt !== undefined && pv !== undefined && Number.isFinite(pt) && Number.isFinite(pv) && pt !== t[i]) {
    return { kind: 'peak', t: pt, v: pv };
  }
  const x = v[i];
  if (!Number.isFinite(x)) {
    return undefined;
  }
  const lo = a.lower?.[i];
  const hi = a.upper?.[i];
  // On the side the panel judges (its Direction option, the alert's direction=): a latency under its
  // band's lower edge is normal when only a rise counts.
  const inside = lo !== undefined && hi !== undefined && (side === 'below' || x <= hi) && (side === 'above' || x >= lo);
  if (a.source === 'data' && inside && step > 0) {
    return { kind: 'step', from: t[i] - step, to: t[i] };
  }
  return { kind: 'value', t: t[i], v: x };
}

/** Where a flagged row's shading starts (ms): its peak, or its step's start, else its own time. */
export function markStart(m: FlagMark | undefined, t: number): number {
  return m === undefined || m.kind === 'value' ? t : m.kind === 'peak' ? Math.min(m.t, t) : m.from;
}
