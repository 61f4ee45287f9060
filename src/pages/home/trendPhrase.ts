/**
 * The home page's trend test in one phrase, worded as the forecast panel words it
 * (src/components/charts/trendText.ts, Grafana's units).
 */
import { growthVerdict, type ResourceKind } from '../../common/growthVerdict';
import { formatRate, gateP } from '../../components/charts/trendText';
import type { ExhaustionGate, TteVerdict } from './companionClient';

/** What a pair measures, for the words of its trend test: its unit, its kind and which way it runs out. */
export interface TrendSubject {
  unit: 'bytes' | 'none';
  kind: ResourceKind;
  /** 'down': the series is what is left (free bytes, limit − usage), falling to 0; 'up': a usage rising to a ceiling. */
  direction: 'down' | 'up';
}

/**
 * What the row's series is, in the user's terms, so its rate reads the way it moves: free bytes
 * falling are "free space falling", a container's limit − working set falling is "headroom
 * falling" (before, "leak, −37.6 MB/day": a leak with a minus sign), a usage is "usage rising".
 */
export function seriesNoun(subject: TrendSubject): string {
  if (subject.direction === 'up') {
    return 'usage';
  }
  return subject.kind === 'filesystem' ? 'free space' : 'headroom';
}

/** The series' rate as a movement: "headroom falling 37.6 MB/day", "usage rising 147 MB/day", "free space flat". */
function movement(slopePerSecond: number, subject: TrendSubject): string {
  const noun = seriesNoun(subject);
  if (slopePerSecond === 0) {
    return `${noun} flat`;
  }
  const rate = formatRate(Math.abs(slopePerSecond), subject.unit === 'bytes' ? 'decbytes' : undefined, true);
  return `${noun} ${slopePerSecond > 0 ? 'rising' : 'falling'} ${rate.replace(/^\+/, '')}`;
}

/**
 * Time to exhaustion's own trend test in one phrase (the test that decided the time beside it, so the
 * row tells one story): the verdict (a significant trend toward the limit is a "leak", or "filling" for
 * a filesystem; else "no trend toward the limit", as the time cell's "no trend"), what the series does
 * at the test's slope per day in the pair's unit (bytes in SI units, as the panels' `decbytes`), and
 * the one-sided p-value with its level.
 *
 * @example trendText(gate, 'within', { unit: 'bytes', kind: 'other', direction: 'down' }) // "leak, headroom falling 37.6 MB/day, p < 0.001 (one-sided at 0.5 %, across daily cycles)"
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
  const word = !gate.significant
    ? 'no trend toward the limit'
    : verdict === 'no_trend' && sinceReset
      ? // Resets that recur like clockwork and stay clear of the limit (log rotation): no fill declared.
        `${growthVerdict(subject.kind)} between resets that recur clear of the limit`
      : growthVerdict(subject.kind);
  return `${word}, ${movement(gate.slope, subject)}, ${gateP(gate)}${sinceReset ? ', since the last reset' : ''}`;
}
