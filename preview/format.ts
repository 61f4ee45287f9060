/** Human formatting of the companion's instant answers on the preview page. */
import { formatSpans } from '../src/common/duration';

/**
 * Formats a duration in seconds as the forecast panel prints a time to exhaustion ("12.0 d",
 * "38.0 h", "45.0 min": src/common/duration.ts formatSpans), so the panel's figure and the
 * companion's agree to the digit. +Inf is the companion's "not within its 30-day horizon", whichever
 * the reason (no trend toward the limit, a trend too slow, resets that come first): it once read
 * "never (no trend towards the capacity)" beside the panel's "not full within 30 d … p < 0.001,
 * filling" a few hours after the demo disk's clean-up. No value (NaN, no answer) is not +Inf.
 */
export function formatSeconds(s: number | null): string {
  if (s === null) {
    return 'no value';
  }
  if (s === Infinity) {
    return 'not full within 30 d (+Inf)';
  }
  return formatSpans([s * 1000])[0];
}

/** Formats one fact value by its unit. */
export function formatFact(value: number | null, unit: 'score' | 'seconds' | 'pvalue' | 'bytes_per_second'): string {
  switch (unit) {
    case 'seconds':
      return formatSeconds(value);
    case 'score':
      return value === null ? 'no value' : value.toFixed(2);
    case 'pvalue':
      return value === null ? 'no value' : value < 1e-4 ? '< 0.0001' : value.toFixed(4);
    case 'bytes_per_second':
      return value === null ? 'no value' : ratePerDay(value);
  }
}

const SI = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/**
 * A slope in bytes per second as the forecast panel prints a trend over two days or more of data
 * ("+145 MB/day": Grafana's decbytes, three significant digits), so the companion's trend_slope
 * under the panel reads in the panel's unit (it read "6.1 MB/h" beside the panel's "+145 MB/day").
 *
 * @example ratePerDay(1683.49) // "+145 MB/day"
 */
export function ratePerDay(bytesPerSecond: number): string {
  const perDay = bytesPerSecond * 86400;
  const sign = perDay > 0 ? '+' : perDay < 0 ? '−' : '';
  let v = Math.abs(perDay);
  let i = 0;
  while (v >= 1000 && i < SI.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  return `${sign}${v.toFixed(digits)} ${SI[i]}/day`;
}
