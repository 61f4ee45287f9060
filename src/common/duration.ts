/**
 * The one duration grammar of Bellwether: Prometheus duration literals (`5m`, `1h30m`, `14d`, `250ms`),
 * as in Prometheus' `model.ParseDuration`. Units ms, s, m, h, d, w, y (a year is 365 days), whole
 * numbers only, largest unit first, each unit at most once; `0` is the one literal without a unit.
 * Query options, the companion's config, the CLI, the data source and the panels all read durations
 * with it. A bare number such as `30` is not a duration: it could mean seconds, steps or points, so
 * callers reject it with a message that says which unit to write (`durationProblem`). Prometheus'
 * HTTP API alone also takes float seconds for `step` and `timeout` (companion/src/api/params.ts).
 */

/** Units with their length in ms, largest first (the order Prometheus requires). */
export const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Milliseconds of a Prometheus duration, or undefined when `text` is not one.
 *
 * @example parseDuration('1h30m') // 5400000
 * @example parseDuration('30') // undefined: write 30s
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') {
    return 0;
  }
  const m = text === '' ? null : DURATION_RE.exec(text);
  if (!m) {
    return undefined;
  }
  let ms = 0;
  for (let i = 0; i < DURATION_UNITS.length; i++) {
    if (m[i + 1] !== undefined) {
      ms += Number(m[i + 1]) * DURATION_UNITS[i][1];
    }
  }
  return ms;
}

/**
 * Why `text` is not a duration, as the end of a one-line error (the caller puts what it was for in
 * front), or undefined when it is one.
 *
 * @example durationProblem('30') // '30 is not a duration; write 30s'
 * @example durationProblem('1.5d') // '1.5d is not a duration: use whole numbers, e.g. 1d12h'
 */
export function durationProblem(text: string): string | undefined {
  if (parseDuration(text) !== undefined) {
    return undefined;
  }
  const s = text.trim();
  if (s === '') {
    return 'a duration is required, e.g. 5m';
  }
  if (/^\d+$/.test(s)) {
    return `${s} is not a duration; write ${s}s`;
  }
  const decimal = /^(\d*\.\d+)(ms|s|m|h|d|w|y)$/.exec(s);
  if (decimal) {
    const ms = Number(decimal[1]) * DURATION_UNITS.find(([u]) => u === decimal[2])![1];
    const whole = Number.isInteger(ms) && ms > 0 ? `, e.g. ${formatDuration(ms)}` : '';
    return `${s} is not a duration: use whole numbers${whole}`;
  }
  if (s !== text) {
    return `"${text}" is not a duration: remove the spaces`;
  }
  return `${s} is not a duration: write a whole number and a unit (ms, s, m, h, d, w, y), largest first, e.g. 1h30m`;
}

/** A text that is not a duration, with the one-line reason as its message. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

/**
 * Milliseconds of `text`; throws DurationError("`what`: <problem>") when it is not a duration.
 *
 * @example requireDuration('5m', '--step') // 300000
 * @example requireDuration('30', '--step') // throws "--step: 30 is not a duration; write 30s"
 */
export function requireDuration(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new DurationError(`${what}: ${durationProblem(text)}`);
  }
  return ms;
}

/**
 * Milliseconds as the shortest Prometheus duration literal, rounded to whole ms. Like Prometheus'
 * `model.Duration.String`, years and weeks are used only when they divide the whole (`14d` prints as
 * `2w`, `90d` stays `90d`); zero and negative spans print `0s`.
 *
 * @example formatDuration(5_400_000) // "1h30m"
 * @example formatDuration(1_209_600_000) // "2w"
 */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms);
  if (!(rest > 0)) {
    return '0s';
  }
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) {
      continue;
    }
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += n + unit;
      rest -= n * size;
    }
  }
  return out;
}

/** Units of human-readable spans, largest first (`min` rather than `m`, which reads as metres). */
const SPAN_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
  ['ms', 1],
];

function spanUnit(ms: number): readonly [string, number] {
  return SPAN_UNITS.find(([, size]) => Math.abs(ms) >= size) ?? SPAN_UNITS[SPAN_UNITS.length - 1];
}

/**
 * A span for people to read, in the largest fitting unit with at most one decimal: `2.1 d`, `5 min`,
 * `15 s`; from 100 of a unit on, whole numbers. Not a Prometheus literal (see formatDuration).
 *
 * @example formatSpan(90 * 60_000) // "1.5 h"
 */
export function formatSpan(ms: number): string {
  const [name, size] = spanUnit(ms);
  const x = ms / size;
  return `${Math.abs(x) >= 100 ? Math.round(x) : Number(x.toFixed(1))} ${name}`;
}

/**
 * Several spans in the unit of the first, with `decimals` fixed decimals (whole numbers from 100 of
 * the unit on), so a value and its interval read together; a non-finite span is `∞`.
 *
 * @example formatSpans([76.8 * 3_600_000, 60 * 3_600_000]) // ["3.2 d", "2.5 d"]
 */
export function formatSpans(msValues: number[], decimals = 1): string[] {
  const [name, size] = spanUnit(msValues[0]);
  return msValues.map((ms) =>
    Number.isFinite(ms) ? `${(ms / size).toFixed(Math.abs(ms / size) >= 100 ? 0 : decimals)} ${name}` : '∞'
  );
}
