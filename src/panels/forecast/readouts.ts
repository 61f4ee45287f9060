/** The text readouts of the forecast panel: time to exhaustion and the trend test. */
import { formatSpans } from '../../common/duration';
import { optionDurationMs } from '../../components/charts/durations';
import { formatValue } from '../../components/charts/chartTheme';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';

/** Colour class of a readout, from the options' thresholds. */
export type Severity = 'critical' | 'warning' | 'ok';

export interface TteReadout {
  text: string;
  severity: Severity;
}

/**
 * "full in 3.2 d (2.5–4.1 d)" for a crossing inside the horizon; "full now" when the limit is already
 * reached; "not full within 7.0 d" when even the interval stays clear; with "(possible in 5.1 d)" when
 * only the pessimistic edge crosses. 'down' says "exhausted" instead of "full".
 */
export function tteReadout(
  r: TimeToExhaustion,
  direction: 'up' | 'down',
  horizonMs: number,
  critical: string,
  warning: string
): TteReadout {
  const word = direction === 'up' ? 'full' : 'exhausted';
  const crit = optionDurationMs(critical);
  const warn = optionDurationMs(warning);
  const severityOf = (ms: number): Severity =>
    ms <= (Number.isFinite(crit) ? crit : 86_400_000)
      ? 'critical'
      : ms <= (Number.isFinite(warn) ? warn : 7 * 86_400_000)
        ? 'warning'
        : 'ok';
  if (r.alreadyExceeded) {
    return { text: `${word} now`, severity: 'critical' };
  }
  if (Number.isFinite(r.seconds)) {
    let [mid, lo, hi] = formatSpans([r.seconds * 1000, r.lower * 1000, r.upper * 1000]);
    if (lo === hi && r.upper > r.lower) {
      // A tight interval: show a second decimal rather than "3.9–3.9 d".
      [mid, lo, hi] = formatSpans([r.seconds * 1000, r.lower * 1000, r.upper * 1000], 2);
    }
    const range = !Number.isFinite(r.upper)
      ? `${lo} or later`
      : lo === hi
        ? `± under 0.01 ${hi.split(' ')[1]}`
        : `${lo.split(' ')[0]}–${hi}`;
    return { text: `${word} in ${mid} (${range})`, severity: severityOf(r.seconds * 1000) };
  }
  const [h] = formatSpans([horizonMs]);
  if (Number.isFinite(r.lower)) {
    const [lo] = formatSpans([r.lower * 1000]);
    // Only the pessimistic edge of the interval reaches the limit: a warning at most.
    const s = severityOf(r.lower * 1000);
    return { text: `not ${word} within ${h} (possible in ${lo})`, severity: s === 'critical' ? 'warning' : s };
  }
  return { text: `not ${word} within ${h}`, severity: 'ok' };
}

/** A p-value as people read it: "p < 0.001", "p = 0.042". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) {
    return 'p = –';
  }
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}

/**
 * "+1.2 GiB/day, p < 0.001" from Sen's slope and the Mann-Kendall p-value; per hour when the series
 * spans less than two days (a per-day figure would extrapolate beyond the data).
 */
export function trendReadout(
  r: LeakResult,
  unit: string | undefined,
  spanMs: number
): { text: string; leak: boolean; perDay: boolean } {
  const perDay = spanMs >= 2 * 86_400_000;
  const slope = perDay ? r.slopePerHour * 24 : r.slopePerHour;
  const sign = slope > 0 ? '+' : slope < 0 ? '−' : '';
  return {
    text: `${sign}${formatValue(Math.abs(slope), unit)}/${perDay ? 'day' : 'h'}, ${formatP(r.pValue)}`,
    leak: r.leak,
    perDay,
  };
}
