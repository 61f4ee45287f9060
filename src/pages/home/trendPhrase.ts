/**
 * The home page's trend test in one phrase, worded as the forecast panel words it
 * (src/components/charts/trendText.ts, Grafana's units).
 */
import { growthVerdict, type ResourceKind } from '../../common/growthVerdict';
import { formatP } from '../../common/pValue';
import { formatRate } from '../../components/charts/trendText';

/** What a pair measures, for the words of its trend test: its unit and its kind. */
export interface TrendSubject {
  unit: 'bytes' | 'none';
  kind: ResourceKind;
}

/**
 * The trend test in one phrase, as the forecast panel words it (trendText.ts): the verdict (a
 * significant rise toward the limit is a "leak", or "filling" for a filesystem), the rate per day in
 * the pair's unit (bytes in SI units, as the panels' `decbytes`), and the p-value.
 */
export function trendText(
  slope: number,
  pvalue: number,
  leak: boolean,
  subject: TrendSubject,
  sinceReset = false
): string {
  if (Number.isNaN(slope) || Number.isNaN(pvalue)) {
    return 'no trend test (too little data)';
  }
  const rate = formatRate(slope, subject.unit === 'bytes' ? 'decbytes' : undefined, true);
  const verdict = leak
    ? growthVerdict(subject.kind)
    : pvalue < 0.01
      ? slope < 0
        ? 'falling'
        : 'rising'
      : 'no significant trend';
  return `${verdict}, ${rate}, ${formatP(pvalue)}${sinceReset ? ', since the last reset' : ''}`;
}
