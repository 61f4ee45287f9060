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

/**
 * Units of human-readable spans, largest first, each with the span from which it is used (`min`
 * rather than `m`, which reads as metres; no years: "400 d" is exact, "1.1 y" is not). Days only from two days on: "38 h" reads closer than
 * "1.6 d", and "2.3 d" closer than "55 h". The one rule for every span people read: the panels'
 * readouts, the home page, the data source's and the models' notices, the CLI and the demo.
 */
const SPAN_UNITS: ReadonlyArray<readonly [name: string, size: number, from: number]> = [
  ['d', 86_400_000, 2 * 86_400_000],
  ['h', 3_600_000, 3_600_000],
  ['min', 60_000, 60_000],
  ['s', 1000, 1000],
  ['ms', 1, 0],
];

function spanUnit(ms: number): readonly [string, number] {
  const [name, size] = SPAN_UNITS.find(([, , from]) => Math.abs(ms) >= from) ?? SPAN_UNITS[SPAN_UNITS.length - 1];
  return [name, size];
}

/**
 * Several spans in the unit of the first (seconds, minutes, hours below 2 d, then days), each with
 * `decimals` fixed decimals below 100 of the unit and whole from 100 on, so a value and its interval
 * read together; an infinite span is `∞`, NaN (unknown) `?`. The panels' readouts, the home page and
 * the demo page print a time to exhaustion with it (formatSpanInterval), so all show the same digits.
 *
 * @example formatSpans([76.8 * 3_600_000, 60 * 3_600_000]) // ["3.2 d", "2.5 d"]
 * @example formatSpans([38 * 3_600_000]) // ["38.0 h"]
 */
export function formatSpans(msValues: number[], decimals = 1): string[] {
  const [name, size] = spanUnit(msValues[0]);
  return msValues.map((ms) =>
    Number.isFinite(ms)
      ? `${(ms / size).toFixed(Math.abs(ms / size) >= 100 ? 0 : decimals)} ${name}`
      : Number.isNaN(ms)
        ? '?'
        : '∞'
  );
}

/**
 * One span in a sentence: as formatSpans rounds it, without a trailing `.0` (`2.1 d`, `5 min`,
 * `38 h`, `12 d`). Not a Prometheus literal (see formatDuration).
 *
 * @example formatSpan(90 * 60_000) // "1.5 h"
 */
export function formatSpan(ms: number): string {
  return formatSpans([ms])[0].replace(/\.0 /, ' ');
}

/**
 * A span with its interval: "12.0 d (11.8–12.5 d)", all in the unit of the span and at the span's
 * own precision, so the figure reads the same as wherever it is printed alone (the companion's
 * `time_to_exhaustion` on the demo page); "(± under 0.1 d)" when the interval does not separate at
 * that precision, and "(11.8 d or later)" for an open upper end. The time to exhaustion of the
 * forecast panel and of the home page.
 *
 * @example formatSpanInterval(12 * 86_400_000, 11.8 * 86_400_000, Infinity) // "12.0 d (11.8 d or later)"
 * @example formatSpanInterval(3.93 * 86_400_000, 3.925 * 86_400_000, 3.94 * 86_400_000) // "3.9 d (± under 0.1 d)"
 */
export function formatSpanInterval(ms: number, lowerMs: number, upperMs: number): string {
  const [mid, lo, hi] = formatSpans([ms, lowerMs, upperMs]);
  const [number, unit] = mid.split(' ');
  const range =
    upperMs === Infinity
      ? `${lo} or later`
      : lo === hi && Number.isFinite(upperMs)
        ? `± under ${number.includes('.') ? '0.1' : '1'} ${unit}`
        : `${lo.split(' ')[0]}–${hi}`;
  return `${mid} (${range})`;
}
