/** Human formatting of the companion's instant answers on the preview page. */

/** Formats a duration in seconds as "3.2 d", "5.0 h", "12 min"; +Inf means "never". */
export function formatSeconds(s: number | null): string {
  if (s === null) {
    return 'never (no trend towards the capacity)';
  }
  if (s >= 86400) {
    return `${(s / 86400).toFixed(1)} d`;
  }
  if (s >= 3600) {
    return `${(s / 3600).toFixed(1)} h`;
  }
  return `${Math.round(s / 60)} min`;
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
