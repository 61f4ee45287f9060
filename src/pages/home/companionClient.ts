/**
 * The home page's calls to the companion, through the Bellwether ML data source's `companion`
 * proxy route (`/api/datasources/proxy/uid/<uid>/companion/...`): Grafana adds the companion's
 * token on the server side, as for the data source's own queries. Every failure becomes a
 * HomeCallError whose message names what failed in one sentence.
 */
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { parseValue } from '../../common/promValue';
import { REFUSED_WARNING } from './refusedWarning';

/** A failed call: `kind` tells the page which message to show. */
export class HomeCallError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'query',
    message: string,
    /** The error envelope's `warnings` (the exhaustion endpoint's series refused, when every one was). */
    readonly warnings: string[] = []
  ) {
    super(message);
  }
}

/** One series of an instant or range answer, values parsed (Prometheus' "+Inf"/"NaN" kept as numbers). */
export interface Series {
  labels: Record<string, string>;
  times: number[];
  values: number[];
}

/** One row of `/api/v1/bellwether/exhaustion` (companion/src/api/exhaustionHandler.ts). */
export interface ExhaustionAnswer {
  labels: Record<string, string>;
  seconds: number;
  /** NaN when asked without the interval (`interval: false`) and the trend test alone decided the row (seconds +Inf). */
  lower: number;
  upper: number;
  /**
   * The window's trend test (`trend_pvalue(...)` with the same direction, two-sided at 1 %); undefined
   * when asked without it (`trend: false`). The page shows `gate` instead, the test the time used.
   */
  trend?: { slope: number; pvalue: number; leak: boolean };
  /** Time to exhaustion's own trend test, the one that decided `verdict`; undefined with no answer. */
  gate?: ExhaustionGate;
  /** The trend test covers the segment since the last reset, which the time was computed on. */
  sinceReset: boolean;
  /**
   * The engine's verdict: 'beyond_horizon' and 'no_trend' both have `seconds` +Inf ("not within 30 d"
   * against "no trend"); undefined when too little data gave no answer (seconds NaN).
   */
  verdict?: TteVerdict;
  /** Epoch seconds when the next reset is due, when resets recur like clockwork; undefined otherwise. */
  nextReset?: number;
  /** How many resets `nextReset` rests on (1: one restart read as the first of a pattern, a guess). */
  resetsSeen?: number;
  /**
   * Seconds until the segment since the last reset alone would reach the limit, when the reset due
   * first kept the verdict 'no_trend' (the crossing the engine's warning gives); undefined otherwise.
   */
  segmentAloneSeconds?: number;
}

/**
 * The companion's `gate` field (src/ml/tte TrendGate): the slope per second that goes with the test
 * (within a day's slot across days when it ran across daily cycles, else Sen's slope over the time's
 * segment), the one-sided p-value of a trend toward the limit, its level, and whether it ran across
 * daily cycles.
 */
export interface ExhaustionGate {
  slope: number;
  pValue: number;
  alpha: number;
  acrossDays: boolean;
  significant: boolean;
}

/** A range answer with the envelope's warnings (a partial answer says so there). */
export interface ScanAnswer {
  series: Series[];
  warnings: string[];
}

/** One series of a Prometheus matrix, values parsed. */
export function parseMatrixSeries(s: { metric: Record<string, string>; values: Array<[number, string]> }): Series {
  return { labels: s.metric, times: s.values.map(([t]) => t), values: s.values.map(([, v]) => parseValue(v)) };
}

/** The companion's `verdict` field (src/ml/tte TimeToExhaustionVerdict). */
export type TteVerdict = 'exhausted' | 'within' | 'beyond_horizon' | 'no_trend';

export class CompanionClient {
  constructor(
    /** `/api/datasources/proxy/uid/<uid>/companion` */
    readonly base: string
  ) {}

  private async call<T>(path: string, form?: Record<string, string | string[]>, responseType?: 'text'): Promise<T> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form ?? {})) {
      (Array.isArray(v) ? v : [v]).forEach((x) => body.append(k, x));
    }
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: `${this.base}${path}`,
          method: form ? 'POST' : 'GET',
          data: form ? body.toString() : undefined,
          headers: form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined,
          responseType,
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return res.data;
    } catch (err) {
      throw describe(err);
    }
  }

  /** Prometheus' envelope → data, or a HomeCallError with the companion's own message. */
  private async api<D>(path: string, form: Record<string, string | string[]>): Promise<D> {
    const body = await this.call<{ status: string; data?: D; error?: string }>(path, form);
    if (body?.status !== 'success' || body.data === undefined) {
      throw new HomeCallError('query', body?.error ?? `${path} answered without data`);
    }
    return body.data;
  }

  buildInfo(): Promise<Record<string, string>> {
    return this.call<{ data: Record<string, string> }>('/api/v1/status/buildinfo').then((b) => b.data ?? {});
  }

  /** The companion's readiness line ("… is Ready." or why not). */
  ready(): Promise<string> {
    return this.call<string>('/-/ready', undefined, 'text');
  }

  /** The companion's own metrics, as text. */
  metrics(): Promise<string> {
    return this.call<string>('/metrics', undefined, 'text');
  }

  /** `/api/v1/series`: label sets matching `match` in the last `lookbackS` seconds. */
  series(match: string, now: number, lookbackS: number): Promise<Array<Record<string, string>>> {
    return this.api('/api/v1/series', { 'match[]': match, start: String(now - lookbackS), end: String(now) });
  }

  /**
   * Per series: the time to exhaustion, its interval and the trend test; `fast` leaves out the trend
   * test and the interval of the rows the trend test alone decides (`trend=false interval=false`).
   */
  async exhaustion(query: string, now: number, fast = false): Promise<ExhaustionAnswer[]> {
    return (await this.exhaustionWithWarnings(query, now, fast)).rows;
  }

  /** {@link exhaustion} with the envelope's warnings (e.g. the series refused a limit they never reach). */
  async exhaustionWithWarnings(
    query: string,
    now: number,
    fast = false
  ): Promise<{ rows: ExhaustionAnswer[]; warnings: string[] }> {
    const path = '/api/v1/bellwether/exhaustion';
    let body: { status: string; data?: { result: Array<Record<string, any>> }; warnings?: string[]; error?: string };
    try {
      body = await this.call(path, {
        query,
        time: String(now),
        ...(fast ? { trend: 'false', interval: 'false' } : {}),
      });
    } catch (err) {
      // Every series refused a limit it can never reach (the companion's 400 carries the counted
      // warning): no rows, and the warning names them, as when only some were refused. Not a failure.
      if (err instanceof HomeCallError && err.warnings.some((w) => REFUSED_WARNING.test(w))) {
        return { rows: [], warnings: err.warnings };
      }
      throw err;
    }
    if (body?.status !== 'success' || body.data === undefined) {
      throw new HomeCallError('query', body?.error ?? `${path} answered without data`);
    }
    return { rows: body.data.result.map(parseExhaustionRow), warnings: body.warnings ?? [] };
  }

  async range(query: string, start: number, end: number, step: number): Promise<Series[]> {
    const data = await this.api<{ result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }>(
      '/api/v1/query_range',
      {
        query,
        start: String(start),
        end: String(end),
        step: String(step),
      }
    );
    return data.result.map(parseMatrixSeries);
  }

  /**
   * A range query that accepts a partial answer (`bellwether_partial=true`): at the companion's query
   * timeout it answers with the series scored so far, and a warning counting those left out
   * (partialAnswerLeft reads it); the companion keeps what it scored, so asking again goes on.
   */
  async scan(query: string, start: number, end: number, step: number): Promise<ScanAnswer> {
    const body = await this.call<{
      status: string;
      data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
      warnings?: string[];
      error?: string;
    }>('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: String(step),
      bellwether_partial: 'true',
    });
    if (body?.status !== 'success' || body.data === undefined) {
      throw new HomeCallError('query', body?.error ?? '/api/v1/query_range answered without data');
    }
    return { series: body.data.result.map(parseMatrixSeries), warnings: body.warnings ?? [] };
  }

  async instant(query: string, time: number): Promise<Series[]> {
    const data = await this.api<{ resultType: string; result: any }>('/api/v1/query', { query, time: String(time) });
    if (data.resultType === 'scalar') {
      return [{ labels: {}, times: [data.result[0]], values: [parseValue(data.result[1])] }];
    }
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => ({
      labels: s.metric,
      times: [s.value[0]],
      values: [parseValue(s.value[1])],
    }));
  }
}

/**
 * An error body as an object: a text call (`/-/ready`, `/metrics`) gets Prometheus' JSON envelope
 * (`{"status":"error","error":...}`) as a string, which must not reach the page as raw JSON.
 */
function errorBody(data: unknown): { error?: string; message?: string; warnings?: unknown } | string | undefined {
  if (typeof data !== 'string' || !data.trim().startsWith('{')) {
    return data as { error?: string; message?: string } | string | undefined;
  }
  try {
    const parsed = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? parsed : data;
  } catch {
    return data;
  }
}

/** A fetch failure in one sentence. */
function describe(err: unknown): HomeCallError {
  if (isFetchError(err)) {
    const data = errorBody(err.data);
    const detail = typeof data === 'string' ? data.trim() : (data?.error ?? data?.message ?? err.statusText ?? '');
    const status = err.status;
    if (status === 401 || status === 403) {
      return new HomeCallError(
        'refused',
        `the companion refused the request (HTTP ${status}${detail ? `: ${detail}` : ''})`
      );
    }
    if (typeof data === 'object' && data?.error && status === 503) {
      return new HomeCallError('query', data.error); // the companion answered: its upstream or limits failed
    }
    if (typeof data === 'string' && detail && status === 503) {
      // A text answer of the companion itself: `/-/ready` says why it is not ready (its upstream).
      return new HomeCallError('query', detail);
    }
    if (!status || status === 502 || status === 503 || status === 504) {
      return new HomeCallError(
        'unreachable',
        `the companion is unreachable (HTTP ${status ?? 'error'}${detail ? `: ${detail}` : ''})`
      );
    }
    const warnings =
      typeof data === 'object' && Array.isArray(data?.warnings)
        ? data.warnings.filter((w): w is string => typeof w === 'string')
        : [];
    return new HomeCallError('query', detail || `HTTP ${status}`, warnings);
  }
  return new HomeCallError('unreachable', `the companion is unreachable: ${(err as Error)?.message ?? String(err)}`);
}

/** One row of the exhaustion endpoint, numbers parsed. */
function parseExhaustionRow(r: Record<string, any>): ExhaustionAnswer {
  return {
    labels: r.metric,
    seconds: parseValue(r.seconds),
    lower: r.lower === undefined ? NaN : parseValue(r.lower),
    upper: parseValue(r.upper),
    trend:
      r.pvalue === undefined
        ? undefined
        : { slope: parseValue(r.slope), pvalue: parseValue(r.pvalue), leak: Boolean(r.leak) },
    gate: r.gate
      ? {
          slope: parseValue(r.gate.slope),
          pValue: parseValue(r.gate.pvalue),
          alpha: parseValue(r.gate.alpha),
          acrossDays: Boolean(r.gate.acrossDays),
          significant: Boolean(r.gate.significant),
        }
      : undefined,
    sinceReset: Boolean(r.sinceReset),
    verdict: r.verdict,
    ...(r.nextReset === undefined ? {} : { nextReset: parseValue(r.nextReset) }),
    ...(typeof r.resetsSeen === 'number' ? { resetsSeen: r.resetsSeen } : {}),
    ...(r.segmentAloneSeconds === undefined ? {} : { segmentAloneSeconds: parseValue(r.segmentAloneSeconds) }),
  };
}
