/**
 * Timestamps of CSV input, and writing them back the way the input spelled them. All times are UTC.
 */

/**
 * How the input spelled its timestamps: `nab` "2014-04-10 07:15:00" (NAB's files), `iso` ISO 8601,
 * `seconds` or `ms` since the epoch, `offset` seconds from the first value (values-only input).
 */
export type TimeFormat = 'nab' | 'iso' | 'seconds' | 'ms' | 'offset';

const EPOCH = /^[+-]?\d+(\.\d+)?$/;
// Date, then optionally time (T or space), fraction and zone; no zone means UTC.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:([T ])(\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?)?([zZ]|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses epoch seconds, epoch milliseconds (magnitude >= 1e11: seconds stay below that until the
 * year 5138), "YYYY-MM-DD HH:MM[:SS[.fff]]" or ISO 8601. Returns undefined when unreadable.
 *
 * @example parseTimestamp('2014-04-10 07:15:00') // { ms: 1397114100000, format: 'nab' }
 */
export function parseTimestamp(text: string): { ms: number; format: TimeFormat } | undefined {
  const x = text.trim();
  if (EPOCH.test(x)) {
    const n = Number(x);
    return Math.abs(n) >= 1e11 ? { ms: n, format: 'ms' } : { ms: n * 1000, format: 'seconds' };
  }
  const m = DATE_TIME.exec(x);
  if (!m) {
    return undefined;
  }
  const [, date, sep, hm, sec, frac, zone] = m;
  const fraction = frac ? frac.slice(0, 4).padEnd(4, '0') : '';
  const offset = !zone || zone === 'z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${date}T${hm ?? '00:00'}:${sec ?? '00'}${fraction}${offset}`);
  if (Number.isNaN(ms)) {
    return undefined;
  }
  return { ms, format: sep === ' ' && !zone ? 'nab' : 'iso' };
}

/** Writes a ms timestamp in `format`; `nab` drops fractions of a second like NAB's files. */
export function formatTimestamp(ms: number, format: TimeFormat): string {
  switch (format) {
    case 'ms':
      return String(Math.round(ms));
    case 'iso':
      return new Date(ms).toISOString();
    case 'nab':
      return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    default:
      return String(ms / 1000);
  }
}
