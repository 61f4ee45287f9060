/**
 * The preview page's client of the companion's Prometheus HTTP API: POST form requests as Grafana's
 * Prometheus data source sends them, and the conversion of answers into columns for frames.
 */

/** One series of a matrix answer with its values parsed (Prometheus' "NaN"/"+Inf"/"-Inf" included). */
export interface MatrixSeries {
  labels: Record<string, string>;
  timesMs: number[];
  values: Array<number | null>;
}

/** An error answer of the API, with Prometheus' errorType. */
export class PromApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string
  ) {
    super(message);
  }
}

/** Parses a Prometheus sample value string; non-finite values become null (a gap in the chart). */
export function parseSampleValue(s: string): number | null {
  const v = s === '+Inf' || s === '-Inf' ? NaN : Number(s);
  return Number.isFinite(v) ? v : null;
}

async function post(base: string, path: string, form: Record<string, string>): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  let body: any;
  try {
    body = await res.json();
  } catch {
    throw new PromApiError('unavailable', `${path} answered HTTP ${res.status} without JSON`);
  }
  if (body.status !== 'success') {
    throw new PromApiError(body.errorType ?? 'unknown', `${form.query}: ${body.error ?? `HTTP ${res.status}`}`);
  }
  return body.data;
}

/** Range query over the last `rangeSeconds` ending at `endSeconds`, aligned to `stepSeconds`. */
export async function queryRange(base: string, query: string, endSeconds: number, rangeSeconds: number, stepSeconds: number): Promise<MatrixSeries[]> {
  const end = Math.floor(endSeconds / stepSeconds) * stepSeconds;
  const data = await post(base, '/api/v1/query_range', {
    query,
    start: String(end - rangeSeconds),
    end: String(end),
    step: String(stepSeconds),
  });
  if (data.resultType !== 'matrix') {
    throw new PromApiError('internal', `${query}: expected a matrix, got ${data.resultType}`);
  }
  return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((s) => ({
    labels: s.metric,
    timesMs: s.values.map(([t]) => Math.round(t * 1000)),
    values: s.values.map(([, v]) => parseSampleValue(v)),
  }));
}

/**
 * An instant answer's value: infinities kept (time_to_exhaustion's +Inf is an answer, "not within the
 * horizon", not a missing value); NaN and unparsable text become null.
 */
export function parseInstantValue(s: string): number | null {
  const v = s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s);
  return Number.isNaN(v) ? null : v;
}

/** Instant query at `timeSeconds`; returns each series' labels and value (see parseInstantValue). */
export async function queryInstant(base: string, query: string, timeSeconds: number): Promise<Array<{ labels: Record<string, string>; value: number | null }>> {
  const data = await post(base, '/api/v1/query', { query, time: String(timeSeconds) });
  if (data.resultType === 'scalar') {
    return [{ labels: {}, value: parseInstantValue(data.result[1]) }];
  }
  return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => ({
    labels: s.metric,
    value: parseInstantValue(s.value[1]),
  }));
}
