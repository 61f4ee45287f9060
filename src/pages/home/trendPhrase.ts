/**
 * The home page's trend test in one phrase, worded as the forecast panel words it
 * (src/components/charts/trendText.ts, Grafana's units).
 */
import { growthVerdict, type ResourceKind } from '../../common/growthVerdict';
import { formatRate, gateP } from '../../components/charts/trendText';
import type { ExhaustionGate, TteVerdict } from './companionClient';

/** What a pair measures, for the words of its trend test: its unit and its kind. */
export interface TrendSubject {
  unit: 'bytes' | 'none';
  kind: ResourceKind;
}

/**
 * Time to exhaustion's own trend test in one phrase (the test that decided the time beside it, so the
 * row tells one story): the verdict (a significant trend toward the limit is a "leak", or "filling" for
 * a filesystem; else "no trend toward the limit", as the time cell's "no trend"), Sen's slope per day
 * in the pair's unit (bytes in SI units, as the panels' `decbytes`), and the one-sided p-value with
 * its level.
 *
 * @example trendText(gate, 'no_trend', { unit: 'bytes', kind: 'other' }) // "no trend toward the limit, +1.25 MB/day, p = 0.011 (one-sided at 0.5 %, across daily cycles)"
 */
export function trendText(
  gate: ExhaustionGate | undefined,
  verdict: TteVerdict | undefined,
  subject: TrendSubject,
  sinceReset = false
): string {
  if (!gate || Number.isNaN(gate.slope) || Number.isNaN(gate.pValue)) {
    return 'no trend test (too little data)';
  }
  const rate = formatRate(gate.slope, subject.unit === 'bytes' ? 'decbytes' : undefined, true);
  const word = !gate.significant
    ? 'no trend toward the limit'
    : verdict === 'no_trend' && sinceReset
      ? // Resets that recur like clockwork and stay clear of the limit (log rotation): no fill declared.
        `${growthVerdict(subject.kind)} between resets that recur clear of the limit`
      : growthVerdict(subject.kind);
  return `${word}, ${rate}, ${gateP(gate)}${sinceReset ? ', since the last reset' : ''}`;
}
