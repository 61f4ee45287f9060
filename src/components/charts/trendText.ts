/**
 * The trend test in words, as the forecast panel's readout and the home page's "Running out" both
 * print it: Sen's slope per day (per hour over less than two days of data) in the series' unit, and
 * the Mann-Kendall p-value (formatP, src/common/pValue.ts). One formatter, so the same series reads
 * the same in both places.
 */
import { formatP } from '../../common/pValue';
import { formatValue, ValueFormatSource } from './chartTheme';

/** Whether a slope over `spanMs` of data reads per day: from two days of data on (else per hour). */
export function ratePerDay(spanMs: number): boolean {
  return spanMs >= 2 * 86_400_000;
}

/**
 * A slope per second as "+143 MB/day" (or "/h"), formatted in the series' unit as Grafana would
 * (`format`: a field with its display, or a unit id such as 'decbytes'; none: 'short').
 *
 * @example formatRate(1655, 'decbytes', true) // "+143 MB/day"
 */
export function formatRate(
  slopePerSecond: number,
  format: string | ValueFormatSource | undefined,
  perDay: boolean
): string {
  const slope = slopePerSecond * (perDay ? 86_400 : 3600);
  const sign = slope > 0 ? '+' : slope < 0 ? '−' : '';
  return `${sign}${formatValue(Math.abs(slope), format)}/${perDay ? 'day' : 'h'}`;
}

/** What a view needs of time to exhaustion's own trend test (src/ml/tte `gate`). */
export interface GateTest {
  pValue: number;
  alpha: number;
  acrossDays: boolean;
}

/**
 * Time to exhaustion's trend test after its rate: the one-sided p-value and how the test was run,
 * "p = 0.0054 (one-sided at 0.5 %, across daily cycles)". Printed beside the time so its "no trend"
 * and the trend's p-value read as one test.
 *
 * @example gateP({ pValue: 0.0054, alpha: 0.005, acrossDays: true }) // "p = 0.0054 (one-sided at 0.5 %, across daily cycles)"
 */
export function gateP(g: GateTest): string {
  return `${formatP(g.pValue)} (one-sided at ${+(g.alpha * 100).toPrecision(2)} %${g.acrossDays ? ', across daily cycles' : ''})`;
}
