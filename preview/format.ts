/** Human formatting of the companion's instant answers on the preview page. */
import { formatSpans } from '../src/common/duration';

/**
 * Formats a duration in seconds as the forecast panel prints a time to exhaustion ("12.0 d",
 * "38.0 h", "45.0 min": src/common/duration.ts formatSpans), so the panel's figure and the
 * companion's agree to the digit; +Inf means "never".
 */
export function formatSeconds(s: number | null): string {
  if (s === null) {
    return 'never (no trend towards the capacity)';
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
      return value === null ? 'no value' : `${((value * 3600) / 1e6).toFixed(1)} MB/h`;
  }
}
