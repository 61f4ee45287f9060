/**
 * Prometheus duration literals (`5m`, `1h30m`, `14d`, `250ms`): units ms, s, m, h, d, w, y, largest
 * first, each at most once, as in Prometheus' `model.ParseDuration`.
 */
const UNITS: Array<[string, number]> = [
  ['y', 365 * 86400_000],
  ['w', 7 * 86400_000],
  ['d', 86400_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses a Prometheus duration into milliseconds, or returns undefined when it is not one.
 *
 * @example parseDuration('1h30m') // 5400000
 */
export function parseDuration(text: string): number | undefined {
  if (text === '' || text === '0') {
    return text === '0' ? 0 : undefined;
  }
  const m = DURATION_RE.exec(text);
  if (!m) {
    return undefined;
  }
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    if (m[i + 1] !== undefined) {
      ms += Number(m[i + 1]) * UNITS[i][1];
    }
  }
  return ms;
}

/**
 * Formats milliseconds as the shortest Prometheus duration (`90m` → `1h30m`).
 *
 * @example formatDuration(5400000) // "1h30m"
 */
export function formatDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    if (unit === 'y' || unit === 'w') {
      continue; // Prometheus prints days and below; weeks/years are accepted on input only.
    }
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += n + unit;
      rest -= n * size;
    }
  }
  return out;
}
