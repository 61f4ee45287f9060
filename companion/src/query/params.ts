/**
 * Parsing of Prometheus API parameters with Prometheus' own error texts
 * (web/api/v1: parseTime, parseDuration, query_range checks).
 */
import { didYouMean } from '../../../src/common/closestName';
import { parseDuration } from '../../../src/common/duration';
import { KindedError } from '../../../src/engine/errors';

/** Parses a time parameter (unix seconds, possibly fractional, or RFC3339) into ms. */
export function parseTimeParam(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n)) {
    return Math.round(n * 1000);
  }
  const d = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(d)) {
    return d;
  }
  // Prometheus wraps the optional `time` parameter's error once more (parseTimeParam in web/api/v1).
  const wrap = name === 'time' ? `Invalid time value for 'time': ` : '';
  throw new KindedError('bad_input', `invalid parameter "${name}": ${wrap}cannot parse "${text}" to a valid timestamp`);
}

/** Parses a duration parameter (seconds, possibly fractional, or a Prometheus duration) into ms. */
export function parseDurationParam(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n)) {
    return Math.round(n * 1000);
  }
  const d = parseDuration(text);
  if (d === undefined) {
    throw new KindedError('bad_input', `invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
  }
  return d;
}

/** Range parameters of /api/v1/query_range, checked as Prometheus does. */
export interface RangeParams {
  start: number;
  end: number;
  step: number;
}

/** Reads and validates start/end/step; `maxPoints` is Prometheus' 11,000 by default. */
export function parseRangeParams(params: URLSearchParams, maxPoints: number): RangeParams {
  const start = parseTimeParam('start', required(params, 'start'));
  const end = parseTimeParam('end', required(params, 'end'));
  if (end < start) {
    throw new KindedError('bad_input', 'invalid parameter "end": end timestamp must not be before start time');
  }
  const step = parseDurationParam('step', required(params, 'step'));
  if (step <= 0) {
    throw new KindedError(
      'bad_input',
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'
    );
  }
  if ((end - start) / step > maxPoints) {
    throw new KindedError(
      'bad_input',
      `exceeded maximum resolution of ${maxPoints.toLocaleString('en-US')} points per timeseries. Try decreasing the query resolution (?step=XX)`
    );
  }
  return { start, end, step };
}

/** A required parameter, or Prometheus' error for a missing one. */
export function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '') {
    throw new KindedError('bad_input', `invalid parameter "${name}": missing`);
  }
  return v;
}

/**
 * Refuses a parameter the endpoint does not read, naming the nearest it does: a misspelt `look_bak=`
 * would otherwise run silently with the default. Only for Bellwether's own endpoints; Prometheus'
 * query APIs ignore unknown parameters, and Grafana sends some.
 */
export function rejectUnknownParams(params: URLSearchParams, known: readonly string[]): void {
  for (const name of new Set(params.keys())) {
    if (!known.includes(name)) {
      throw new KindedError(
        'bad_input',
        `unknown parameter "${name}"${didYouMean(name, known)}; this endpoint reads ${known.join(', ')}`
      );
    }
  }
}
