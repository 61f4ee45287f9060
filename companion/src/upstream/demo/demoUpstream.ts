/**
 * An upstream that serves the embedded demo series (demoSeries.ts) through the same Prometheus API
 * calls as a real Prometheus, so the quick start needs no Prometheus at all.
 */
import { KindedError } from '../../../../src/engine/errors';
import { formatValue } from '../../../../src/common/promValue';
import { parseRangeParams, parseTimeParam } from '../../query/params';
import { PROM_ERROR_STATUS, PROM_ERROR_TYPE } from '../promErrors';
import type { MatrixColumns } from '../matrixColumns';
import type { PromEnvelope, Upstream, UpstreamMatrixResponse, UpstreamResponse } from '../types';
import { type DemoOptions, type DemoSeries, demoSeries, SCRAPE_MS } from './demoSeries';
import { DemoQueryError, type DemoExpr, type Matcher, matches, parseDemoQuery } from './miniPromql';
import { isComposite, type Sampler, vectorAt } from './vectorEval';

const LOOKBACK_MS = 5 * 60_000;

/** The demo upstream. `now` is injectable so tests can pin the clock. */
export class DemoUpstream implements Upstream {
  readonly description = 'demo (embedded deterministic series)';
  private readonly series: DemoSeries[];

  constructor(
    private readonly now: () => number = Date.now,
    options: DemoOptions = {}
  ) {
    this.series = demoSeries(options);
  }

  async call(path: string, params: URLSearchParams): Promise<UpstreamResponse> {
    return this.answer(() => ({ status: 200, body: { status: 'success', data: this.route(path, params) } }));
  }

  /**
   * `/api/v1/query_range` with the matrix as columns, as PrometheusUpstream reads a real answer
   * (scanMatrix.ts): a cold scan's millions of samples are never held as a `[time, "value"]` pair
   * each (some 100 bytes a sample against 16). The values are those `call` sends: formatValue
   * prints the shortest string that reads back as the same number.
   */
  async queryRange(params: URLSearchParams): Promise<UpstreamMatrixResponse> {
    return this.answer(() => {
      const r = parseRangeParams(params, 11_000);
      const matrix = this.rangeColumns(parseDemoQuery(params.get('query') ?? ''), r.start, r.end, r.step);
      return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } }, matrix };
    });
  }

  private answer<R extends UpstreamResponse>(run: () => R): R | UpstreamResponse {
    try {
      return run();
    } catch (err) {
      if (err instanceof DemoQueryError) {
        return error('bad_data', `invalid parameter "query": ${err.message}`, 400);
      }
      if (err instanceof KindedError) {
        const type = PROM_ERROR_TYPE[err.kind];
        return error(type, err.message, PROM_ERROR_STATUS[type]);
      }
      throw err;
    }
  }

  async ready(): Promise<void> {}

  private route(path: string, params: URLSearchParams): unknown {
    if (path === '/api/v1/query') {
      const t = params.get('time') ? parseTimeParam('time', params.get('time')!) : this.now();
      return this.instant(parseDemoQuery(params.get('query') ?? ''), t);
    }
    if (path === '/api/v1/query_range') {
      const r = parseRangeParams(params, 11_000);
      return this.range(parseDemoQuery(params.get('query') ?? ''), r.start, r.end, r.step);
    }
    if (path === '/api/v1/labels') {
      const names = new Set<string>();
      this.selected(params).forEach((s) => Object.keys(s.labels).forEach((k) => names.add(k)));
      return [...names].sort();
    }
    if (path === '/api/v1/format_query') {
      // The demo has no PromQL printer: a query it can read comes back as written.
      const query = params.get('query') ?? '';
      parseDemoQuery(query);
      return query.trim();
    }
    const lv = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
    if (lv) {
      const name = decodeLabelName(lv[1]);
      const values = new Set<string>();
      this.selected(params).forEach((s) => s.labels[name] !== undefined && values.add(s.labels[name]));
      return [...values].sort();
    }
    if (path === '/api/v1/series') {
      if (params.getAll('match[]').length === 0) {
        throw new KindedError('bad_input', 'no match[] parameter provided');
      }
      return this.selected(params).map((s) => s.labels);
    }
    if (path === '/api/v1/metadata') {
      const out: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
      for (const s of this.series) {
        out[s.labels.__name__] = [{ type: s.type, help: s.help, unit: '' }];
      }
      return out;
    }
    if (path === '/api/v1/status/buildinfo') {
      return { version: 'demo', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: '' };
    }
    throw new KindedError('not_found', `the demo upstream does not serve ${path}`);
  }

  private selected(params: URLSearchParams): DemoSeries[] {
    const selectors = params.getAll('match[]');
    if (selectors.length === 0) {
      return this.series;
    }
    const sets = selectors.map((s) => {
      const e = parseDemoQuery(s);
      if (e.kind !== 'selector') {
        throw new KindedError('bad_input', `invalid parameter "match[]": ${s} is not a series selector`);
      }
      return e.matchers;
    });
    return this.series.filter((s) => sets.some((m) => matches(s.labels, m)));
  }

  private instant(e: DemoExpr, t: number): unknown {
    if (e.kind === 'scalar') {
      return { resultType: 'scalar', result: [t / 1000, formatValue(e.value)] };
    }
    if (e.kind === 'rangeSelector') {
      return { resultType: 'matrix', result: this.rawSamples(e, t) };
    }
    if (isComposite(e)) {
      const result = vectorAt(e, t, this.sampler).map((x) => ({
        metric: x.metric,
        value: [t / 1000, formatValue(x.value)],
      }));
      return { resultType: 'vector', result };
    }
    const result = [];
    for (const s of this.matching(e.matchers)) {
      const v = this.valueAt(s, e, t);
      if (v !== undefined) {
        result.push({ metric: outLabels(s, e), value: [t / 1000, formatValue(v)] });
      }
    }
    return { resultType: 'vector', result };
  }

  /** Raw samples of a range selector at `t`: every scrape in (t - range, t], none from the future. */
  private rawSamples(e: Extract<DemoExpr, { kind: 'rangeSelector' }>, t: number) {
    const last = Math.floor(Math.min(t, this.now()) / SCRAPE_MS) * SCRAPE_MS;
    const first = Math.floor((t - e.rangeMs) / SCRAPE_MS) * SCRAPE_MS + SCRAPE_MS;
    return this.matching(e.matchers)
      .map((s) => {
        const values: Array<[number, string]> = [];
        for (let u = first; u <= last; u += SCRAPE_MS) {
          values.push([u / 1000, formatValue(s.at(u))]);
        }
        return { metric: s.labels, values };
      })
      .filter((x) => x.values.length > 0);
  }

  private range(e: DemoExpr, start: number, end: number, step: number): unknown {
    const result = this.rangeColumns(e, start, end, step).map((c) => ({
      metric: c.metric,
      values: Array.from(c.times, (t, j): [number, string] => [t, formatValue(c.values[j])]),
    }));
    return { resultType: 'matrix', result };
  }

  /** A range query's series as columns (times in seconds); series without a sample are left out. */
  private rangeColumns(e: DemoExpr, start: number, end: number, step: number): MatrixColumns[] {
    if (e.kind === 'rangeSelector') {
      throw new DemoQueryError('range vector selectors are answered by instant queries only');
    }
    if (isComposite(e)) {
      return this.compositeColumns(e, start, end, step);
    }
    const result: MatrixColumns[] = [];
    const series = e.kind === 'scalar' ? [undefined] : this.matching(e.matchers);
    const n = Math.floor((end - start) / step) + 1;
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (const s of series) {
      let k = 0;
      for (let t = start; t <= end; t += step) {
        const v = s ? this.valueAt(s, e, t) : (e as { value: number }).value;
        if (v !== undefined) {
          times[k] = t / 1000;
          values[k++] = v;
        }
      }
      if (k > 0) {
        result.push({ metric: s ? outLabels(s, e) : {}, times: times.slice(0, k), values: values.slice(0, k) });
      }
    }
    return result;
  }

  /** An aggregation's or binary expression's range: evaluated at each step, series in first-seen order. */
  private compositeColumns(
    e: Parameters<typeof vectorAt>[0],
    start: number,
    end: number,
    step: number
  ): MatrixColumns[] {
    const bySeries = new Map<string, { metric: Record<string, string>; times: number[]; values: number[] }>();
    for (let t = start; t <= end; t += step) {
      for (const x of vectorAt(e, t, this.sampler)) {
        const key = JSON.stringify(x.metric);
        let col = bySeries.get(key);
        if (!col) {
          col = { metric: x.metric, times: [], values: [] };
          bySeries.set(key, col);
        }
        col.times.push(t / 1000);
        col.values.push(x.value);
      }
    }
    return [...bySeries.values()].map((c) => ({
      metric: c.metric,
      times: Float64Array.from(c.times),
      values: Float64Array.from(c.values),
    }));
  }

  /** The series of a selector or range function at `t`, for vectorEval.ts. */
  private readonly sampler: Sampler = (e, t) =>
    this.matching(e.matchers).flatMap((s) => {
      const value = this.valueAt(s, e, t);
      return value === undefined ? [] : [{ metric: outLabels(s, e), value }];
    });

  private matching(m: Matcher[]): DemoSeries[] {
    return this.series.filter((s) => matches(s.labels, m));
  }

  /** Sample value at `t` with Prometheus' lookback, or the range function over (t - range, t]. */
  private valueAt(s: DemoSeries, e: DemoExpr, t: number): number | undefined {
    const last = Math.floor(t / SCRAPE_MS) * SCRAPE_MS;
    if (last > this.now() || t - last > LOOKBACK_MS) {
      return undefined; // no samples from the future
    }
    if (e.kind !== 'rangeFn') {
      return s.at(last);
    }
    const first = Math.floor((t - e.rangeMs) / SCRAPE_MS) * SCRAPE_MS + SCRAPE_MS;
    if (last - first < SCRAPE_MS) {
      return undefined;
    }
    if (e.fn === 'irate') {
      const a = s.at(last - SCRAPE_MS);
      const b = s.at(last);
      return ((b >= a ? b - a : b) * 1000) / SCRAPE_MS;
    }
    // Sum of increases with counter-reset handling, extrapolated to the window as Prometheus does.
    let increase = 0;
    let prev = s.at(first);
    for (let u = first + SCRAPE_MS; u <= last; u += SCRAPE_MS) {
      const cur = s.at(u);
      increase += cur >= prev ? cur - prev : cur;
      prev = cur;
    }
    const scaled = (increase * e.rangeMs) / (last - first);
    return e.fn === 'increase' ? scaled : (scaled * 1000) / e.rangeMs;
  }
}

function outLabels(s: DemoSeries, e: DemoExpr): Record<string, string> {
  if (e.kind === 'rangeFn') {
    const { __name__: _drop, ...rest } = s.labels;
    return rest;
  }
  return s.labels;
}

function error(type: string, message: string, status: number): UpstreamResponse {
  const body: PromEnvelope = { status: 'error', errorType: type, error: message };
  return { status, body };
}

/** The label name of a label-values path; a malformed escape is the caller's error, not ours. */
function decodeLabelName(escaped: string): string {
  try {
    return decodeURIComponent(escaped);
  } catch {
    throw new KindedError('bad_input', `invalid label name: ${JSON.stringify(escaped)}`);
  }
}
